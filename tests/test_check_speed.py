"""The shortcuts that make `portaal check` quick give what the full way gives.

- The sanitiser renders a policy's Markdown only when the text could hold something to remove: an
  ampersand in ordinary text ("P&O") no longer costs a rendering, an ampersand in a link address
  still does (a character reference can hide a scheme there).
- Front matter of mappings, lists and plain scalars is built straight from the YAML parser's events;
  everything else (anchors, tags, merge keys, a key twice, broken YAML) goes to the full loader, so
  values, lines and messages stay the same.
- The owner tables are written without tabulate when every cell is plain printable ASCII.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from tabulate import tabulate

from portaal.cli.checks import _simple_table
from portaal.core import frontmatter, sanitize
from tests.helpers import ROOT

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
