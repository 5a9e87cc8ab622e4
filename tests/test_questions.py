"""`vragen:`: the questions a document, a route or a term answers. Validation, warnings, pages, content."""

from __future__ import annotations

import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from portaal.core.catalog import load_catalog, read_catalog
from portaal.core.problems import CatalogError
from portaal.core.questions import QUESTION_MAX, check_questions, question_key
from portaal.core.schema import json_schema, validate
from portaal.core.taxonomy import load_taxonomy
from tests.helpers import BASE_META, ROOT, TAXONOMY, build, make_project, run_cli, write_policy, write_taxonomy

TODAY = "2026-11-28"
LONG = "Mag ik " + "heel " * 30 + "lang vragen?"


def problems_for(tmp_path: Path, **fields: Any) -> list[str]:
    folder = tmp_path / "policies"
    write_policy(folder, "doc", **fields)
    write_taxonomy(folder)
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("vragen", "expected"),
    [
        # one question written as a text instead of a list
        ("Mag ik een cadeau aannemen?", "policies/doc.md:15: vragen: verwacht een lijst van vragen, gevonden de "
         "tekst 'Mag ik een cadeau aannemen?' (zet elke vraag op een eigen regel die begint met '- ')"),
        # a question longer than QUESTION_MAX characters
        ([LONG], f"policies/doc.md:15: vragen: vraag 1 is {len(LONG)} tekens lang, hoogstens 120 mag; schrijf "
                 "hem korter, zoals een collega hem intypt: 'Mag ik heel heel heel heel heel heel…'"),
        # the same question twice: case, spaces and the question mark do not make it another question
        (["Mag ik een cadeau aannemen?", "mag ik een  CADEAU aannemen"],
         "policies/doc.md:15: vragen: vraag 2 staat er al als vraag 1: 'mag ik een CADEAU aannemen'"),
        # a question with a colon that YAML read as a group of fields
        ([{"Vraag": "mag dat?"}], "policies/doc.md:15: vragen: vraag 1: verwacht een tekst, gevonden een groep velden "
                              "(zet een vraag met een dubbele punt tussen aanhalingstekens)"),
        # an empty question
        (["Mag dat?", " "], "policies/doc.md:15: vragen: vraag 2: verwacht een tekst, gevonden ' ' (zet een vraag "
                            "met een dubbele punt tussen aanhalingstekens)"),
    ],
)
def test_broken_questions_have_exact_messages(tmp_path: Path, vragen: Any, expected: str) -> None:
    assert problems_for(tmp_path, vragen=vragen) == [expected]


def test_questions_become_part_of_the_model_tidied(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_taxonomy(folder)
    write_policy(folder, "doc", vragen=["Mag ik  een cadeau\taannemen?", "x" * QUESTION_MAX])
    catalog = load_catalog(folder)
    assert catalog.get("doc").vragen == ("Mag ik een cadeau aannemen?", "x" * QUESTION_MAX)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Mag ik een cadeau aannemen?", "mag ik een cadeau aannemen", True),  # case and the question mark
        ("Mag ik een cadeau aannemen?", "Mag ik  een cadeau aannemen ?", True),  # spaces
        ("Mag ik een cadeau aannemen?", "Mag ik een cadeau geven?", False),  # another question
    ],
)
def test_question_key(a: str, b: str, same: bool) -> None:
    assert (question_key(a) == question_key(b)) is same


@pytest.mark.parametrize(
    "vragen",
    [
        ["Mag ik een cadeau aannemen?", "Wat doe ik met een uitnodiging?"],  # valid
        [LONG],  # too long
        ["Mag dat?", "Mag dat?"],  # twice
        "Mag dat?",  # not a list
        [3],  # not a text
    ],
)
def test_checker_and_json_schema_agree_on_questions(vragen: Any) -> None:
    taxonomy = load_taxonomy(TAXONOMY)
    meta = {"id": "doc", **BASE_META, "vragen": vragen}
    _values, problems = validate(meta, taxonomy)
    validator = jsonschema.Draft202012Validator(json_schema(taxonomy), format_checker=jsonschema.FormatChecker())
    assert bool(problems) == bool(list(validator.iter_errors(meta)))


def test_check_questions_accepts_an_empty_list() -> None:
    assert check_questions([]) == ()


# -- a question in two places is a warning -----------------------------------------

@pytest.fixture
def shared(policies: Path) -> Path:
    write_policy(policies, "een", title="Een", vragen=["Mag ik een cadeau aannemen?", "Alleen hier?"])
    write_policy(policies, "twee", title="Twee", vragen=["mag ik een cadeau aannemen"])
    return policies


