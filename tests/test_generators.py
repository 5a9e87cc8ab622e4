"""The portal on MkDocs 1.6.1 and on ProperDocs 1.6.7 (its drop-in fork, the way out when MkDocs 1.x
stops installing): the real site comes out the same byte for byte, and a failed build keeps the old
site under both.

Known differences, allowed and nothing else:
- the generator tag (`<meta name="generator" content="mkdocs-1.6.1, ...">` against
  `"mkdocs-ProperDocs 1.6.7, ..."`), in every page and its `.gz` copy;
- Pagefind's filter and metadata files: Pagefind writes their entries in a different order in every
  run (also between two MkDocs builds), so their content-hashed names and `pagefind-entry.json`,
  which lists the hash, differ. Their content is compared as a bag of bytes; the page fragments and
  word index, whose names are stable, are compared byte for byte.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import GENERATORS
from tests.helpers import make_project, write_policy

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
UNSTABLE = re.compile(r"^pagefind(?:-archief)?/(?:filter/[^/]*\.pf_filter|pagefind\.[^/]*\.pf_meta)$")
"""Pagefind files (of the site's index and the archive's) whose content order, and so their hashed
name, changes from run to run."""
FILTER_NAME = re.compile(rb"nl_[0-9a-f]{7}")
ENTRY = "pagefind/pagefind-entry.json"
ARCHIVE_ENTRY = "pagefind-archief/pagefind-entry.json"
BIN = Path(sys.executable).parent


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def _content(name: str, path: Path) -> bytes:
    data = path.read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    return GENERATOR_TAG.sub(b"", data) if ".html" in name else data


def _generator(site: Path) -> str:
    match = GENERATOR_TAG.search((site / "index.html").read_bytes())
    assert match is not None, "geen generator-tag op de beginpagina"
    return match.group(0).decode()


def test_mkdocs_and_properdocs_build_the_same_site(real_sites: dict[str, Path]) -> None:
    mkdocs, properdocs = (_files(real_sites[tool]) for tool in GENERATORS)
    assert len(mkdocs) > 200
    stable = {name for name in mkdocs if not UNSTABLE.match(name)}
    assert stable == {name for name in properdocs if not UNSTABLE.match(name)}
    entries = {ENTRY, ENTRY + ".gz", ARCHIVE_ENTRY, ARCHIVE_ENTRY + ".gz"}
    differ = sorted(name for name in stable - entries
                    if _content(name, mkdocs[name]) != _content(name, properdocs[name]))
    assert differ == [], f"MkDocs en ProperDocs bouwen verschillende bestanden: {differ}"

    # the generator tag is the one difference in the pages, and it is on every page
    assert "mkdocs-1.6.1" in _generator(real_sites["mkdocs"])
    assert "ProperDocs 1.6.7" in _generator(real_sites["properdocs"])
    pages = [name for name in stable if name.endswith(".html")]
    tagged = [name for name in pages if mkdocs[name].read_bytes() != properdocs[name].read_bytes()]
    assert len(tagged) > 100 and all(GENERATOR_TAG.search(mkdocs[name].read_bytes()) for name in tagged)

    # Pagefind's reordered files: as many, each with the same bytes in another order
    def bags(files: dict[str, Path]) -> list[tuple[int, Counter[int]]]:
        unstable = [FILTER_NAME.sub(b"#", gzip.decompress(path.read_bytes()))  # the metadata names the filters
                    for name, path in files.items() if UNSTABLE.match(name)]
        return sorted(((len(data), Counter(data)) for data in unstable),
                      key=lambda bag: (bag[0], sorted(bag[1].items())))

    assert bags(mkdocs) == bags(properdocs)
    entry = re.compile(rb'"hash":"[^"]*"')
    assert entry.sub(b"", mkdocs[ENTRY].read_bytes()) == entry.sub(b"", properdocs[ENTRY].read_bytes())
    print(f"\n{len(stable)} bestanden gelijk, op de generator-tag in {len(tagged)} pagina's na")


def _command(tool: str) -> list[str]:
    return [str(BIN / tool), "build", "--strict", "-f", "mkdocs.yml"]


@pytest.mark.parametrize("tool", GENERATORS)
def test_a_failed_build_keeps_the_previous_site(tmp_path: Path, tool: str) -> None:
    """A broken policy stops the build with a Dutch message naming file and field, no traceback,
    and the site of the last good build stays as it was."""
    project = make_project(tmp_path, {"doc": {}})
    env = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    good = subprocess.run(_command(tool), cwd=project, env=env, capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    before = {name: path.read_bytes() for name, path in _files(project / "site").items()}
    assert "beleid/doc/index.html" in before
    write_policy(project / "policies", "kapot", review_interval="vaak")
    bad = subprocess.run(_command(tool), cwd=project, env=env, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    output = bad.stdout + bad.stderr
    assert "kapot.md" in output and "review_interval" in output, output
    assert "Traceback" not in output
    after = {name: path.read_bytes() for name, path in _files(project / "site").items()}
    assert after == before
    assert not list(project.glob(".portaal-staging-*"))
