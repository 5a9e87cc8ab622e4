"""One verdict: a corpus of inputs through `portaal check` and through the build. Every
input that fails the build fails the check with the same Dutch message, and the reverse."""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort

from portaal.cli.checks import CheckReport, run_check
from portaal.core import links
from tests.helpers import build, make_project, write_policy, write_taxonomy

TODAY = "2026-11-28"
Change = Callable[[Path], Any]


def _data(name: str, change: Callable[[Any], Any]) -> Change:
    def apply(folder: Path) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return apply


def _policy(policy_id: str, body: str = "Tekst.\n", **fields: Any) -> Change:
    return lambda folder: write_policy(folder, policy_id, body=body, **fields)


def _both(*changes: Change) -> Change:
    def apply(folder: Path) -> None:
        for change in changes:
            change(folder)
    return apply


BROKEN: dict[str, Change] = {
    "no-route-finder": lambda folder: (folder / "meldroutes.yml").unlink(),
    "no-glossary": lambda folder: (folder / "begrippen.yml").unlink(),
    "link-to-concept": _both(_policy("geheim", status="concept"), _policy("b", body="Zie [x](geheim.md).\n")),
    "link-to-missing-document": _policy("b", body="Zie [x](bestaat-niet.md).\n"),
    "link-to-missing-term": _policy("b", body="Zie [x](../begrippen.md#bestaat-niet).\n"),
    "script-in-body": _policy("b", body="Tekst.\n\n<script>alert(1)</script>\n"),
    "handler-in-body": _policy("b", body="![x](plaatje.png){: onload=\"alert(1)\" }\n"),
    "javascript-link": _policy("b", body="[klik](javascript:alert(1))\n"),
    "script-in-theme": _data("taxonomie.yml", lambda d: d["themes"]["actueel-beleid"].update(
        description="Intro <iframe src=x></iframe>")),
    "reserved-role": _data("taxonomie.yml", lambda d: d["roles"].update(
        index={"name": "Index", "description": "x", "inherits": ["alle-medewerkers"]})),
    "quote-in-owner-key": _data("taxonomie.yml", lambda d: d["owners"].update(
        {'a"b': {"name": "X", "mailbox": "x@douane.example"}})),
    "publish-max-list": _data("taxonomie.yml", lambda d: d["classifications"].update(publish_max=["intern"])),
    "contact-key-with-dots": _data("meldroutes.yml", lambda d: d["contacts"].update(
        {"../x": {"name": "X", "phone": "1", "mail": "m", "hours": "h"}})),
    "review-after-9999": _policy("b", effective="9999-11-01", reviewed="9999-11-01", review_interval=6),
    "policy-named-index": _policy("index"),
    "glossary-twice": _data("begrippen.yml", lambda d: d.append(dict(d[0]))),
    # Anchors: the ids the build's Markdown produces, nothing else.
    "anchor-same-page": _policy("b", body="Zie [x](#kop-die-niet-bestaat).\n\n## Kop\n"),
    "anchor-other-policy": _both(_policy("a", body="## Inleiding\n"), _policy("b", body="[x](a.md#bestaat-niet)\n")),
    "anchor-accents-kept": _policy("b", body="## Één categorie\n\n[x](#één-categorie)\n"),
    "anchor-third-duplicate": _policy("b", body="## Kop\n\n## Kop\n\n[x](#kop_2)\n"),
    "anchor-own-first-heading": _policy("b", body="# Titel\n\nTekst [x](#titel).\n"),
    "anchor-id-in-code": _policy("b", body="```html\n<span id=\"plek\"></span>\n```\n\n[x](#plek)\n"),
    "anchor-heading-in-other-policy-code": _both(
        _policy("a", body="```\n## Kop\n```\n"), _policy("b", body="[x](a.md#kop)\n")),
    "anchor-missing-footnote": _policy("b", body="Tekst[^1].\n\n[^1]: Voetnoot.\n\n[x](#fn:2)\n"),
    "anchor-docs-page": _policy("b", body="[x](../over.md#bestaat-niet)\n"),
    "anchor-docs-page-in-folder": _policy("b", body="[x](../over/prestaties.md#bestaat-niet)\n"),
    "anchor-generated-page": _policy("b", body="[x](../beoordelingen.md#bestaat-niet)\n"),
    "anchor-role-page": _policy("b", body="[x](../rollen/alle-medewerkers.md#bestaat-niet)\n"),
    "anchor-reference-link": _policy("b", body="[x][r]\n\n[r]: ../over.md#bestaat-niet\n"),
    # Files: only what the site has, and only links that name a file.
    "link-to-missing-docs-page": _policy("b", body="[x](../bestaat-niet.md)\n"),
    "link-to-missing-generated-page": _policy("b", body="[x](../rollen/bestaat-niet.md)\n"),
    "link-to-missing-type-page": _policy("b", body="[x](../soorten/bestaat-niet/index.md)\n"),
    "link-to-missing-file": _policy("b", body="[x](../handboek.pdf)\n"),
    "link-to-missing-image": _policy("b", body="![x](plaatje.png)\n"),
    "link-absolute-missing": _policy("b", body="[x](/bestaat-niet.md)\n"),
    "link-outside-docs": _policy("b", body="[x](../../README.md)\n"),
    "link-to-folder": _policy("b", body="[x](../rollen/)\n"),
    "link-to-own-folder": _policy("b", body="[x](./)\n"),
    "link-without-md": _policy("b", body="[x](../over)\n"),
    "link-to-html": _both(_policy("a"), _policy("b", body="[x](a.html)\n")),
    "link-to-dot-file": _policy("b", body="[x](../.verborgen.md)\n"),
}
FINE: dict[str, Change] = {
    "plain": lambda folder: None,
    "links-and-markdown": _both(
        _policy("a"),
        _policy("b", body="Zie [a](a.md) en [term](../begrippen.md#integriteit).\n\n| x | y |\n|:-:|--|\n| 1 | 2 |\n\n"
                          "!!! note \"Let op\"\n    Tekst[^1].\n\n[^1]: Voetnoot.\n\n## Kop {: #eigen .klas }\n"),
        _policy("geheim", status="concept", body="Concept naar concept: [c](ander-concept.md)\n"),
        _policy("ander-concept", status="concept")),
    "anchors": _both(
        _policy("a", body="# Eerste kop valt weg\n\n## Inleiding\n\n## Één categorie\n\n## Kop\n\n## Kop\n"),
        _policy("b", body="## Kop\n\nTekst[^1] [a](#kop) [b](#kop_1) [c](#een-categorie) [d](#eigen-id) "
                          "[e](#alinea) [f](#fn:1) [g](#fnref:1) [h](#plek)\n\n"
                          "## Kop {#eigen-id}\n\n## Kop\n\n## Één categorie\n\nAlinea.\n{: #alinea }\n\n"
                          "<span id=\"plek\">hier</span>\n\n[^1]: Voetnoot.\n\n"
                          "[j](a.md#inleiding) [k](a.md#kop_1) [l](a.md#een-categorie) [m](./a.md#kop) "
                          "[n](/beleid/a.md#inleiding) [o](a.md?x=1#inleiding) [p][ref]\n\n"
                          "[ref]: ../beleid/a.md#kop\n")),
    "links-to-site-pages": _policy("b", body=(
        "[a](../over.md) [b](../over.md#openbaar-en-intern) [c](../over/prestaties.md#bouwtijd) [d](../index.md) "
        "[e](index.md) [f](../rollen/alle-medewerkers.md) [g](../rollen/index.md) [h](../themas/index.md) "
        "[i](../eigenaren/bvi.md) [j](../beoordelingen.md#per-eigenaar) [k](../begrippen.md) "
        "[l](../nieuw-en-gewijzigd.md) [m](../waar-meld-ik-wat.md) [n](../register.json) "
        "[o](../assets/stylesheets/portaal.css) [p](https://example.org/x#y) [q](mailto:x@douane.example) "
        "[r](?x=1) [s](#) [t](/over.md#wie-beheert-het-portaal) [u](../voor-beleidseigenaren.md#concepten)\n")),
}


