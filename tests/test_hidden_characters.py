"""Characters readers cannot see (control characters, zero-width spaces, bidi controls) are refused in every
text of the front matter and the data files, by `portaal check` and the build alike; line ends in a data
file's name become a space, so a name stays one line on the site, in calendars and in exports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from portaal.site.indexes import front_matter
from tests.helpers import make_project, policy_text, run_cli, write_policy
from tests.hostile import HIDDEN_VALUES

TODAY = "2026-11-28"
HIDDEN = {"escape": "\x1b", "nul": "\x00", "bel": "\x07", "delete": "\x7f", "zero-width space": "\u200b",
          "right-to-left override": "\u202e", "isolate": "\u2066", "byte-order mark": "\ufeff"}


@pytest.mark.parametrize("name", HIDDEN)
@pytest.mark.parametrize(("field", "value"), [
    ("title", "Scr{c} [klik](https://evil.example/phish)"),
    ("summary", "Een samenvatting{c}."),
    ("decision", "MT-besluit{c} 2026-001"),
    ("keywords", ["gewoon", "trefwoord{c}"]),
    ("vragen", ["Mag ik dit{c}?"]),
])
def test_check_refuses_a_hidden_character_in_front_matter(policies: Path, name: str, field: str,
                                                         value: Any) -> None:
    char = HIDDEN[name]
    fields: dict[str, Any] = {
        field: [item.format(c=char) for item in value] if isinstance(value, list) else value.format(c=char)}
    (policies / "doc.md").write_text(policy_text("doc", **fields), encoding="utf-8")
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "policies/doc.md" in result.stdout
    assert f"{field}: " in result.stdout
    assert f"bevat een teken dat lezers niet zien (tekencode #x{ord(char):04X}" in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", HIDDEN_VALUES)
def test_check_refuses_the_hostile_hidden_values_as_title_and_owner_name(policies: Path, value: str) -> None:
    (policies / "doc.md").write_text(policy_text("doc", title=value), encoding="utf-8")
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "title: bevat een teken dat lezers niet zien" in result.stdout
    (policies / "doc.md").write_text(policy_text("doc"), encoding="utf-8")
    _edit_yaml(policies / "taxonomie.yml", lambda d: d["owners"]["bvi"].update(name=value))
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "owners.bvi.name" in result.output and "bevat een teken dat lezers niet zien" in result.output


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(("file", "where", "change"), [
    ("taxonomie.yml", "roles.leidinggevenden.name",
     lambda d: d["roles"]["leidinggevenden"].update(name="Leiding\x07gevenden")),
    ("taxonomie.yml", "themes.actueel-beleid.name",
     lambda d: d["themes"]["actueel-beleid"].update(name="Actueel\u202e beleid")),
    ("meldroutes.yml", "routes[1].situation", lambda d: d["routes"][0].update(situation="Iets\u200b anders")),
    ("begrippen.yml", "term", lambda d: d[0].update(term="\u202eZwart")),
    ("synoniemen.yml", "groepen[1]", lambda d: d.update(groepen=[["omkoping", "smeer\u200bgeld"]])),
])
def test_check_refuses_a_hidden_character_in_a_data_file(policies: Path, file: str, where: str,
                                                         change: Any) -> None:
    write_policy(policies, "doc")
    path = policies / file
    if not path.exists():
        path.write_text("groepen: []\n", encoding="utf-8")
    _edit_yaml(path, change)
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1, result.output
    assert f"policies/{file}" in result.output
    assert "bevat een teken dat lezers niet zien" in result.output
    assert where.split("[")[0].split(".")[0] in result.output
    assert "Traceback" not in result.output


def test_a_line_end_in_an_owner_name_becomes_a_space_in_check_and_calendar(policies: Path) -> None:
    write_policy(policies, "doc", reviewed="2026-06-01")
    _edit_yaml(policies / "taxonomie.yml", lambda d: d["owners"]["bvi"].update(name="Bureau\nVeiligheid"))
    check = run_cli("check", "--today", TODAY)
    assert check.exit_code == 0, check.output
    assert check.stdout.startswith("Bureau Veiligheid (bvi)\n")
    calendar = run_cli("export", "ics", "--owner", "bvi", "--today", TODAY)
    assert calendar.exit_code == 0, calendar.output
    assert "Traceback" not in calendar.output
    assert "Bureau Veiligheid" in calendar.stdout.replace("\r\n ", "")


@pytest.mark.parametrize("title", ['Naam "tussen" aanhalingstekens', "Twee\nregels", "Eind\\", "x: y # z",
                                   "---", "Scr\x1b<b>"])
def test_a_generated_page_title_is_one_yaml_string_whatever_it_holds(title: str) -> None:
    text = front_matter(title)
    meta = yaml.safe_load(text.split("---\n")[1])
    assert set(meta) == {"title"}
    assert "\n" not in text.split("---\n")[1].strip()
    assert meta["title"] == json.loads(json.dumps(meta["title"]))


def test_the_build_refuses_a_hidden_character_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {}})
    env = {"PORTAAL_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    build = [sys.executable, "-m", "mkdocs", "build"]
    subprocess.run(build, cwd=project, env=env, capture_output=True, check=True)
    before = (project / "site" / "beleid" / "doc" / "index.html").read_bytes()
    (project / "policies" / "doc.md").write_text(
        policy_text("doc", title="Scr\x1b [klik](https://evil.example/phish)"), encoding="utf-8")
    result = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "policies/doc.md" in output and "title" in output
    assert "bevat een teken dat lezers niet zien (tekencode #x001B" in output
    assert (project / "site" / "beleid" / "doc" / "index.html").read_bytes() == before
