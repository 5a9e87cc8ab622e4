"""Data-file keys, lines of data-file errors, exports that stay well-formed, and inputs that
once gave a traceback."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml

from portaal.cli.checks import render_junit, render_text, run_check
from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication
from portaal.site.exports import inventory_csv, register, review_calendar
from tests.helpers import run_cli, write_policy
from tests.hostile import HOSTILE_KEYS, HOSTILE_VALUES

TODAY = dt.date(2026, 11, 28)


def _edit(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1) if text in line)


SECTIONS = [("taxonomie.yml", ("roles",)), ("taxonomie.yml", ("types",)), ("taxonomie.yml", ("themes",)),
            ("taxonomie.yml", ("owners",)), ("taxonomie.yml", ("classifications", "levels")),
            ("meldroutes.yml", ("contacts",))]


KEY_CASES = [(*SECTIONS[0], key) for key in HOSTILE_KEYS] + [(*place, key) for place in SECTIONS[1:]
                                                               for key in ("index", "a\"b")]
"""Every hostile key in one section; the reserved name and a quote in every other section."""


@pytest.mark.parametrize(("file", "section", "key"), KEY_CASES)
def test_a_key_that_cannot_be_an_id_is_refused_with_its_line(policies: Path, file: str, section: tuple[str, ...],
                                                               key: str) -> None:
    def add(data: dict[str, Any]) -> None:
        target = data
        for name in section:
            target = target[name]
        first = next(iter(target.values()))
        target[key] = dict(first, inherits=[]) if section == ("roles",) else dict(first)

    _edit(policies / file, add)
    report = run_check(policies, TODAY)
    where = ".".join(section) + f".{key}"
    found = [p for p in report.problems if p.field == where]
    assert found, [str(p) for p in report.problems]
    quoted = yaml.safe_dump({key: 1}).split("\n")[0].removeprefix("? ").removesuffix(": 1")
    lines = (policies / file).read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(lines, start=1) if line.strip().removeprefix("? ").startswith(quoted)]
    assert found[0].line == expected[-1]
    assert "kan geen id zijn" in found[0].message or "die het portaal zelf gebruikt" in found[0].message


def test_a_policy_named_index_is_refused(policies: Path) -> None:
    write_policy(policies, "index")
    assert "id: 'index' is een naam die het portaal zelf gebruikt" in " ".join(
        str(p) for p in run_check(policies, TODAY).problems)


@pytest.mark.parametrize(("file", "change", "field"), [
    ("taxonomie.yml", lambda d: d["roles"]["bvi"].update(name=["lijst"]), "roles.bvi.name"),
    ("taxonomie.yml", lambda d: d["roles"]["bvi"].pop("description"), "roles.bvi.description"),
    ("taxonomie.yml", lambda d: d["themes"]["actueel-beleid"].update(number="twee"), "themes.actueel-beleid.number"),
    ("taxonomie.yml", lambda d: d["classifications"].update(publish_max=["intern"]), "classifications.publish_max"),
    ("taxonomie.yml", lambda d: d["roles"]["bvi"].update(inherits=["niemand"]), "roles.bvi.inherits"),
    ("meldroutes.yml", lambda d: d["routes"][1].update(contact="onbekend"), "routes[2].contact"),
    ("meldroutes.yml", lambda d: d["routes"][0].update(extra="x"), "routes[1]"),
    ("begrippen.yml", lambda d: d[2].update(definition=None), "[3].definition"),
    ("begrippen.yml", lambda d: d.append(dict(d[0])), f"[{0}].term"),
])
def test_every_content_error_in_a_data_file_has_its_line(policies: Path, file: str, change: Any, field: str) -> None:
    _edit(policies / file, change)
    problems = run_check(policies, TODAY).problems
    assert problems
    for problem in problems:
        assert problem.line is not None, str(problem)
    if not field.endswith("[0].term"):
        assert field in {p.field for p in problems}, [str(p) for p in problems]


def test_publish_max_as_a_list_is_a_message_not_a_traceback(policies: Path) -> None:
    _edit(policies / "taxonomie.yml", lambda d: d["classifications"].update(publish_max=["a", "b"]))
    result = run_cli("check", str(policies), "--today", "2026-11-28")
    assert (result.exit_code == 1 and result.exception is None) or isinstance(result.exception, SystemExit)
    assert "classifications.publish_max: verwacht een van" in result.output


def test_a_review_past_year_9999_is_a_message(policies: Path) -> None:
    write_policy(policies, "ver", effective="9999-06-01", reviewed="9999-06-01", review_interval=12)
    messages = [str(p) for p in run_check(policies, TODAY).problems]
    assert messages == ["policies/ver.md:13: review_interval: de volgende beoordeling (12 maanden na 9999-06-01) "
                        "valt na het jaar 9999; kies een eerdere datum"]


def test_ics_with_a_review_on_the_last_possible_day(policies: Path) -> None:
    write_policy(policies, "laatste", review_by="9999-12-31", review_interval=None)
    calendar = icalendar.Calendar.from_ical(review_calendar(Publication(load_catalog(policies), TODAY)))
    events = list(calendar.walk("VEVENT"))
    assert [event.decoded("dtstart") for event in events] == [dt.date(9999, 12, 31)]
    assert "DTEND" not in events[0]


def _hostile_set(policies: Path) -> Publication:
    for number, value in enumerate(HOSTILE_VALUES):
        write_policy(policies, f"doc-{number}", title=value, summary=value, keywords=[value],
                     history=[{"version": "1.0", "date": "2026-01-01", "change": value}])
    write_policy(policies, "geheim", status="concept", title="Geheim concept")
    write_policy(policies, "open", related=["geheim", "doc-0"], supersedes=["geheim"])
    return Publication(load_catalog(policies), TODAY)


def test_exports_name_no_concept_and_stay_well_formed(policies: Path) -> None:
    portal = _hostile_set(policies)
    text = json.dumps(register(portal))
    assert "geheim" not in text
    assert {d["id"]: d["related"] for d in register(portal)["documents"]}["open"] == ["doc-0"]
    rows = inventory_csv(portal).decode("utf-8-sig").split("\r\n")
    for cell in (c for row in rows for c in row.split(";")):
        assert not cell.lstrip(' "').startswith(("=", "+", "-", "@")), cell
        assert not any(ord(ch) < 32 and ch not in "\r\n" for ch in cell), cell
    calendar = icalendar.Calendar.from_ical(review_calendar(portal))
    assert len(list(calendar.walk("VEVENT"))) == len(HOSTILE_VALUES) + 1


def test_junit_is_xml_1_0_whatever_the_values(policies: Path) -> None:
    write_policy(policies, "stuur", title="x", summary="y", owner="bestaat\x01niet\x1b[2J\x7f\ufffe")
    report = run_check(policies, TODAY)
    xml = render_junit(report)
    root = ET.fromstring(xml.encode("utf-8"))  # expat: a control character would make this fail
    assert root.get("failures") == "1"
    assert "\ufffd" in xml
    assert "\x1b" not in render_text(report)


@pytest.mark.parametrize("value", ["0b_", "0x_", "-0x_", "+0b__"])
def test_a_value_that_only_looks_like_a_number_is_a_message_with_its_line(policies: Path, value: str) -> None:
    path = write_policy(policies, "getal")
    text = path.read_text(encoding="utf-8").replace("\ntitle:", f"\nversion_note: {value}\ntitle:", 1)
    path.write_text(text, encoding="utf-8")
    line = _line_of(path, "version_note:")
    result = run_cli("check", str(policies), "--today", "2026-11-28")
    assert result.exit_code == 1 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert f"getal.md:{line}: de waarde '{value}' lijkt op een getal, maar is het niet" in result.output


@pytest.mark.parametrize("attribute", ['title="Mail [TE BEVESTIGEN: bvi@douane.example]"',
                                       'title="a &gt; b > [TE BEVESTIGEN: 088-000 0000]"'])
def test_placeholders_and_numbers_in_an_attribute_stay_inside_it(attribute: str) -> None:
    """Placeholders are marked, and phone numbers and mailboxes linked, in text only: a placeholder in a
    link's title (a '>' in a quoted value included) never breaks the element open."""
    from bs4 import BeautifulSoup

    from portaal.site.pages import finish_html, finish_page

    html = f'<p><a href="https://example.nl" {attribute}>link</a> bel 088-151 2000 of [TE BEVESTIGEN: 088-000 0000]</p>'
    soup = BeautifulSoup(finish_page(finish_html(html, "beleid/x/")), "html.parser")
    link = soup.select_one('a[href="https://example.nl"]')
    assert link is not None and link.get_text() == "link"
    expected = BeautifulSoup(f"<a {attribute}></a>", "html.parser").a
    assert expected is not None
    title = expected["title"]
    assert link["title"] == title
    marks = soup.select("mark.portaal-placeholder")
    assert [mark.get_text() for mark in marks] == ["TE BEVESTIGEN: 088-000 0000"]
    assert [a["href"] for a in soup.select("a.portaal-tel")] == ["tel:+31881512000"]