LINK_CASES = sorted(name for name in BROKEN if name.startswith(("link-", "anchor-")))
"""Cases that only add policies with a bad link: they are built together (see _shared_project)."""


def _project(tmp_path: Path, change: Change) -> Path:
    project = make_project(tmp_path, {"doc": {}})
    change(project / "policies")
    return project


@pytest.mark.parametrize("name", sorted(set(BROKEN) - set(LINK_CASES)))
def test_a_broken_input_fails_check_and_build_with_the_same_messages(
        tmp_path: Path, name: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, BROKEN[name])
    monkeypatch.chdir(project)
    report = run_check(Path("policies"), dt.date.fromisoformat(TODAY))
    assert report.exit_code == 1 and report.problems, name
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(project)
    for problem in report.problems:
        assert str(problem) in caplog.text, (name, str(problem), caplog.text[-2000:])
    assert "Traceback" not in caplog.text
    assert not (project / "site").exists()


@pytest.mark.parametrize("name", sorted(FINE))
def test_the_check_accepts_a_valid_input(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, FINE[name])
    monkeypatch.chdir(project)
    report = run_check(Path("policies"), dt.date.fromisoformat(TODAY))
    assert report.problems == (), [str(p) for p in report.problems]


# -- builds shared by many cases ---------------------------------------------------------------
# A build costs seconds, so the cases of a corpus are built together: each case's policies get
# their own ids (the case name in front, links between them follow), all in ONE project. MkDocs
# --strict logs every warning before it stops, so each case is still judged on its own page.

