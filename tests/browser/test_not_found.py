"""The page for an address that does not exist: Dutch, with a search field and the ways on."""

from __future__ import annotations

from typing import Any


def test_not_found_page_is_dutch_and_leads_on(tab_factory: Any, portal_url: str) -> None:
    tab = tab_factory(portal_url, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = tab.open("404.html")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Deze pagina bestaat niet (meer)"
    links = dict(page.locator("article a").evaluate_all("links => links.map(a => [a.textContent.trim(), a.href])"))
    assert links["Naar de beginpagina"] == portal_url
    assert links["Ik ben benaderd of bedreigd"] == f"{portal_url}ik-ben-benaderd/"
    assert page.get_by_role("searchbox", name="Zoek een document").is_visible()
    page.get_by_role("link", name="Ik ben benaderd of bedreigd").click()
    page.wait_for_url("**/ik-ben-benaderd/")


def test_without_javascript_the_search_field_leads_to_the_list_of_all_documents(tab_factory: Any,
                                                                                portal_url: str) -> None:
    tab = tab_factory(portal_url, java_script_enabled=False)
    page = tab.open("404.html")
    page.get_by_role("searchbox", name="Zoek een document").fill("geschenk")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/beleid/?q=geschenk")
    assert page.locator("h1").inner_text().startswith("Alle documenten")
