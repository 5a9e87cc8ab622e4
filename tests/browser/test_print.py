"""Printing a policy: a clean PDF with the validity stamp."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from tests.browser.conftest import Tab, require

POLICY = "gedragscode-douane"
NAVIGATION_ONLY = ("Ga naar inhoud", "Beoordelingsoverzicht", "Begrippenlijst", "Nieuw en gewijzigd", "Inhoudsopgave")
"""Text that is only in the navigation, header, search or table of contents."""


def pdf_text(tab: Tab, path: str, target: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    require(pdftotext is not None, "pdftotext ontbreekt; installeer het met 'apt-get install poppler-utils'")
    assert pdftotext is not None
    tab.open(path)
    tab.page.pdf(path=str(target), format="A4")
    result = subprocess.run([pdftotext, "-layout", str(target), "-"], capture_output=True, text=True, check=True)
    return " ".join(result.stdout.split())


def test_printed_policy_is_clean_and_carries_the_stamp(tab_factory: Any, portal_url: str, tmp_path: Path) -> None:
    tab: Tab = tab_factory(portal_url)
    tab.page.clock.set_fixed_time(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC))
    text = pdf_text(tab, f"beleid/{POLICY}/", tmp_path / "beleid.pdf")
    version = tab.page.locator(".portaal-meta dd").nth(2).inner_text()
    next_review = tab.page.locator(".portaal-review").get_attribute("data-review-by")
    assert next_review is not None

    stamp = re.search(r"gedragscode-douane · versie (\S+) · volgende beoordeling (.+?) · geprint op (.+?)\. "
                      r"Een geprinte versie is een ongecontroleerde kopie\. De geldende versie staat op (\S+?)\.? ",
                      text)
    assert stamp is not None, text[:600]
    assert stamp.group(1) == version
    assert stamp.group(3) == "2 december 2026"          # the day of printing, from the reader's clock
    year, _month, day = next_review.split("-")
    assert stamp.group(2).startswith(f"{int(day)} ") and stamp.group(2).endswith(year)
    # without a site_url the build knows only the path: the stamp shows the address the reader used
    assert stamp.group(4) == f"{portal_url}beleid/{POLICY}/"
    assert "Gedragscode Douane" in text
    assert [line for line in NAVIGATION_ONLY if line in text] == []
    # the metadata is printed, after the text; keywords are for the screen only
    assert "Over dit document" in text and "Rubricering" in text
    assert text.index("Over dit document") > text.index(tab.page.locator(".portaal-body p").first.inner_text()[:30])
    assert tab.page.locator(".portaal-keywords").is_visible()
    assert "Trefwoorden" not in text


def test_the_stamp_is_not_shown_on_screen(tab: Tab) -> None:
    tab.open(f"beleid/{POLICY}/")
    assert tab.page.locator(".portaal-print-stamp").is_hidden()
    assert tab.page.locator(".md-sidebar--primary").is_visible()
