"""Findability: does the right document come in the top 3 for the questions in
tests/search_queries.yml? Asked in Chromium of the portal's own query function
(`window.portaalZoek`, the function the search box uses) or, for the side-by-side,
typed into Material's old search box on a build of the old code.

`python -m bench.findability SITE [--old]` prints one JSON object with the figures
per half (tuning, check, and the fresh check set 'vers') and every miss.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "tests" / "search_queries.yml"
TOP = 3
HALVES = ("tuning", "check", "vers")
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@dataclass(frozen=True)
class Query:
    query: str
    expect: tuple[str, ...]
    """Right answers: policy ids, or page paths ending in '/' for other pages; any of them counts."""
    kind: str
    half: str
    """'tuning', 'check' or 'vers' (a second check set, written later by someone who had not seen the
    table)."""


def load_queries(path: Path = QUERIES) -> list[Query]:
    result = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
        expect = entry["expect"]
        result.append(Query(entry["query"], (expect,) if isinstance(expect, str) else tuple(expect),
                            entry["kind"], entry["set"]))
    return result


def page_key(href: str) -> str:
    """A result link as a policy id (beleid/<id>/) or a site path ('waar-meld-ik-wat/')."""
    path = re.sub(r"[?#].*$", "", href)
    path = path.split("://", 1)[-1].split("/", 1)[-1] if "://" in path else path.lstrip("./")
    path = re.sub(r"index\.html$", "", path)
    match = re.fullmatch(r"beleid/([a-z0-9-]+)/", path)
    return match.group(1) if match else path


NEW_SEARCH = "q => window.portaalZoek(q).then(results => results.map(r => r.url))"


def new_results(page: Page, query: str) -> list[str]:
    """The portal's query function, as the search box calls it."""
    urls: list[str] = page.evaluate(NEW_SEARCH, query)
    return [page_key(url) for url in urls]


OLD_COUNTER = """(() => {
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
"""Only for the old search (Material's worker): count query (2) and result (3) messages."""

OLD_ANSWERED = """() => new Promise(resolve => {
  const state = window.__portaalSearch;
  (function check() {
    if (state.sent > 0 && state.answered === state.sent) requestAnimationFrame(() => requestAnimationFrame(resolve));
    else setTimeout(check, 10);
  })();
})"""


def old_results(page: Page, query: str) -> list[str]:
    """Typed into Material's search box of the old portal."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query)
    page.evaluate(OLD_ANSWERED)
    hrefs: list[str] = page.locator(".md-search-result__item").evaluate_all(
        "items => items.map(item => item.querySelector('a').getAttribute('href'))")
    return [page_key(href) for href in hrefs]


def old_ready(page: Page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta').textContent.includes('initialiseren')")


def new_ready(page: Page) -> None:
    page.wait_for_function("() => typeof window.portaalZoek === 'function'")


@dataclass(frozen=True)
class Answer:
    query: Query
    found: tuple[str, ...]
    """Result keys, best first (all results)."""

    @property
    def hit(self) -> bool:
        return any(key in self.query.expect for key in self.found[:TOP])


def score(answers: Sequence[Answer]) -> dict[str, Any]:
    """Top-3 hits and empty results per half and in total."""
    figures: dict[str, Any] = {}
    for half in (*HALVES, "all"):
        chosen = [a for a in answers if half in ("all", a.query.half)]
        figures[half] = {
            "queries": len(chosen),
            "top3": sum(a.hit for a in chosen),
            "empty": sum(not a.found for a in chosen),
        }
    figures["misses"] = [{"query": a.query.query, "half": a.query.half, "kind": a.query.kind,
                          "expect": list(a.query.expect), "found": list(a.found[:TOP])}
                         for a in answers if not a.hit]
    return figures


def ask_all(page: Page, queries: Sequence[Query], ask: Callable[[Page, str], list[str]]) -> list[Answer]:
    return [Answer(q, tuple(ask(page, q.query))) for q in queries]


@contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def measure(site: Path, old: bool, queries: Sequence[Query] | None = None) -> dict[str, Any]:
    """Serve `site` on 127.0.0.1 and ask every query; the figures of `score`."""
    from portaal.cli.linkcheck import serve
    chosen = list(queries) if queries is not None else load_queries()
    with serve(site) as url, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        if old:
            context.add_init_script(OLD_COUNTER)
        page = context.new_page()
        page.goto(url)
        (old_ready if old else new_ready)(page)
        answers = ask_all(page, chosen, old_results if old else new_results)
        context.close()
    return score(answers)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.findability", description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--old", action="store_true", help="type into Material's search box (old portal)")
    args = parser.parse_args(argv)
    json.dump(measure(args.site, args.old), sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
