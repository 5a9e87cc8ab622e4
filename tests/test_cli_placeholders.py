"""`portaal placeholders` lists every value an owner must still confirm."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from portaal.cli.main import portaal
from tests.helpers import write_policy, write_taxonomy


def test_lists_placeholders_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_taxonomy(folder)
    body = "Bel [TE BEVESTIGEN: 088-000 0000].\n\nOf mail [TE BEVESTIGEN: a@douane.example].\n"
    write_policy(folder, "doc", body=body)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("Geen gegevens.\n", encoding="utf-8")
    result = CliRunner().invoke(portaal, ["placeholders", str(folder), "--docs", str(docs)])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line for line in lines if "/doc.md:" in line] == [
        f"{folder}/doc.md:20: 088-000 0000",
        f"{folder}/doc.md:22: a@douane.example",
    ]
    in_taxonomy = [line for line in lines if "/taxonomie.yml:" in line or "/meldroutes.yml:" in line]
    assert in_taxonomy  # owners' mailboxes and contact points are placeholders too
    assert lines[-1] == f"{2 + len(in_taxonomy)} gegevens te bevestigen in 3 bestanden."
    strict = CliRunner().invoke(portaal, ["placeholders", str(folder), "--docs", str(docs), "--strict"])
    assert strict.exit_code == 1
