"""Every built page of the real portal, in Chromium: on a phone (390x844) and at a desk (1280x800).

One browser, one tab per width, each page opened once per width; the checks of
one visit are collected, then each test asserts one of them for all pages:

- no phone number or mailbox that is not a tel:/mailto: link (placeholders excepted);
- nothing scrolls sideways at 390 px: not the page, not a table or code block in it;
- no link to a withdrawn document in the navigation or any list (only its own page);
- on every policy page the summary and the first line of the text are above the fold;
- axe-core (WCAG 2.1 A and AA plus best practices) finds nothing, at the desk and on the phone;
- one skip link, first, to the start of the content; on a phone a named menu button, and the closed menu
  out of the tab order.

The detectors here are written apart from the code that makes the links and
cards (hooks/portaal/site/contacts.py, tables.py), so they can disagree with it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from portaal.core.catalog import load_catalog
from tests.browser.conftest import AXE, Tab, open_tab, require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

UNLINKED_CONTACTS = r"""() => {
  // a Dutch phone number (0… or +31…, 9 or more digits in all), 112, or name@domain.tld
  const phone = /(?<![\w+])(?:\+31|0031|0)[\d \u00a0()-]{7,}\d|(?<![\w.,-])112(?![\w-]|[.,]\d)/g;
  const mail = /[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/g;
  const skip = "a, script, style, code, pre, mark.portaal-placeholder, title, noscript";
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(skip)) continue;
    const text = node.textContent;
    for (const match of text.matchAll(phone)) {
      const digits = match[0].replace(/\D/g, "");
      if (match[0] === "112" || digits.length >= 9) found.push(match[0]);
    }
    for (const match of text.matchAll(mail)) found.push(match[0]);
  }
  return found;
}"""

SIDEWAYS = r"""() => {
  const doc = document.documentElement;
  const found = [];
  if (doc.scrollWidth > doc.clientWidth) found.push(`page ${doc.scrollWidth - doc.clientWidth}px`);
  for (const el of document.querySelectorAll(".md-content *")) {
    if (el.clientWidth <= 2 || el.offsetParent === null) continue;   // hidden, or visually hidden text
    const style = getComputedStyle(el);
    if (!["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      found.push(`${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth - el.clientWidth}px`);
    }
  }
  return found;
}"""

LINKS = r"""() => [...document.querySelectorAll("a[href]")].map(a => a.href)"""

FOLD = r"""() => {
  const summary = document.querySelector(".portaal-summary");
  const body = document.querySelector(".portaal-body");
  if (!summary || !body) return null;
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT,
    { acceptNode: n => n.textContent.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP });
  const first = walker.nextNode();
  if (!first) return { summary: summary.getBoundingClientRect().bottom, firstLine: 0, fold: innerHeight };
  const range = document.createRange();
  range.selectNodeContents(first);
  const line = range.getClientRects()[0];
  return { summary: summary.getBoundingClientRect().bottom, firstLine: line.bottom, fold: innerHeight,
           text: first.textContent.trim().slice(0, 40) };
}"""


START_AXE = """tags => {
  window.__portaalAxe = null;
  axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
    .then(result => { window.__portaalAxe = {violations: result.violations.map(v => ({id: v.id,
                        targets: v.nodes.map(node => node.target)})), passed: result.passes.map(rule => rule.id)}; })
    .catch(error => { window.__portaalAxe = {error: String(error)}; });
}"""
"""Starts axe and returns at once (only violations in detail: collecting every passing node costs more
than the checks); the result waits on the page, so the other tabs load and check in the meantime."""

KEYBOARD = r"""() => {
  // the skip link: the first link of the page, to a target before the first heading; the closed menu of a
  // phone: none of its links or buttons can take the focus (Tab would walk through them unseen)
  const problems = [];
  const shown = el => getComputedStyle(el).visibility !== "hidden" && el.getClientRects().length > 0;
  const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
  const first = [...document.querySelectorAll(focusable)].find(shown);
  const target = document.getElementById("inhoud");
  const heading = document.querySelector("h1");
  if (!first || !first.matches("a.md-skip[href='#inhoud']")) {
    problems.push(`eerste link: ${first && first.outerHTML.slice(0, 80)}`);
  }
  if (!target) problems.push("geen #inhoud");
  else if (heading && !(target.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING)) {
    problems.push("#inhoud na de h1");
  }
  const skips = [...document.querySelectorAll("a.md-skip")].filter(shown);
  if (skips.length !== 1) problems.push(`${skips.length} zichtbare skiplinks`);
  const menu = document.querySelector("[data-portaal-menu]");
  if (!menu || menu.textContent.trim() !== "Menu" || menu.tabIndex !== 0) {
    problems.push("menuknop zonder naam of tabindex");
  }
  const inMenu = ".md-sidebar--primary a[href], .md-sidebar--primary label[tabindex], .md-sidebar--primary button";
  const reachable = [...document.querySelectorAll(inMenu)].filter(el => getComputedStyle(el).visibility !== "hidden");
  if (reachable.length) problems.push(`${reachable.length} bereikbare links in het gesloten menu`);
  if (document.querySelector("header nav[aria-label='Header']")) problems.push("kopbalk heet 'Header'");
  return problems;
}"""

PHONE_CHECKS = f"""() => ({{unlinked: ({UNLINKED_CONTACTS})(), sideways: ({SIDEWAYS})(), links: ({LINKS})(),
                        fold: ({FOLD})(), keyboard: ({KEYBOARD})()}})"""


@dataclass
class Sweep:
    pages: list[str]
    unlinked: dict[str, list[str]] = field(default_factory=dict)
    sideways: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    fold: dict[str, dict[str, Any]] = field(default_factory=dict)
    keyboard: dict[str, list[str]] = field(default_factory=dict)
    axe: dict[str, list[tuple[str, list[Any]]]] = field(default_factory=dict)
    axe_phone: dict[str, list[tuple[str, list[Any]]]] = field(default_factory=dict)
    axe_rules_run: set[str] = field(default_factory=set)
    seconds: float = 0.0


def built_pages(site: Path) -> list[str]:
    """Every HTML page of the site, as a path from its root ('' for the home page)."""
    found = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith(("assets/", "search/")):
            continue
        found.append(relative.removesuffix("index.html"))
    return found


def visit(page: Page, base: str, path: str) -> None:
    response = page.goto(base + path, wait_until="load")
    assert response is not None and response.ok, path


@dataclass
class AxeTab:
    """A desk-sized tab with axe running on one page in the background."""

    tab: Tab
    path: str | None = None


def start_axe(desk: AxeTab, base: str, path: str) -> None:
    visit(desk.tab.page, base, path)
    desk.tab.page.add_script_tag(path=str(AXE))
    desk.tab.page.evaluate(START_AXE, AXE_TAGS)
    desk.path = path


def collect_axe(desk: AxeTab, result: Sweep, phone: bool = False) -> None:
    if desk.path is None:
        return
    desk.tab.page.wait_for_function("() => window.__portaalAxe !== null", timeout=120_000)
    outcome = desk.tab.page.evaluate("() => window.__portaalAxe")
    assert "error" not in outcome, f"{desk.path}: {outcome.get('error')}"
    (result.axe_phone if phone else result.axe)[desk.path] = [(v["id"], v["targets"]) for v in outcome["violations"]]
    result.axe_rules_run |= set(outcome["passed"])
    desk.path = None


@pytest.fixture(scope="module")
def sweep(browser: Browser, portal_site: Path, portal_url: str) -> Iterator[Sweep]:
    """Each page once on the phone and once at the desk (with axe). Axe runs in two desk tabs by turns
    while the other tabs load and check: Chromium gives each its own process, so the cores are used."""
    require(AXE.exists(), f"axe-core ontbreekt ({AXE}); draai 'npm ci'")
    result = Sweep(built_pages(portal_site))
    opened = [open_tab(browser, portal_url, viewport=PHONE, is_mobile=True, has_touch=True),
              open_tab(browser, portal_url, viewport=DESK), open_tab(browser, portal_url, viewport=DESK)]
    phone = opened[0][1]
    phone_axe = AxeTab(phone)  # axe at phone width too: the menu button and the drawer exist only there
    desks = [AxeTab(tab) for _context, tab in opened[1:]]
    try:
        started = time.perf_counter()
        for number, path in enumerate(result.pages):
            desk = desks[number % len(desks)]
            collect_axe(desk, result)
            start_axe(desk, portal_url, path)
            collect_axe(phone_axe, result, phone=True)
            visit(phone.page, portal_url, path)
            checks = phone.page.evaluate(PHONE_CHECKS)
            phone.page.add_script_tag(path=str(AXE))
            phone.page.evaluate(START_AXE, AXE_TAGS)
            phone_axe.path = path
            result.unlinked[path], result.sideways[path], result.links[path], result.keyboard[path] = (
                checks["unlinked"], checks["sideways"], checks["links"], checks["keyboard"])
            if checks["fold"] is not None:
                result.fold[path] = checks["fold"]
        for desk in desks:
            collect_axe(desk, result)
        collect_axe(phone_axe, result, phone=True)
        result.seconds = time.perf_counter() - started
        yield result
    finally:
        for context, _tab in opened:
            context.close()
    for _context, tab in opened:
        assert tab.external == [], f"verzoeken naar andere hosts: {tab.external}"
        assert tab.errors == [], f"JavaScript-fouten: {tab.errors}"


def test_every_page_was_checked(sweep: Sweep, portal_site: Path) -> None:
    policies = {p.id for p in load_catalog(portal_site.parent / "policies") if not p.is_concept}
    assert {f"beleid/{policy_id}/" for policy_id in policies} <= set(sweep.pages)
    assert {"", "404.html", "rollen/", "waar-meld-ik-wat/", "voor-beleidseigenaren/"} <= set(sweep.pages)
    assert len(sweep.axe) == len(sweep.axe_phone) == len(sweep.unlinked) == len(sweep.pages)
    print(f"\n{len(sweep.pages)} pagina's; seconden: {sweep.seconds}")


def test_every_phone_number_and_mailbox_is_a_link(sweep: Sweep) -> None:
    assert {path: found for path, found in sweep.unlinked.items() if found} == {}


def test_the_emergency_number_can_be_tapped(sweep: Sweep) -> None:
    # the control case: the detector's class of text is on the site, as links
    assert "tel:112" in sweep.links[""] and "tel:112" in sweep.links["ik-ben-benaderd/"]


def test_nothing_scrolls_sideways_on_a_phone(sweep: Sweep) -> None:
    assert {path: found for path, found in sweep.sideways.items() if found} == {}


def test_no_page_links_to_a_withdrawn_document(sweep: Sweep, portal_site: Path) -> None:
    withdrawn = [p.id for p in load_catalog(portal_site.parent / "policies") if p.is_withdrawn]
    assert withdrawn, "het echte beleid heeft een vervallen document; deze test moet het zien"
    offenders = {path: [link for link in links if any(f"/beleid/{w}/" in link for w in withdrawn)]
                 for path, links in sweep.links.items()
                 if not any(path.startswith(f"beleid/{w}/") for w in withdrawn)}  # its page and version archive
    assert {path: found for path, found in offenders.items() if found} == {}
    for old in withdrawn:  # reachable by its address, with the notice
        assert f"beleid/{old}/" in sweep.pages


def test_summary_and_first_line_are_above_the_fold_on_every_policy_page(sweep: Sweep) -> None:
    policy_pages = [path for path in sweep.pages  # not the version archive (issue 12): no summary there
                    if path.startswith("beleid/") and path != "beleid/" and "/versies/" not in path]
    assert sorted(sweep.fold) == sorted(policy_pages)
    below = {path: fold for path, fold in sweep.fold.items()
             if fold["summary"] > fold["fold"] or fold["firstLine"] > fold["fold"] or fold["firstLine"] == 0}
    assert below == {}
    lowest = max(fold["firstLine"] for fold in sweep.fold.values())
    print(f"\nlaagste eerste regel: {lowest:.0f}px van {PHONE['height']}px")


def test_axe_finds_nothing_on_any_page(sweep: Sweep) -> None:
    assert {path: found for path, found in sweep.axe.items() if found} == {}
    assert {path: found for path, found in sweep.axe_phone.items() if found} == {}  # and at phone width
    # the rules a default Material page fails, and contrast on code, did run
    # (aria-dialog-name applies only to the search dialog once it is open: test_accessibility.py opens it
    # and checks that rule)
    assert {"color-contrast", "link-in-text-block", "landmark-unique"} <= sweep.axe_rules_run


def test_every_page_has_one_skip_link_and_a_closed_phone_menu_out_of_the_tab_order(sweep: Sweep) -> None:
    assert len(sweep.keyboard) == len(sweep.pages)
    assert {path: found for path, found in sweep.keyboard.items() if found} == {}
