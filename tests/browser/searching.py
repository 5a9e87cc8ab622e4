"""Typing into Material's real search box and reading the results."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from playwright.sync_api import Page

QUERIES = Path(__file__).resolve().parent.parent / "search_queries.yml"
TOP = 3

COUNT_SEARCH_MESSAGES = """(() => {
  const Native = window.Worker;
  window.__portaalSearch = { sent: 0, answered: 0 };
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3) window.__portaalSearch.answered++;
      });
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) window.__portaalSearch.sent++;
      return super.postMessage(message, ...rest);
    }
  };
})();"""
"""Test instrumentation (an init script): count the query (2) and result (3)
messages between Material and its search worker, so a test knows when the
answer to the last keystroke has arrived."""

ANSWERED = """() => new Promise(resolve => {
  const state = window.__portaalSearch;
  (function check() {
    if (state.sent > 0 && state.answered === state.sent) {
      requestAnimationFrame(() => requestAnimationFrame(resolve));
    } else {
      setTimeout(check, 10);
    }
  })();
})"""


@dataclass(frozen=True)
class Query:
    query: str
    expect: str
    """The id of the policy that must be among the first results."""
    kind: str


def load_queries() -> list[Query]:
    return [Query(**entry) for entry in yaml.safe_load(QUERIES.read_text(encoding="utf-8"))]


def wait_until_ready(page: Page) -> None:
    """Wait until Material's search index is loaded (call after `open`, with COUNT_SEARCH_MESSAGES installed)."""
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('initialiseren')")


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the search box; return the page paths of the result groups, best first."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.evaluate(ANSWERED)
    hrefs: list[str] = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(item => item.querySelector('a').getAttribute('href'))")
    return [re.sub(r"[?#].*$", "", href).split("://", 1)[-1].split("/", 1)[-1] for href in hrefs]


def policy_id(path: str) -> str | None:
    match = re.fullmatch(r"beleid/([a-z0-9-]+)/", path)
    return match.group(1) if match else None


def top_policies(paths: list[str], top: int = TOP) -> list[str]:
    """The page paths among the first `top` results, shown as policy ids where they are policies."""
    return [policy_id(path) or path for path in paths[:top]]


def hit_rate(page: Page, queries: list[Query]) -> tuple[int, list[tuple[Query, list[str]]]]:
    """How many queries have their document in the top 3, and the misses with what came instead."""
    wait_until_ready(page)
    hits = 0
    misses: list[tuple[Query, list[str]]] = []
    for query in queries:
        found = top_policies(search(page, query.query))
        if query.expect in found:
            hits += 1
        else:
            misses.append((query, found))
    return hits, misses
