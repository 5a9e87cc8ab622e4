"""One verdict: a corpus of inputs through `portaal check` and through the build. Every
input that fails the build fails the check with the same Dutch message, and the reverse."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort

from portaal.cli.checks import run_check
from tests.helpers import build, make_project, write_policy

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
}
FINE: dict[str, Change] = {
    "plain": lambda folder: None,
    "links-and-markdown": _both(
        _policy("a"),
        _policy("b", body="Zie [a](a.md) en [term](../begrippen.md#integriteit).\n\n| x | y |\n|:-:|--|\n| 1 | 2 |\n\n"
                          "!!! note \"Let op\"\n    Tekst[^1].\n\n[^1]: Voetnoot.\n\n## Kop {: #eigen .klas }\n"),
        _policy("geheim", status="concept", body="Concept naar concept: [c](ander-concept.md)\n"),
        _policy("ander-concept", status="concept")),
}


def _project(tmp_path: Path, change: Change) -> Path:
    project = make_project(tmp_path, {"doc": {}})
    change(project / "policies")
    return project


@pytest.mark.parametrize("name", sorted(BROKEN))
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
def test_an_input_the_check_accepts_builds(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _project(tmp_path, FINE[name])
    monkeypatch.chdir(project)
    report = run_check(Path("policies"), dt.date.fromisoformat(TODAY))
    assert report.problems == (), [str(p) for p in report.problems]
    site = build(project, strict=True)
    assert (site / "index.html").is_file()
