"""`python -m bench.archive`: what the version archive costs.

Per size a git repository with the portal and a synthetic policy set whose adopted
documents each have five versions (five commits; every version changes one paragraph
and adds a history entry). The same project is built with the archive on and off
(the portaal plugin's `archive` option), in turns; the table with medians goes into the results page
between markers, so `python -m bench` keeps it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from portaal.core.catalog import load_catalog

from . import measure, report
from .corpus import TODAY, SyntheticPolicy, generate, own_policies
from .projects import ROOT, portal_project

VERSIONS = 5
START, END = report.ARCHIVE_START, report.ARCHIVE_END


@dataclass(frozen=True)
class ArchiveResult:
    size: int
    runs: int
    with_archive: list[float]
    without_archive: list[float]
    cpu_with: list[float]
    """Processor time (user + system) of the build process: less sensitive to a busy machine."""
    cpu_without: list[float]
    html_pages_with: int
    html_pages_without: int
    site_bytes_with: float
    site_bytes_without: float
    system_with: list[float]
    """Of the processor time, what the kernel spent for the build (system time: mostly creating files and
    folders on this machine's disk)."""
    system_without: list[float]
    entries_with: int
    """Files and folders in the site: each one a creation the kernel pays for."""
    entries_without: int

    @property
    def ratio(self) -> float:
        return statistics.median(self.with_archive) / statistics.median(self.without_archive)

    @property
    def cpu_ratio(self) -> float:
        return statistics.median(self.cpu_with) / statistics.median(self.cpu_without)


def _git(repo: Path, *args: str, day: dt.date | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    if day is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{day.isoformat()}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _version(policy: SyntheticPolicy, number: int, rng: random.Random, day: dt.date) -> SyntheticPolicy:
    """Version `number` of an adopted document: one paragraph rewritten, a new history entry."""
    blocks = policy.body.split("\n\n")
    candidates = [i for i, block in enumerate(blocks) if block[:1].isalpha() and not block.startswith("Lees ook")]
    index = rng.choice(candidates)
    blocks[index] = f"Vanaf versie {number}.0 geldt: " + blocks[index]
    version = f"{number}.0"
    meta = dict(policy.meta)
    history = [{"version": version, "date": day.isoformat(), "change": f"Versie {version}: alinea herschreven."},
               *([] if number == 1 else meta.get("history", []))]
    meta.update(version=version, effective=day.isoformat(), decision_date=day.isoformat(), history=history)
    if "review_by" in meta:  # never before the new date it takes effect: the checker refuses that
        meta["review_by"] = max(dt.date.fromisoformat(str(meta["review_by"])), day).isoformat()
    meta.pop("reviewed", None)
    return SyntheticPolicy(policy.id, policy.title, policy.status, meta, "\n\n".join(blocks), policy.raw)


def versions(policies: Sequence[SyntheticPolicy], rng: random.Random,
             ) -> Iterator[tuple[int, dt.date, list[SyntheticPolicy]]]:
    """The documents at each of the VERSIONS commits, 90 days apart, the last 30 days ago: every adopted
    document in a new version each time."""
    current = list(policies)
    for number in range(1, VERSIONS + 1):
        day = TODAY - dt.timedelta(days=90 * (VERSIONS - number) + 30)
        current = [_version(p, number, rng, day) if p.status == "vastgesteld" else p for p in current]
        yield number, day, current


def _write(policies: Sequence[SyntheticPolicy], folder: Path) -> None:
    for policy in policies:
        front = yaml.safe_dump(policy.meta, allow_unicode=True, sort_keys=False, width=1000)
        (folder / f"{policy.id}.md").write_text(f"---\n{front}---\n\n{policy.body}", encoding="utf-8")


def make_repository(folder: Path, size: int, seed: int, reuse: bool = False) -> Path:
    """A git repository with the portal and `size` documents, adopted ones in five versions.
    `reuse`: keep the policies and history of an earlier run, refresh only the portal's code."""
    if reuse and (folder / ".git").is_dir():
        for name in ("docs", "overrides"):
            shutil.rmtree(folder / name)
            shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        _configs(folder)
        return folder
    taxonomy = load_catalog(ROOT / "policies").taxonomy
    own = own_policies(ROOT / "policies")
    synthetic = generate(size, taxonomy, seed)
    project = portal_project(folder, [*own, *synthetic])
    policies = project / "policies"
    rng = random.Random(seed)
    _git(project, "init", "-q", "-b", "main")
    (project / ".gitignore").write_text("site/\n", encoding="utf-8")
    for number, day, current in versions(synthetic, rng):
        _write(current, policies)
        _git(project, "add", "-A")
        _git(project, "commit", "-q", "-m", f"versie {number}", day=day)
    _configs(project)
    return project


def _configs(project: Path) -> None:
    """mkdocs.yml of the portal, and the same without the archive."""
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    off = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in off["plugins"]:
        if isinstance(plugin, dict) and "portaal" in plugin:
            plugin["portaal"]["archive"] = False
    (project / "mkdocs-zonder-archief.yml").write_text(yaml.safe_dump(off, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")


def _build(project: Path, config: str, log: Path) -> tuple[float, float, float]:
    """One clean build (the previous site is removed first, outside the measurement):
    wall seconds, processor seconds (user + system) and system seconds of the build and its processes."""
    measure.remove(project / "site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / config)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=measure.environment(), stdout=out,
                                   stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise measure.RunError(f"{' '.join(command)} failed:\n" + log.read_text(encoding="utf-8")[-3000:])
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_stime


CREATE_COUNT = 2000
PAGE_BYTES = 20_000
"""About the size of an archive page."""


def creation_cost(folder: Path, count: int = CREATE_COUNT) -> float:
    """Milliseconds of processor time (user + system) to create one folder with one page of PAGE_BYTES in
    it, on the disk of `folder` (as the archive does for every version and comparison)."""
    target = folder / "aanmaken-meting"
    measure.remove(target)
    target.mkdir(parents=True)
    text = "x" * PAGE_BYTES
    before = time.process_time()  # user + system of this process, to the nanosecond (os.times counts in 10 ms)
    for number in range(count):
        page = target / f"d{number}"
        page.mkdir()
        (page / "index.html").write_text(text, encoding="utf-8")
    spent = time.process_time() - before
    measure.remove(target)
    return spent * 1000 / count


def bench(sizes: Sequence[int], runs: int, seed: int, work: Path, reuse: bool = False) -> list[ArchiveResult]:
    results = []
    for size in sizes:
        print(f"archief: {size} documenten, repository maken", file=sys.stderr)
        project = make_repository(work / f"archief-{size}", size, seed, reuse)
        on: list[float] = []
        off: list[float] = []
        cpu_on: list[float] = []
        cpu_off: list[float] = []
        system_on: list[float] = []
        system_off: list[float] = []
        stats_on = stats_off = None
        for number in range(runs):
            wall, cpu, system = _build(project, "mkdocs-zonder-archief.yml", work / f"archief-{size}-off-{number}.log")
            off.append(wall)
            cpu_off.append(cpu)
            system_off.append(system)
            stats_off = measure.site_stats(project / "site")
            wall, cpu, system = _build(project, "mkdocs.yml", work / f"archief-{size}-on-{number}.log")
            on.append(wall)
            cpu_on.append(cpu)
            system_on.append(system)
            stats_on = measure.site_stats(project / "site")
            print(f"  run {number + 1}: met archief {on[-1]:.1f} s ({cpu_on[-1]:.1f} s cpu), "
                  f"zonder {off[-1]:.1f} s ({cpu_off[-1]:.1f} s cpu)", file=sys.stderr, flush=True)
        assert stats_on is not None and stats_off is not None
        results.append(ArchiveResult(size, runs, on, off, cpu_on, cpu_off, stats_on.html_pages, stats_off.html_pages,
                                     float(stats_on.total_bytes), float(stats_off.total_bytes), system_on,
                                     system_off, stats_on.entries, stats_off.entries))
    return results


def render(results: Sequence[ArchiveResult], host: report.Machine, creation_ms: float | None = None) -> str:
    """The section for the results page; `creation_ms`: what one new folder with a page costs on this disk
    (`creation_cost`), when measured."""
    rows = [[report.number(r.size), report.seconds(statistics.median(r.with_archive)),
             report.seconds(statistics.median(r.without_archive)),
             f"{report.number((r.ratio - 1) * 100, 1)} %",
             report.seconds(statistics.median(r.cpu_with)), report.seconds(statistics.median(r.cpu_without)),
             f"{report.number((r.cpu_ratio - 1) * 100, 1)} %", str(r.runs),
             report.number(r.html_pages_with), report.number(r.html_pages_without),
             report.megabytes(r.site_bytes_with), report.megabytes(r.site_bytes_without)] for r in results]
    kernel = [[report.number(r.size), report.seconds(statistics.median(r.system_with)),
               report.seconds(statistics.median(r.system_without)),
               report.seconds(statistics.median(r.system_with) - statistics.median(r.system_without)),
               report.number(r.entries_with), report.number(r.entries_without),
               report.number(r.entries_with - r.entries_without)] for r in results]
    cost = ("" if creation_ms is None else
            f" Op deze machine kost één nieuwe map met één pagina van {PAGE_BYTES // 1000} kB "
            f"{report.number(creation_ms, 2)} ms processortijd (gemeten met {report.number(CREATE_COUNT)} stuks "
            "in de werkmap van de meting).")
    worst = max(results, key=lambda r: r.ratio)
    return "\n".join([
        START,
        "## Versiearchief",
        "",
        f"Gemeten met `python -m bench.archive` op {host.date}: per omvang een git-repository met het portaal en "
        f"testbeleid; elk vastgesteld document heeft {VERSIONS} versies (vijf commits, per versie één "
        "alinea anders). Dezelfde site is om de beurt gebouwd met en zonder archief "
        "(`archive: false` bij de plugin portaal), `mkdocs build --strict`, mediaan van de metingen. De machine is "
        "gedeeld en onrustig; kijk vooral naar de verhouding.",
        "",
        report.table(["Documenten", "Met archief (s)", "Zonder archief (s)", "Extra bouwtijd",
                      "Processortijd met (s)", "Processortijd zonder (s)", "Extra processortijd", "Metingen",
                      "HTML-pagina's met", "HTML-pagina's zonder", "Site met (MB)", "Site zonder (MB)"], rows),
        "",
        "Processortijd is de tijd die de build met al zijn processen rekende (user + system, ook Pagefind en "
        "het eigen proces van het archief). Die is hoger dan de kloktijd: het archief rekent op de tweede "
        "processorkern terwijl MkDocs op de eerste de gewone pagina's maakt. Op een drukke machine, waar die "
        "tweede kern niet vrij is, stijgt de kloktijd daarom mee.",
        "",
        "Waar gaat de extra processortijd heen? Een deel is tijd van het besturingssysteem (systeemtijd): elke "
        "versie en elke vergelijking is een eigen map met een pagina, en Pagefind schrijft per oude versie een "
        f"bestand.{cost}",
        "",
        report.table(["Documenten", "Systeemtijd met (s)", "Systeemtijd zonder (s)", "Extra systeemtijd (s)",
                      "Bestanden en mappen met", "Bestanden en mappen zonder", "Extra bestanden en mappen"], kernel),
        "",
        f"Doel: het archief kost hoogstens 15 % van de bouwtijd (kloktijd: hoe lang een build duurt). "
        f"Hoogste gemeten: {report.number((worst.ratio - 1) * 100, 1)} % (bij {report.number(worst.size)}): "
        f"{'gehaald' if worst.ratio <= 1.15 else '**niet gehaald**'}.",
        END,
    ])


def write_section(page: Path, section: str) -> None:
    text = page.read_text(encoding="utf-8") if page.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    page.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.archive", description=__doc__)
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--page", type=Path, default=ROOT / "docs" / "over" / "prestaties.md")
    parser.add_argument("--reuse", action="store_true", help="keep the repositories of an earlier run")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    creation_ms = creation_cost(args.work)
    results = bench(sizes, args.runs, args.seed, args.work, args.reuse)
    (args.work / "archive.json").write_text(json.dumps([r.__dict__ for r in results], indent=2), encoding="utf-8")
    section = render(results, report.machine(), creation_ms)
    write_section(args.page, section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
