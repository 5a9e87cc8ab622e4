"""`portaal export register|csv|ics` and the register the build publishes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import icalendar
import pytest

from tests.helpers import build, make_project, run_cli, write_policy

TODAY = "2026-11-28"


run = run_cli


@pytest.fixture
def policies(policies: Path) -> Path:
    """The shared empty folder, with documents to export."""
    folder = policies
    write_policy(folder, "geschenken", title="Geschenken, uitnodigingen & reizen", owner="bvi",
                 summary="Wat je doet met een cadeau; ook voor ‘privé’.", reviewed="2026-06-01")
    write_policy(folder, "screening", title="Screening", owner="p-en-o", effective="2025-09-01", reviewed="2025-09-01",
                 audience=["alle-medewerkers", "p-en-o"], related=["geschenken"])
    write_policy(folder, "oud-beleid", title="=Oud beleid", owner="bvi", status="vervallen")
    write_policy(folder, "in-de-maak", title="In de maak", status="concept")
    return folder


def test_register_lists_published_documents_with_url(policies: Path) -> None:
    result = run("export", "register", "--today", TODAY)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["version"], data["generated"], data["count"]) == (1, TODAY, 3)
    by_id = {document["id"]: document for document in data["documents"]}
    assert sorted(by_id) == ["geschenken", "oud-beleid", "screening"]  # the concept is not published
    screening = by_id["screening"]
    assert screening["url"] == "beleid/screening/"
    assert screening["owner_name"] == "Directie P&O"
    assert (screening["next_review"], screening["review_state"]) == ("2026-09-01", "verlopen")
    assert screening["related"] == ["geschenken"]
    assert by_id["oud-beleid"]["review_state"] is None


def test_register_base_url_makes_absolute_urls(policies: Path) -> None:
    data = json.loads(run("export", "register", "--today", TODAY, "--base-url", "https://portaal.example/").stdout)
    assert data["documents"][0]["url"].startswith("https://portaal.example/beleid/")


def test_csv_opens_in_dutch_excel(policies: Path, tmp_path: Path) -> None:
    target = tmp_path / "inventaris.csv"
    result = run("export", "csv", "--today", TODAY, "--output", str(target))
    assert result.exit_code == 0, result.output
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # byte-order mark: Excel reads UTF-8
    assert raw.count(b"\r\n") == 4 and raw.count(b"\n") == 4  # CRLF only
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Kenmerk", "Titel", "Soort"]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["geschenken"]["Titel"] == "Geschenken, uitnodigingen & reizen"
    assert by_id["geschenken"]["Samenvatting"] == "Wat je doet met een cadeau; ook voor ‘privé’."
    assert by_id["screening"]["Voor wie"] == "Alle medewerkers, P&O"
    assert by_id["oud-beleid"]["Titel"] == "'=Oud beleid"  # never a formula in Excel


def test_ics_has_an_all_day_event_per_review(policies: Path) -> None:
    result = run("export", "ics", "--today", TODAY)
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(result.stdout_bytes)
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]
    events = list(calendar.walk("VEVENT"))
    # screening's review (2026-09-01) is overdue: it sits on today, marked, not in the past
    assert [str(event["summary"]) for event in events] == ["VERLOPEN – Beoordelen: Screening",
                                                           "Beoordelen: Geschenken, uitnodigingen & reizen"]
    overdue, coming = events
    assert overdue.decoded("dtstart") == dt.date(2026, 11, 28)
    assert "uiterlijk 2026-09-01, nu 88 dagen te laat" in str(overdue["description"])
    assert coming.decoded("dtstart") == dt.date(2027, 6, 1)  # a date, not a date-time: all day
    assert coming["dtstart"].params.get("VALUE") == "DATE"
    assert coming.decoded("duration") == dt.timedelta(days=1)
    assert coming.decoded("dtstamp") == dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    assert str(overdue["uid"]) == "beoordeling-screening@integriteitsportaal.douane.example"
    assert len({str(event["uid"]) for event in events}) == len(events)
    assert b"\r\n" in result.stdout_bytes


def test_ics_reminders_open_the_due_soon_window_and_sound_on_the_day(policies: Path) -> None:
    calendar = icalendar.Calendar.from_ical(run("export", "ics", "--today", TODAY).stdout_bytes)
    overdue, coming = calendar.walk("VEVENT")
    # 9:00 on the first day of the 60-day window, and 9:00 on the review date itself
    assert [alarm.decoded("trigger") for alarm in coming.walk("VALARM")] == [
        dt.timedelta(days=-60, hours=9), dt.timedelta(hours=9)]
    assert [str(alarm["action"]) for alarm in coming.walk("VALARM")] == ["DISPLAY", "DISPLAY"]
    assert [alarm.decoded("trigger") for alarm in overdue.walk("VALARM")] == [dt.timedelta(hours=9)]


def test_ics_uid_stays_when_the_review_moves_so_a_reimport_updates(policies: Path) -> None:
    before = icalendar.Calendar.from_ical(run("export", "ics", "--today", TODAY).stdout_bytes)
    write_policy(policies, "screening", title="Screening", owner="p-en-o", effective="2025-09-01",
                 reviewed="2026-11-28", audience=["alle-medewerkers", "p-en-o"], related=["geschenken"])
    after = icalendar.Calendar.from_ical(run("export", "ics", "--today", "2026-11-29").stdout_bytes)
    uid = "beoordeling-screening@integriteitsportaal.douane.example"
    old = next(e for e in before.walk("VEVENT") if str(e["uid"]) == uid)
    new = next(e for e in after.walk("VEVENT") if str(e["uid"]) == uid)
    assert new.decoded("dtstart") == dt.date(2027, 11, 28) != old.decoded("dtstart")
    assert str(new["summary"]) == "Beoordelen: Screening"
    assert int(str(new["sequence"])) > int(str(old["sequence"]))  # the later calendar wins


def test_ics_review_on_the_last_possible_day(policies: Path) -> None:
    write_policy(policies, "voor-altijd", title="Voor altijd", owner="bvi", review_interval=None,
                 review_by="9999-12-31")
    result = run("export", "ics", "--today", TODAY, "--owner", "bvi")
    assert result.exit_code == 0, result.output
    event = next(e for e in icalendar.Calendar.from_ical(result.stdout_bytes).walk("VEVENT")
                 if "Voor altijd" in str(e["summary"]))
    assert event.decoded("dtstart") == dt.date(9999, 12, 31)


def test_ics_for_one_owner(policies: Path) -> None:
    calendar = icalendar.Calendar.from_ical(run("export", "ics", "--today", TODAY, "--owner", "bvi").stdout_bytes)
    assert [str(event["summary"]) for event in calendar.walk("VEVENT")] == [
        "Beoordelen: Geschenken, uitnodigingen & reizen"]
    assert "Bureau Veiligheid en Integriteit" in str(calendar["x-wr-calname"])


def test_ics_unknown_owner_is_wrong_usage(policies: Path) -> None:
    result = run("export", "ics", "--owner", "hr")
    assert result.exit_code == 2
    assert "Fout: ongeldige waarde voor '--owner': onbekende eigenaar 'hr'; kies uit: bvi," in result.stderr


def test_exports_refuse_a_broken_set(policies: Path) -> None:
    (policies / "kapot.md").write_text("", encoding="utf-8")
    result = run("export", "register")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "policies/kapot.md:1: het bestand is leeg" in result.stderr


def test_build_publishes_the_register(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"gedragscode-test": {"title": "Gedragscode test"},
                                      "concept-test": {"status": "concept"}})
    site = build(project)
    data = json.loads((site / "register.json").read_text(encoding="utf-8"))
    assert [(d["id"], d["url"]) for d in data["documents"]] == [("gedragscode-test", "beleid/gedragscode-test/")]
    assert (site / data["documents"][0]["url"] / "index.html").is_file()
