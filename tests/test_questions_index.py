"""What the search index learns from `vragen:` (issue 15): a weighted meta field per document and the
vocabulary for "Bedoelde je …?"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication
from portaal.site.search import QUESTION_SEPARATOR, vocabulary
from tests.helpers import ROOT, build, make_project

HOSTILE = "Mag ik <script>x</script> zeggen?"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("index"), {
        "met-vragen": {"title": "Met vragen", "keywords": ["relatiegeschenk"],
                       "vragen": ["Mag ik een kerstpakket aannemen?", HOSTILE]},
        "geheim-concept": {"title": "Geheim concept", "status": "concept", "vragen": ["Wat is zwaluwstaart?"]},
    })
    return build(project)


def test_questions_are_a_meta_field_of_the_policy_page(site: Path) -> None:
    soup = BeautifulSoup((site / "beleid" / "met-vragen" / "index.html").read_text(encoding="utf-8"), "html.parser")
    field = soup.select_one('[data-pagefind-meta="vragen"]')
    assert field is not None
    assert field.get_text() == QUESTION_SEPARATOR.join(["Mag ik een kerstpakket aannemen?", HOSTILE])
    assert soup.find("script", string="x") is None
    details = soup.select_one("details.portaal-questions")
    assert details is not None
    assert any(parent.has_attr("data-pagefind-ignore") for parent in details.parents)  # meta only, no double count


def test_the_vocabulary_holds_titles_keywords_questions_and_terms_but_no_concepts(site: Path) -> None:
    raw = (site / "zoeken" / "woorden.json").read_text(encoding="utf-8")
    assert "<" not in raw
    words = json.loads(raw)["woorden"]
    assert {"vragen", "relatiegeschenk", "kerstpakket", "aannemen", "biechtstoelprocedure"} <= set(words)
    assert "zwaluwstaart" not in words
    assert words == sorted(set(words)) and all(len(word) >= 4 for word in words)


def test_the_real_vocabulary_has_the_route_questions() -> None:
    catalog = load_catalog(ROOT / "policies")
    words = vocabulary(Publication(catalog, dt.date(2026, 11, 28)))
    assert "werktelefoon" in words  # only in a question of a route in meldroutes.yml
