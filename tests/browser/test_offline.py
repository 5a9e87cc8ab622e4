"""Offline: the portal's pages request nothing from other hosts and raise no JavaScript error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.browser.conftest import Tab, open_tab

PAGES = ["", "beleid/gedragscode-douane/", "rollen/", "rollen/alle-medewerkers/", "beoordelingen/",
         "waar-meld-ik-wat/", "themas/", "ik-ben-benaderd/", "bestaat-niet/"]


def test_pages_load_everything_from_the_portal_itself(tab: Tab) -> None:
    # the tab fixture fails the test on any external request or JavaScript error; also check what did load
    loaded: list[str] = []
    tab.page.on("requestfinished", lambda request: loaded.append(request.url))
    for path in PAGES:
        tab.open(path)
        tab.page.wait_for_load_state("networkidle")
    assert any("assets/javascripts/zoeken.js" in url for url in loaded)  # search (test_search.py loads the index)
    assert all(url.startswith(tab.base) or url.startswith("data:") for url in loaded)


def test_no_page_of_the_site_points_at_another_host(portal_site: Path) -> None:
    # static check of every page: nothing the browser would load (script, stylesheet, icon, image,
    # frame) has an external address; a canonical link is an address, not a request
    tag = re.compile(r"<(?:script|link|img|iframe|source)\b[^>]*>", re.I)
    external = re.compile(r'\b(?:src|href)="(?:https?:)?//', re.I)
    offenders = [
        f"{path.relative_to(portal_site)}: {element}"
        for path in portal_site.rglob("*.html")
        for element in tag.findall(path.read_text(encoding="utf-8"))
        if external.search(element) and 'rel="canonical"' not in element
    ]
    assert offenders == []


def test_the_guard_catches_an_external_request(browser: Any, portal_url: str) -> None:
    # the net under every browser test: a request to another host is recorded (and Chromium resolves no other host)
    context, tab = open_tab(browser, portal_url)
    try:
        tab.open("")
        tab.page.evaluate("""() => new Promise(resolve => {
            const img = new Image(); img.onerror = img.onload = resolve; img.src = "https://example.org/x.png";
        })""")
        tab.page.evaluate("() => setTimeout(() => { throw new Error('boom'); })")
        tab.page.wait_for_timeout(50)
    finally:
        context.close()
    assert tab.external == ["https://example.org/x.png"]
    assert tab.errors == ["boom"]
