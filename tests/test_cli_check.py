"""`portaal check`: exit codes and output in every format, and bad input in bulk."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from portaal.cli.checks import REPORT_SCHEMA
from portaal.core.taxonomy import load_taxonomy
from tests.helpers import TAXONOMY, policy_text, run_cli, write_policy

TODAY = "2026-11-28"


run = run_cli




@pytest.fixture
def mixed(policies: Path) -> Path:
    """One current, one due soon, one overdue, one concept document (on TODAY)."""
    write_policy(policies, "actueel-document", reviewed="2026-06-01", owner="bvi")
    write_policy(policies, "binnenkort-document", reviewed="2026-01-10", owner="p-en-o")  # 2027-01-10: 43 days
    write_policy(policies, "verlopen-document", effective="2025-09-01", reviewed="2025-09-01",
                 owner="p-en-o")  # 2026-09-01: 88 days late
    write_policy(policies, "concept-document", status="concept", effective="2020-01-01", reviewed="2020-01-01")
    return policies


def test_all_current_exits_0_with_a_table_per_owner(policies: Path) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    result = run("check", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Bureau Veiligheid en Integriteit (bvi)",
        "  Bestand                       Kenmerk           Status       Beoordeling    Volgende beoordeling    Dagen",
        "  ----------------------------  ----------------  -----------  -------------  ----------------------  "
        "--------------",
        "  policies/gedragscode-test.md  gedragscode-test  vastgesteld  actueel        2027-06-01              "
        "over 185 dagen",
        "",
        "1 document gecontroleerd op 2026-11-28: 0 verlopen, 0 binnenkort, 1 actueel. In orde.",
    ]


def test_overdue_fails_and_groups_by_owner(mixed: Path) -> None:
    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    out = result.stdout
    assert out.index("Bureau Veiligheid en Integriteit (bvi)") < out.index("Directie P&O (p-en-o)")
    rows = [line.split(maxsplit=5) for line in out.splitlines()]
    assert ["policies/verlopen-document.md", "verlopen-document", "vastgesteld", "verlopen", "2026-09-01",
            "88 dagen te laat"] in rows
    assert ["policies/binnenkort-document.md", "binnenkort-document", "vastgesteld", "binnenkort", "2027-01-10",
            "over 43 dagen"] in rows
    assert ["policies/concept-document.md", "concept-document", "concept", "-", "-", "-"] in rows
    assert out.endswith("4 documenten gecontroleerd op 2026-11-28: 1 verlopen, 1 binnenkort, 1 actueel, "
                        "1 concept of vervallen. Niet in orde.\n")


def test_overdue_as_warning_exits_0_but_still_reports(mixed: Path) -> None:
    result = run("check", "--today", TODAY, "--overdue-as-warning")
    assert result.exit_code == 0
    assert "88 dagen te laat" in result.stdout
    assert result.stdout.endswith("In orde (verlopen beoordelingen zijn alleen een waarschuwing).\n")


def test_overdue_as_warning_still_fails_on_errors(mixed: Path) -> None:
    (mixed / "kapot.md").write_text("", encoding="utf-8")
    assert run("check", "--today", TODAY, "--overdue-as-warning").exit_code == 1


def test_portaal_today_is_used_without_today_option(mixed: Path) -> None:
    result = run("check", "--format", "json", env={"PORTAAL_TODAY": "2026-08-01"})
    report = json.loads(result.stdout)
    assert report["today"] == "2026-08-01"
    assert report["summary"]["overdue"] == 0
    assert result.exit_code == 0


def test_due_soon_days_moves_the_window(mixed: Path) -> None:
    report = json.loads(run("check", "--today", TODAY, "--format", "json", "--due-soon-days", "10").stdout)
    assert report["summary"]["due_soon"] == 0
    assert report["due_soon_days"] == 10


def test_json_report_has_the_documented_shape(mixed: Path) -> None:
    (mixed / "kapot.md").write_text(policy_text("kapot", effective="2025-02-30"), encoding="utf-8")
    result = run("check", "--today", TODAY, "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    jsonschema.Draft202012Validator(REPORT_SCHEMA, format_checker=jsonschema.FormatChecker()).validate(report)
    assert report["version"] == 1
    assert report["exit_code"] == 1
    assert report["summary"] == {"documents": 5, "invalid": 1, "problems": 1, "overdue": 1, "due_soon": 1,
                                 "current": 1, "unreviewed": 1, "warnings": 0}
    by_file = {document["file"]: document for document in report["documents"]}
    assert by_file["policies/verlopen-document.md"] == {
        "file": "policies/verlopen-document.md", "id": "verlopen-document", "title": "Testdocument",
        "owner": "p-en-o", "status": "vastgesteld", "next_review": "2026-09-01", "review_state": "verlopen",
        "days_left": -88, "ok": False, "problems": []}
    broken = {"file": "policies/kapot.md", "field": "effective", "line": at(policy_text("kapot"), "effective"),
              "message": "deze datum bestaat niet: '2025-02-30'"}
    assert by_file["policies/kapot.md"]["problems"] == [broken]
    assert by_file["policies/kapot.md"]["id"] is None
    assert report["problems"] == [broken]


def test_json_ok_follows_the_verdict_of_the_exit_code(mixed: Path) -> None:
    strict = run("check", "--today", TODAY, "--format", "json")
    lenient = run("check", "--today", TODAY, "--format", "json", "--overdue-as-warning")
    assert (strict.exit_code, lenient.exit_code) == (1, 0)
    late = "policies/verlopen-document.md"
    ok = {name: {d["file"]: d["ok"] for d in json.loads(result.stdout)["documents"]}[late]
          for name, result in (("strict", strict), ("lenient", lenient))}
    assert ok == {"strict": False, "lenient": True}


def test_junit_has_one_testcase_per_document(mixed: Path) -> None:
    (mixed / "kapot.md").write_text("---\n- lijst\n---\n", encoding="utf-8")
    result = run("check", "--today", TODAY, "--format", "junit")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures")) == ("5", "2")
    cases = {case.get("name", ""): case for case in root.iter("testcase")}
    assert sorted(cases) == sorted(f"policies/{name}.md" for name in (
        "actueel-document", "binnenkort-document", "verlopen-document", "concept-document", "kapot"))
    broken = cases["policies/kapot.md"].find("failure")
    assert broken is not None and broken.get("type") == "fout"
    assert broken.text == ("policies/kapot.md:2: verwacht velden als 'naam: waarde' in de front matter, "
                           "gevonden een lijst")
    late = cases["policies/verlopen-document.md"].find("failure")
    assert late is not None and late.get("type") == "verlopen"
    assert late.get("message") == "beoordeling verlopen: 88 dagen te laat (uiterlijk 2026-09-01)"
    assert cases["policies/actueel-document.md"].find("failure") is None
    soon = cases["policies/binnenkort-document.md"]
    assert soon.find("failure") is None
    assert soon.findtext("system-out") == "Waarschuwing: beoordeling binnenkort: over 43 dagen (uiterlijk 2027-01-10)"


def test_junit_overdue_as_warning_is_no_failure(mixed: Path) -> None:
    result = run("check", "--today", TODAY, "--format", "junit", "--overdue-as-warning")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("failures") == "0"
    case = next(c for c in root.iter("testcase") if c.get("name") == "policies/verlopen-document.md")
    assert case.findtext("system-out", "").startswith("Waarschuwing: beoordeling verlopen")


def test_output_option_writes_a_file(mixed: Path, tmp_path: Path) -> None:
    target = tmp_path / "junit.xml"
    result = run("check", "--today", TODAY, "--format", "junit", "--output", str(target))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert ET.parse(target).getroot().get("tests") == "4"


def test_broken_taxonomy_is_reported_not_raised(policies: Path) -> None:
    (policies / "taxonomie.yml").write_text("roles: [\n", encoding="utf-8")
    write_policy(policies, "gedragscode-test")
    result = run("check", "--today", TODAY, "--format", "junit")
    assert result.exit_code == 1
    case = ET.fromstring(result.stdout).find("testsuite/testcase")
    assert case is not None and case.get("name") == "policies/taxonomie.yml"


@pytest.mark.parametrize("args, message", [
    # a folder that does not exist
    (["check", "bestaat-niet"], "Fout: ongeldige waarde voor '[PAD]': de map 'bestaat-niet' bestaat niet"),
    # an unknown option, with a suggestion
    (["check", "--formaat", "json"], "Fout: onbekende optie '--formaat'"),
    (["check", "--forma", "json"], "Fout: onbekende optie '--forma'; bedoel je --format?"),
    # an unknown format
    (["check", "--format", "xml"], "Fout: ongeldige waarde voor '--format': 'xml' kan niet; kies uit: tekst, json, "
                                   "junit"),
    # a date that does not exist
    (["check", "--today", "2025-02-30"], "Fout: ongeldige waarde voor '--today': verwacht een datum als 2026-06-30, "
                                         "gevonden '2025-02-30'"),
    # a negative window
    (["check", "--due-soon-days", "-3"], "Fout: ongeldige waarde voor '--due-soon-days': verwacht een aantal dagen "
                                         "van 0 tot en met 3650, gevonden '-3'"),
    # an unknown command
    (["chek"], "Fout: onbekende opdracht 'chek'"),
])
def test_wrong_usage_exits_2_with_a_dutch_message(policies: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stderr.startswith("Gebruik: portaal")
    assert "Traceback" not in result.output


def test_bad_portaal_today_is_wrong_usage(policies: Path) -> None:
    result = run("check", env={"PORTAAL_TODAY": "morgen"})
    assert result.exit_code == 2
    assert "Fout: PORTAAL_TODAY: verwacht een datum als 2026-06-30, gevonden 'morgen'" in result.stderr


def test_help_is_dutch() -> None:
    result = run("check", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Gebruik: portaal check [OPTIES] [PAD]")
    assert "Opties:" in result.stdout and "Toon deze hulp en stop." in result.stdout
    assert "Options" not in result.stdout and "default" not in result.stdout


# -- twenty broken documents, one run ------------------------------------------------

def _valid(policy_id: str, **fields: Any) -> str:
    return policy_text(policy_id, **fields)


def _changed(policy_id: str, field: str, line: str) -> str:
    """A valid text with the line of `field` replaced."""
    return re.sub(rf"^{field}:.*$", line, _valid(policy_id), count=1, flags=re.MULTILINE)


def at(text: str, field: str) -> int:
    """The line of a field in a policy text."""
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(f"{field}:"))


BROKEN: list[tuple[str, bytes, str]] = [
    # not UTF-8 (Latin-1 é)
    ("latin1.md", _valid("latin1", title="Café").encode("latin-1"),
     "policies/latin1.md:3: het bestand is geen geldige UTF-8-tekst (byte 26, regel 3); sla het op als UTF-8"),
    # empty file
    ("leeg.md", b"", "policies/leeg.md:1: het bestand is leeg; verwacht front matter tussen twee regels '---'"),
    # no closing ---
    ("open.md", _valid("open").replace("---\n\n", "\n").encode(),
     "policies/open.md:1: de front matter is niet afgesloten: verwacht een regel '---' na de velden"),
    # front matter that is a list
    ("lijst.md", b"---\n- a\n- b\n---\n",
     "policies/lijst.md:2: verwacht velden als 'naam: waarde' in de front matter, gevonden een lijst"),
    # front matter that is plain text
    ("tekst.md", b"---\nalleen tekst\n---\n",
     "policies/tekst.md:2: verwacht velden als 'naam: waarde' in de front matter, gevonden een tekst"),
    # no front matter at all
    ("geen-front-matter.md", b"# Titel\n\nTekst.\n",
     "policies/geen-front-matter.md:1: verwacht front matter: de eerste regel moet '---' zijn"),
    # a date that does not exist
    ("datum.md", _valid("datum", effective="2025-02-30").encode(),
     f"policies/datum.md:{at(_valid('x'), 'effective')}: effective: deze datum bestaat niet: '2025-02-30'"),
    # a date in the wrong order
    ("datumvorm.md", _valid("datumvorm", effective="30-06-2025").encode(),
     f"policies/datumvorm.md:{at(_valid('x'), 'effective')}: effective: verwacht een datum als 2026-01-01, "
     "gevonden '30-06-2025'"),
    # a tab for indentation
    ("tab.md", _valid("tab").replace("title: Testdocument", "title:\tTest\n\tx: 1").encode(),
     "policies/tab.md:4: de YAML van de front matter is ongeldig: een tab; gebruik spaties om in te springen"),
    # a field twice
    ("dubbel.md", _valid("dubbel").replace("type: gedragscode", "type: gedragscode\ntype: beleid").encode(),
     "policies/dubbel.md:5: het veld 'type' staat er twee keer in"),
    # an unquoted colon
    ("dubbele-punt.md", _valid("dubbele-punt").replace("title: Testdocument", "title: Let op: dit").encode(),
     "policies/dubbele-punt.md:3: de YAML van de front matter is ongeldig: een ':' op een plek waar dat niet mag "
     "(zet de waarde tussen aanhalingstekens)"),
    # a NUL character
    ("nul.md", _valid("nul").replace("Testdocument", "Test\x00").encode(),
     "policies/nul.md:3: de front matter bevat een teken dat niet mag (tekencode #x0000); verwijder het"),
    # a YAML tag
    ("label.md", _valid("label").replace("title: Testdocument", "title: !!python/object:os.system x").encode(),
     "policies/label.md:3: de YAML van de front matter is ongeldig: een label met '!' is niet toegestaan; "
     "zet de waarde tussen aanhalingstekens"),
    # an unclosed [ list
    ("haak.md", _changed("haak", "audience", "audience: [alle-medewerkers").encode(),
     f"policies/haak.md:{at(_valid('x'), 'themes')}: de YAML van de front matter is ongeldig: "
     "een lijst met '[' is niet goed afgesloten met "
     "']' (of er mist een komma)"),
    # a value that starts with a character YAML keeps for itself
    ("apenstaart.md", _changed("apenstaart", "owner", "owner: @bvi").encode(),
     f"policies/apenstaart.md:{at(_valid('x'), 'owner')}: de YAML van de front matter is ongeldig: een waarde mag "
     "niet beginnen met een teken als @, ` of %; zet de waarde tussen aanhalingstekens"),
    # an unclosed { group
    ("accolade.md", _changed("accolade", "owner", "owner: {bvi").encode(),
     f"policies/accolade.md:{at(_valid('x'), 'owner') + 1}: de YAML van de front matter is ongeldig: een groep met "
     "'{' is niet goed afgesloten met '}' (of er mist een komma)"),
    # text after a block sign on the same line
    ("blok.md", _changed("blok", "owner", "owner: |x").encode(),
     f"policies/blok.md:{at(_valid('x'), 'owner')}: de YAML van de front matter is ongeldig: na deze waarde mag "
     "niets meer op de regel staan; zet de hele waarde tussen aanhalingstekens"),
    # an unknown owner
    ("eigenaar.md", _valid("eigenaar", owner="hr").encode(),
     f"policies/eigenaar.md:{at(_valid('x'), 'owner')}: owner: onbekende waarde 'hr'; kies uit: "
     + ", ".join(load_taxonomy(TAXONOMY).owners)),
    # a version written as a number
    ("versie.md", _changed("versie", "version", "version: 1.0").encode(),
     f"policies/versie.md:{at(_valid('x'), 'version')}: version: verwacht een versie als tekst tussen "
     "aanhalingstekens, zoals \"1.0\"; "
     "gevonden het getal 1.0"),
    # a required field missing
    ("zonder-titel.md", _valid("zonder-titel", title=None).encode(),
     "policies/zonder-titel.md: title: dit verplichte veld ontbreekt (bijvoorbeeld: title: Gedragscode Douane)"),
    # an id that is not the file name
    ("andere-naam.md", _valid("iets-anders").encode(),
     "policies/andere-naam.md:2: id: moet gelijk zijn aan de bestandsnaam 'andere-naam', gevonden 'iets-anders'"),
    # an id that differs only in case from another
    ("Goed.md", _valid("Goed").encode(),
     "policies/Goed.md: de naam verschilt alleen in hoofdletters van policies/goed.md; een kenmerk (id) moet ook "
     "zonder op hoofdletters te letten uniek zijn"),
    # a reference to a document that does not exist
    ("verwijzing.md", _valid("verwijzing", related=["bestaat-niet"]).encode(),
     f"policies/verwijzing.md:{at(_valid('x', related=['y']), 'related')}: related: verwijst naar 'bestaat-niet', "
     "maar dat document bestaat niet"),
    # classified above what the portal may publish
    ("geheim.md", _valid("geheim", classification="departementaal-vertrouwelijk").encode(),
     f"policies/geheim.md:{at(_valid('x'), 'classification')}: classification: 'departementaal-vertrouwelijk' is "
     "hoger dan het portaal mag publiceren "
     "(hoogste niveau: 'intern'); publiceer dit document niet in het portaal"),
]


def test_twenty_broken_documents_give_one_clear_message_each(policies: Path) -> None:
    write_policy(policies, "goed", reviewed="2026-06-01")
    # Accepted and normalised: a byte-order mark and CRLF line ends.
    (policies / "bom.md").write_bytes(b"\xef\xbb\xbf" + _valid("bom", reviewed="2026-06-01").encode())
    (policies / "crlf.md").write_bytes(_valid("crlf", reviewed="2026-06-01").replace("\n", "\r\n").encode())
    # Unreadable: a link to a file that is gone (chmod 000 does not stop root).
    (policies / "onleesbaar.md").symlink_to(policies / "weg.md")
    for name, data, _message in BROKEN:
        (policies / name).write_bytes(data)
    expected = sorted([message for _name, _data, message in BROKEN]
                      + ["policies/onleesbaar.md: kan het bestand niet lezen: het bestand is weg of een "
                         "snelkoppeling naar niets"])
    assert len(expected) >= 20

    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Fouten ({len(expected)}):"
    assert sorted(line.strip() for line in lines[1:len(expected) + 1]) == expected
    assert "  policies/bom.md " in result.stdout and "  policies/crlf.md " in result.stdout
    assert lines[-1] == (f"{len(expected) + 3} documenten gecontroleerd op 2026-11-28: {len(expected)} problemen in "
                         f"{len(expected)} documenten, 0 verlopen, 0 binnenkort, 3 actueel. Niet in orde.")

    report = json.loads(run("check", "--today", TODAY, "--format", "json").stdout)
    assert report["summary"]["invalid"] == len(expected)
    root = ET.fromstring(run("check", "--today", TODAY, "--format", "junit").stdout)
    assert root.get("failures") == str(len(expected))


@pytest.mark.parametrize("command", [["check"], ["schema"], ["export", "csv"], ["export", "register"]])
def test_an_output_file_that_cannot_be_written_is_a_dutch_message_not_a_traceback(
        policies: Path, tmp_path: Path, command: list[str]) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    target = tmp_path / "bestaat-niet" / "uitvoer"
    result = run(*command, "--today", TODAY, "-o", str(target)) if command == ["check"] else run(
        *command, "-o", str(target))
    assert result.exit_code == 2, result.output
    assert f"Fout: kan niet schrijven naar '{target}': die map bestaat niet. Er is niets geschreven." in result.output
    assert "Traceback" not in result.output and not target.parent.exists()


def test_a_full_disk_on_standard_output_is_a_dutch_message(policies: Path) -> None:
    import subprocess
    import sys

    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    with open("/dev/full", "wb") as full:
        done = subprocess.run([str(Path(sys.executable).with_name("portaal")), "check", "--today", TODAY], stdout=full,
                              stderr=subprocess.PIPE, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == ("Fout: kan niet schrijven naar de uitvoer (standaarduitvoer): de schijf is vol. "
                                   "Er is niets geschreven.")


@pytest.mark.parametrize(("args", "expected"), [
    (["nginx", "--config", "bestaat-niet.yml"], "ongeldige waarde voor '--config': het bestand 'bestaat-niet.yml' "
                                                "bestaat niet"),
    (["linkcheck", "--config", "bestaat-niet.yml"], "ongeldige waarde voor '--config': het bestand "
                                                    "'bestaat-niet.yml' bestaat niet"),
    (["codeowners", "-o", "."], "ongeldige waarde voor '--output' / '-o': '.' is een map; geef een bestand"),
    (["zoekrapport", "--minimum", "0", "x.log"], "ongeldige waarde voor '--minimum': 0 is te klein: minstens 1"),
    (["zoekrapport", "--top", "abc", "x.log"], "ongeldige waarde voor '--top': 'abc' is geen geheel getal"),
])
def test_wrong_values_are_explained_in_dutch_with_dutch_usage(policies: Path, args: list[str],
                                                              expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert f"Fout: {expected}" in result.output
    assert result.output.startswith(f"Gebruik: portaal {args[0]} [OPTIES]")
    assert not re.search(r"\b(Usage|Options|does not exist|is a directory|not a valid)\b", result.output)


def test_nginx_help_is_dutch() -> None:
    result = run("nginx", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: portaal nginx [OPTIES]")
    assert "Show this message" not in result.output and "Options:" not in result.output


def test_every_command_help_is_dutch_down_to_click_notes() -> None:
    top = run("--help")
    names = re.findall(r"^  ([a-z]+)  ", top.stdout.split("Opdrachten:", 1)[1], flags=re.MULTILINE)
    assert {"check", "zoekrapport", "geldend", "new", "nginx"} <= set(names)
    notes = []
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert result.output.startswith(f"Gebruik: portaal {name}"), name
        found = re.findall(r"\[(?:default|required|env var)\b[^\]]*\]|x[<>]=|Show this message|Options:", result.output)
        assert not found, (name, found)
        notes += re.findall(r"\[(?:standaard|verplicht)[^\]]*\]", result.output)
    assert "[standaard: 5; minstens 1]" in " ".join(notes).replace("\n", " ")
    assert any(note == "[verplicht]" for note in notes)


def test_a_folder_named_like_a_document_is_a_problem_not_silently_skipped(policies: Path) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    (policies / "map.md").mkdir()
    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "policies/map.md: dit is een map, geen document; geef de map een naam zonder .md" in result.output


@pytest.mark.parametrize("command", [["export", "csv"], ["export", "register"], ["export", "ics"]])
def test_a_base_url_that_is_no_address_is_refused(policies: Path, command: list[str]) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    result = run(*command, "--base-url", "niet een url")
    assert result.exit_code == 2
    assert ("Fout: ongeldige waarde voor '--base-url': verwacht het adres van de site, zoals "
            "https://integriteit.douane.example/, gevonden 'niet een url'") in result.output
    assert run(*command, "--base-url", "https://integriteit.douane.example/").exit_code == 0


def test_a_named_pipe_and_a_link_out_of_the_project_are_named_not_read(policies: Path, tmp_path: Path) -> None:
    """A named pipe would make the check wait for ever; a linked file from outside the project would be
    published without the repository holding it."""
    import os
    import subprocess
    import sys

    write_policy(policies, "goed", reviewed="2026-06-01")
    os.mkfifo(policies / "pijp.md")
    outside = tmp_path.parent / f"{tmp_path.name}-buiten"
    outside.mkdir()
    (outside / "extern.md").write_text(_valid("extern"), encoding="utf-8")
    (policies / "extern.md").symlink_to(outside / "extern.md")
    result = subprocess.run([str(Path(sys.executable).parent / "portaal"), "check", "--today", TODAY],
                            cwd=policies.parent, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert ("policies/pijp.md: is geen gewoon bestand (maar bijvoorbeeld een named pipe of een apparaat); zet er "
            "een tekstbestand neer") in result.stdout
    assert (f"policies/extern.md: is een koppeling (symlink) naar een bestand buiten het project "
            f"({outside / 'extern.md'}); zet het document zelf in deze map") in result.stdout
    assert "Traceback" not in result.stderr
    (policies.parent / "docs").mkdir()
    placeholders = subprocess.run([str(Path(sys.executable).parent / "portaal"), "placeholders"], cwd=policies.parent,
                                  capture_output=True, text=True, timeout=60, check=False)
    assert placeholders.returncode == 1
    assert "policies/pijp.md: is geen gewoon bestand" in placeholders.stderr


def test_the_same_name_in_two_folders_is_a_duplicate_not_a_case_difference(policies: Path) -> None:
    write_policy(policies, "dubbel", reviewed="2026-06-01")
    (policies / "sub").mkdir()
    write_policy(policies / "sub", "dubbel", reviewed="2026-06-01")
    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    assert ("policies/sub/dubbel.md: heeft dezelfde naam als policies/dubbel.md; een kenmerk (id) moet uniek zijn, "
            "ook in verschillende mappen") in result.stdout
    assert "hoofdletters" not in result.stdout


def test_placeholders_shows_no_terminal_control_characters(policies: Path) -> None:
    write_policy(policies, "stuur", body="Bel [TE BEVESTIGEN: tel\x1b[8m verborgen\x1b[0m].\n")
    (policies.parent / "docs").mkdir()
    result = run("placeholders")
    assert "\x1b" not in result.output
    assert "tel\ufffd[8m verborgen\ufffd[0m" in result.stdout


def test_a_review_date_before_the_effective_date_is_refused(policies: Path) -> None:
    (policies / "vroeg.md").write_text(
        _valid("vroeg", reviewed=None, review_interval=None, review_by="2020-01-01", effective="2024-12-15"),
        encoding="utf-8")
    result = run("check", "--today", TODAY, "--overdue-as-warning")
    assert result.exit_code == 1
    assert ("review_by: ligt vóór effective (2024-12-15); de volgende beoordeling kan niet vóór de ingangsdatum "
            "liggen") in result.stdout


def test_a_version_twice_in_the_history_is_refused_unless_editorial(policies: Path) -> None:
    history: list[dict[str, Any]] = [{"version": "2.0", "date": "2026-03-01", "change": "Nieuwe regels."},
                                     {"version": "2.0", "date": "2026-02-01", "change": "Ook nieuwe regels."},
                                     {"version": "1.0", "date": "2025-01-01", "change": "Eerste versie."}]
    (policies / "dubbel.md").write_text(_valid("dubbel", version="2.0", effective="2026-03-01", history=history),
                                        encoding="utf-8")
    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "history: versie 2.0 staat meer dan één keer in de geschiedenis" in result.stdout
    history[0]["editorial"] = True  # a correction of 2.0's wording: allowed
    (policies / "dubbel.md").write_text(_valid("dubbel", version="2.0", effective="2026-03-01", history=history),
                                        encoding="utf-8")
    result = run("check", "--today", TODAY, "--overdue-as-warning")
    assert "meer dan één keer" not in result.stdout, result.stdout


def test_a_route_or_term_pointing_at_a_concept_is_refused(policies: Path) -> None:
    """A concept is not on the site: the route finder would leave the link out without a word."""
    import yaml

    write_policy(policies, "vastgesteld-doc", reviewed="2026-06-01")
    write_policy(policies, "nog-concept", status="concept")
    routes = yaml.safe_load((policies / "meldroutes.yml").read_text(encoding="utf-8"))
    routes["routes"][0]["policy"] = "nog-concept"
    routes["routes"][1]["policy"] = "vastgesteld-doc"
    (policies / "meldroutes.yml").write_text(yaml.safe_dump(routes, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")
    result = run("check", "--today", TODAY)
    assert result.exit_code == 1
    assert ("verwijst naar 'nog-concept', maar dat is een concept en staat niet op de site; verwijs naar een "
            "vastgesteld document of laat de verwijzing weg") in result.stdout
    assert "vastgesteld-doc'" not in result.stdout
