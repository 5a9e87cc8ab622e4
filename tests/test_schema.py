"""Unit tests of front-matter validation: exact Dutch messages per kind of error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portaal.core.catalog import load_catalog
from portaal.core.problems import CatalogError, Code, describe_value
from tests.helpers import policy_text, write_policy, write_taxonomy


def problems_for(tmp_path: Path, text: str, name: str = "doc.md") -> list[str]:
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    write_taxonomy(folder)
    (folder / name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        # an impossible date: the day does not exist
        ({"effective": "2025-02-30"}, "policies/doc.md:11: effective: deze datum bestaat niet: '2025-02-30'"),
        # a Dutch-style date instead of ISO
        ({"review_by": "31-13-2025", "review_interval": None},
         "policies/doc.md:14: review_by: verwacht een datum als 2027-01-01, gevonden '31-13-2025'"),
        # an unknown role
        ({"audience": ["douaniers"]},
         "policies/doc.md:7: audience: onbekende waarde 'douaniers'; kies uit: alle-medewerkers, "
         "leidinggevenden, handhaving-toezicht, scan-detectie, meest-risicovolle-functies, "
         "selectie-risicoanalyse, ict-autorisatiebeheer, p-en-o, vertrouwenspersonen, bvi"),
        # an unknown document type
        ({"type": "wet"}, "policies/doc.md:4: type: onbekende waarde 'wet'; kies uit: gedragscode, beleid, "
                          "procedure, handreiking, casus"),
        # an unknown theme
        ({"themes": ["cultuur"]}, "policies/doc.md:8: themes: onbekende waarde 'cultuur'; kies uit: "
         "kennis-expertise, actueel-beleid, beschermende-maatregelen, ethisch-leiderschap, alerte-medewerkers, "
         "bureau-veiligheid-integriteit"),
        # an unknown owner
        ({"owner": "jan"}, "policies/doc.md:6: owner: onbekende waarde 'jan'; kies uit: bvi, "
         "programma-integriteit, p-en-o, informatiebeveiliging, veiligheid, communicatie"),
        # a version written as a number
        ({"version": 2.0}, "policies/doc.md:10: version: verwacht een versie als tekst tussen aanhalingstekens, "
                           "zoals \"2.0\"; gevonden het getal 2.0"),
        # a list written as one string
        ({"audience": "leidinggevenden"}, "policies/doc.md:7: audience: verwacht een lijst zoals "
         "['alle-medewerkers'], gevonden de tekst 'leidinggevenden' (zet de waarde tussen [ en ])"),
        # an unknown status
        ({"status": "definitief"}, "policies/doc.md:9: status: verwacht een van: concept, vastgesteld, "
                                   "vervallen; gevonden 'definitief'"),
        # a classification above what the portal may publish
        ({"classification": "departementaal-vertrouwelijk"},
         "policies/doc.md:14: classification: 'departementaal-vertrouwelijk' is hoger dan het portaal mag "
         "publiceren (hoogste niveau: 'intern'); publiceer dit document niet in het portaal"),
        # a missing required field
        ({"summary": None}, "policies/doc.md: summary: dit verplichte veld ontbreekt (bijvoorbeeld: summary: "
                            "Wat je als douanemedewerker wel en niet doet.)"),
        # both review fields
        ({"review_by": "2027-01-01"}, "policies/doc.md:13: review_interval: vul precies één van review_interval "
                                      "(maanden) en review_by (datum) in, niet allebei"),
        # a review interval that is not a number of months
        ({"review_interval": "jaarlijks"}, "policies/doc.md:13: review_interval: verwacht een aantal maanden "
                                           "van 1 tot en met 120, gevonden 'jaarlijks'"),
        # an unknown field
        ({"eigenaar": "bvi"}, "policies/doc.md:15: eigenaar: onbekend veld; bedoel je een van: adopted_by, "
         "audience, classification, decision, decision_date, effective, history, id, keywords, owner, related, "
         "review_by, review_interval, reviewed, status, summary, supersedes, themes, title, type, version, vragen?"),
        # a related document that does not exist
        ({"related": ["bestaat-niet"]}, "policies/doc.md:15: related: verwijst naar 'bestaat-niet', maar dat "
                                        "document bestaat niet"),
        # an id that is not a slug
        ({"id": "Gedrags Code"}, "policies/doc.md:2: id: verwacht kleine letters, cijfers en streepjes zoals "
                                 "'gedragscode-douane', gevonden 'Gedrags Code'"),
        # a number inside a list of words
        ({"keywords": ["cadeau", 1]}, "policies/doc.md:15: keywords: verwacht een lijst van teksten zoals "
         "['geschenk', 'cadeau']; in de lijst staat het getal 1 (zet zo'n waarde tussen aanhalingstekens)"),
        # a list where one value is expected
        ({"owner": ["bvi"]}, "policies/doc.md:6: owner: verwacht één waarde, gevonden een lijst; kies uit: bvi, "
         "programma-integriteit, p-en-o, informatiebeveiliging, veiligheid, communicatie"),
        # reviewed before the version was in force
        ({"reviewed": "2025-12-31"}, "policies/doc.md:12: reviewed: ligt vóór effective (2026-01-01); een "
         "beoordeling gaat over de versie die geldt, dus verwacht een datum vanaf effective"),
        # the newest history entry does not carry the current version
        ({"history": [{"version": "0.9", "date": "2025-01-01", "change": "Eerste versie."}]},
         "policies/doc.md:15: history: de nieuwste regel heeft versie '0.9', maar version is '1.0'; zet de "
         "nieuwe versie bovenaan"),
        # a history entry without its change
        ({"history": [{"version": "1.0", "date": "2026-01-01"}]},
         "policies/doc.md:15: history: regel 1 van de geschiedenis: verwacht precies version, date en change; "
         "ontbreekt: change"),
    ],
)
def test_field_errors_have_exact_messages(tmp_path: Path, fields: dict[str, Any], expected: str) -> None:
    text = policy_text("doc", **fields)
    assert expected in problems_for(tmp_path, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML that does not parse, with the line of the problem
        ("---\nid: doc\ntitle: Een: twee: drie\n---\n",
         "policies/doc.md:3: de YAML van de front matter is ongeldig: een ':' op een plek waar dat niet mag "
         "(zet de waarde tussen aanhalingstekens)"),
        # no closing fence
        ("---\nid: doc\ntitle: Iets\n", "policies/doc.md:1: de front matter is niet afgesloten: verwacht een "
                                        "regel '---' na de velden"),
        # an empty file
        ("", "policies/doc.md:1: het bestand is leeg; verwacht front matter tussen twee regels '---'"),
        # front matter that is a list
        ("---\n- id\n- title\n---\n", "policies/doc.md:2: verwacht velden als 'naam: waarde' in de front "
                                      "matter, gevonden een lijst"),
        # no front matter at all
        ("# Titel\n\nTekst\n", "policies/doc.md:1: verwacht front matter: de eerste regel moet '---' zijn"),
        # a field given twice
        ("---\nid: doc\nid: doc\n---\n", "policies/doc.md:3: het veld 'id' staat er twee keer in"),
        # a key given twice deeper down
        ("---\nid: doc\nhistory:\n  - version: '1.0'\n    version: '1.1'\n---\n",
         "policies/doc.md:5: de YAML van de front matter is ongeldig: 'version' staat er twee keer in"),
    ],
)
def test_unreadable_front_matter(tmp_path: Path, text: str, expected: str) -> None:
    assert problems_for(tmp_path, text) == [expected]


def test_non_utf8_file_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    write_taxonomy(folder)
    (folder / "doc.md").write_bytes(policy_text("doc", title="Caf\u00e9").encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    (message,) = [str(p) for p in caught.value.problems]
    assert message.startswith("policies/doc.md:3: het bestand is geen geldige UTF-8-tekst")


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    write_taxonomy(folder)
    text = policy_text("doc").replace("\n", "\r\n")
    (folder / "doc.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    catalog = load_catalog(folder, base=tmp_path)
    assert [p.id for p in catalog] == ["doc"]


def test_all_problems_of_the_set_are_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    (folder).mkdir()
    write_taxonomy(folder)
    write_policy(folder, "een", effective="2025-02-30")
    write_policy(folder, "twee", owner="niemand")
    write_policy(folder, "drie", related=["vier"])
    (folder / "vijf.md").write_text("---\nid: vijf\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    assert [(p.path, p.field) for p in caught.value.problems] == [
        ("policies/drie.md", "related"),
        ("policies/een.md", "effective"),
        ("policies/twee.md", "owner"),
        ("policies/vijf.md", ""),
    ]
    assert caught.value.report().startswith("Het beleid bevat 4 problemen:\n  - policies/drie.md:")


def test_duplicate_ids_and_file_name_mismatch(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_policy(folder, "gedragscode")
    (folder / "kopie.md").write_text(policy_text("gedragscode"), encoding="utf-8")
    write_taxonomy(folder)
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "policies/kopie.md:2: id: moet gelijk zijn aan de bestandsnaam 'kopie', gevonden 'gedragscode'",
    ]


def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_policy(folder, "ok")
    write_taxonomy(folder)
    (folder / "kapot.md").symlink_to(folder / "bestaat-niet.md")
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder, base=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "policies/kapot.md: kan het bestand niet lezen: het bestand is weg of een snelkoppeling naar niets"
    ]


def test_valid_policy_becomes_a_model(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_policy(folder, "doc", keywords=["cadeau"], review_interval=6, reviewed="2026-08-31")
    write_taxonomy(folder)
    (policy,) = load_catalog(folder, base=tmp_path)
    assert policy.next_review.isoformat() == "2027-02-28"  # the end of a shorter month
    assert policy.keywords == ("cadeau",)
    assert policy.source == "policies/doc.md"


@pytest.mark.parametrize(("fields", "expected"), [
    # a required field left out
    ({"title": None}, ("title", Code.MISSING)),
    # a value of the wrong form
    ({"review_interval": "jaarlijks"}, ("review_interval", Code.INVALID)),
    # an id the taxonomy does not know
    ({"owner": "niemand"}, ("owner", Code.UNKNOWN_ID)),
    # a field the schema does not have
    ({"auteur": "Piet"}, ("auteur", Code.UNKNOWN_FIELD)),
    # two fields that cannot both be set
    ({"review_by": "2027-01-01"}, ("review_interval", Code.CONFLICT)),
    # a field the status makes required
    ({"adopted_by": None}, ("adopted_by", Code.REQUIRED_FOR_STATUS)),
])
def test_every_problem_carries_a_code(tmp_path: Path, fields: dict[str, Any], expected: tuple[str, Code]) -> None:
    """Code decides by the code (scaffold does), never by the Dutch words of the message."""
    folder = tmp_path / "policies"
    write_taxonomy(folder)
    write_policy(folder, "doc", **fields)
    with pytest.raises(CatalogError) as raised:
        load_catalog(folder)
    assert [(p.field, p.code) for p in raised.value.problems] == [expected]


def test_a_wrong_value_is_described_one_way() -> None:
    assert [describe_value(v) for v in (None, True, 3, "x", [1], {"a": 1})] == [
        "niets", "'true' (ja/nee)", "het getal 3", "'x'", "een lijst", "een groep velden"]
