"""Shared fixtures."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, write_taxonomy


@pytest.fixture
def policies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty policy folder with the real taxonomy, in the working folder (short paths in messages)."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "policies"
    folder.mkdir()
    write_taxonomy(folder)
    return folder


REAL_BUILD_DATE = "2026-11-28"
"""The build date of the shared real site (PORTAAL_TODAY)."""
GENERATORS = ("mkdocs", "properdocs")
"""MkDocs 1.6.1 and its drop-in fork ProperDocs 1.6.7: the portal must build the same site with both."""


@pytest.fixture(scope="session")
def real_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The repository's own portal (its mkdocs.yml as it is, its git history for the version archive),
    built once per session with `mkdocs build --strict` and with `properdocs build --strict`, at the
    same time. Tests that only read the built site share these; none may change them. Beside each
    site is a link to the repository's policies (`site.parent / "policies"`)."""
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PORTAAL_TODAY": REAL_BUILD_DATE, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PORTAAL_PREVIEW", None)
    sites, running = {}, {}
    for tool in GENERATORS:
        folder = tmp_path_factory.mktemp(f"real-{tool}")
        (folder / "policies").symlink_to(ROOT / "policies", target_is_directory=True)
        sites[tool] = folder / "site"
        command = [str(bin_dir / tool), "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(sites[tool])]
        running[tool] = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True)
    for tool, process in running.items():
        output, _ = process.communicate()
        assert process.returncode == 0, f"{tool} build --strict mislukte:\n{output}"
    return sites


@pytest.fixture(scope="session")
def real_site(real_sites: dict[str, Path]) -> Path:
    """The real portal built by MkDocs (see `real_sites`)."""
    return real_sites["mkdocs"]
