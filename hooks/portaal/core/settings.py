"""Build settings: the plugin's options (site/config.py) after the environment's overrides.

PORTAAL_TODAY, PORTAAL_PREVIEW and PORTAAL_SITE_URL are read here, so the build and the
`portaal` command understand them alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .review import DEFAULT_DUE_SOON_DAYS
from .schema import parse_date


class SettingsError(ValueError):
    """A setting is wrong; the message is Dutch and names the setting."""


@dataclass(frozen=True)
class Settings:
    policies_dir: Path
    today: dt.date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    preview: bool = False
    archive: bool = True
    """The version archive from git history (off: no versions pages, no git read)."""
    site_url: str | None = None
    """The portal's real address (https://…/), or None when unknown: then no page names an address."""


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})  # noqa: S104 - names, not a bind
SITE_URL_HELP = "zet PORTAAL_SITE_URL=https://… of site_url in mkdocs.yml"


def site_url_from(configured: str | None, environ: Mapping[str, str]) -> str | None:
    """The site's address: PORTAAL_SITE_URL, else mkdocs.yml's site_url; None for none or a local address.

    A local address (localhost, 127.0.0.1) is a development setting, never the address readers use.
    """
    from_environment = environ.get("PORTAAL_SITE_URL", "").strip()
    value = from_environment or (configured or "").strip()
    if not value:
        return None
    where = "PORTAAL_SITE_URL" if from_environment else "mkdocs.yml: site_url"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SettingsError(f"{where}: verwacht een volledig adres als https://integriteit.douane.example/, "
                            f"gevonden '{value}'")
    if parts.hostname in LOCAL_HOSTS or parts.hostname.endswith(".localhost"):
        return None
    return value if value.endswith("/") else value + "/"


def today_from(environ: Mapping[str, str], clock: Callable[[], dt.date]) -> dt.date:
    """PORTAAL_TODAY=YYYY-MM-DD when set, otherwise the clock."""
    value = environ.get("PORTAAL_TODAY", "").strip()
    if not value:
        return clock()
    try:
        return parse_date(value)
    except ValueError:
        raise SettingsError(f"PORTAAL_TODAY: verwacht een datum als 2026-06-30, gevonden '{value}'") from None


def preview_from(configured: bool, environ: Mapping[str, str]) -> bool:
    """PORTAAL_PREVIEW (1, true, ja, yes: on; anything else: off) when set, otherwise the configured value."""
    value = environ.get("PORTAAL_PREVIEW", "").strip()
    if not value:
        return configured
    return value.lower() in ("1", "true", "ja", "yes")
