"""The shortcuts that make `portaal check` quick give what the full way gives.

- The sanitiser renders a policy's Markdown only when the text could hold something to remove: an
  ampersand in ordinary text ("P&O") no longer costs a rendering, an ampersand in a link address
  still does (a character reference can hide a scheme there).
- Front matter of mappings, lists and plain scalars is built straight from the YAML parser's events;
  everything else (anchors, tags, merge keys, a key twice, broken YAML) goes to the full loader, so
  values, lines and messages stay the same.
- The owner tables are written without tabulate when every cell is plain printable ASCII.
- `portaal check` loads only what it needs (no page builders, no other commands); a link to a
  generated page makes only that page; link targets are found from each ']' by str.find; the policy
  folder is resolved once; the cycle collector is off while a check runs.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from portaal.cli.checks import _simple_table, without_cycle_collector
from portaal.cli.main import LAZY_COMMANDS
from portaal.core import frontmatter, links, sanitize
from portaal.core.catalog import load_catalog, policy_files, resolved_policy_files
from portaal.core.publication import Publication
from portaal.site import pages
from tests.helpers import ROOT, run_cli

HIDDEN_SCHEMES = (
    "[klik](javascript&#58;alert(1))",
    "[klik](java&#115;cript&#x3A;alert(1))",
    "![plaatje](javascript&#58;alert(1))",
    "[klik]: javascript&#58;alert(1)\n\n[klik]",
    "   [klik]:\n   javascript&#58;alert(1)\n\n[klik]",
    "[klik](\n  javascript&#58;alert(1))",
    "[klik\nhier](javascript&#58;alert(1))",
)
PLAIN = (
    "De afdeling P&O helpt je. Vraag het aan P&O of aan B&I.\n\nZie [de gedragscode](gedragscode.md).\n",
    "| Wie | Wat |\n|---|---|\n| P&O | personeelszaken |\n",
    "R&D &amp; P&O, 5 &lt; 6\n\n- [Melden](meldprocedure.md)\n- P&O\n",
)


@pytest.mark.parametrize("body", HIDDEN_SCHEMES)
def test_a_scheme_hidden_in_a_character_reference_is_still_found(body: str) -> None:
    text = f"Eerste regel.\n\n{body}\n\nLaatste regel.\n"
    assert sanitize.findings(sanitize.render(text)), "the full rendering must find it (else this case tests nothing)"
    assert sanitize.markdown_findings(text) == sanitize.findings(sanitize.render(text))


@pytest.mark.parametrize("body", PLAIN)
def test_text_with_an_ampersand_outside_links_is_not_rendered(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sanitize.findings(sanitize.render(body)) == []

    def no_rendering(text: str) -> str:
        raise AssertionError("rendered")

    monkeypatch.setattr(sanitize, "render", no_rendering)
    assert sanitize.markdown_findings(body) == []


def _outcome(load: Any, raw: str) -> tuple[str, ...]:
    """What a loader gives for `raw`: the value and the lines, or the error and its message (and line)."""
    try:
        return ("ok", repr(load(raw, 1)))
    except frontmatter.FrontMatterError as error:
        return ("front matter", error.message, str(error.line))
    except (yaml.YAMLError, ValueError) as error:
        return (type(error).__name__, str(error))


YAML_PIECES = ("id", "title", "x", ": ", ":", "\n", "\n  ", "- ", "[", "]", "{", "}", ", ", "'", '"', "&a ", "*a",
               "!!str ", "!x ", "<<", "=", "~", "null", "yes", "No", "12", "0x1F", "1_000", "0o17", "1:30", "1.5e3",
               ".inf", "2025-02-30", "# c", "|\n  ", ">-\n  ", "? ", "\t", "...", "%YAML 1.1\n", "é", "\x07", "\u2028")
SETTINGS = settings(max_examples=300, derandomize=True, database=None, deadline=None)


@SETTINGS
@given(raw=st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join))
def test_quick_front_matter_gives_what_the_full_loader_gives(raw: str) -> None:
    assert _outcome(frontmatter._load_with_lines, raw) == _outcome(frontmatter._full_load, raw)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from(["yes", "~", "<<", "=", "0o17", "1:30", "2026-01-01", "a: b", "- x", "&a", "!x"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=6), st.integers(), st.booleans()),
                                                 inner, max_size=4)), max_leaves=15)


@SETTINGS
@given(data=st.dictionaries(st.text(max_size=8), VALUES, max_size=6), flow=st.sampled_from([None, True, False]))
def test_quick_front_matter_reads_dumped_values_as_the_full_loader_does(
        data: dict[str, Any], flow: bool | None) -> None:
    raw = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    assert _outcome(frontmatter._load_with_lines, raw) == _outcome(frontmatter._full_load, raw)


def _front_matters() -> list[str]:
    texts = [frontmatter.decode(path.read_bytes()) for path in sorted((ROOT / "policies").glob("*.md"))]
    return [text[4:text.index("\n---", 3) + 1] for text in texts]


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_the_portals_own_policies_take_the_quick_way(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if parser == "python":  # PyYAML without libyaml: the pure-Python parser gives the same events
        monkeypatch.setattr(frontmatter, "_EventParser", yaml.SafeLoader)
    raws = _front_matters()
    assert len(raws) > 20
    for raw in raws:
        assert frontmatter._quick_load(raw, 2) == frontmatter._full_load(raw, 2)


@pytest.mark.parametrize(("raw", "reason"), [
    ("a: &x 1\nb: *x\n", "anchor"),
    ("a: !!str 1\n", "tag"),
    ("<<: {a: 1}\n", "merge key"),
    ("a: 1\na: 2\n", "key twice"),
    ("[a]: 1\n", "list as a key"),
    ("a: 1\n--- \nb: 2\n", "two documents"),
])
def test_unusual_front_matter_goes_to_the_full_loader(raw: str, reason: str) -> None:
    with pytest.raises((frontmatter._Unusual, yaml.YAMLError)):
        frontmatter._quick_load(raw, 1)
    assert _outcome(frontmatter._load_with_lines, raw) == _outcome(frontmatter._full_load, raw)


CELLS = st.lists(st.sampled_from([*"ab1-. é\x1b\n", "True", "x" * 25]), max_size=6).map("".join)


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=6, max_size=6), min_size=1, max_size=5), strip=st.booleans())
def test_the_plain_table_is_what_tabulate_makes(rows: list[list[str]], strip: bool) -> None:
    head = ["Bestand", "Kenmerk", "Status", "Beoordeling", "Volgende beoordeling", "Dagen"]
    if strip:
        rows = [[cell.strip() for cell in row] for row in rows]
    plain = _simple_table(head, rows)
    if plain is not None:
        assert plain == tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True)


def test_the_plain_table_takes_plain_cells_and_leaves_others_to_tabulate() -> None:
    head = ["Bestand", "Dagen"]
    assert _simple_table(head, [["policies/a.md", "over 3 dagen"]]) is not None
    for odd in ("politiek-é.md", "a\nb", " a", "\x1b[31mrood"):
        assert _simple_table(head, [[odd, "vandaag"]]) is None


# -- start-up and the shortcuts of the link check -------------------------------------------------

LOADED_BY_CHECK = (
    "import json, sys\n"
    "from portaal.cli.main import main\n"
    "sys.argv = ['portaal', 'check', '--overdue-as-warning', sys.argv[1]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
)
"""Run `portaal check` in a fresh interpreter; the names of every module it loaded go to stderr."""


def test_check_loads_neither_the_page_builders_nor_other_commands(tmp_path: Path) -> None:
    # a policy set without docs/ and outside git, as bench/checkspeed.py measures it
    shutil.copytree(ROOT / "policies", tmp_path / "policies")
    done = subprocess.run([sys.executable, "-c", LOADED_BY_CHECK, "policies"], cwd=tmp_path, capture_output=True,
                          text=True, env={**os.environ, "PORTAAL_TODAY": "2026-12-01"}, check=False)
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "portaal.cli.checks" in loaded
    assert "documenten gecontroleerd op 2026-12-01" in done.stdout
    for module in ("portaal.site.pages", "portaal.site.indexes", "portaal.site.exports", "portaal.site.archive",
                   "portaal.cli.archive", "portaal.cli.in_force", "portaal.cli.nginx", "portaal.site.webserver",
                   "portaal.core.placeholders", "tabulate", "icalendar"):
        assert module not in loaded, module


def test_commands_in_other_modules_are_listed_suggested_and_run() -> None:
    listed = run_cli("--help")
    assert listed.exit_code == 0
    for name in LAZY_COMMANDS:
        assert f"  {name} " in listed.output
    typo = run_cli("gelden")
    assert typo.exit_code == 2 and "'geldend'" in typo.output
    assert run_cli("codeowners", "--help").output.startswith("Gebruik: portaal codeowners [OPTIES] [PAD]")


def test_one_generated_page_is_what_all_generated_pages_give() -> None:
    portal = Publication(load_catalog(ROOT / "policies"), dt.date(2026, 12, 1))
    every = pages.pages(portal)
    assert every.keys() == pages.page_paths(portal)
    for path, page in every.items():
        assert pages.page_markdown(portal, path) == page.markdown, path
    assert pages.page_markdown(portal, "rollen/bestaat-niet.md") is None


def test_resolved_policy_files_are_what_resolve_gives(tmp_path: Path) -> None:
    real, elsewhere = tmp_path / "echt", tmp_path / "elders"
    (real / "sub").mkdir(parents=True)
    elsewhere.mkdir()
    for path in (real / "a.md", real / "sub" / "b.md", elsewhere / "c.md", elsewhere / "d.md"):
        path.write_text("---\n---\n", encoding="utf-8")
    (real / "c.md").symlink_to(elsewhere / "c.md")  # a linked file: resolved on its own
    (real / "map").symlink_to(elsewhere)  # a linked folder: os.walk does not enter it
    (tmp_path / "via").symlink_to(real)  # the policy folder itself reached by a link
    for folder in (real, tmp_path / "via", Path(os.path.relpath(real))):
        found = resolved_policy_files(folder)
        assert found == [(path, path.resolve()) for path in policy_files(folder)]
        assert [path.name for path, _resolved in found] == ["a.md", "c.md", "b.md"]


def _reference_targets(body: str) -> list[tuple[int, str]]:
    """links.targets as plain expressions over the whole text (what it was before its shortcuts)."""
    text = links._CODE_SPAN.sub(links._blank, links._FENCE.sub(links._blank, body))
    found = []
    for pattern in (links._INLINE, links._REFERENCE):
        found += [(text.count("\n", 0, match.start(1)), match.group(1)) for match in pattern.finditer(text)]
    return found


LINK_PIECES = ("](", "]:", "[", "]", "(", ")", "`", "```", "~~~", "~", "\n", " ", "x", "<", ">", "a.md", "#b",
               "\n   [r]: u\n", "[^1]: n", "](  <", "\n```\n[a](b)\n```\n", "\t")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LINK_PIECES), max_size=30).map("".join))
def test_link_targets_are_what_the_expressions_find(body: str) -> None:
    assert list(links.targets(body)) == _reference_targets(body)


def test_the_portals_own_link_targets_are_what_the_expressions_find() -> None:
    for path in sorted((ROOT / "policies").glob("*.md")):
        body = path.read_text(encoding="utf-8")
        assert list(links.targets(body)) == _reference_targets(body), path


def test_the_cycle_collector_is_off_inside_and_back_afterwards() -> None:
    assert gc.isenabled()
    with without_cycle_collector():
        assert not gc.isenabled()
        with without_cycle_collector():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
