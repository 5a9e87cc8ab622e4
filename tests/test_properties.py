"""Property tests (Hypothesis): whatever is in the front matter or a data file, the result
is a clean Dutch verdict or a working site model and exports, never an exception.

Deterministic (derandomized, no example database) and small enough for CI.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portaal.cli.checks import render_json, render_junit, render_text, run_check
from portaal.core.catalog import read_catalog
from portaal.core.problems import CatalogError
from portaal.core.publication import Publication
from portaal.core.schema import FIELDS
from portaal.site import exports, views
from portaal.site import pages as site
from tests.helpers import BASE_META, ROOT, write_taxonomy
from tests.hostile import HOSTILE_VALUES

TODAY = dt.date(2026, 11, 28)
SETTINGS = settings(max_examples=60, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure shows its input as found
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

DATES = st.sampled_from(["2026-01-01", "0001-01-01", "9999-12-31", "9999-06-30", "2026-02-30", "2026-13-01",
                         "26-1-1", "2026-01-01T10:00:00", ""])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), DATES,
    st.sampled_from(HOSTILE_VALUES), st.sampled_from(["bvi", "intern", "alle-medewerkers", "index", "vastgesteld"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(st.text(max_size=8), st.integers()), inner, max_size=4)),
    max_leaves=12)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _everything(folder: Path) -> None:
    """The check in every format; when the set is valid, every page and every export too."""
    report = run_check(folder, TODAY)
    for problem in report.problems:
        assert isinstance(problem.message, str) and problem.message.strip()
        assert "Traceback" not in problem.message
        if problem.path.endswith(".yml") and "ontbreekt" not in problem.message:
            assert problem.line is not None, str(problem)  # every content error in a data file has its line
    render_text(report)
    json.loads(render_json(report))
    render_junit(report)
    try:
        catalog, problems = read_catalog(folder)
    except CatalogError as error:  # nothing could be checked (no taxonomy): the check reported it
        assert [str(p) for p in error.problems] == [str(p) for p in report.problems]
        return
    if problems:
        return
    for preview in (False, True):
        portal = Publication(catalog, TODAY, preview=preview)
        for page in site.pages(portal).values():
            assert isinstance(page.markdown, str)
        site.nav_sections(portal)
        for policy in portal.visible:
            views.policy_view(portal, policy)
        json.loads(exports.register_json(portal))
        exports.inventory_csv(portal)
        exports.review_calendar(portal)


FIELD_NAMES = [field.name for field in FIELDS] + ["onbekend", "Title", ""]


@SETTINGS
@given(changes=st.lists(st.tuples(st.sampled_from(FIELD_NAMES), st.one_of(st.just("<weg>"), VALUES)),
                        min_size=1, max_size=4))
def test_mutated_front_matter_gives_a_dutch_verdict_never_an_exception(
        tmp_path: Path, changes: list[tuple[str, Any]]) -> None:
    folder = tmp_path / "policies"
    if not folder.exists():
        write_taxonomy(folder)
    meta: dict[str, Any] = {"id": "doc", **BASE_META, "related": ["ander"]}
    for name, value in changes:
        if value == "<weg>":
            meta.pop(name, None)
        else:
            meta[name] = value
    (folder / "doc.md").write_text("---\n" + _dump(meta) + "---\n\nTekst.\n", encoding="utf-8")
    (folder / "ander.md").write_text("---\n" + _dump({"id": "ander", **BASE_META}) + "---\n\nTekst.\n",
                                     encoding="utf-8")
    _everything(folder)


@SETTINGS
@given(line=st.integers(min_value=0, max_value=14), text=st.one_of(st.text(max_size=40), st.sampled_from(
    ["---", "- x", "  - y", "a: [", "a: {b", "? x", "&a x", "*a", "!!python/object:os.system x", "title: |",
     "\t", "\x00", "'", '"', "%YAML 1.2", "...", "title: !!binary aGk="])))
def test_a_broken_line_in_the_front_matter_gives_a_dutch_verdict(tmp_path: Path, line: int, text: str) -> None:
    folder = tmp_path / "policies"
    if not folder.exists():
        write_taxonomy(folder)
    lines = ("---\n" + _dump({"id": "doc", **BASE_META}) + "---\n\nTekst.\n").split("\n")
    lines[min(line, len(lines) - 1)] = text
    (folder / "doc.md").write_text("\n".join(lines), encoding="utf-8")
    _everything(folder)


def _originals() -> dict[str, Any]:
    """The real data files, without their links to the real documents (as in the test projects)."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_taxonomy(folder)
        found = {name: yaml.safe_load((folder / name).read_text(encoding="utf-8"))
                 for name in ("taxonomie.yml", "meldroutes.yml", "begrippen.yml")}
    found["synoniemen.yml"] = yaml.safe_load((ROOT / "policies" / "synoniemen.yml").read_text(encoding="utf-8"))
    return found


ORIGINALS = _originals()


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node in parsed YAML."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    if not path:
        return value
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if action == "weg":
        del parent[last]
    elif action == "sleutel" and isinstance(parent, dict):
        parent[str(value)[:20] if not isinstance(value, (dict, list)) else "x y"] = parent.pop(last)
    else:
        parent[last] = value
    return data


@SETTINGS
@given(file=st.sampled_from(sorted(ORIGINALS)), choice=st.integers(min_value=0), action=st.sampled_from(
    ["waarde", "weg", "sleutel"]), value=VALUES)
def test_a_mutated_data_file_gives_a_dutch_verdict_never_an_exception(
        tmp_path: Path, file: str, choice: int, action: str, value: Any) -> None:
    folder = tmp_path / "policies"
    if not folder.exists():
        write_taxonomy(folder)
        (folder / "doc.md").write_text("---\n" + _dump({"id": "doc", **BASE_META}) + "---\n\nTekst.\n",
                                       encoding="utf-8")
    data = json.loads(json.dumps(ORIGINALS[file]))  # a deep copy
    places = _places(data)
    data = _mutate(data, places[choice % len(places)], action, value)
    for name, original in ORIGINALS.items():
        (folder / name).write_text(_dump(data if name == file else original), encoding="utf-8")
    _everything(folder)
