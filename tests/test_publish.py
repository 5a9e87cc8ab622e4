"""Safe publishing: kills at every step of the swap and at many moments of a real build,
two builds at once, and the strict-warning path, under MkDocs and under ProperDocs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from portaal.site import staging
from tests.helpers import ROOT, make_project

BIN = Path(sys.executable).parent
TOOLS = {"mkdocs": [str(BIN / "mkdocs"), "build", "--strict"],
         "properdocs": [str(BIN / "properdocs"), "build", "--strict", "-f", "mkdocs.yml"]}
ENV = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
PAGES = 8


def _complete(site: Path) -> str:
    """The version of a complete fake site (every page carries it); fails on a mix or a gap."""
    assert (site / "index.html").is_file(), "geen site"
    versions = {(site / f"p{n}.html").read_text(encoding="utf-8") for n in range(PAGES)}
    versions.add((site / "index.html").read_text(encoding="utf-8"))
    assert len(versions) == 1, versions
    return versions.pop()


_CHILD = textwrap.dedent("""
    import os, signal, shutil, sys
    from pathlib import Path
    from portaal.site import staging
    kill_at, site, version, pages = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    calls = [0]
    def counted(name):
        real = getattr(os, name)
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        setattr(os, name, call)
    for name in ("rename", "replace", "symlink", "unlink", "rmdir", "mkdir", "chmod"):
        counted(name)
    claim = staging.begin(site)
    for n in range(pages):
        (claim.staging / f"p{n}.html").write_text(version, encoding="utf-8")
    (claim.staging / "index.html").write_text(version, encoding="utf-8")
    staging.publish(claim)
    claim.release()
    print("klaar", calls[0])
""")


def _publish_in_child(site: Path, version: str, kill_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _CHILD, str(kill_at), str(site), version, str(PAGES)],
                          capture_output=True, text=True, check=False, env=ENV)


@pytest.mark.parametrize("start", ["link", "plain-folder"])
def test_a_kill_at_every_step_of_publishing_leaves_a_complete_site(tmp_path: Path, start: str) -> None:
    site = tmp_path / "site"
    if start == "plain-folder":  # a site built before the link existed
        site.mkdir()
        for n in range(PAGES):
            (site / f"p{n}.html").write_text("v0", encoding="utf-8")
        (site / "index.html").write_text("v0", encoding="utf-8")
    else:
        assert "klaar" in _publish_in_child(site, "v0", kill_at=0).stdout
    kills = 0
    for kill_at in range(1, 200):
        result = _publish_in_child(site, f"v{kill_at}", kill_at)
        if result.returncode == 0:
            assert "klaar" in result.stdout
            assert _complete(site) == f"v{kill_at}"
            break
        assert result.returncode == -signal.SIGKILL, result.stderr
        kills += 1
        assert _complete(site) in {f"v{n}" for n in range(kill_at + 1)}  # old or new, whole
        # the next build repairs first thing and leaves only the published site
        claim = staging.begin(site)
        staging.discard(claim)
        claim.release()
        assert _complete(site)
        leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".portaal-") and p.is_dir())
        assert leftovers == ([site.resolve().name] if site.is_symlink() else []), leftovers
    else:
        pytest.fail("publishing never finished")
    print(f"{start}: {kills} kills, every one left a complete site")
    assert kills >= 6


def _project(tmp_path: Path) -> Path:
    return make_project(tmp_path, {"doc": {}, "tweede": {"title": "Tweede document"}})


def _files(site: Path) -> set[str]:
    """The site's files; Pagefind's content-hashed names vary between identical builds, so the hash goes."""
    names = (p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    return {re.sub(r"_[0-9a-f]{6,}\.", "_#.", name) if name.startswith("pagefind/") else name for name in names}


def _start(tool: str, project: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(TOOLS[tool], cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def test_a_build_killed_at_many_moments_leaves_the_previous_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    durations = []
    for _ in range(2):  # the shorter of two builds: a first, cold build is slower, and the kill moments below
        started = time.monotonic()  # must fall inside the (warm) builds that follow
        first = _start("mkdocs", project)
        _out, err = first.communicate()
        assert first.returncode == 0, err
        durations.append(time.monotonic() - started)
    duration = min(durations)
    reference = _files(project / "site")
    assert "beleid/doc/index.html" in reference
    moments = [duration * step / 10 for step in range(1, 12)]  # from start-up to past the swap
    results = []
    for delay in moments:
        process = _start("mkdocs", project)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        process.communicate()
        results.append(process.returncode)
        assert _files(project / "site") == reference  # the old (or an identical new) site, complete
    assert results.count(-signal.SIGKILL) >= 5, results
    final = _start("mkdocs", project)
    final.communicate()
    assert final.returncode == 0
    assert _files(project / "site") == reference
    left = sorted(p.name for p in project.iterdir() if p.name.startswith(".portaal-") and p.is_dir())
    assert len(left) == 1, left
    print(f"{results.count(-signal.SIGKILL)} kills of {len(moments)} moments, site complete after each")


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_two_builds_at_once_wait_for_each_other(tmp_path: Path, tool: str) -> None:
    project = _project(tmp_path)
    first = _start(tool, project)
    while not list(project.glob(".portaal-staging-*")) and first.poll() is None:
        time.sleep(0.05)  # the first build holds the lock once its staging folder exists
    second = _start(tool, project)
    outputs = [process.communicate() for process in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outputs
    waited = [err for _out, err in outputs if "Er draait al een build van dit portaal" in err]
    assert len(waited) == 1, [err[-500:] for _out, err in outputs]
    assert "beleid/doc/index.html" in _files(project / "site")
    left = sorted(p.name for p in project.iterdir() if p.name.startswith(".portaal-") and p.is_dir())
    assert len(left) == 1, left


@pytest.mark.parametrize("tool", sorted(TOOLS))
def test_a_strict_warning_keeps_the_previous_site(tmp_path: Path, tool: str) -> None:
    project = _project(tmp_path)
    good = _start(tool, project)
    _out, err = good.communicate()
    assert good.returncode == 0, err
    before = (project / "site").resolve()
    reference = _files(project / "site")
    page = project / "docs" / "over.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[kapot](bestaat-niet.md)\n", encoding="utf-8")
    bad = _start(tool, project)
    out, err = bad.communicate()
    assert bad.returncode == 1, err
    assert "bestaat-niet.md" in err and "strict mode" in out + err
    assert (project / "site").resolve() == before and _files(project / "site") == reference
    assert not list(project.glob(".portaal-staging-*"))


def test_properdocs_is_pinned() -> None:
    assert "properdocs==1.6.7" in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
