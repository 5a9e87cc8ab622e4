"""The version archive on real output: a throwaway git repository with the portal in a
subfolder and a history of version changes, an editorial change, a silent change, a
concept that becomes adopted and a withdrawal."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from contextlib import chdir
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from portaal.core import history
from tests.helpers import build, environment, make_project, pagefind_fragments, run_cli, write_policy

BODY_1 = "## Geschenken\n\nJe neemt geen geschenken aan boven de vijftig euro.\n\nMeld elk aanbod.\n"
BODY_2 = ("## Geschenken\n\nJe neemt geen geschenken aan boven de twintig euro.\n\nMeld elk aanbod.\n\n"
          "## Sociale media\n\nDeel geen foto's van je werkplek.\n")
BODY_2_EDITORIAL = BODY_2.replace("Deel geen foto's", "Deel geen foto’s")
BODY_2_SILENT = BODY_2_EDITORIAL.replace("twintig euro", "tien euro")
CONCEPT_BODY = "Geheime conceptzin over kladversies.\n"

H1 = {"version": "1.0", "date": "2025-02-01", "change": "Eerste versie."}
H2 = {"version": "2.0", "date": "2025-07-01", "change": "Grens verlaagd; sociale media erbij."}
H2_EDITORIAL = {"version": "2.0", "date": "2025-08-01", "change": "Apostrof verbeterd.", "editorial": True}


def git(repo: Path, *args: str, day: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if day:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day}T12:00:00+00:00"
    done = subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit(repo: Path, message: str, day: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, day=day)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository root; the portal lives in `portaal/` below it."""
    root = tmp_path_factory.mktemp("archief")
    project = make_project(root)
    project.rename(root / "portaal")
    folder = root / "portaal" / "policies"
    git(root, "init", "-q", "-b", "main")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    write_policy(folder, "gedrag", CONCEPT_BODY, title="Gedragsregels", status="concept", version="0.1",
                 adopted_by=None, decision=None, decision_date=None, effective="2025-01-10")
    write_policy(folder, "oud", "Oude regels.\n", title="Oude regeling", effective="2024-01-01",
                 history=[{"version": "1.0", "date": "2024-01-01", "change": "Vastgesteld."}])
    commit(root, "concept", "2025-01-10")
    write_policy(folder, "gedrag", BODY_1, title="Gedragsregels", effective="2025-02-01", history=[H1])
    commit(root, "gedrag 1.0 vastgesteld", "2025-02-01")
    write_policy(folder, "gedrag", BODY_2, title="Gedragsregels", version="2.0", effective="2025-07-01",
                 decision="MT-besluit 2025-077", history=[H2, H1])
    commit(root, "gedrag 2.0", "2025-06-15")
    write_policy(folder, "gedrag", BODY_2_EDITORIAL, title="Gedragsregels", version="2.0", effective="2025-07-01",
                 decision="MT-besluit 2025-077", history=[H2_EDITORIAL, H2, H1])
    commit(root, "redactioneel", "2025-08-01")
    write_policy(folder, "oud", "Oude regels.\n", title="Oude regeling", effective="2024-01-01", status="vervallen",
                 adopted_by=None, decision=None, decision_date=None,
                 history=[{"version": "1.0", "date": "2024-01-01", "change": "Vastgesteld."}])
    commit(root, "oud vervallen", "2025-10-01")
    return root