def test_a_question_in_two_documents_is_a_warning_naming_both(shared: Path) -> None:
    catalog, problems = read_catalog(shared)
    assert problems == []
    assert [str(w) for w in catalog.warnings] == [
        "policies/een.md:15: vragen: de vraag 'Mag ik een cadeau aannemen?' staat ook bij policies/twee.md; laat "
        "één document de vraag beantwoorden, anders weet de zoekfunctie niet welk antwoord je bedoelt"]


def test_check_shows_the_warning_and_still_exits_0(shared: Path) -> None:
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Waarschuwingen (1; de controle faalt er niet op):" in result.stdout
    assert "policies/een.md:15: vragen: de vraag 'Mag ik een cadeau aannemen?' staat ook bij policies/twee.md" \
        in result.stdout
    assert "1 waarschuwing. In orde." in result.stdout


def test_check_json_and_junit_carry_the_warning(shared: Path) -> None:
    report = json.loads(run_cli("check", "--today", TODAY, "--format", "json").stdout)
    assert report["exit_code"] == 0
    assert report["summary"]["warnings"] == 1
    assert report["warnings"][0]["file"] == "policies/een.md"
    assert report["warnings"][0]["field"] == "vragen"
    assert "policies/twee.md" in report["warnings"][0]["message"]
    junit = ET.fromstring(run_cli("check", "--today", TODAY, "--format", "junit").stdout)
    assert junit.get("failures") == "0"
    case = next(c for c in junit.iter("testcase") if c.get("name") == "policies/een.md")
    out = case.find("system-out")
    assert out is not None and out.text is not None
    assert out.text.startswith("Waarschuwing: policies/een.md:15: vragen: de vraag 'Mag ik een cadeau aannemen?'")


def test_a_route_that_asks_a_documents_question_is_a_warning(policies: Path) -> None:
    routes = yaml.safe_load((policies / "meldroutes.yml").read_text(encoding="utf-8"))
    question = routes["routes"][0]["vragen"][0]
    write_policy(policies, "een", title="Een", vragen=[question])
    report = json.loads(run_cli("check", "--today", TODAY, "--format", "json").stdout)
    assert report["exit_code"] == 0
    assert [w["message"] for w in report["warnings"]] == [
        f"de vraag '{question}' staat ook bij policies/meldroutes.yml (routes[1]); laat één document de vraag "
        "beantwoorden, anders weet de zoekfunctie niet welk antwoord je bedoelt"]
    junit = ET.fromstring(run_cli("check", "--today", TODAY, "--format", "junit").stdout)
    assert junit.get("failures") == "0"


# -- routes and terms -------------------------------------------------------------

def _edit_routes(policies: Path, change: dict[str, Any]) -> None:
    path = policies / "meldroutes.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["routes"][1].update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # a question list written as a text
        ({"vragen": "Ik word bedreigd"}, "policies/meldroutes.yml: routes[2].vragen: verwacht een lijst van "
         "vragen, gevonden de tekst 'Ik word bedreigd' (zet elke vraag op een eigen regel die begint met '- ')"),
        # a question twice
        ({"vragen": ["Ik word bedreigd", "ik word bedreigd?"]},
         "policies/meldroutes.yml: routes[2].vragen: vraag 2 staat er al als vraag 1: 'ik word bedreigd?'"),
        # a misspelt field name: the message lists vragen among the fields
        ({"vraag": ["Ik word bedreigd"]}, "policies/meldroutes.yml: routes[2]: onbekend veld: vraag; verwacht: "
         "situation, channel, contact, timeframe, next, confidentiality, policy, vragen"),
    ],
)
def test_broken_route_questions_are_problems_of_the_data_file(policies: Path, change: dict[str, Any],
                                                              expected: str) -> None:
    _edit_routes(policies, change)
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert re.search(r"\.yml:\d+: ", result.stdout)  # data-file problems carry their line
    assert expected in re.sub(r"(\.yml):\d+: ", r"\1: ", result.stdout)


def test_broken_term_questions_are_problems_of_the_glossary(policies: Path) -> None:
    path = policies / "begrippen.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[0]["vragen"] = [LONG]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert f"policies/begrippen.yml:5: [1].vragen: vraag 1 is {len(LONG)} tekens lang" in result.stdout


# -- the site ---------------------------------------------------------------------

