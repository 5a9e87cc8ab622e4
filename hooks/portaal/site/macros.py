"""Macros for the pages in docs/ that ask for them (`render_macros: true` in their front matter).

Registered by the plugin through mkdocs-macros' API for other plugins (`register_macros`);
each macro reads the publication of this build when a page is rendered. Pages without
`render_macros: true` are not rendered by mkdocs-macros at all (`render_by_default: false`),
so no generated page and no author text is ever read as a template.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core.publication import Publication
from . import indexes, schema_docs
from .text import inline

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page


def macros(publication: Callable[[], Publication]) -> dict[str, Callable[..., str]]:
    """Every macro by name; `publication` gives this build's publication when a page is rendered."""

    def contact_phone(contact_id: str) -> str:
        """The phone number of a contact point from meldroutes.yml (one place to change it)."""
        return inline(indexes.contact(publication(), contact_id).phone)

    def role_overview() -> str:
        """The roles with their descriptions, as links."""
        return indexes.role_overview(publication())

    def recent_changes(limit: int = 5) -> str:
        """The newest changes to published documents."""
        return indexes.recent_changes(publication(), limit)

    def front_matter_reference() -> str:
        """The table of front-matter fields, from the schema."""
        return schema_docs.front_matter_reference()

    return {f.__name__: f for f in (contact_phone, role_overview, recent_changes, front_matter_reference)}


def register(config: MkDocsConfig, publication: Callable[[], Publication]) -> None:
    """Hand the macros to mkdocs-macros, when it is in mkdocs.yml's plugins."""
    plugin = config.plugins.get("macros")
    if plugin is not None:
        plugin.register_macros(macros(publication))
        _dutch_errors()


def _dutch_errors() -> None:
    """A macro called with an unknown id is the author's mistake, not the program's: mkdocs-macros reports it
    (through its error formatter, a `functools.singledispatch` meant to be extended) as the file and the Dutch
    message, without a Python traceback."""
    try:
        from mkdocs_macros.errors import format_error
    except ImportError:  # pragma: no cover - an mkdocs-macros without the formatter: its own text stays
        return

    def unknown_id(error: indexes.UnknownId, markdown: str, page: Page) -> str:
        return f"{page.file.src_path}: een macro (tussen {{{{ en }}}}) gebruikt {error}"

    format_error.register(indexes.UnknownId, unknown_id)
