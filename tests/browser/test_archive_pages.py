"""The version archive in a real browser: readable on a phone (390 px), no axe findings,
changes marked with words, not only colour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, serve
from tests.browser.searching import DIALOG, search, shown, wait_until_ready
from tests.browser.test_accessibility import run_axe
from tests.test_archive import repo, silent  # noqa: F401 - fixtures: the throwaway git repository
from tests.test_archive import site as archive_site  # noqa: F401

PAGES = {
    "versies": "beleid/gedrag/versies/",
    "oude-versie": "beleid/gedrag/versies/1-0/",
    "verschil": "beleid/gedrag/versies/2-0/verschil/",
}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def archive_url(archive_site: Path) -> Iterator[str]:  # noqa: F811
    yield from serve(archive_site)


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_archive_page_on_a_phone(tab_factory: Any, archive_url: str, path: str) -> None:
    tab = tab_factory(archive_url, viewport=PHONE, is_mobile=True)
    page = tab.open(path)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{path}: {overflow}px wider than the screen"
    violations = [(v["id"], [node["target"] for node in v["nodes"]]) for v in run_axe(tab)["violations"]]
    assert violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = next(key for key, value in PAGES.items() if value == path)
    page.screenshot(path=str(SCREENSHOTS / f"archief-{name}-telefoon.png"), full_page=True)


def test_changes_are_labelled_in_words(tab_factory: Any, archive_url: str) -> None:
    tab = tab_factory(archive_url, viewport=PHONE, is_mobile=True)
    page = tab.open(PAGES["verschil"])
    added = page.locator(".portaal-diff ins").first
    removed = page.locator(".portaal-diff del").first
    assert added.inner_text().lower().startswith("toegevoegd")
    assert removed.inner_text().lower().startswith("verwijderd")
    # and not only by colour: underline and strike-through as rendered
    assert "underline" in added.evaluate("el => getComputedStyle(el).textDecorationLine")
    assert "line-through" in removed.evaluate("el => getComputedStyle(el).textDecorationLine")


def test_old_versions_are_found_only_when_the_reader_asks_for_them(tab_factory: Any, archive_url: str) -> None:
    """'vijftig euro' was the limit in version 1.0 only: a normal search does not show that old text;
    with "ook oude versies" it does, with its version and the period it applied."""
    tab = tab_factory(archive_url)
    page = tab.open("")
    wait_until_ready(page)
    found = search(page, "vijftig")  # typed in the real header box
    assert "gedrag" not in found and not [key for key in found if "versies/" in key]
    found = search(page, "geschenken")
    assert "gedrag" in found and not [key for key in found if "versies/" in key]  # the current text only
    option = page.get_by_label("ook oude versies")
    assert option.is_visible() and not option.is_checked()
    option.focus()
    page.keyboard.press("Space")  # with the keyboard only
    page.wait_for_function("() => !!document.querySelector('.portaal-zoekresultaat a[href*=\"/versies/\"]')")
    found = shown(page)
    old = [key for key in found if "versies/" in key]
    assert "beleid/gedrag/versies/1-0/" in old and "beleid/gedrag/versies/2-0/" in old
    assert found.index("gedrag") < found.index(old[0])  # what applies now comes first
    page.locator("#portaal-zoekvraag").focus()
    found = search(page, "vijftig")
    assert [key for key in found if "versies/" in key] == ["beleid/gedrag/versies/1-0/"]
    result = page.locator(f"{DIALOG} .portaal-zoekresultaat", has_text="Oude versie")
    assert result.count() == 1
    assert "Oude versie: versie 1.0, gold van 1 februari 2025 tot 1 juli 2025" in (result.text_content() or "")
    for _ in range(found.index("beleid/gedrag/versies/1-0/") + 1):  # to the old version with the arrow keys
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beleid/gedrag/versies/1-0/**")
    assert "Deze versie gold van 1 februari 2025 tot 1 juli 2025" in (page.locator("article").text_content() or "")
