"""Safe publishing: one build at a time, each in its own staging folder, and a swap
that never leaves a moment without a complete site.

`site` (the configured site_dir) is a symbolic link to a complete build,
`.portaal-site-<token>/`, beside it. Publishing a new build is one atomic
rename of a new link over the old one; readers (and a web server) see the old
site or the new one, never a mix and never nothing. A killed build leaves only
folders that the next build removes; a failed build touches nothing but its
own staging folder.

Order of a build:
  lock        -> `.portaal-build.lock` beside the site; a second build waits for it
  recover     -> a `site` that is missing (a kill during the one-time move from a plain
                 folder) points again at the newest complete build; stale folders go
  stage       -> `.portaal-staging-<site>-<random>/`, MkDocs writes only there
  before publish -> the last step on the staged site (search indexing hooks in here)
  publish     -> mark complete, rename to `.portaal-site-<token>`, switch the link
  unlock
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

PREFIX = ".portaal-staging-"
"""Folders a build is still writing."""
PUBLISHED = ".portaal-site-"
"""Complete builds; `site` links to the newest."""
LINK = ".portaal-link-"
"""A new link, for a moment, before it is renamed over `site`."""
LOCK = ".portaal-build.lock"
COMPLETE = ".portaal-complete"
"""Written into a build when it is complete, before it is published."""


class BuildBusy(RuntimeError):
    """Another build holds the lock and this one does not wait."""


@dataclass
class Build:
    """One build's claim on a site folder."""

    site_dir: Path
    staging: Path
    lock: IO[str] | None = field(default=None, repr=False)

    def release(self) -> None:
        if self.lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()
            self.lock = None


def begin(site_dir: Path, wait: bool = True, on_wait: Callable[[], None] | None = None) -> Build:
    """Take the lock (waiting for a running build, or raising BuildBusy), repair what a killed
    build left, and make this build's staging folder."""
    site_dir = Path(os.path.abspath(site_dir))
    parent = site_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    lock = open(parent / LOCK, "a", encoding="utf-8")  # noqa: SIM115 - held until the build ends
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise BuildBusy(str(parent / LOCK)) from None
            if on_wait is not None:
                on_wait()
            fcntl.flock(lock, fcntl.LOCK_EX)
        recover(site_dir)
        staging = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{site_dir.name}-", dir=parent))
        mask = os.umask(0o022)
        os.umask(mask)
        staging.chmod(0o777 & ~mask)  # mkdtemp makes it private; a web server must read the site
    except BaseException:
        lock.close()
        raise
    return Build(site_dir, staging, lock)


def recover(site_dir: Path) -> None:
    """First thing under the lock: give `site` back its newest complete build if a kill left it
    without one, then remove every folder no build needs any more."""
    parent = site_dir.parent
    current = _target(site_dir)
    if current is None and not site_dir.exists():
        complete = sorted((p for p in parent.glob(f"{PUBLISHED}{site_dir.name}-*") if (p / COMPLETE).is_file()),
                          key=lambda p: p.name)
        if complete:
            _switch(site_dir, complete[-1])
            current = complete[-1]
    for stale in [*parent.glob(f"{PREFIX}{site_dir.name}-*"), *parent.glob(f"{PUBLISHED}{site_dir.name}-*"),
                  *parent.glob(f"{LINK}{site_dir.name}-*")]:
        if stale != current:
            _remove(stale)


def publish(build: Build) -> Path:
    """Put the staged build in place of the site in one atomic step; return where it now lives."""
    site_dir, staging = build.site_dir, build.staging
    (staging / COMPLETE).write_text("", encoding="utf-8")
    final = site_dir.parent / f"{PUBLISHED}{site_dir.name}-{time.time_ns():020d}"
    staging.rename(final)
    old = _target(site_dir)
    if old is None and site_dir.is_dir() and not site_dir.is_symlink():
        # A plain folder from before the link: exchange it for the link in one step where the
        # system can (Linux); otherwise move it aside as a complete build first, and `recover`
        # restores it if a kill lands between that rename and the switch.
        (site_dir / COMPLETE).write_text("", encoding="utf-8")
        old = site_dir.parent / f"{PUBLISHED}{site_dir.name}-{0:020d}"
        link = site_dir.parent / f"{LINK}{site_dir.name}-{os.getpid()}-{time.time_ns()}"
        os.symlink(final.name, link, target_is_directory=True)
        if _exchange(link, site_dir):
            link.rename(old)
        else:
            link.unlink()
            site_dir.rename(old)
    if _target(site_dir) != final:
        _switch(site_dir, final)
    if old is not None and old != final:
        _remove(old)
    return final


def discard(build: Build) -> None:
    """Throw this build's staging folder away; the published site stays as it was."""
    _remove(build.staging)


def _target(site_dir: Path) -> Path | None:
    """The build `site` links to, or None when it is not one of our links."""
    if not site_dir.is_symlink():
        return None
    target = site_dir.parent / os.readlink(site_dir)
    return target if target.name.startswith(f"{PUBLISHED}{site_dir.name}-") else None


def _switch(site_dir: Path, target: Path) -> None:
    """Point `site` at `target` with one rename of a fresh link over it."""
    link = site_dir.parent / f"{LINK}{site_dir.name}-{os.getpid()}-{time.time_ns()}"
    os.symlink(target.name, link, target_is_directory=True)
    os.replace(link, site_dir)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two names atomically (Linux renameat2 with RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange)) == 0


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)
