"""Browser tests: Debian's Chromium driven by Playwright, against sites built once per session.

Every page a test opens goes through `tab`: requests to any host other than
127.0.0.1 are recorded (and fail: Chromium resolves no other host name),
JavaScript errors are collected, and both must be empty when the test ends.
Without Chromium the tests skip, except in CI (CI=true), where a missing
browser fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request

from portaal.cli.linkcheck import serve as serve_folder
from tests.conftest import REAL_BUILD_DATE
from tests.helpers import ROOT

CHROMIUM = Path(os.environ.get("PORTAAL_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "screenshots"
TODAY = REAL_BUILD_DATE
"""The build date of the test sites."""

LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
LOCAL_SCHEMES = ("data", "blob", "about")


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require(condition: bool, reason: str) -> None:
    """Skip when a browser-test tool is missing; fail in CI."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


def copy_project(target: Path, **extra: Any) -> Path:
    """A copy of the real portal (config, docs, overrides, policies; the plugin is installed) to build in `target`."""
    project = target / "project"
    for name in ("docs", "overrides", "policies"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value in extra.items():
        config = config.replace("  - portaal:\n", f"  - portaal:\n      {key}: {value}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 at a free port; yield the base URL (for `yield from` in fixtures)."""
    with serve_folder(folder) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require(CHROMIUM.exists(), f"Chromium ontbreekt ({CHROMIUM}); installeer het met 'apt-get install chromium'")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is in requirements.lock
        require(False, "Playwright ontbreekt")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def portal_site(real_site: Path) -> Path:
    """The real portal with its Pagefind search and its version archive from the git history: the
    session's shared build (tests/conftest.py), so every page a clone publishes is checked."""
    return real_site


@pytest.fixture(scope="session")
def portal_url(portal_site: Path) -> Iterator[str]:
    yield from serve(portal_site)


@dataclass
class Tab:
    """One page in a fresh browser context, with its offline guard."""

    page: Page
    base: str
    external: list[str] = field(default_factory=list)
    """Requests to other hosts than 127.0.0.1 (none gets through: LAUNCH_ARGS resolve no other host)."""
    errors: list[str] = field(default_factory=list)
    """JavaScript errors raised in the page."""

    def open(self, path: str) -> Page:
        self.page.goto(self.base + path)
        return self.page


def open_tab(browser: Browser, base: str, **context_args: Any) -> tuple[BrowserContext, Tab]:
    context = browser.new_context(**context_args)
    tab = Tab(context.new_page(), base)

    def guard(request: Request) -> None:
        # Recorded here; stopped by Chromium itself (LAUNCH_ARGS: no other host resolves). Listening
        # costs nothing, where context.route() would hold every request for a round trip to Python
        # (twice the time per page).
        parts = urlsplit(request.url)
        if parts.scheme not in LOCAL_SCHEMES and parts.hostname != "127.0.0.1":
            tab.external.append(request.url)

    context.on("request", guard)
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return context, tab


@pytest.fixture
def tab_factory(browser: Browser) -> Iterator[Any]:
    """Open guarded tabs; at the end, every tab must have made no external request and raised no error."""
    opened: list[tuple[BrowserContext, Tab]] = []

    def factory(base: str, **context_args: Any) -> Tab:
        context, tab = open_tab(browser, base, **context_args)
        opened.append((context, tab))
        return tab

    yield factory
    for context, _ in opened:
        context.close()
    for _, tab in opened:
        assert tab.external == [], f"verzoeken naar andere hosts: {tab.external}"
        assert tab.errors == [], f"JavaScript-fouten: {tab.errors}"


@pytest.fixture
def tab(tab_factory: Any, portal_url: str) -> Tab:
    """A guarded tab on the real portal at 1280x800."""
    result: Tab = tab_factory(portal_url, viewport={"width": 1280, "height": 800})
    return result
