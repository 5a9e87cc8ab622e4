"""Small factories for tests: policy files, fixture projects, in-process builds."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
TAXONOMY = ROOT / "policies" / "taxonomie.yml"

BASE_META: dict[str, Any] = {
    "title": "Testdocument",
    "type": "gedragscode",
    "summary": "Een document om mee te testen.",
    "owner": "bvi",
    "audience": ["alle-medewerkers"],
    "themes": ["actueel-beleid"],
    "status": "vastgesteld",
    "version": "1.0",
    "effective": "2026-01-01",
    "reviewed": "2026-06-01",
    "review_interval": 12,
    "classification": "intern",
}


APPROVAL: dict[str, Any] = {
    "adopted_by": "mt-douane",
    "decision": "MT-besluit 2025-101",
    "decision_date": "2025-12-15",
}
"""Required for adopted documents; written last, so the lines of the other fields stay put."""


def policy_text(policy_id: str, body: str = "Tekst van het document.\n", **fields: Any) -> str:
    """The text of a valid policy file; keyword arguments override fields (None removes one)."""
    meta = {"id": policy_id, **BASE_META, **fields}
    meta.update({key: value for key, value in APPROVAL.items() if key not in fields})
    meta = {key: value for key, value in meta.items() if value is not None}
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
    return "---\n" + dumped + "---\n\n" + body


def write_policy(folder: Path, policy_id: str, body: str = "Tekst van het document.\n", **fields: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{policy_id}.md"
    path.write_text(policy_text(policy_id, body, **fields), encoding="utf-8")
    return path


def write_taxonomy(folder: Path) -> None:
    """The real taxonomy, route finder and glossary without their links to the real documents."""
    folder.mkdir(parents=True, exist_ok=True)
    taxonomy = yaml.safe_load(TAXONOMY.read_text(encoding="utf-8"))
    taxonomy.pop("recommendations", None)
    routes = yaml.safe_load((ROOT / "policies" / "meldroutes.yml").read_text(encoding="utf-8"))
    glossary = yaml.safe_load((ROOT / "policies" / "begrippen.yml").read_text(encoding="utf-8"))
    for entry in [*routes["routes"], *glossary]:
        entry.pop("policy", None)
    for name, data in (("taxonomie.yml", taxonomy), ("meldroutes.yml", routes), ("begrippen.yml", glossary)):
        (folder / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def make_project(tmp_path: Path, policies: Mapping[str, Mapping[str, Any]] | None = None,
                 real_content: bool = False) -> Path:
    """A copy of the portal's config, docs and overrides with its own policy folder (no code: the
    plugin is the installed package, found by its entry point)
    (the repository's own documents too, with `real_content`)."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if not real_content:  # docs pages that link to real documents become stubs with the same place in the nav
        for page in (project / "docs").rglob("*.md"):
            if "/beleid/" in page.read_text(encoding="utf-8"):
                page.write_text(f"# {page.stem}\n\nTestpagina.\n", encoding="utf-8")
    folder = project / "policies"
    folder.mkdir()
    if real_content:
        for path in (ROOT / "policies").iterdir():
            shutil.copy(path, folder / path.name)
    else:
        write_taxonomy(folder)
    for policy_id, fields in (policies or {}).items():
        write_policy(folder, policy_id, **dict(fields))
    return project


@contextmanager
def environment(**values: str) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build(project: Path, today: str = "2026-11-28", strict: bool = True, **env: str) -> Path:
    """Build the project in-process like `mkdocs build`; return the site folder."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    with environment(PORTAAL_TODAY=today, NO_MKDOCS_2_WARNING="1", **env):
        config = load_config(str(project / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
    return project / "site"


def run_cli(*args: str, env: Mapping[str, str] | None = None, input: str | None = None) -> Result:
    """Run the `portaal` command in-process through click's test runner."""
    from portaal.cli.main import portaal

    return CliRunner().invoke(portaal, list(args), env=env, input=input)


def pagefind_fragments(site: Path, bundle: str = "pagefind") -> dict[str, dict[str, Any]]:
    """Every page in a Pagefind index of a built site (the site's own, or `pagefind-archief`):
    URL -> its fragment (text, meta, filters)."""
    found = {}
    for path in (site / bundle / "fragment").iterdir():
        data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))
        found[data["url"]] = data
    return found
