from __future__ import annotations

from pathlib import Path

from tests.helpers import build, make_project


def test_policy_page_is_written(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"gedragscode-test": {"title": "Gedragscode test"}})
    site = build(project)
    html = (site / "beleid" / "gedragscode-test" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Gedragscode test</h1>" in html