_LINKED_ID = r"(?<![\w.-]){}(?=\.(?:md|html)\b)"
"""A policy id where a link names its file: `a.md`, `./a.md`, `../beleid/a.md#x`, `(a.html)`."""


def _namespaced(case: str, change: Change, target: Path) -> dict[str, str]:
    """Apply `change` to a scratch policy folder, then write the policies it made into `target`
    with ids `<case>-<id>` (and the links between them renamed to match). Returns old -> new id."""
    scratch = target.parent / f".scratch-{case}"
    write_taxonomy(scratch)
    data_before = {path.name: path.read_bytes() for path in scratch.glob("*.yml")}
    change(scratch)
    data_after = {path.name: path.read_bytes() for path in scratch.glob("*.yml")}
    assert data_after == data_before, f"{case}: a shared build takes cases that only add policies"
    pages = sorted(scratch.glob("*.md"))
    assert pages, case
    renamed = {page.stem: f"{case}-{page.stem}" for page in pages}
    for page in pages:
        head, separator, body = page.read_text(encoding="utf-8").partition("\n---\n")
        head, count = re.subn(rf"^id: {re.escape(page.stem)}$", f"id: {renamed[page.stem]}", head, flags=re.M)
        assert count == 1, (case, head)
        for old, new in renamed.items():
            body = re.sub(_LINKED_ID.format(re.escape(old)), new, body)
        (target / f"{renamed[page.stem]}.md").write_text(head + separator + body, encoding="utf-8")
    shutil.rmtree(scratch)
    return renamed


def _shared_project(tmp_path: Path, cases: dict[str, Change]) -> tuple[Path, dict[str, dict[str, str]]]:
    project = make_project(tmp_path, {"doc": {}})
    ids = {case: _namespaced(case, change, project / "policies") for case, change in sorted(cases.items())}
    return project, ids


@dataclass
class SharedBuild:
    project: Path
    ids: dict[str, dict[str, str]]
    """Per case: its policy ids as written in the corpus -> their ids in the shared project."""
    records: list[logging.LogRecord]
    """Everything logged at WARNING or above during the build, in order."""
    aborted: str | None
    """The message of MkDocs's Abort, or None when the build finished."""

    @property
    def warnings(self) -> list[str]:
        """MkDocs's own warnings (loggers mkdocs.*)."""
        return [r.getMessage() for r in self.records if r.levelno == logging.WARNING and r.name.startswith("mkdocs")]

    @property
    def errors(self) -> str:
        """The text of every error logged, one after the other."""
        return "\n".join(r.getMessage() for r in self.records if r.levelno >= logging.ERROR)


