"""Screenshots of the main pages at desktop and phone width, for a reviewer (tests/screenshots/, not in git)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS

PAGES = {
    "home": "",
    "beleid": "beleid/gedragscode-douane/",
    "rol": "rollen/alle-medewerkers/",
    "beoordelingen": "beoordelingen/",
    "waar-meld-ik-wat": "waar-meld-ik-wat/",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "telefoon": {"width": 390, "height": 844}}


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORTS.keys())
def test_screenshots(tab_factory: Any, portal_url: str, viewport: str) -> None:
    size = VIEWPORTS[viewport]
    tab = tab_factory(portal_url, viewport=size, is_mobile=viewport == "telefoon")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        page = tab.open(path)
        # nothing sticks out sideways: no horizontal scrolling on a phone
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} at {viewport}: {overflow}px wider than the screen"
        target = SCREENSHOTS / f"{name}-{viewport}.png"
        target.unlink(missing_ok=True)
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