@pytest.fixture(scope="module")
def silent(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clone of `repo` with one more commit: the adopted text changed silently."""
    clone = tmp_path_factory.mktemp("stil") / "repo"
    git(repo, "clone", "-q", str(repo), str(clone))
    write_policy(clone / "portaal" / "policies", "gedrag", BODY_2_SILENT, title="Gedragsregels", version="2.0",
                 effective="2025-07-01", decision="MT-besluit 2025-077", history=[H2_EDITORIAL, H2, H1])
    commit(clone, "stil gewijzigd", "2025-09-01")
    return clone


@pytest.fixture(scope="module")
def site(silent: Path) -> Path:
    return build(silent / "portaal", today="2025-11-28", PORTAAL_SITE_URL="https://intranet.douane.example/")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def one(page: BeautifulSoup, selector: str) -> Tag:
    found = page.select_one(selector)
    assert found is not None, selector
    return found


def text(site: Path, url: str) -> str:
    return " ".join(soup(site, url).get_text(" ").split())


def test_versions_page_lists_every_adopted_text_with_its_period(site: Path) -> None:
    page = soup(site, "beleid/gedrag/versies")
    items = page.select("li.portaal-version")
    periods = [(li["data-valid-from"], li["data-valid-to"]) for li in items]
    # newest first: the silent change, the editorial change, version 2.0, version 1.0
    assert periods == [("2025-09-01", ""), ("2025-08-01", "2025-09-01"), ("2025-07-01", "2025-08-01"),
                       ("2025-02-01", "2025-07-01")]
    words = text(site, "beleid/gedrag/versies")
    assert "Versie 1.0" in words and "van 1 februari 2025 tot 1 juli 2025" in words
    assert "Versie 2.0 (redactionele wijziging 1)" in words and "Apostrof verbeterd." in words
    assert "Tekst gewijzigd zonder nieuwe versie en zonder vermelding." in words
    assert "MT-besluit 2025-077" in words and "Managementteam Douane" in words
    assert page.select_one("[data-portaal-archive='versies']") is not None
    assert one(page, "meta[name='portaal:archive']")["content"] == "versies"


def test_concepts_never_enter_the_archive(site: Path) -> None:
    assert not (site / "beleid/gedrag/versies/0-1").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt"):
            assert "kladversies" not in path.read_text(encoding="utf-8", errors="replace"), path


def test_old_version_has_banner_text_and_historical_print_stamp(site: Path) -> None:
    page = soup(site, "beleid/gedrag/versies/1-0")
    banner = " ".join(one(page, ".portaal-banner").get_text(" ").split())
    assert "Deze versie gold van 1 februari 2025 tot 1 juli 2025; de geldende versie is" in banner
    link = one(page, ".portaal-banner a")
    assert link["href"] == "../../../../beleid/gedrag/"
    assert (site / "beleid/gedrag/index.html").exists()
    assert "vijftig euro" in text(site, "beleid/gedrag/versies/1-0")
    assert page.select_one("h2#geschenken") is not None  # rendered like the current page, not raw Markdown
    assert page.select_one("header.md-header") is not None and page.select_one("nav.md-nav--primary")  # whole page
    stamp = " ".join(one(page, ".portaal-print-stamp").get_text(" ").split())
    assert "Historische versie" in stamp and "niet de geldende tekst" in stamp


def test_current_version_page_says_it_applies(site: Path) -> None:
    words = text(site, "beleid/gedrag/versies/2-0-r2")
    assert "Dit is de geldende versie" in words and "tien euro" in words


def test_comparison_marks_additions_and_removals_with_labels(site: Path) -> None:
    page = soup(site, "beleid/gedrag/versies/2-0/verschil")
    removed = [" ".join(d.get_text(" ").split()) for d in page.select(".portaal-diff del")]
    added = [" ".join(i.get_text(" ").split()) for i in page.select(".portaal-diff ins")]
    assert any(d.startswith("verwijderd:") and "vijftig" in d for d in removed)
    assert any(i.startswith("toegevoegd:") and "twintig" in i for i in added)
    assert any("Nieuwe alinea:" in i and "Deel geen foto" in i for i in added)
    assert page.select_one(".portaal-diff__heading") is not None  # structure: headings stay headings
    assert page.select_one("[data-portaal-archive='verschil']") is not None


def test_current_page_links_to_versions_and_archive_is_not_in_menu_or_search(site: Path) -> None:
    current = soup(site, "beleid/gedrag")
    assert any(a["href"] == "versies/" for a in current.select("a[href]"))
    nav = current.select_one("nav.md-nav--primary")
    assert "versies" not in str(nav)
    locations = list(pagefind_fragments(site))
    assert "/beleid/gedrag/" in locations
    assert not [loc for loc in locations if "versies/" in loc or "portaal-archief-sjabloon" in loc]
    assert "portaal-archief-sjabloon" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not (site / "portaal-archief-sjabloon").exists()


def test_old_versions_are_in_the_archive_index_only_with_version_and_period(site: Path) -> None:
    archived = pagefind_fragments(site, "pagefind-archief")
    # every old text, and nothing else: not the current text (its own page is found), no lists or comparisons
    assert sorted(archived) == ["/beleid/gedrag/versies/1-0/", "/beleid/gedrag/versies/2-0-r1/",
                                "/beleid/gedrag/versies/2-0/", "/beleid/oud/versies/1-0/"]
    first = archived["/beleid/gedrag/versies/1-0/"]
    assert first["meta"]["versie"] == "versie 1.0"
    assert first["meta"]["geldig"] == "van 1 februari 2025 tot 1 juli 2025"
    assert first["meta"]["title"] == "Gedragsregels"
    assert "vijftig euro" in first["content"]
    assert "Meld elk aanbod" not in first["content"]  # unchanged since: the current page is found by it
    assert "Oude versie" not in first["content"] and "geprint op" not in first["content"]  # banner, stamp
    assert "status" not in first["filters"] and first["filters"]["soort"]
    assert not [url for url in pagefind_fragments(site) if "/versies/" in url]  # never in the normal index


def test_every_relative_link_on_archive_pages_resolves(site: Path) -> None:
    pages = [p for p in site.rglob("index.html") if "/versies/" in p.as_posix()]
    assert len(pages) >= 9
    for page in pages:
        for tag in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[href], [src]"):
            target = str(tag.get("href") or tag.get("src")).split("#")[0]
            if not target or target.startswith(("http", "mailto:", "tel:", "data:")):
                continue
            resolved = (page.parent / target).resolve()
            assert resolved.exists(), (page, target)


def test_withdrawn_document_keeps_its_archive(site: Path) -> None:
    words = text(site, "beleid/oud/versies/1-0")
    assert "Deze versie gold van 1 januari 2024 tot 1 oktober 2025; het document is vervallen op 1 oktober 2025" \
        in words


def test_register_lists_every_version_with_validity(site: Path) -> None:
    register = json.loads((site / "register.json").read_text(encoding="utf-8"))
    doc = next(d for d in register["documents"] if d["id"] == "gedrag")
    assert [(v["version"], v["kind"], v["valid_from"], v["valid_to"]) for v in doc["versions"]] == [
        ("1.0", "versie", "2025-02-01", "2025-07-01"), ("2.0", "versie", "2025-07-01", "2025-08-01"),
        ("2.0", "redactioneel", "2025-08-01", "2025-09-01"), ("2.0", "stil", "2025-09-01", None)]
    assert doc["adopted_by"] == "mt-douane" and doc["decision"] == "MT-besluit 2025-077"
    assert register["archive_complete"] is True


@pytest.mark.parametrize(("day", "version", "url"), [
    ("2025-03-01", "versie 1.0", "beleid/gedrag/versies/1-0/"),
    ("2025-07-01", "versie 2.0", "beleid/gedrag/versies/2-0/"),  # the first day of 2.0 belongs to 2.0
    ("2025-08-15", "versie 2.0 (redactionele wijziging 1)", "beleid/gedrag/versies/2-0-r1/"),
])
def test_geldend_answers_which_version_applied(silent: Path, day: str, version: str, url: str) -> None:
    with chdir(silent / "portaal"):
        result = run_cli("geldend", "--datum", day, "gedrag", "--format", "json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)["documents"]
    assert [(a["id"], a["label"], a["url"]) for a in answer] == [("gedrag", version, url)]


def test_geldend_before_adoption_and_after_withdrawal(silent: Path) -> None:
    with chdir(silent / "portaal"):
        before = run_cli("geldend", "--datum", "2025-01-20")
        after = run_cli("geldend", "--datum", "2025-10-02", "oud")
    assert before.exit_code == 0 and "nog niet vastgesteld (eerste versie vanaf 1 februari 2025)" in before.output
    assert "vervallen sinds 1 oktober 2025" in after.output


def test_check_refuses_a_silent_change_against_the_target_branch(silent: Path) -> None:
    with chdir(silent / "portaal"):
        result = run_cli("check", "--today", "2025-11-28", "--tegen", "HEAD~1")
        clean = run_cli("check", "--today", "2025-11-28")
    assert result.exit_code == 1
    assert "policies/gedrag.md" in result.output
    assert "de tekst is veranderd sinds HEAD~1" in result.output and "editorial: true" in result.output
    assert clean.exit_code == 0, clean.output  # nothing changed since the last commit


def test_check_accepts_an_editorial_change_and_a_new_version(repo: Path) -> None:
    with chdir(repo / "portaal"):
        editorial = run_cli("check", "--today", "2025-11-28", "--tegen", "HEAD~2")  # before the editorial commit
        new_version = run_cli("check", "--today", "2025-11-28", "--tegen", "HEAD~3")  # before version 2.0
    assert editorial.exit_code == 0, editorial.output
    assert new_version.exit_code == 0, new_version.output


def test_check_refuses_an_uncommitted_silent_change(silent: Path, tmp_path: Path) -> None:
    clone = tmp_path / "werk"
    git(silent, "clone", "-q", str(silent), str(clone))
    path = clone / "portaal" / "policies" / "gedrag.md"
    path.write_text(path.read_text(encoding="utf-8").replace("tien euro", "vijf euro"), encoding="utf-8")
    with chdir(clone / "portaal"):
        result = run_cli("check", "--today", "2025-11-28")
    assert result.exit_code == 1 and "de tekst is veranderd sinds de laatste commit" in result.output


def test_check_with_an_unknown_ref_is_a_usage_error(silent: Path) -> None:
    with chdir(silent / "portaal"):
        result = run_cli("check", "--tegen", "bestaat-niet")
    assert result.exit_code == 2 and "'--tegen'" in result.output


@pytest.mark.parametrize("kind", ["shallow", "tarball"])
def test_without_history_the_build_works_and_says_so(silent: Path, tmp_path: Path, kind: str,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    target = tmp_path / "kopie"
    if kind == "shallow":
        git(silent, "clone", "-q", "--depth", "1", f"file://{silent}", str(target))
    else:
        shutil.copytree(silent, target, ignore=shutil.ignore_patterns(".git"))
    with caplog.at_level("WARNING", logger="portaal.archief"):
        site = build(target / "portaal", today="2025-11-28")  # strict: the warning does not stop it
    warnings = [r.getMessage() for r in caplog.records if r.name == "portaal.archief"]
    assert len(warnings) == 1 and "versiearchief is onvolledig" in warnings[0]
    assert "GIT_DEPTH: 0" in warnings[0] and "fetch-depth: 0" in warnings[0]
    words = text(site, "beleid/gedrag/versies")
    assert "Archief onvolledig." in words and "GIT_DEPTH: 0" in words
    # the current version's archive page has the current page's text, with or without the block markers
    # (only a build from git has them: without git the archive takes the current page whole)
    from portaal.core.catalog import load_catalog
    from portaal.core.publication import Publication
    from portaal.site import pages
    portal = Publication(load_catalog(target / "portaal" / "policies"), dt.date(2025, 11, 28))
    complete, reason = history.completeness(target / "portaal" / "policies")
    portal.archive = history.Archive({}, complete, reason)
    assert pages.has_archive(portal) and pages.has_markers(portal) == (kind == "shallow")
    current = one(soup(site, "beleid/gedrag"), "article")
    link = one(soup(site, "beleid/gedrag/versies"), 'a[href*="/versies/2-0"]')
    version = one(soup(site, f"beleid/gedrag/versies/{str(link['href']).rstrip('/').rsplit('/', 1)[1]}"), "article")
    def body(article: Tag) -> list[str]:  # the text's own headings and paragraphs, in order
        return [" ".join(e.get_text(" ").replace("¶", "").split()) for e in article.select("h2, p")
                if any(line.lstrip("# ") in e.get_text() for line in BODY_2_SILENT.splitlines() if line)]

    assert body(current) == body(version) == ["Geschenken", "Je neemt geen geschenken aan boven de tien euro.",
                                              "Meld elk aanbod.", "Sociale media",
                                              "Deel geen foto’s van je werkplek."]
    assert "portaal-chunk" not in (site / "beleid/gedrag/index.html").read_text(encoding="utf-8")


def test_edit_link_when_repo_url_and_edit_uri_are_set(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"regel": {}})
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "repo_url: https://gitlab.example/douane/portaal\n"
                      "edit_uri: -/edit/main/docs/\n", encoding="utf-8")
    with environment():
        site = build(project)
    link = soup(site, "beleid/regel").select_one(".portaal-edit a")
    assert link is not None
    assert link.get_text() == "Wijzig dit document"
    assert link["href"] == "https://gitlab.example/douane/portaal/-/edit/main/policies/regel.md"
    (tmp_path / "zonder").mkdir()
    plain = make_project(tmp_path / "zonder", {"regel": {}})
    assert soup(build(plain), "beleid/regel").select_one(".portaal-edit") is None


def _site_markdown() -> object:
    import markdown
    from mkdocs.config import load_config

    from portaal.site.blockmarks import BlockMarkers
    from tests.helpers import ROOT
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=[*config.markdown_extensions, BlockMarkers()],  # as the plugin adds it
                             extension_configs=config.mdx_configs)


REAL_BODIES = sorted((Path(__file__).resolve().parent.parent / "policies").glob("*.md"))


@pytest.mark.parametrize("path", REAL_BODIES, ids=lambda path: path.stem)
def test_blocks_rendered_alone_give_the_same_html_as_the_whole_body(path: Path) -> None:
    from portaal.core.frontmatter import decode, split
    from portaal.site import archive

    renderer = _site_markdown()
    body = split(decode(path.read_bytes())).body
    chunks = archive.split_chunks(body)
    assert chunks is not None and len(chunks) > 1  # the real documents can all be cut

    def render(text: str) -> str:
        return str(renderer.reset().convert(text))  # type: ignore[attr-defined]

    whole = render(body)
    assert "\n".join(render(chunk) for chunk in chunks).split() == whole.split()
    marked = render(archive.marked_body(body))
    clean, parts = archive.cut_marked(marked)
    current = archive.blocks_of(parts, body, "beleid/x/")
    assert clean.split() == whole.split()  # the current page does not change
    assert len(current) == len(chunks)
    # the blocks only old versions have are rendered in one run, cut at the same markers: each part is the
    # block alone
    separated = f"\n\n{archive.BLOCK_SEPARATOR}\n\n".join(chunks)
    parts = render(separated).split(archive.CHUNK_MARKER)
    assert [part.split() for part in parts] == [render(chunk).split() for chunk in chunks]


def test_a_page_without_markers_gives_the_archive_its_whole_body_and_no_markdown_runs_again() -> None:
    from portaal.site import archive, html

    body = "Een.\n\nTwee met een [link](../ander.md).\n"
    page = '<p>Een.</p>\n<p>Twee met een <a href="../ander/">link</a>.</p>'
    clean, parts = archive.cut_marked(page)
    assert clean == page and parts == [page]
    blocks = archive.blocks_of(parts, body, "beleid/x/")
    assert blocks == {body: f'<p>Een.</p>\n<p>Twee met een <a href="{html.ROOT}beleid/ander/">link</a>.</p>'}

    def render(text: str) -> str:
        raise AssertionError(f"Markdown ran again for {text!r}")

    chunks = archive.split_chunks(body)
    known = dict(blocks)
    archive._render_missing({body: chunks}, known, render, frozenset())  # the current text: nothing missing
    assert archive._body_html(body, chunks, known, render, frozenset()) == blocks[body]
    # an old version's unchanged blocks are marked as not indexed: that one is built from its blocks
    with pytest.raises(AssertionError, match="Markdown ran again"):
        archive._body_html(body, chunks, known, render, frozenset(), frozenset(chunks or []))


@pytest.mark.parametrize(("body", "expected"), [
    ("Een.\n\nTwee.\n", ["Een.", "Twee."]),
    ("- a\n\n- b\n\nNa.\n", ["- a\n\n- b", "Na."]),  # a loose list stays one block
    ("Lijst:\n\n1. a\n\n    vervolg\n\n2. b\n", ["Lijst:", "1. a\n\n    vervolg\n\n2. b"]),
    ("```\ncode\n\nmeer\n```\n\nTekst.\n", ["```\ncode\n\nmeer\n```", "Tekst."]),  # no cut inside a fence
    ('!!! note "Let op"\n\n    Binnen.\n\nBuiten.\n', ['!!! note "Let op"\n\n    Binnen.', "Buiten."]),
    ("Term\n\n: uitleg\n", ["Term\n\n: uitleg"]),  # a definition belongs to its term
    ("Zie [^1].\n\n[^1]: Voetnoot.\n", None),  # footnotes: rendered whole
    ("Zie [x].\n\n[x]: https://example.org\n", None),  # link references: rendered whole
    ("<div markdown>\n\nA\n\n</div>\n", None),  # raw HTML blocks: rendered whole
])
def test_bodies_are_cut_only_where_blocks_stand_alone(body: str, expected: list[str] | None) -> None:
    from portaal.site import archive
    assert archive.split_chunks(body) == expected


def test_without_any_archive_page_the_shells_still_go(tmp_path: Path) -> None:
    """Only a concept: the archive writes no page, and its empty shells are still no pages of the site."""
    project = make_project(tmp_path, {"ontwerp": {"title": "Ontwerp", "status": "concept"}})
    site = build(project)
    assert (site / "index.html").exists()
    assert not (site / "portaal-archief-sjabloon").exists()
    assert not list(site.glob("beleid/*/versies"))
    assert not list(project.glob(".portaal-staging-*"))


OLD_FRONT_MATTER = [
    "title: Gedragsregels\nversion: 1.0\nstatus: vastgesteld\neffective: 2025-02-01\n"
    "history:\n  - {version: '1.0', date: 2025-02-01, change: Eerste versie}\n",
    "title: &t Gedragsregels\nsummary: *t\nversion: '2.0'\nstatus: vastgesteld\n",  # an anchor: the C loader
    "title: Een\ntitle: Twee\nversion: 1.1\nstatus: vastgesteld\n",  # a key twice: the C loader, last one wins
    "title: !!str 12\nversion: 3\nstatus: vastgesteld\n",  # a tag: the C loader
    "title: [kapot\nversion: 1.0\n",  # broken: no version
]


@pytest.mark.parametrize("front", OLD_FRONT_MATTER)
def test_old_versions_read_the_quick_way_as_the_c_loader_reads_them(front: str) -> None:
    """Old versions' front matter is read from the YAML parser's events where it can; what comes out is
    what PyYAML's C loader gave before (dates as text either way)."""
    data = f"---\n{front}---\n\n# Titel\n\nTekst.\n".encode()
    state = history._state(data, dt.date(2025, 6, 1), "abc")
    try:
        meta = yaml.load(front, Loader=history._FAST_LOADER)
    except yaml.YAMLError:
        assert state is None
        return
    assert state is not None
    assert (state.title, state.summary, state.version, state.status) == tuple(
        history._text(meta.get(key)) for key in ("title", "summary", "version", "status"))
    assert state.history == tuple((history._text(h["version"]), history._text(h["date"]), history._text(h["change"]),
                                   False) for h in meta.get("history", []))
    assert state.body == "\n# Titel\n\nTekst.\n"


def test_an_impossible_date_in_an_old_version_leaves_the_rest_readable() -> None:
    """The C loader refused the whole file (so the version counted as deleted); read the quick way,
    the date stays text, is no date, and the version keeps its text."""
    data = b"---\ntitle: Oud\nversion: 1.0\nstatus: vastgesteld\neffective: 2025-13-45\n---\n\nTekst.\n"
    state = history._state(data, dt.date(2025, 6, 1), "abc")
    assert state is not None and state.effective is None
    assert (state.title, state.version, state.status, state.body) == ("Oud", "1.0", "vastgesteld", "\nTekst.\n")


def _writer_processes() -> list[int]:
    """This process's children that are the archive's writer."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and b"archive_writer" in command and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("moment", ["history", "send_shells"])
def test_a_failed_archive_writer_fails_the_build_and_keeps_the_old_site(
        silent: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
        moment: str) -> None:
    """The archive is written by a process of its own; when that process dies, the build fails with a Dutch
    message, the previous site stays as it was and nothing of the failed build is left. `moment`: before the
    build takes the list of versions from it (on_env), or while MkDocs writes the pages."""
    from mkdocs.exceptions import Abort

    from portaal.site import archive_writer

    clone = tmp_path / "repo"
    git(silent, "clone", "-q", str(silent), str(clone))
    project = clone / "portaal"
    site = build(project, today="2025-11-28")
    before = (site / "beleid" / "gedrag" / "versies" / "1-0" / "index.html").read_text(encoding="utf-8")
    original = getattr(archive_writer.Writer, moment)

    def crash(writer: archive_writer.Writer, *args: Any) -> Any:
        assert writer.process is not None
        writer.process.kill()  # the writer dies while MkDocs renders
        writer.process.wait()
        return original(writer, *args)

    monkeypatch.setattr(archive_writer.Writer, moment, crash)
    with pytest.raises(Abort):
        build(project, today="2025-11-28")
    assert "het versiearchief kon niet worden geschreven (exitcode -9)" in caplog.text
    assert (site / "beleid" / "gedrag" / "versies" / "1-0" / "index.html").read_text(encoding="utf-8") == before
    assert not list(project.glob(".portaal-staging-*"))
    assert not _writer_processes()


def test_a_build_that_fails_elsewhere_stops_the_archive_writer(silent: Path, tmp_path: Path) -> None:
    """A page that fails while MkDocs renders (an unknown macro) ends the build: the archive's writer,
    started before, is stopped, and its half-written archive goes with the build's own folder."""
    clone = tmp_path / "repo"
    git(silent, "clone", "-q", str(silent), str(clone))
    project = clone / "portaal"
    (project / "docs" / "kapot.md").write_text("---\nrender_macros: true\n---\n\n# Kapot\n\n{{ bestaat_niet() }}\n",
                                               encoding="utf-8")
    with pytest.raises(SystemExit):  # mkdocs-macros with on_error_fail ends the build so
        build(project, today="2025-11-28")
    assert not (project / "site").exists()
    assert not list(project.glob(".portaal-staging-*"))
    assert not _writer_processes()


def test_index_copies_go_to_memory_only_where_it_has_room(monkeypatch: pytest.MonkeyPatch) -> None:
    """/dev/shm of a container is often 64 MB: the archive's index copies then go to the temporary folder."""
    from collections import namedtuple

    from portaal.site import archive_writer

    usage = namedtuple("usage", "total used free")
    if not (Path("/dev/shm").is_dir() and os.access("/dev/shm", os.W_OK)):
        pytest.skip("deze machine heeft geen beschrijfbare /dev/shm")
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(64 << 20, 0, 64 << 20))
    assert archive_writer._scratch_dir() is None
    monkeypatch.setattr(shutil, "disk_usage", lambda _path: usage(8 << 30, 0, 8 << 30))
    assert archive_writer._scratch_dir() == "/dev/shm"


def test_a_writer_that_ends_before_it_sends_the_history_fails_with_its_own_message(tmp_path: Path) -> None:
    """The build waits for the list of versions in on_env; a process that ended without sending it gives
    the build its error (Dutch, with the exit code), not a hang or a Python error."""
    from portaal.site import archive_writer

    output = (tmp_path / "uitvoer").open("w+b")
    read, write = os.pipe()
    process = subprocess.Popen([sys.executable, "-c", "print('de geschiedenis is onleesbaar'); raise SystemExit(3)"],
                               stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT)
    os.close(write)  # as in Writer.start: only the process holds the write end
    writer = archive_writer.Writer(process, output, read)
    with pytest.raises(archive_writer.ArchiveError) as failed:
        writer.history()
    assert "exitcode 3" in str(failed.value)
    assert "de geschiedenis is onleesbaar" in str(failed.value)
    assert writer.history_fd == -1 and writer.process is None
