"""Build into a staging folder and swap it in only when the build succeeded,
so a failed build never leaves a half-written or emptied site."""

from __future__ import annotations

import shutil
from pathlib import Path

PREFIX = ".portaal-staging-"


def staging_for(site_dir: Path) -> Path:
    """A fresh staging folder beside `site_dir`; stale ones from killed builds are removed."""
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    for stale in parent.glob(f"{PREFIX}{site_dir.name}*"):
        shutil.rmtree(stale, ignore_errors=True)
    return parent / f"{PREFIX}{site_dir.name}"


def publish(staging: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `staging` with two renames."""
    old = site_dir.parent / f"{PREFIX}{site_dir.name}-old"
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
