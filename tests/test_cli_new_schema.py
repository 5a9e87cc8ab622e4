"""`portaal new` and `portaal schema`: the scaffold passes the check, the schema agrees with the checker."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from portaal.core.catalog import policy_files
from portaal.core.frontmatter import decode, split
from portaal.core.schema import json_schema, validate
from portaal.core.taxonomy import load_taxonomy
from tests.helpers import APPROVAL, BASE_META, ROOT, TAXONOMY, run_cli, write_policy

TODAY = "2026-11-28"
FLAGS = ["--title", "Geschenken en uitnodigingen", "--type", "gedragscode",
         "--summary", "Wat je doet als iemand je iets aanbiedt.", "--owner", "bvi",
         "--audience", "alle-medewerkers, leidinggevenden", "--themes", "actueel-beleid"]


run = run_cli




def test_new_by_flags_passes_check(policies: Path) -> None:
    result = run("new", "--no-input", "--today", TODAY, *FLAGS)
    assert result.exit_code == 0, result.output
    path = policies / "geschenken-en-uitnodigingen.md"
    assert result.stdout.startswith(f"Nieuw document: {Path('policies', path.name)}")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\nid: geschenken-en-uitnodigingen\ntitle: Geschenken en uitnodigingen\n")
    assert "audience: [alle-medewerkers, leidinggevenden]\n" in text
    assert "status: concept\nversion: '0.1'\neffective: 2026-11-28\nreview_interval: 12\n" in text
    check = run("check", "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert "geschenken-en-uitnodigingen  concept" in check.stdout


def test_new_by_prompts_asks_again_after_a_wrong_answer(policies: Path) -> None:
    answers = ["Nevenwerkzaamheden", "",  # title, id (default from the title)
               "regeling", "beleid",  # type: first an unknown one
               "Welke nevenfuncties je meldt.", "p-en-o", "", "actueel-beleid", "", "", "", "", "6"]
    result = run("new", "--today", TODAY, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Fout: onbekende waarde 'regeling'; kies uit: gedragscode, beleid," in result.stderr
    meta = split(decode((policies / "nevenwerkzaamheden.md").read_bytes())).meta
    assert (meta["id"], meta["type"], meta["owner"], meta["review_interval"]) == (
        "nevenwerkzaamheden", "beleid", "p-en-o", 6)
    assert meta["audience"] == ["alle-medewerkers"] and meta["classification"] == "intern"
    assert run("check", "--today", TODAY).exit_code == 0


@pytest.mark.parametrize("existing", ["geschenken-en-uitnodigingen", "Geschenken-En-Uitnodigingen"])
def test_new_refuses_an_existing_id(policies: Path, existing: str) -> None:
    write_policy(policies, existing)
    result = run("new", "--no-input", "--today", TODAY, *FLAGS)
    assert result.exit_code == 2
    assert (f"id: het kenmerk 'geschenken-en-uitnodigingen' bestaat al ({existing}.md); kies een ander kenmerk"
            in result.stderr)
    assert len(policy_files(policies)) == 1


def test_new_reports_every_wrong_flag(policies: Path) -> None:
    result = run("new", "--no-input", "--today", TODAY, *FLAGS, "--owner", "hr", "--effective", "2025-02-30",
                 "--related", "bestaat-niet")
    assert result.exit_code == 2
    assert "owner: onbekende waarde 'hr'" in result.stderr
    assert "effective: deze datum bestaat niet: '2025-02-30'" in result.stderr
    assert "related: deze documenten bestaan niet: bestaat-niet" in result.stderr
    assert policy_files(policies) == []


def test_new_without_input_names_what_is_missing(policies: Path) -> None:
    result = run("new", "--no-input", "--title", "Iets")
    assert result.exit_code == 2
    assert "Fout: geef ook --type, --summary, --owner, --themes" in result.stderr


def test_new_adopted_document_needs_and_records_its_approval(policies: Path) -> None:
    without = run("new", "--no-input", "--today", TODAY, *FLAGS, "--status", "vastgesteld")
    assert without.exit_code == 2
    assert "Fout: geef ook --adopted-by, --decision, --decision-date" in without.stderr
    assert policy_files(policies) == []
    approval = ["--adopted-by", "mt-douane", "--decision", "MT-besluit 2026-020", "--decision-date", "2026-11-27"]
    result = run("new", "--no-input", "--today", TODAY, *FLAGS, "--status", "vastgesteld", *approval)
    assert result.exit_code == 0, result.output
    meta = split(decode((policies / "geschenken-en-uitnodigingen.md").read_bytes())).meta
    assert (meta["status"], meta["adopted_by"], meta["decision"], meta["decision_date"]) == (
        "vastgesteld", "mt-douane", "MT-besluit 2026-020", "2026-11-27")
    assert run("check", "--today", TODAY).exit_code == 0


def test_new_asks_for_the_approval_only_when_the_status_needs_it(policies: Path) -> None:
    answers = ["Nevenwerkzaamheden", "", "beleid", "Welke nevenfuncties je meldt.", "p-en-o", "",
               "actueel-beleid", "", "vastgesteld", "1.0", "", "",
               "bestuur", "mt-douane", "MT-besluit 2026-021", "2026-11-31", "2026-11-20"]
    result = run("new", "--today", TODAY, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Vastgesteld door (adopted_by)" in result.stdout
    assert "Fout: onbekende waarde 'bestuur'" in result.stderr
    assert "Fout: deze datum bestaat niet: '2026-11-31'" in result.stderr
    meta = split(decode((policies / "nevenwerkzaamheden.md").read_bytes())).meta
    assert (meta["adopted_by"], meta["decision"], meta["decision_date"]) == (
        "mt-douane", "MT-besluit 2026-021", "2026-11-20")
    concept = run("new", "--today", TODAY, input="\n".join(["Iets anders", *answers[1:8], "", "", "", "", ""]) + "\n")
    assert concept.exit_code == 0, concept.output
    assert "adopted_by" not in concept.stdout
    assert run("check", "--today", TODAY).exit_code == 0


# -- schema ------------------------------------------------------------------------------

def test_schema_command_writes_the_schema(policies: Path, tmp_path: Path) -> None:
    target = tmp_path / "beleid.schema.json"
    assert run("schema", "--output", str(target)).exit_code == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["owner"]["enum"] == list(load_taxonomy(TAXONOMY).owners)
    assert "bvi" in schema["properties"]["owner"]["enum"]
    assert schema["properties"]["title"]["description"] == "De titel zoals lezers die zien."


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json_schema(load_taxonomy(TAXONOMY)),
                                           format_checker=jsonschema.FormatChecker())


def _real_policies() -> list[Path]:
    return policy_files(ROOT / "policies")


@pytest.mark.parametrize("path", _real_policies(), ids=lambda path: path.stem)
def test_every_real_policy_is_valid_against_the_schema(path: Path) -> None:
    _validator().validate(split(decode(path.read_bytes())).meta)


FULL: dict[str, Any] = {"id": "volledig", **BASE_META, **APPROVAL, "related": [], "supersedes": None,
                        "keywords": ["cadeau"],
                        "history": [{"version": "1.0", "date": "2026-01-01", "change": "Eerste versie."}]}


@pytest.mark.parametrize("meta", [
    {"id": "minimaal", **BASE_META, **APPROVAL},
    FULL,
    {"id": "nog-te-bevestigen", **BASE_META, "adopted_by": "[TE BEVESTIGEN: orgaan]",
     "decision": "[TE BEVESTIGEN: besluit]", "decision_date": "[TE BEVESTIGEN: datum]"},  # marked placeholders
    {"id": "concept", **BASE_META, "status": "concept"},  # a concept needs no approval yet
    FULL | {"history": [{"version": "1.0", "date": "2026-02-01", "change": "Typefout.", "editorial": True},
                        {"version": "1.0", "date": "2026-01-01", "change": "Eerste versie."}]},
    {key: value for key, value in FULL.items() if key != "review_interval"} | {"review_by": "2027-01-01"},
])
def test_valid_front_matter_passes_checker_and_schema(meta: dict[str, Any]) -> None:
    _values, problems = validate(meta, load_taxonomy(TAXONOMY))
    assert problems == []
    _validator().validate(meta)


@pytest.mark.parametrize("change", [
    {"effective": "2025-02-30"},  # a date that does not exist
    {"effective": "30-06-2025"},  # a date in the wrong form
    {"version": 1.0},  # a version as a number
    {"title": "   "},  # an empty title
    {"title": None},  # a required field left empty
    {"status": "definitief"},  # an unknown status
    {"owner": "hr"},  # an unknown owner
    {"audience": []},  # nobody
    {"audience": "alle-medewerkers"},  # a list written as text
    {"themes": ["onbekend"]},  # an unknown theme
    {"review_interval": 0},  # zero months
    {"review_interval": True},  # yes/no instead of a number
    {"review_by": "2027-01-01"},  # both review fields
    {"id": "Hoofdletters"},  # not a slug
    {"related": ["Niet Goed"]},  # a reference that is no id
    {"history": [{"version": "1.0", "date": "2026-01-01"}]},  # history without change
    {"auteur": "Jan"},  # an unknown field
    {"adopted_by": None},  # an adopted document without who adopted it
    {"decision": None, "adopted_by": None, "decision_date": None},  # nor the decision
    {"adopted_by": "de-baas"},  # a body that is not in the taxonomy
    {"decision_date": "morgen"},  # no date and no placeholder
    {"history": [{"version": "1.0", "date": "2026-01-01", "change": "X", "editorial": "ja"}]},  # yes/no as text
])
def test_broken_front_matter_fails_checker_and_schema(change: dict[str, Any]) -> None:
    meta = {"id": "kapot", **BASE_META, **APPROVAL, **change}
    _values, problems = validate(meta, load_taxonomy(TAXONOMY))
    assert problems, "the checker accepts it"
    assert list(_validator().iter_errors(meta)), "the schema accepts it"


def test_missing_review_fields_fail_checker_and_schema() -> None:
    meta = {key: value for key, value in {"id": "kapot", **BASE_META}.items() if key != "review_interval"}
    assert validate(meta, load_taxonomy(TAXONOMY))[1]
    assert list(_validator().iter_errors(meta))


# -- what `portaal check` would refuse, names in the choices, a redundant audience ------------------

def test_new_refuses_a_classification_above_what_the_portal_may_publish(policies: Path) -> None:
    flags = [flag if flag != "alle-medewerkers, leidinggevenden" else "alle-medewerkers" for flag in FLAGS]
    result = run("new", "--no-input", "--today", TODAY, *flags, "--classification", "departementaal-vertrouwelijk")
    assert result.exit_code == 2
    assert ("classification: 'departementaal-vertrouwelijk' is hoger dan het portaal mag publiceren "
            "(hoogste niveau: 'intern'); publiceer dit document niet in het portaal") in result.stderr
    assert policy_files(policies) == []
    # the check says the same of such a file
    write_policy(policies, "geheim", classification="departementaal-vertrouwelijk")
    assert "'departementaal-vertrouwelijk' is hoger dan het portaal mag publiceren" in run("check").stdout


def test_new_asks_again_for_a_classification_it_may_not_publish_and_lists_names(policies: Path) -> None:
    answers = ["Nevenwerkzaamheden", "", "beleid", "Welke nevenfuncties je meldt.", "p-en-o", "",
               "actueel-beleid", "departementaal-vertrouwelijk", "openbaar", "", "", "", ""]
    result = run("new", "--today", TODAY, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Fout: 'departementaal-vertrouwelijk' is hoger dan het portaal mag publiceren" in result.stderr
    assert split(decode((policies / "nevenwerkzaamheden.md").read_bytes())).meta["classification"] == "openbaar"
    # choices: the id to type, with the name people know; no level the portal may not publish
    assert "  p-en-o                 Directie P&O\n" in result.stdout
    assert "  alle-medewerkers            Alle medewerkers\n" in result.stdout
    assert "  openbaar  Openbaar\n  intern    Intern\n" in result.stdout
    assert "departementaal-vertrouwelijk  " not in result.stdout


def test_new_warns_about_a_role_its_audience_already_covers(policies: Path) -> None:
    result = run("new", "--no-input", "--today", TODAY, *FLAGS)  # alle-medewerkers, leidinggevenden
    assert result.exit_code == 0
    assert ("Let op: audience: 'leidinggevenden' is overbodig: die rol erft van 'alle-medewerkers', dat er al in "
            "staat. Een document voor 'alle-medewerkers' geldt ook voor 'leidinggevenden'.") in result.stderr
    flags = [flag if flag != "alle-medewerkers, leidinggevenden" else "leidinggevenden, p-en-o" for flag in FLAGS]
    clean = run("new", "--no-input", "--today", TODAY, *flags, "--id", "zonder-overbodige-rol")
    assert clean.exit_code == 0 and "overbodig" not in clean.stderr