class _Recorder(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _build_shared(project: Path, ids: dict[str, dict[str, str]]) -> SharedBuild:
    records: list[logging.LogRecord] = []
    handler = _Recorder(records)
    logger = logging.getLogger()
    logger.addHandler(handler)
    aborted = None
    try:
        build(project)
    except Abort as abort:
        aborted = str(abort)
    finally:
        logger.removeHandler(handler)
    return SharedBuild(project, ids, records, aborted)


@pytest.fixture(scope="module")
def fine_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """Every valid input of FINE, together in one strict build (with the portal's check on)."""
    return _build_shared(*_shared_project(tmp_path_factory.mktemp("fine"),
                                          {name: FINE[name] for name in FINE if name != "plain"}))


def test_the_valid_inputs_build_strict(fine_build: SharedBuild) -> None:
    assert fine_build.aborted is None, fine_build.warnings
    assert fine_build.warnings == []
    assert (fine_build.project / "site" / "index.html").is_file()
    run = run_check(fine_build.project / "policies", dt.date.fromisoformat(TODAY))
    assert run.problems == (), [str(p) for p in run.problems]


@pytest.mark.parametrize("name", sorted(FINE))
def test_an_input_the_check_accepts_builds(fine_build: SharedBuild, name: str) -> None:
    assert fine_build.aborted is None, fine_build.warnings
    site = fine_build.project / "site"
    assert (site / "index.html").is_file()
    assert (site / "beleid" / "doc" / "index.html").is_file()  # "plain": the shared project's own base
    for new in fine_build.ids.get(name, {}).values():
        text = (fine_build.project / "policies" / f"{new}.md").read_text(encoding="utf-8")
        published = "status: concept" not in text
        assert (site / "beleid" / new / "index.html").is_file() == published, (name, new)


@pytest.fixture(scope="module")
def links_unchecked_build(tmp_path_factory: pytest.TempPathFactory) -> SharedBuild:
    """Every broken link of LINK_CASES in one strict build, with the portal's link check switched off."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(links, "problems", lambda *args, **kwargs: [])
        return _build_shared(*_shared_project(tmp_path_factory.mktemp("links"),
                                              {name: BROKEN[name] for name in LINK_CASES}))


@pytest.mark.parametrize("name", LINK_CASES)
def test_a_broken_link_fails_the_build_also_without_the_check(links_unchecked_build: SharedBuild, name: str) -> None:
    """The corpus is real: with the portal's link check switched off, MkDocs's own strict link
    validation still stops the build on each of these links."""
    shared = links_unchecked_build
    assert shared.aborted is not None and "in strict mode" in shared.aborted, shared.aborted
    page = shared.ids[name]["b"]
    warnings = shared.warnings
    assert any(f"Doc file 'beleid/{page}.md' contains" in w for w in warnings), (name, warnings)
    # every link between a case's own policies was renamed with them (else a missing file would stand in)
    stale = [w for w in warnings for old in shared.ids[name] if f"'beleid/{old}." in w or f"'{old}." in w]
    assert stale == [], stale


@pytest.fixture(scope="module")
def links_checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[SharedBuild, CheckReport]:
    """Every broken link of LINK_CASES in one project: `portaal check` on it, then one build."""
    cases = {name: BROKEN[name] for name in LINK_CASES}
    project, ids = _shared_project(tmp_path_factory.mktemp("links-checked"), cases)
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)  # short paths in messages, as in the test of a single case
        report = run_check(Path("policies"), dt.date.fromisoformat(TODAY))
        return _build_shared(project, ids), report


def test_every_problem_of_the_shared_link_project_belongs_to_a_case(links_checked: tuple[SharedBuild, CheckReport]
                                                                    ) -> None:
    shared, report = links_checked
    pages = {f"policies/{new}.md" for ids in shared.ids.values() for new in ids.values()}
    assert report.exit_code == 1
    assert {problem.path for problem in report.problems} <= pages, [str(p) for p in report.problems]


@pytest.mark.parametrize("name", LINK_CASES)
def test_a_broken_link_fails_check_and_build_with_the_same_messages(
        links_checked: tuple[SharedBuild, CheckReport], name: str) -> None:
    shared, report = links_checked
    own = [problem for problem in report.problems if problem.path == f"policies/{shared.ids[name]['b']}.md"]
    assert own, (name, [str(p) for p in report.problems])
    assert shared.aborted is not None
    for problem in own:
        assert str(problem) in shared.errors, (name, str(problem), shared.errors[-2000:])
    assert "Traceback" not in shared.errors
    assert not (shared.project / "site").exists()
