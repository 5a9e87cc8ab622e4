"""Anchor ids of a page, as `portaal check` computes them, against what MkDocs counts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from portaal.core import anchors, links
from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication as Publication
from portaal.site import pages as site
from tests.helpers import ROOT, make_project

SAMPLES = {
    "headings": "## Kop\n\n## Kop\n\n### Kop\n\n## Één categorie & meer!\n\n## Ça va? Ja\n",
    "attribute-lists": "## Kop {#eigen-id}\n\nAlinea.\n{: #alinea .klas }\n\n- punt {: #punt }\n",
    "footnotes": "Tekst[^1] en nog eens[^1] en[^twee].\n\n[^1]: Een.\n[^twee]: Twee.\n",
    "raw-html": "<div id=\"blok\">x</div>\n\nTekst <span id=\"plek\">hier</span> en <a name=\"oud\">a</a>.\n",
    "code": "```html\n<span id=\"nee\"></span>\n```\n\n    <span id=\"ingesprongen\"></span>\n\n`<b id=\"span\">`\n",
    "md-in-html": "<div markdown=\"1\" id=\"buiten\">\n\n## Binnen\n\n</div>\n",
    "admonition-details": "!!! note \"Let op\"\n    ## In blok\n\n??? info \"Meer\"\n    Tekst {: #in-details }\n",
    "front-matter": "---\ntitle: X\n---\n\n## Na de kop\n",
    "collision": "## Kop\n\nTekst.\n{: #kop }\n\n## Kop_1\n\n## Kop\n",
    "definition-list": "Term\n:   Uitleg {: #uitleg }\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
}


@pytest.fixture(scope="module")
def markdown_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkdocs.yml with only the portal's Markdown settings (the hooks and plugins need a whole project)."""
    folder = tmp_path_factory.mktemp("mkdocs")
    (folder / "docs").mkdir()
    real = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {"site_name": "x", "markdown_extensions": real["markdown_extensions"], "validation": real["validation"]}
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder / "mkdocs.yml"


def _mkdocs_ids(text: str, config_file: Path) -> frozenset[str]:
    config = load_config(str(config_file))
    source = config_file.parent / "docs" / "beleid" / "x.md"
    source.parent.mkdir(exist_ok=True)
    source.write_text(text, encoding="utf-8")
    file = File("beleid/x.md", config.docs_dir, config.site_dir, use_directory_urls=True)
    page = Page(None, file, config)
    page.read_source(config)
    page.render(config, Files([file]))
    assert page.present_anchor_ids is not None
    return frozenset(page.present_anchor_ids)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_the_ids_are_the_ones_mkdocs_counts(name: str, markdown_only: Path) -> None:
    assert anchors.page_ids(SAMPLES[name]) == _mkdocs_ids(SAMPLES[name], markdown_only)


def test_headings_get_ascii_slugs_with_suffixes_for_duplicates() -> None:
    ids = anchors.page_ids(SAMPLES["headings"])
    assert {"kop", "kop_1", "kop_2", "een-categorie-meer", "ca-va-ja"} <= ids
    assert "één-categorie-meer" not in ids


def test_attribute_lists_footnotes_and_raw_html_give_ids() -> None:
    assert {"eigen-id", "alinea"} <= anchors.page_ids(SAMPLES["attribute-lists"])
    assert {"fn:1", "fnref:1", "fnref2:1", "fn:twee", "fnref:twee"} <= anchors.page_ids(SAMPLES["footnotes"])
    assert {"blok", "plek", "oud"} <= anchors.page_ids(SAMPLES["raw-html"])


def test_fenced_code_gives_no_ids_but_mkdocs_reads_raw_html_in_other_code() -> None:
    ids = anchors.page_ids(SAMPLES["code"])
    assert "nee" not in ids
    assert {"ingesprongen", "span"} <= ids  # MkDocs reads raw HTML in the source lines, code or not


def test_front_matter_is_no_part_of_the_page() -> None:
    assert anchors.strip_front_matter("---\ntitle: X\n---\n\n## Kop\n") == "\n## Kop\n"
    assert anchors.strip_front_matter("Tekst\n---\n") == "Tekst\n---\n"


def test_page_paths_names_every_generated_page(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a": {}, "b": {"status": "concept"}, "c": {"type": "casus"}})
    catalog = load_catalog(project / "policies", docs=project / "docs")
    portal = Publication(catalog, dt.date(2026, 11, 28))
    assert site.page_paths(portal) == frozenset(site.pages(portal))


def test_an_address_python_cannot_read_is_a_problem_not_a_traceback() -> None:
    policy = load_catalog(ROOT / "policies", docs=ROOT / "docs").policies[0]
    broken = dataclasses.replace(policy, body="[x](https://[oeps)\n")
    found = links.problems([broken], {}, (), links.Site([broken], ROOT / "docs"))
    assert [p.message for p in found] == ["in de tekst: de link 'https://[oeps' is geen geldig adres; controleer hoe "
                                          "het geschreven is"]
