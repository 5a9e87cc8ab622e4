"""Running builds and checks as subprocesses, and measuring what they wrote."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .corpus import TODAY

SEARCH_INDEX = Path("search") / "search_index.json"
"""Material's search index (plain Material)."""
PAGEFIND = Path("pagefind")
"""The portal's Pagefind bundle: index fragments, WebAssembly and scripts."""
_BENCH_ROOT = Path(__file__).resolve().parent.parent
"""Where `python -m bench.…` finds the package."""


@dataclass(frozen=True)
class Run:
    """One finished subprocess."""

    seconds: float
    """Wall time from start to exit."""
    peak_mb: float
    """Peak resident memory of the process (ru_maxrss)."""
    stdout: str
    cpu_seconds: float = 0.0
    """User + system time of the process and the processes it waited for (Pagefind): on a busy
    shared machine a steadier measure of the work than wall time."""


class RunError(RuntimeError):
    """A measured command failed; the message carries its output."""


def environment() -> dict[str, str]:
    """The environment of every measured command: quiet MkDocs, a fixed date, and Python's bytecode
    cache allowed (as for an installed portal): where PYTHONDONTWRITEBYTECODE is set, every run would
    compile the portal's own modules again (a third of a second), which no installed command does."""
    env = dict(os.environ)
    env.update(NO_MKDOCS_2_WARNING="1", PORTAAL_TODAY=TODAY.isoformat(), PYTHONHASHSEED="0")
    env.pop("PORTAAL_PREVIEW", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run(command: list[str], cwd: Path, log: Path) -> Run:
    """Run `command`, measure wall time and peak memory of exactly this child."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=environment(), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode != 0:
        raise RunError(f"{' '.join(command)} (in {cwd}) failed with exit code {process.returncode}:\n"
                       + output[-3000:])
    return Run(seconds, usage.ru_maxrss / 1024, output, usage.ru_utime + usage.ru_stime)


def build(project: Path, log: Path) -> Run:
    """`mkdocs build --strict` of a project folder into its site/."""
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
               project, log)


@dataclass(frozen=True)
class SiteStats:
    """What a build wrote."""

    total_bytes: int
    html_pages: int
    median_html_bytes: float
    largest_html_bytes: int
    largest_html: str
    """The largest page, relative to the site folder."""
    search_index_bytes: int
    """Material's search_index.json, or the whole Pagefind bundle of the portal."""
    entries: int = 0
    """Files and folders: each one the build had to create."""


def site_stats(site: Path) -> SiteStats:
    total = entries = 0
    html: list[tuple[int, str]] = []
    for path in site.rglob("*"):
        entries += 1
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                html.append((size, path.relative_to(site).as_posix()))
    if not html:
        raise RunError(f"no HTML pages in {site}")
    largest = max(html)
    index = site / SEARCH_INDEX
    return SiteStats(
        total_bytes=total,
        html_pages=len(html),
        median_html_bytes=statistics.median(size for size, _ in html),
        largest_html_bytes=largest[0],
        largest_html=largest[1],
        search_index_bytes=index.stat().st_size if index.exists() else sum(
            path.stat().st_size for path in (site / PAGEFIND).rglob("*") if path.is_file()),
        entries=entries,
    )


@dataclass(frozen=True)
class Checker:
    """How the policy check is run: the real `portaal check` or its domain equivalent."""

    label: str
    real_cli: bool

    def command(self, project: Path) -> list[str]:
        if self.real_cli:  # overdue reviews are expected in the set: report them, exit 0
            return [str(portaal_cli()), "check", "--overdue-as-warning", "policies"]
        return [sys.executable, "-m", "bench.domaincheck", str(project / "policies"), TODAY.isoformat()]


def portaal_cli() -> Path:
    return Path(sys.executable).parent / "portaal"


def find_checker() -> Checker:
    """`portaal check` once the CLI is installed, else the domain call it wraps."""
    cli = portaal_cli()
    if cli.exists():
        probe = subprocess.run([str(cli), "check", "--help"], capture_output=True, env=environment(), check=False)
        if probe.returncode == 0:
            return Checker("portaal check", real_cli=True)
    return Checker("domeinaanroep (load_catalog + Publication)", real_cli=False)


def check(checker: Checker, project: Path, log: Path) -> Run:
    """The real CLI runs in the project folder; the domain call where `bench` can be imported."""
    return run(checker.command(project), project if checker.real_cli else _BENCH_ROOT, log)


def floor(project: Path, log: Path) -> Run:
    """Only reading and YAML-parsing the same files (PyYAML's C loader)."""
    return run([sys.executable, "-m", "bench.floor", str(project / "policies")], _BENCH_ROOT, log)


def inner_seconds(result: Run) -> float:
    """The seconds a helper script reports about itself (without interpreter start-up)."""
    return float(json.loads(result.stdout.strip().splitlines()[-1])["seconds"])


def remove(folder: Path) -> None:
    """A folder, or a link to one (the portal publishes `site` as a link to its latest build): both go."""
    if folder.is_symlink():
        target = folder.resolve()
        folder.unlink()
        shutil.rmtree(target, ignore_errors=True)
        return
    shutil.rmtree(folder, ignore_errors=True)
