"""What a policy can link to in the built site, generated pages included (for core.catalog).

The core checks links but does not know which pages the site makes: the build and the
`portaal` command hand it `site_targets`, which knows. The page builders are imported only
when a link needs the generated pages: most checks never do, and `portaal check` starts quicker.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from ..core import layout, links
from ..core.catalog import Catalog
from ..core.model import Policy
from ..core.publication import Publication


def site_targets(catalog: Catalog, docs: Path | None, today: dt.date) -> links.Site:
    """The built site as far as links need it; the generated pages only when a link needs them."""

    @functools.cache
    def built() -> Publication:
        return Publication(catalog, today)

    def generated() -> Mapping[str, str]:
        return _GeneratedMarkdown(built)

    def generated_paths() -> frozenset[str]:
        from . import pages

        return pages.page_paths(built()) | generated_files(built())

    return links.Site(catalog.policies, docs, generated, generated_paths, policy_markdown)


def policy_markdown(policy: Policy) -> str:
    """The Markdown of a policy's page (pages.policy_markdown, imported when a link first needs it)."""
    from . import pages

    return pages.policy_markdown(policy)


class _GeneratedMarkdown(Mapping[str, str]):
    """The Markdown of each generated page (path -> text), each page made only when asked for."""

    def __init__(self, built: Callable[[], Publication]) -> None:
        self._built = built
        self._made: dict[str, str] = {}

    def __getitem__(self, path: str) -> str:
        if path not in self._made:
            from . import pages

            text = pages.page_markdown(self._built(), path)
            if text is None:
                raise KeyError(path)
            self._made[path] = text
        return self._made[path]

    def __iter__(self) -> Iterator[str]:
        from . import pages

        return iter(sorted(pages.page_paths(self._built())))

    def __len__(self) -> int:
        from . import pages

        return len(pages.page_paths(self._built()))


def generated_files(publication: Publication) -> frozenset[str]:
    """The files (not pages) every build adds: the register, search data, calendars."""
    from . import calendars, exports, search

    return frozenset({exports.REGISTER_PATH, search.SYNONYMS_JSON, search.VOCABULARY_JSON, layout.SEARCH_RECORD,
                      calendars.calendar_path(None),
                      *(calendars.calendar_path(o) for o in publication.taxonomy.owners)})
