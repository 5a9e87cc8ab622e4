"""Dutch search: the stemmer, its JavaScript twin, synonyms and the enriched search index."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from portaal.problems import CatalogError
from portaal.search import (
    Synonyms,
    VariantsJob,
    alternates,
    enrich_index,
    fold,
    keyword_terms,
    load_synonyms,
    page_variants,
    rewrite_query,
    stem,
    variants,
    words,
)
from tests.helpers import ROOT, build, make_project

SEARCH_JS = ROOT / "docs" / "assets" / "javascripts" / "search-nl.js"


@pytest.mark.parametrize(("word", "expected"), [
    ("meldingen", "meld"),        # -ingen
    ("melding", "meld"),          # -ing
    ("melden", "meld"),           # -en
    ("meldt", "meld"),            # -dt
    ("meldde", "meld"),           # past tense: -e, then the doubled d
    ("geschenken", "geschenk"),   # plural -en
    ("cadeautjes", "cadeau"),     # diminutive plural
    ("cadeaus", "cadeau"),        # plural -s after a vowel
    ("nevenwerkzaamheden", "nevenwerkzaam"),  # -heden
    ("veiligheid", "veilig"),     # -heid
    ("benaderd", "benader"),      # participle -rd
    ("bedreigd", "bedreig"),      # participle -gd
    ("klokkenluiders", "klokkenluider"),  # plural -s
    ("corrupte", "corrupt"),      # inflected adjective -e
    ("functies", "functie"),      # -s, and no -e after a vowel
    ("Geïnformeerd", "geinformeer"),  # folded: lower case, no diaeresis
    ("röntgen", "rontg"),         # folded
    ("eten", "eten"),             # too short to strip -en
    ("de", "de"),                 # short words stay
    ("AIVD", "aivd"),             # abbreviations: only lower case
    ("2026", "2026"),             # numbers stay
    ("douane-expediteur", "douane-expediteur"),  # not a single word: untouched
])
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


@pytest.mark.parametrize(("word_stem", "expected"), [
    ("person", ["person", "persoon"]),    # personen -> persoon
    ("persoon", ["persoon", "person"]),   # persoon -> personen
    ("reiz", ["reiz", "reis"]),           # reizen -> reis
    ("verlov", ["verlov", "verlof", "verloov", "verloof"]),  # verloven -> verlof
    ("meld", ["meld"]),                   # nothing to vary
])
def test_alternates(word_stem: str, expected: list[str]) -> None:
    assert list(alternates(word_stem)) == expected


def test_a_stem_is_always_a_prefix_of_the_folded_word() -> None:
    # what the reader has typed so far keeps matching: the stem never adds or changes letters
    vocabulary = {word for path in (ROOT / "policies").glob("*.md") for word in words(path.read_text("utf-8"))}
    assert len(vocabulary) > 1000
    assert [w for w in vocabulary if not fold(w).startswith(stem(w))] == []


def test_python_and_javascript_agree() -> None:
    node = shutil.which("node")
    assert node is not None, "Node.js is needed to check search-nl.js (apt-get install nodejs)"
    vocabulary = sorted({word for path in (ROOT / "policies").glob("*.md")
                         for word in path.read_text("utf-8").split()} | {"Geïnformeerd", "RÖNTGEN", "cadeautjes"})
    queries = ["Meldingen bij de BVI", "douane-expediteurs", "omkoping -corruptie", '"exact zo"', "  twee   spaties ",
               "vraag?", "+melden", "dilemma's", "geschenk~1", "title:geschenk", ""]
    script = ("const s = require(process.argv[1]); const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "console.log(JSON.stringify({stems: input.words.map(s.stem), queries: input.queries.map(s.rewrite)}));")
    data = json.dumps({"words": vocabulary, "queries": queries})
    result = subprocess.run([node, "-e", script, str(SEARCH_JS)], input=data, capture_output=True, text=True,
                            check=True)
    answer = json.loads(result.stdout)
    assert len(vocabulary) > 3000
    assert answer["stems"] == [stem(word) for word in vocabulary]
    assert answer["queries"] == [rewrite_query(query) for query in queries]


@pytest.mark.parametrize(("query", "expected"), [
    ("Meldingen", "meld"),                          # a word becomes its stem
    ("geschenken van bedrijven", "geschenk van bedrijv"),
    ("douane-expediteurs", "douan expediteur"),     # hyphenated words: each part
    ("omkoping -corruptie", "omkop -corruptie"),    # search syntax stays as typed
    ('"criminele benadering"', '"criminele benadering"'),  # a phrase stays whole
    ("   ", ""),
])
def test_rewrite_query(query: str, expected: str) -> None:
    assert rewrite_query(query) == expected


def test_variants_hold_only_what_a_prefix_search_misses() -> None:
    # "meld" is a prefix of "meldingen" (found anyway); "persoon" is no prefix of "personen"
    assert variants(["meldingen", "personen"]) == ["persoon"]


def test_keyword_terms_add_synonyms_of_any_form() -> None:
    synonyms = Synonyms((("omkoping", "corruptie"), ("geschenk", "cadeau")))
    terms = keyword_terms(["Weerbaarheid", "omkopen"], synonyms)  # "omkopen" shares the stem of "omkoping"
    assert {"omkopen", "omkoping", "corruptie", "omkop"} <= set(terms)
    assert "cadeau" not in terms


def test_enrich_index_adds_fields_and_keywords_by_location() -> None:
    index: dict[str, Any] = {
        "config": {"fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
        "docs": [
            {"location": "beleid/a/", "title": "Vertrouwenspersonen", "text": "<p>Bel een vertrouwenspersoon.</p>"},
            {"location": "beleid/a/#kop", "title": "Kop", "text": "<p>Meld het.</p>"},
            {"location": "contact/", "title": "Contact", "text": "Tekst"},   # nothing to add
        ],
    }
    enrich_index(index, {"beleid/a/": ("Vertrouwenspersonen", "klokkenluider")},
                 Synonyms((("klokkenluider", "misstand"),)))
    assert index["config"]["fields"]["keywords"] == {"boost": 100.0}
    assert index["config"]["fields"]["variants"] == {"boost": 1.0}
    first, section, other = index["docs"]
    assert set(first["keywords"].split()) >= {"vertrouwenspersonen", "klokkenluider", "misstand", "vertrouwensperson"}
    assert "vertrouwenspersoon" in first["variants"].split()   # the singular, for "vertrouwenspersoon"
    assert "keywords" not in section and "keywords" not in other
    assert "variants" not in other


def test_load_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "synoniemen.yml"
    assert load_synonyms(path) == Synonyms()   # no file: no synonyms
    path.write_text("groepen:\n  - [omkoping, corruptie]\n  - [alleen]\n  - 12\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_synonyms(path, tmp_path)
    assert caught.value.report().splitlines() == [
        "Het beleid bevat 2 problemen:",
        "  - synoniemen.yml:3: groepen 2: verwacht een lijst van minstens twee woorden, gevonden ['alleen']",
        "  - synoniemen.yml:4: groepen 3: verwacht een lijst van minstens twee woorden, gevonden 12",
    ]
    path.write_text("- [omkoping, corruptie]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="verwacht 'groepen:'"):
        load_synonyms(path, tmp_path)


def test_the_real_synonyms_file_loads() -> None:
    synonyms = load_synonyms(ROOT / "policies" / "synoniemen.yml")
    assert any("corruptie" in group and "omkoping" in group for group in synonyms.groups)


def test_build_writes_the_dutch_index_and_loads_the_worker(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"geschenken": {"title": "Geschenken", "keywords": ["cadeau"]}})
    (project / "policies" / "synoniemen.yml").write_text("groepen:\n  - [cadeau, presentje]\n", encoding="utf-8")
    site = build(project)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(doc for doc in index["docs"] if doc["location"] == "beleid/geschenken/")
    assert {"presentje", "geschenk", "cadeau"} <= set(entry["keywords"].split())
    assert (site / "assets" / "javascripts" / "workers" / "portaal-search.js").exists()
    page = (site / "beleid" / "geschenken" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/javascripts/search-setup.js"' in page


def test_dutch_search_can_be_turned_off(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"geschenken": {"title": "Geschenken", "keywords": ["cadeau"]}})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  portaal:\n", "  portaal:\n    dutch_search: false\n", 1))
    site = build(project)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "keywords" not in index["config"]["fields"]
    assert "search-setup.js" not in (site / "index.html").read_text()


def test_known_page_variants_go_on_the_page_entry() -> None:
    index: dict[str, Any] = {"docs": [
        {"location": "beleid/a/", "title": "A", "text": "<p>Intro.</p>"},
        {"location": "beleid/a/#kop", "title": "Kop", "text": "<p>Bel een vertrouwenspersoon.</p>"},
        {"location": "over/", "title": "Over", "text": "<p>Verloven en personen.</p>"},
    ]}
    known = page_variants({"beleid/a/": "A\nBel de vertrouwenspersonen."})
    enrich_index(index, {}, Synonyms(), known)
    page, section, other = index["docs"]
    assert "vertrouwenspersoon" in page["variants"].split()
    assert "variants" not in section  # the page's entry carries them
    assert set(other["variants"].split()) >= {"verlof", "persoon"}  # not a policy: from its own text


@pytest.mark.parametrize("in_background", [True, False])
def test_variants_job_gives_the_same_result_in_a_second_process(in_background: bool) -> None:
    texts = {"beleid/a/": "De personen melden verloven.", "beleid/b/": "Niets bijzonders."}
    job = VariantsJob(texts, in_background=in_background)
    result = job.result()
    assert result == page_variants(texts)
    assert {"persoon", "verlof"} <= set(result["beleid/a/"].split())


def test_variants_job_falls_back_when_the_second_process_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {"beleid/a/": "De personen melden verloven."}
    monkeypatch.setattr("sys.executable", "/bin/false")  # the second process exits with an error
    assert VariantsJob(texts, in_background=True).result() == page_variants(texts)
