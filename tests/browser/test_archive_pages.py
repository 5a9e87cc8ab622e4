"""The version archive in a real browser: readable on a phone (390 px), no axe findings,
changes marked with words, not only colour."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import SCREENSHOTS, serve
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
