"""Search with Pagefind: synonyms, the search view of each page, the template markup and the index in the build."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from portaal.core.catalog import load_catalog
from portaal.core.guidance import Synonyms, load_synonyms
from portaal.core.problems import CatalogError
from portaal.core.publication import Publication
from portaal.site import search
from tests.helpers import build, make_project, write_policy
from tests.helpers import pagefind_fragments as fragments

POLICIES: dict[str, dict[str, Any]] = {
    "geschenken": {"title": "Geschenken", "keywords": ["cadeau"], "audience": ["alle-medewerkers"],
                   "body": "## Wat mag\n\nEen klein cadeau mag je houden.\n"},
    "leiding": {"title": "Voor leidinggevenden", "audience": ["leidinggevenden"], "supersedes": ["oud"]},
    "oud": {"title": "Oude regeling", "status": "vervallen"},
    "concept-zwaluw": {"title": "Conceptregeling Zwaluw", "status": "concept"},
}


def test_load_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "synoniemen.yml"
    assert load_synonyms(path) == Synonyms()   # no file: no synonyms
    path.write_text("groepen:\n  - [omkoping, corruptie]\n  - [alleen]\n  - 12\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_synonyms(path, tmp_path)
    assert caught.value.report().splitlines() == [
        "Het beleid bevat 2 problemen:",
        "  - synoniemen.yml:3: groepen[2]: verwacht een lijst van minstens twee woorden, gevonden de lijst [alleen]",
        "  - synoniemen.yml:4: groepen[3]: verwacht een lijst van minstens twee woorden, gevonden het getal 12",
    ]
    path.write_text("- [omkoping, corruptie]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="verwacht 'groepen:'"):
        load_synonyms(path, tmp_path)


def test_synonyms_are_exported_as_json_for_the_query_layer() -> None:
    exported = search.synonyms_json(Synonyms((("Omkoping", "corruptie"), ("<b>", "x"))))
    assert json.loads(exported) == {"groepen": [["omkoping", "corruptie"], ["<b>", "x"]]}
    assert "<" not in exported  # safe inside any HTML context too


def portal_of(tmp_path: Path) -> Publication:
    project = make_project(tmp_path, {key: {k: v for k, v in fields.items() if k != "body"}
                                      for key, fields in POLICIES.items()})
    return Publication(load_catalog(project / "policies"), dt.date(2026, 11, 28), preview=True)


def filters_of(view: search.SearchView | None, name: str) -> list[str]:
    assert view is not None
    return [value for key, value in view.filters if key == name]


def test_role_filter_includes_inheritance_and_uses_display_names(tmp_path: Path) -> None:
    portal = portal_of(tmp_path)
    roles = portal.taxonomy.roles
    everyone = search.policy_view(portal, portal.catalog.get("geschenken"))
    # a document for all employees applies to every role: each role's filter finds it
    assert filters_of(everyone, "rol") == [role.name for role in roles.values()]
    managers = search.policy_view(portal, portal.catalog.get("leiding"))
    expected = [role.name for role in roles.values() if "leidinggevenden" in portal.taxonomy.lineage(role.id)]
    assert filters_of(managers, "rol") == expected and "Alle medewerkers" not in expected
    assert filters_of(managers, "soort") == [portal.taxonomy.types["gedragscode"].name]
    assert filters_of(managers, "thema") == [portal.taxonomy.themes["actueel-beleid"].name]
    assert filters_of(managers, "status") == ["Geldend"]


def test_withdrawn_is_marked_and_concepts_are_never_indexed(tmp_path: Path) -> None:
    portal = portal_of(tmp_path)
    assert filters_of(search.policy_view(portal, portal.catalog.get("oud")), "status") == ["Vervallen"]
    assert search.policy_view(portal, portal.catalog.get("concept-zwaluw")) is None  # also in preview
    view = search.policy_view(portal, portal.catalog.get("geschenken"))
    assert view is not None and dict(view.meta)["trefwoorden"] == "cadeau"


def test_search_box_goes_at_the_end_of_materials_header_bar() -> None:
    header = '<header><nav class="md-header__inner">logo</nav></header>'
    assert (search.insert_search_box(header, "<form>")
            == '<header><nav class="md-header__inner">logo<form></nav></header>')
    with pytest.raises(ValueError, match="kopbalk"):
        search.insert_search_box("<header></header>", "<form>")


@pytest.mark.parametrize(("pages", "glob"), [
    ([], ""),  # nothing indexed: no glob, Pagefind reads the site as usual
    (["index.html"], "index.html"),
    # one pattern per folder shape, however many documents
    (["beleid/a/index.html", "beleid/b/index.html", "index.html", "over/prestaties/index.html"],
     "{beleid/*/index.html,index.html,over/*/index.html}"),
    (["beleid/a/versies/1-0/index.html"], "beleid/*/*/*/index.html"),  # deeper pages keep their depth
])
def test_pagefind_reads_only_the_shapes_of_the_indexed_pages(pages: list[str], glob: str) -> None:
    assert search.index_glob(pages) == glob


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("zoeken")
    project = make_project(tmp_path, {key: {k: v for k, v in fields.items() if k != "body"}
                                      for key, fields in POLICIES.items()})
    write_policy(project / "policies", "geschenken", POLICIES["geschenken"]["body"],
                 **{k: v for k, v in POLICIES["geschenken"].items() if k != "body"})
    (project / "policies" / "synoniemen.yml").write_text("groepen:\n  - [cadeau, Presentje]\n", encoding="utf-8")
    return build(project)


def test_only_articles_of_documents_and_content_pages_are_indexed(site: Path) -> None:
    indexed = fragments(site)
    assert "/beleid/geschenken/" in indexed and "/beleid/oud/" in indexed
    for url in indexed:  # every indexed page, none of the generated lists
        assert not re.match(r"/(rollen|themas|soorten|eigenaren|beoordelingen|nieuw-en-gewijzigd)/", url), url
        assert url != "/beleid/", url
    for html_file in site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        folder = html_file.relative_to(site).parent.as_posix()
        url = ("/" if folder == "." else f"/{folder}/") if html_file.name == "index.html" else html_file.name
        bodies = soup.select("[data-pagefind-body]")
        assert len(bodies) == (1 if url in indexed else 0), url
        if bodies:
            assert bodies[0].find_parent("nav") is None and not bodies[0].select("nav.md-nav")


def test_the_index_leaves_out_metadata_panel_stamp_and_permalinks(site: Path) -> None:
    for url, fragment in fragments(site).items():
        text = fragment["content"]
        assert "¶" not in text, url
        assert "Volgende beoordeling" not in text and "geprint op" not in text, url
        assert "Trefwoorden:" not in text, url
    gift = fragments(site)["/beleid/geschenken/"]
    assert "Een klein cadeau mag je houden." in gift["content"]
    assert gift["meta"]["title"] == "Geschenken" and gift["meta"]["trefwoorden"] == "cadeau"
    assert gift["filters"]["status"] == ["Geldend"] and "Alle medewerkers" in gift["filters"]["rol"]
    assert fragments(site)["/beleid/oud/"]["filters"]["status"] == ["Vervallen"]


def test_build_publishes_synonyms_and_the_query_layer(site: Path) -> None:
    assert json.loads((site / "zoeken" / "synoniemen.json").read_text(encoding="utf-8")) == {
        "groepen": [["cadeau", "presentje"]]}
    assert (site / "pagefind" / "pagefind.js").exists()
    assert not (site / "search").exists()  # Material's search plugin is gone
    page = (site / "beleid" / "geschenken" / "index.html").read_text(encoding="utf-8")
    assert 'src="../../assets/javascripts/zoeken.js"' in page
    assert 'src="../../assets/javascripts/zoekvenster.js"' in page


def test_the_search_adds_no_inline_script_to_any_page(site: Path) -> None:
    # a strict Content-Security-Policy will forbid inline scripts: the search is in files under assets/
    # (Material's own inline snippets are the security work's concern, not added here)
    for html_file in site.rglob("*.html"):
        soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", src=False, type=lambda kind: kind != "application/json"):
            assert not re.search(r"portaal|zoek|pagefind", script.get_text(), re.IGNORECASE), html_file
        for element in soup.find_all(True):
            assert not any(name.startswith("on") for name in element.attrs), (html_file, element.name)


def test_without_javascript_the_search_field_leads_to_the_a_to_z_list(site: Path) -> None:
    soup = BeautifulSoup((site / "beleid" / "geschenken" / "index.html").read_text(encoding="utf-8"), "html.parser")
    form = soup.select_one("header form.portaal-zoekveld")
    assert form is not None and form["action"] == "../"  # beleid/ from beleid/geschenken/
    assert (site / "beleid" / "index.html").exists()


def test_a_failed_index_fails_the_build_and_keeps_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.exceptions import Abort
    project = make_project(tmp_path, {"geschenken": {"title": "Geschenken"}})
    site = build(project)
    before = (site / "index.html").read_text(encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", shutil.which("false") or "/bin/false")  # stops at once, exit code 1
    with pytest.raises(Abort):
        build(project)
    assert "Pagefind kon de zoekindex niet maken: het programma stopte onverwacht (exitcode 1)" in caplog.text
    assert (site / "index.html").read_text(encoding="utf-8") == before
    assert not list(project.glob(".portaal-staging-*"))


def test_a_pagefind_that_answers_garbage_fails_the_build_and_stops(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """A service that keeps running but whose answers cannot be read: the build fails with its own message
    instead of waiting for ever, and the program is stopped."""
    from mkdocs.exceptions import Abort
    project = make_project(tmp_path, {"geschenken": {"title": "Geschenken"}})
    site = build(project)
    before = (site / "index.html").read_text(encoding="utf-8")
    garbage = tmp_path / "pagefind-kapot"
    garbage.write_text(f"#!/bin/sh\nprintf 'geen-antwoord,'\n"  # then it waits, as a service does
                       f"exec {sys.executable} -c 'import time; time.sleep(600)' --service\n", encoding="utf-8")
    garbage.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(garbage))
    with pytest.raises(Abort):
        build(project)
    assert "Pagefind kon de zoekindex niet maken: de antwoorden van het programma waren onleesbaar" in caplog.text
    assert (site / "index.html").read_text(encoding="utf-8") == before
    assert _pagefind_services() == []


def test_removed_setting_gets_a_clear_message(tmp_path: Path) -> None:
    from mkdocs.config.base import ValidationError

    from portaal.site.config import PortaalConfig
    config = PortaalConfig()
    config.load_dict({"dutch_search": False})
    errors, _warnings = config.validate()
    assert [(name, str(error)) for name, error in errors] == [
        ("dutch_search", "deze instelling bestaat niet meer (het portaal zoekt nu met Pagefind, altijd in het "
                         "Nederlands); haal de regel weg uit mkdocs.yml")]
    assert all(isinstance(error, ValidationError) for _name, error in errors)


def test_the_index_made_while_rendering_equals_pagefind_run_over_the_finished_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """StreamIndexing hands pages to Pagefind's service in batches while MkDocs renders; the index must be
    the one the Pagefind program makes of the finished site: the same pages, texts, meta fields and filters.
    Small batches (several requests), and a content page whose name a glob would misread ({ and [)."""
    monkeypatch.setattr(search.StreamIndexing, "BATCH", 2)
    project = make_project(tmp_path, {key: {k: v for k, v in fields.items() if k != "body"}
                                      for key, fields in POLICIES.items()})
    (project / "docs" / "uitleg{x}[1].md").write_text("# Uitleg\n\nOver de geschenkenregeling.\n", encoding="utf-8")
    site = build(project, strict=False).resolve()  # the page is not in the menu: a warning
    streamed = fragments(site)
    assert "/uitleg{x}[1]/" in streamed and "/beleid/geschenken/" in streamed
    copy = tmp_path / "kopie"
    shutil.copytree(site, copy)
    for archived in [copy / search.BUNDLE_DIR, *copy.glob("beleid/*/versies")]:  # old versions: their own index
        shutil.rmtree(archived)
    search.start_index(copy).wait()  # every page, no glob
    assert fragments(copy) == streamed
    own = sorted(path.name for path in (site / search.BUNDLE_DIR).iterdir() if path.is_file()
                 and not path.name.endswith((".gz", ".pf_meta")) and path.name != "pagefind-entry.json")
    assert "pagefind.js" in own and "pagefind-modular-ui.js" in own and "wasm.nl.pagefind" in own
    differ = [name for name in own
              if (site / search.BUNDLE_DIR / name).read_bytes() != (copy / search.BUNDLE_DIR / name).read_bytes()]
    assert differ == [], f"Pagefinds eigen bestanden zijn anders (leeg of niet af?): {differ}"


def _pagefind_services() -> list[int]:
    """Pagefind services started by this test process (children running `pagefind --service`)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and b"--service" in command:
            found.append(int(entry.name))
    return found


def test_a_build_that_fails_while_rendering_leaves_no_pagefind_behind(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Pagefind's service reads pages while MkDocs renders; when the build fails halfway, the service and its
    thread end with it and the old site stays."""
    from mkdocs.exceptions import Abort, PluginError

    from portaal.site import pages
    monkeypatch.setattr(search.StreamIndexing, "BATCH", 1)
    project = make_project(tmp_path, {f"regeling-{n}": {"title": f"Regeling {n}"} for n in range(6)})
    site = build(project)
    before = (site / "index.html").read_text(encoding="utf-8")
    started = []
    real_start = search.StreamIndexing.__init__

    def start(self: search.StreamIndexing, site_dir: Path) -> None:
        real_start(self, site_dir)
        started.append(self)

    finished = 0

    def finish_page(page_html: str) -> str:  # a template filter: runs while MkDocs renders the pages
        nonlocal finished
        finished += 1
        if finished > 8 and started:  # pages are on their way to Pagefind: now the build fails
            raise PluginError("proef: de build faalt halverwege")
        return str(real_finish(page_html))

    real_finish = pages.finish_page
    monkeypatch.setattr(search.StreamIndexing, "__init__", start)
    monkeypatch.setattr(pages, "finish_page", finish_page)
    with pytest.raises(Abort):
        build(project)
    assert started, "de zoekindex begon niet tijdens het bouwen"
    assert not started[0]._thread.is_alive()
    assert _pagefind_services() == []
    assert (site / "index.html").read_text(encoding="utf-8") == before


@pytest.mark.parametrize("moment", [0.0, 0.001, 0.01, 0.1])
def test_stopping_while_pagefind_starts_ends_at_once(tmp_path: Path, moment: float) -> None:
    """A build can fail before Pagefind's service has started (the first indexed page starts it). Stopping
    then must not wait for ever: asyncio hangs on a process start that is cancelled halfway."""
    indexing = search.StreamIndexing(tmp_path)
    time.sleep(moment)
    stopper = threading.Thread(target=indexing.stop, daemon=True)
    stopper.start()
    stopper.join(timeout=60)
    assert not stopper.is_alive(), "stoppen bleef hangen"
    assert not indexing._thread.is_alive()
    assert _pagefind_services() == []


def test_the_bundle_is_written_whole_and_only_inside_its_folder(tmp_path: Path) -> None:
    """`write_bundle` writes what Pagefind's service gave; a path out of the folder or a write that fails ends in
    a Dutch message naming the file, never in a half-told traceback."""
    bundle = tmp_path / "site" / search.BUNDLE_DIR
    search.write_bundle(bundle, [{"path": "pagefind.js", "content": b"x" * 70_000},
                                 {"path": "fragment/nl_1.pf_fragment", "content": b"\x1f\x8b"}])
    assert (bundle / "pagefind.js").read_bytes() == b"x" * 70_000
    assert (bundle / "fragment" / "nl_1.pf_fragment").read_bytes() == b"\x1f\x8b"
    with pytest.raises(search.SearchIndexError, match=r"buiten de zoekindex: '\.\./index\.html'"):
        search.write_bundle(bundle, [{"path": "nieuw.js", "content": b"x"},
                                     {"path": "../index.html", "content": b"<script>"}])
    assert not (tmp_path / "site" / "index.html").exists()
    assert not (bundle / "nieuw.js").exists()  # nothing at all is written
    (bundle / "filter").write_text("geen map", encoding="utf-8")
    with pytest.raises(search.SearchIndexError, match=r"De zoekindex kon niet worden geschreven \(filter/nl_1"):
        search.write_bundle(bundle, [{"path": "filter/nl_1.pf_filter", "content": b""}])
    with pytest.raises(search.SearchIndexError, match=r"er is geen pagefind\.js geschreven"):
        search.write_bundle(tmp_path / "leeg", [])
