"""The review calendars the build publishes, and the dashboard's links to them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from tests.helpers import ROOT, build, make_project, run_cli

OWNERS = list(yaml.safe_load((ROOT / "policies" / "taxonomie.yml").read_text(encoding="utf-8"))["owners"])


def test_build_publishes_a_calendar_per_owner_and_one_for_all(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "oud": {"title": "Oud <b>en</b> verlopen", "owner": "p-en-o", "effective": "2025-01-01",
                "reviewed": "2025-01-01"},
        "nieuw": {"title": "Nieuw", "owner": "bvi", "reviewed": "2026-11-01"},
        "weg": {"title": "Weg", "owner": "bvi", "status": "vervallen"},
    })
    site = build(project, today="2026-11-28", PORTAAL_SITE_URL="https://integriteit.douane.example/")
    files = sorted(path.name for path in (site / "beoordelingen").glob("*.ics"))
    assert files == sorted([f"{owner}.ics" for owner in OWNERS] + ["alle-eigenaren.ics"])

    def summaries(name: str) -> list[str]:
        calendar = icalendar.Calendar.from_ical((site / "beoordelingen" / name).read_bytes())
        return [str(event["summary"]) for event in calendar.walk("VEVENT")]

    assert summaries("alle-eigenaren.ics") == ["VERLOPEN – Beoordelen: Oud <b>en</b> verlopen", "Beoordelen: Nieuw"]
    assert summaries("p-en-o.ics") == ["VERLOPEN – Beoordelen: Oud <b>en</b> verlopen"]
    assert summaries("bvi.ics") == ["Beoordelen: Nieuw"]  # withdrawn documents have no review
    assert summaries("veiligheid.ics") == []
    calendar = icalendar.Calendar.from_ical((site / "beoordelingen" / "p-en-o.ics").read_bytes())
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == dt.date(2026, 11, 28)
    assert str(event["url"]) == "https://integriteit.douane.example/beleid/oud/"  # site_url makes addresses full

    page = BeautifulSoup((site / "beoordelingen" / "index.html").read_text(encoding="utf-8"), "html.parser")
    heading = page.find("h2", id="agendas")
    assert heading is not None
    listing = heading.find_next("ul")
    assert listing is not None
    links = {a.get_text(): str(a["href"]) for a in listing.find_all("a")}
    assert links["Alle eigenaren"] == "../beoordelingen/alle-eigenaren.ics"  # relative to the page
    assert links["Directie P&O"] == "../beoordelingen/p-en-o.ics"
    for href in links.values():
        assert (site / "beoordelingen" / href).resolve().is_file()
    assert len(links) == len(OWNERS) + 1
    owner_page = BeautifulSoup((site / "eigenaren" / "p-en-o" / "index.html").read_text(encoding="utf-8"),
                               "html.parser")
    agenda = owner_page.find("a", string="agenda van Directie P&O")
    assert agenda is not None and agenda["href"] == "../../beoordelingen/p-en-o.ics"


def test_an_owner_with_the_reserved_calendar_name_stops_the_build(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path)
    taxonomy_path = project / "policies" / "taxonomie.yml"
    taxonomy = yaml.safe_load(taxonomy_path.read_text(encoding="utf-8"))
    taxonomy["owners"]["alle-eigenaren"] = {"name": "Iedereen", "mailbox": "iedereen@douane.example"}
    taxonomy_path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Abort):
        build(project)
    assert re.search(r"policies/taxonomie\.yml:\d+: owners\.alle-eigenaren: 'alle-eigenaren' is de naam van de "
                     "agenda", caplog.text)
    check = run_cli("check", str(project / "policies"))  # check and build agree
    assert check.exit_code == 1 and "owners.alle-eigenaren: 'alle-eigenaren' is de naam" in check.output
