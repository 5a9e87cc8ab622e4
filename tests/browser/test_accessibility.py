"""Accessibility: axe-core finds nothing with the search dialog open (axe-core on every page:
test_every_page.py); navigation works by keyboard (the search dialog's keyboard tests are in test_search.py)."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import AXE, Tab, require
from tests.browser.searching import search, wait_until_ready

MATERIAL_DEFAULT_FAILURES = ("aria-dialog-name", "color-contrast", "link-in-text-block")


def run_axe(tab: Tab) -> dict[str, Any]:
    require(AXE.exists(), f"axe-core ontbreekt ({AXE}); draai 'npm ci'")
    tab.page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = tab.page.evaluate("axe.run()")
    return result


def test_materials_default_failures_are_checked_and_pass(tab: Tab) -> None:
    # the three rules a default Material page fails did run here, and passed (the dialog rule on the
    # portal's own search dialog, which replaced Material's: open it first)
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    page.keyboard.press("/")
    passed = {rule["id"] for rule in run_axe(tab)["passes"]}
    assert set(MATERIAL_DEFAULT_FAILURES) <= passed


def focused(tab: Tab) -> str:
    result: str = tab.page.evaluate(
        "() => { const el = document.activeElement; return el.className + '|' + (el.getAttribute('href') || ''); }")
    return result


def test_axe_finds_no_violations_with_the_search_dialog_open(tab: Tab) -> None:
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    assert search(page, "geschenken")  # dialog open, filter chips and results shown
    page.get_by_label("ook vervallen documenten").check()
    page.wait_for_selector('.portaal-zoekresultaat a[href*="gedragsregels-haven-rotterdam/?"]')
    result = run_axe(tab)
    violations = [(v["id"], [node["target"] for node in v["nodes"]]) for v in result["violations"]]
    assert violations == []
    assert "aria-dialog-name" in {rule["id"] for rule in result["passes"]}  # the dialog was checked
    search(page, "qwxzyv")  # and the "geen resultaten" state
    result = run_axe(tab)
    assert [v["id"] for v in result["violations"]] == []


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


def test_the_phone_menu_opens_by_keyboard_and_its_links_then_take_the_focus(tab_factory: Any, portal_url: str) -> None:
    tab = tab_factory(portal_url, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = tab.open("beleid/gedragscode-douane/")
    page.keyboard.press("Tab")
    assert "portaal-skip" in focused(tab)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    page = tab.open("beleid/gedragscode-douane/")
    for _ in range(6):  # from the top: the skip link, the logo, then the menu button
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.hasAttribute('data-portaal-menu')"):
            break
    menu = page.locator("[data-portaal-menu]")
    assert page.evaluate("() => document.activeElement.hasAttribute('data-portaal-menu')"), focused(tab)
    assert (menu.text_content() or "").strip() == "Menu"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    page.keyboard.press(" ")  # the space bar too: closed again, and open once more
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    page.keyboard.press(" ")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link = page.locator(".md-sidebar--primary a[href]").first
    link.focus()
    assert page.evaluate("() => !!document.activeElement.closest('.md-sidebar--primary')")
