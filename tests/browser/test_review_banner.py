"""The review banner is decided again in the browser, with the reader's date (Playwright's clock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import serve
from tests.helpers import build, make_project

BUILT_ON = "2026-11-28"
POLICIES = {
    # current when built, overdue from 2 March 2027
    "actueel-bij-build": {"title": "Actueel bij de build", "review_by": "2027-03-01", "review_interval": None},
    # overdue when built (1 October 2026), current for a reader before August 2026
    "verlopen-bij-build": {"title": "Verlopen bij de build", "review_by": "2026-10-01", "review_interval": None},
}


@pytest.fixture(scope="module")
def banner_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(make_project(tmp_path_factory.mktemp("banners"), POLICIES), today=BUILT_ON)


@pytest.fixture(scope="module")
def banner_url(banner_site: Path) -> Iterator[str]:
    yield from serve(banner_site)


def built_state(site: Path, policy_id: str) -> str:
    html = (site / "beleid" / policy_id / "index.html").read_text(encoding="utf-8")
    return html.split('data-state="', 1)[1].split('"', 1)[0]


def open_on(tab_factory: Any, url: str, policy_id: str, reader_date: dt.datetime) -> Any:
    tab = tab_factory(url)
    tab.page.clock.set_fixed_time(reader_date)
    return tab.open(f"beleid/{policy_id}/")


def test_reader_past_the_review_date_sees_overdue_although_the_build_said_current(
        banner_site: Path, banner_url: str, tab_factory: Any) -> None:
    assert built_state(banner_site, "actueel-bij-build") == "actueel"
    page = open_on(tab_factory, banner_url, "actueel-bij-build", dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC))
    banner = page.locator(".portaal-review")
    assert banner.is_visible()
    assert banner.get_attribute("data-state") == "verlopen"
    assert page.locator('.portaal-review [data-when="verlopen"]').is_visible()
    assert banner.inner_text().startswith("Wordt herzien.")  # reader words, not the owner's


def test_same_page_on_the_build_date_shows_no_banner(banner_url: str, tab_factory: Any) -> None:
    # the control case: without a later reader's date the banner stays hidden
    page = open_on(tab_factory, banner_url, "actueel-bij-build", dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC))
    assert page.locator(".portaal-review").is_hidden()


def test_reader_before_the_review_date_sees_no_overdue_banner_although_the_build_said_overdue(
        banner_site: Path, banner_url: str, tab_factory: Any) -> None:
    assert built_state(banner_site, "verlopen-bij-build") == "verlopen"
    page = open_on(tab_factory, banner_url, "verlopen-bij-build", dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC))
    assert page.locator(".portaal-review").is_hidden()
    assert page.locator('.portaal-review [data-when="verlopen"]').is_hidden()


def test_reader_within_the_window_sees_due_soon(banner_url: str, tab_factory: Any) -> None:
    # 45 days before 1 October 2026: inside the 60-day window
    page = open_on(tab_factory, banner_url, "verlopen-bij-build", dt.datetime(2026, 8, 17, 9, 0, tzinfo=dt.UTC))
    assert page.locator(".portaal-review").get_attribute("data-state") == "binnenkort"
    assert page.locator('.portaal-review [data-when="binnenkort"]').is_visible()
    assert page.locator('.portaal-review [data-when="verlopen"]').is_hidden()


def test_badges_in_lists_use_reader_words_and_owner_pages_owner_words(banner_url: str, tab_factory: Any) -> None:
    # built current, overdue for this reader: the browser changes the badge, in the page's own wording
    tab = tab_factory(banner_url)
    tab.page.clock.set_fixed_time(dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC))
    badge = '.portaal-state[data-review-by="2027-03-01"]'
    assert tab.open("rollen/alle-medewerkers/").locator(badge).inner_text() == "Wordt herzien"
    assert tab.open("eigenaren/bvi/").locator(badge).inner_text() == "Beoordeling verlopen"
