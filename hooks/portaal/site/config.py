"""The plugin's options in mkdocs.yml (`plugins: - portaal:`), typed and checked by MkDocs.

MkDocs reports a wrong value as `Plugin 'portaal' option 'preview': …`, with the Dutch
text of the option below. The environment overrides some options (core/settings.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.problems import describe_value
from ..core.review import DEFAULT_DUE_SOON_DAYS
from ..core.settings import Settings, preview_from, site_url_from, today_from

MAX_DUE_SOON_DAYS = 3650


class YesNo(c.OptionallyRequired[bool]):
    """`true` or `false` (YAML's yes/no too), with a Dutch message for anything else."""

    def run_validation(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise base.ValidationError(f"verwacht true of false, gevonden {describe_value(value)}")
        return value


class Days(c.OptionallyRequired[int]):
    """A whole number of days from 0 to MAX_DUE_SOON_DAYS."""

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DUE_SOON_DAYS:
            raise base.ValidationError(
                f"verwacht een aantal dagen (0 tot {MAX_DUE_SOON_DAYS}), gevonden {describe_value(value)}")
        return value


class Folder(c.OptionallyRequired[str]):
    """A folder name relative to mkdocs.yml."""

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(f"verwacht de naam van een map, gevonden {describe_value(value)}")
        return value


class PortaalConfig(base.Config):  # type: ignore[no-untyped-call]
    """`plugins: - portaal:` in mkdocs.yml; every option may be left out."""

    policies_dir = Folder(default="policies")
    """The folder with the policy documents and data files, relative to mkdocs.yml."""
    due_soon_days = Days(default=DEFAULT_DUE_SOON_DAYS)
    """How many days before its review date a document counts as 'binnenkort'."""
    preview = YesNo(default=False)
    """Concept documents shown and marked (PORTAAL_PREVIEW overrides)."""
    archive = YesNo(default=True)
    """The version archive from the git history (off: no versions pages, no git read)."""
    parallel = YesNo(default=True)
    """Part of the policy pages (Markdown and template) made by copies of the build on a second core (parallel.py)."""
    dutch_search = c.Deprecated(
        removed=True,
        message="deze instelling bestaat niet meer (het portaal zoekt nu met Pagefind, altijd in het "
                "Nederlands); haal de regel weg uit mkdocs.yml")


def settings_from(config: PortaalConfig, base_dir: Path, environ: Mapping[str, str],
                  clock: Callable[[], dt.date], site_url: str | None = None) -> Settings:
    """The options of mkdocs.yml, after PORTAAL_TODAY, PORTAAL_PREVIEW and PORTAAL_SITE_URL."""
    return Settings(
        policies_dir=base_dir / config.policies_dir,
        today=today_from(environ, clock),
        due_soon_days=config.due_soon_days,
        preview=preview_from(config.preview, environ),
        archive=config.archive,
        site_url=site_url_from(site_url, environ),
    )


def moved_settings(extra: Mapping[str, Any]) -> str | None:
    """The Dutch message for settings still under `extra.portaal` (where they lived before the plugin)."""
    if "portaal" not in extra:
        return None
    return ("mkdocs.yml: extra.portaal: de instellingen van het portaal staan nu onder 'plugins:', als "
            "'- portaal:' met dezelfde namen (policies_dir, due_soon_days, preview, archive); verplaats ze")
