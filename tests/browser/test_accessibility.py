"""Accessibility: search and navigation work by keyboard. (axe-core on every page: test_every_page.py.)"""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import AXE, Tab, require
from tests.browser.searching import ANSWERED, wait_until_ready

MATERIAL_DEFAULT_FAILURES = ("aria-dialog-name", "color-contrast", "link-in-text-block")


def run_axe(tab: Tab) -> dict[str, Any]:
    require(AXE.exists(), f"axe-core ontbreekt ({AXE}); draai 'npm ci'")
    tab.page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = tab.page.evaluate("axe.run()")
    return result


def test_materials_default_failures_are_checked_and_pass(tab: Tab) -> None:
    # the three rules a default Material page fails did run here, and passed
    tab.open("beleid/gedragscode-douane/")
    passed = {rule["id"] for rule in run_axe(tab)["passes"]}
    assert set(MATERIAL_DEFAULT_FAILURES) <= passed


def focused(tab: Tab) -> str:
    result: str = tab.page.evaluate(
        "() => { const el = document.activeElement; return el.className + '|' + (el.getAttribute('href') || ''); }")
    return result


def test_search_by_keyboard_alone(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    page.keyboard.press("/")                       # Material's shortcut focuses the search box
    assert focused(tab).startswith("md-search__input")
    page.keyboard.type("geschenken")
    page.evaluate(ANSWERED)                        # the results of the last keystroke, not of "g"
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("ArrowDown")               # to the first result
    assert "md-search-result__link" in focused(tab)
    page.keyboard.press("Enter")
    page.wait_for_url("**/beleid/**")
    assert page.locator("h1").first.is_visible()


def test_enter_in_the_search_box_opens_the_best_result(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    page.keyboard.press("/")
    page.keyboard.type("klokkenluiders")
    page.evaluate(ANSWERED)
    page.wait_for_selector(".md-search-result__item")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beleid/meldprocedure-integriteit/**")


def test_navigation_by_keyboard_alone(tab: Tab) -> None:
    # Tab from the top of a page reaches the skip link and then the navigation; Enter follows a link
    page = tab.open("beleid/gedragscode-douane/")
    page.keyboard.press("Tab")
    assert "md-skip" in focused(tab)
    target = None
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(tab).endswith("|../../rollen/"):
            target = focused(tab)
            break
    assert target is not None, "de link 'Wat geldt voor mij?' is niet met Tab te bereiken"
    page.keyboard.press("Enter")
    page.wait_for_url("**/rollen/")
