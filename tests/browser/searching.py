"""Typing into the portal's real header search box and reading the results of the search dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.findability import Query, load_queries, new_results, page_key

if TYPE_CHECKING:
    from playwright.sync_api import Page

__all__ = ["Query", "load_queries", "new_results", "page_key", "search", "shown", "wait_until_ready"]

BOX = "#portaal-zoekveld"
DIALOG = "#portaal-zoekvenster"
INPUT = "#portaal-zoekvraag"
RESULT = ".portaal-zoekresultaat a"
STATUS = "[data-status]"


def wait_until_ready(page: Page) -> None:
    """Wait until the query layer and the dialog script have run."""
    page.wait_for_function("() => typeof window.portaalZoek === 'function'"
                           " && document.querySelector('#portaal-zoekvenster[data-klaar]') !== null")


def wait_for_answer(page: Page, query: str) -> None:
    """Wait until the dialog shows the answer to `query` (the status line says how many, or none)."""
    page.wait_for_function(
        """query => {
            const list = document.querySelector('[data-resultaten]');
            return document.querySelector('#portaal-zoekvraag').value.trim() === query.trim()
                && list.dataset.vraag === query.trim();
        }""", arg=query)


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the header search box; return the result keys shown, best first."""
    if not page.locator(DIALOG).evaluate("dialog => dialog.open"):
        box = page.locator(BOX)
        box.click()
    field = page.locator(INPUT)
    field.fill("")
    field.press_sequentially(query)
    wait_for_answer(page, query)
    return shown(page)


def shown(page: Page) -> list[str]:
    hrefs: list[str] = page.locator(RESULT).evaluate_all("links => links.map(link => link.getAttribute('href'))")
    return [page_key(href) for href in hrefs]
