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


def test_files_that_cannot_be_read_are_named_in_dutch_and_fail_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    write_taxonomy(folder)
    write_policy(folder, "doc", body="Bel [TE BEVESTIGEN: 088-000 0000].\n")
    (folder / "map.md").mkdir()
    (folder / "kapot.md").write_bytes(b"---\nid: kapot\ntitle: \xff\xfe\n---\n")
    (folder / "weg.md").symlink_to(tmp_path / "bestaat-niet.md")
    docs = tmp_path / "docs"
    docs.mkdir()
    result = CliRunner().invoke(portaal, ["placeholders", str(folder), "--docs", str(docs)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"Fout: {folder}/map.md: dit is een map, geen bestand" in result.output
    assert f"Fout: {folder}/kapot.md:3: het bestand is geen geldige UTF-8-tekst" in result.output
    assert f"Fout: {folder}/weg.md: kan het bestand niet lezen: het bestaat niet" in result.output
    assert f"{folder}/doc.md:20: 088-000 0000" in result.output  # the readable files are still listed
    assert "3 bestanden niet gelezen" in result.output