BUILD_LOG: list[str] = []
HOSTILE = "Mag ik <script>alert(1)</script> & {{ x }} zeggen?"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("vragen"), {
        "met-vragen": {"title": "Met vragen", "vragen": ["Mag ik een cadeau aannemen?", HOSTILE]},
        "zonder-vragen": {"title": "Zonder vragen"},
        "ook-cadeau": {"title": "Ook cadeau", "vragen": ["mag ik een cadeau aannemen"]},
    })
    routes = project / "policies" / "meldroutes.yml"
    data = yaml.safe_load(routes.read_text(encoding="utf-8"))
    data["routes"][2]["vragen"] = ["Ik heb <b>iets</b> fout gedaan"]
    routes.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    logger = logging.getLogger("mkdocs.plugins.portaal")
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect()
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.INFO)
    try:
        site = build(project)  # strict: the shared question must not stop the build
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    BUILD_LOG[:] = [f"{r.levelname} {r.getMessage()}" for r in records]
    return site


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_build_reports_the_shared_question_without_failing(site: Path) -> None:
    log = "\n".join(BUILD_LOG)
    assert ("INFO Waarschuwing: policies/met-vragen.md:15: vragen: de vraag 'Mag ik een cadeau aannemen?' staat "
            "ook bij policies/ook-cadeau.md") in log


def test_policy_page_lists_its_questions_collapsed(site: Path) -> None:
    soup = soup_of(site, "beleid/met-vragen/index.html")
    details = soup.select("details.portaal-questions")
    assert len(details) == 1
    assert details[0].get("open") is None  # collapsed
    summary = details[0].find("summary")
    assert summary is not None and summary.get_text(strip=True) == "Antwoord op deze vragen"
    assert [li.get_text() for li in details[0].select("li")] == ["Mag ik een cadeau aannemen?", HOSTILE]
    assert not soup.select("article script, .md-content script")
    assert "<script>alert" not in str(soup.select_one(".md-content"))


def test_policy_page_without_questions_has_no_empty_block(site: Path) -> None:
    assert not soup_of(site, "beleid/zonder-vragen/index.html").select("details.portaal-questions")


def test_route_questions_sit_under_the_routes_anchor(site: Path) -> None:
    soup = soup_of(site, "waar-meld-ik-wat/index.html")
    routes = yaml.safe_load((ROOT / "policies" / "meldroutes.yml").read_text(encoding="utf-8"))["routes"]
    for number, route in enumerate(routes, start=1):
        heading = soup.find(id=f"melden-{number}")
        assert heading is not None
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            section.append(sibling.get_text(" ", strip=True))
        text = " ".join(section)
        expected = ["Ik heb <b>iets</b> fout gedaan"] if number == 3 else route["vragen"]
        for question in expected:
            assert question in text, (number, question)
    assert soup.find("b", string="iets") is None  # the author's HTML is text


# -- the real content ----------------------------------------------------------------

def test_every_document_answers_at_least_five_questions() -> None:
    """Every real document, also a concept or a withdrawn one (found with "ook vervallen documenten")."""
    catalog = load_catalog(ROOT / "policies")
    documents = list(catalog)
    assert {policy.status for policy in documents} >= {"vastgesteld", "concept", "vervallen"}
    short = [policy.id for policy in documents if len(policy.vragen) < 5]
    assert short == []
    assert catalog.routes is not None
    assert all(len(route.vragen) >= 3 for route in catalog.routes.routes)
    assert catalog.warnings == ()


def test_questions_use_words_the_text_does_not() -> None:
    """The point of questions: employees' words that the document itself does not use."""
    catalog = load_catalog(ROOT / "policies")
    for policy_id, word in (("monitoring-loggegevens", "zoekacties"), ("ethisch-leiderschap", "team"),
                            ("casus-even-kijken-in-systeem", "praktijkvoorbeeld")):
        policy = catalog.get(policy_id)
        assert any(word in question.casefold() for question in policy.vragen)
    assert "zoekacties" not in catalog.get("monitoring-loggegevens").body.casefold()
    assert "praktijkvoorbeeld" not in catalog.get("casus-even-kijken-in-systeem").body.casefold()


def test_build_writes_the_file_that_records_a_finished_search(site: Path) -> None:
    """The search UI requests zoekactie.txt?q=…&n=… (README: URL convention); it must exist (200, not 404)."""
    assert (site / "zoekactie.txt").read_text(encoding="utf-8").startswith("Deze aanvraag legt een zoekactie vast")
