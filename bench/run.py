"""The benchmark: per size, generate a policy set, build portal and plain Material
alternately, time the check next to its floor, and collect the results."""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from portaal.core.catalog import TAXONOMY_FILE
from portaal.core.taxonomy import load_taxonomy

from . import corpus, measure, projects
from .measure import Checker, SiteStats

CHECK_RUNS = 5
"""Checks take well under a minute even at 3,000 documents: always run them this often."""


@dataclass(frozen=True)
class SizeResult:
    """Everything measured for one policy-set size."""

    policies: int
    """Synthetic policies; the portal's own documents come on top."""
    own: int
    """The portal's own documents in the set."""
    published: int
    """Policies that get a page (concepts do not)."""
    runs: int
    portal_seconds: tuple[float, ...]
    plain_seconds: tuple[float, ...]
    portal_peak_mb: tuple[float, ...]
    plain_peak_mb: tuple[float, ...]
    portal_site: SiteStats
    plain_site: SiteStats
    checker: str
    check_seconds: tuple[float, ...]
    """Wall time of the check command, start-up included."""
    floor_seconds: tuple[float, ...]
    """Wall time of reading and parsing only, start-up included."""
    check_inner_seconds: tuple[float, ...]
    """Time inside the domain call, without start-up; empty for the real CLI."""
    floor_inner_seconds: tuple[float, ...]
    portal_cpu_seconds: tuple[float, ...] = ()
    plain_cpu_seconds: tuple[float, ...] = ()
    """Processor time of each build (user + system, Pagefind included): see measure.Run."""
    check_cpu_seconds: tuple[float, ...] = ()
    floor_cpu_seconds: tuple[float, ...] = ()
    """Processor time of each check and floor run: fairer than wall time when others share the machine."""

    @property
    def cpu_ratio(self) -> float | None:
        if not self.portal_cpu_seconds or not self.plain_cpu_seconds:
            return None
        return statistics.median(self.portal_cpu_seconds) / statistics.median(self.plain_cpu_seconds)

    @property
    def portal_time(self) -> float:
        return statistics.median(self.portal_seconds)

    @property
    def plain_time(self) -> float:
        return statistics.median(self.plain_seconds)

    @property
    def build_ratio(self) -> float:
        return self.portal_time / self.plain_time

    @property
    def check_time(self) -> float:
        return statistics.median(self.check_seconds)

    @property
    def floor_time(self) -> float:
        return statistics.median(self.floor_seconds)

    @property
    def check_ratio(self) -> float:
        return self.check_time / self.floor_time

    @property
    def check_cpu_ratio(self) -> float | None:
        if not self.check_cpu_seconds or not self.floor_cpu_seconds:
            return None
        return statistics.median(self.check_cpu_seconds) / statistics.median(self.floor_cpu_seconds)

    @property
    def check_inner_ratio(self) -> float | None:
        if not self.check_inner_seconds:
            return None
        return statistics.median(self.check_inner_seconds) / statistics.median(self.floor_inner_seconds)


def parse_list(text: str) -> list[int]:
    """'300,1000 3000' -> [300, 1000, 3000]."""
    return [int(item) for item in text.replace(",", " ").split()]


def runs_per_size(sizes: Sequence[int], runs: Sequence[int]) -> list[int]:
    """One run count for all sizes, or one per size."""
    if len(runs) == 1:
        return [runs[0]] * len(sizes)
    if len(runs) != len(sizes):
        raise ValueError(f"give one run count or one per size ({len(sizes)}), not {len(runs)}")
    return list(runs)


def bench_size(count: int, runs: int, seed: int, work: Path, checker: Checker,
               say: Callable[[str], None] = print) -> SizeResult:
    """Measure one size; the projects and logs stay in `work` for inspection."""
    taxonomy = load_taxonomy(projects.ROOT / "policies" / TAXONOMY_FILE)
    policies = corpus.own_policies(projects.ROOT / "policies") + corpus.generate(count, taxonomy, seed)
    folder = work / f"n{count}"
    portal = projects.portal_project(folder / "portal", policies)
    plain = projects.plain_project(folder / "plain", policies, portal)
    logs = folder / "logs"
    times: dict[str, list[float]] = {"portal": [], "plain": []}
    peaks: dict[str, list[float]] = {"portal": [], "plain": []}
    cpu: dict[str, list[float]] = {"portal": [], "plain": []}
    for number in range(runs):
        order = ("portal", "plain") if number % 2 == 0 else ("plain", "portal")
        for kind in order:
            project = portal if kind == "portal" else plain
            measure.remove(project / "site")  # a cold build, as in CI's fresh clone; removed outside the timing
            result = measure.build(project, logs / f"build-{kind}-{number}.log")
            times[kind].append(result.seconds)
            peaks[kind].append(result.peak_mb)
            cpu[kind].append(result.cpu_seconds)
            say(f"  n={count} run {number + 1}/{runs} {kind}: {result.seconds:.2f} s, "
                f"{result.cpu_seconds:.2f} s CPU, {result.peak_mb:.0f} MB")
    checks: list[measure.Run] = []
    floors: list[measure.Run] = []
    for number in range(CHECK_RUNS):
        floors.append(measure.floor(portal, logs / f"floor-{number}.log"))
        checks.append(measure.check(checker, portal, logs / f"check-{number}.log"))
    say(f"  n={count} check {statistics.median(r.seconds for r in checks):.3f} s, "
        f"floor {statistics.median(r.seconds for r in floors):.3f} s")
    return SizeResult(
        policies=count,
        own=len(policies) - count,
        published=sum(1 for policy in policies if policy.published),
        runs=runs,
        portal_seconds=tuple(times["portal"]),
        plain_seconds=tuple(times["plain"]),
        portal_peak_mb=tuple(peaks["portal"]),
        plain_peak_mb=tuple(peaks["plain"]),
        portal_site=measure.site_stats(portal / "site"),
        plain_site=measure.site_stats(plain / "site"),
        checker=checker.label,
        check_seconds=tuple(r.seconds for r in checks),
        floor_seconds=tuple(r.seconds for r in floors),
        check_inner_seconds=() if checker.real_cli else tuple(measure.inner_seconds(r) for r in checks),
        floor_inner_seconds=tuple(measure.inner_seconds(r) for r in floors),
        portal_cpu_seconds=tuple(cpu["portal"]),
        plain_cpu_seconds=tuple(cpu["plain"]),
        check_cpu_seconds=tuple(r.cpu_seconds for r in checks),
        floor_cpu_seconds=tuple(r.cpu_seconds for r in floors),
    )


def bench(sizes: Sequence[int], runs: Sequence[int], seed: int, work: Path,
          say: Callable[[str], None] = print) -> list[SizeResult]:
    checker = measure.find_checker()
    say(f"check: {checker.label}")
    results = []
    for count, run_count in zip(sizes, runs_per_size(sizes, runs), strict=True):
        say(f"n={count}: {run_count} runs each")
        results.append(bench_size(count, run_count, seed, work, checker, say))
        # after every size, so a long run that is stopped still leaves what it measured
        (work / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=2), encoding="utf-8")
    return results


def load_results(path: Path) -> list[SizeResult]:
    """Results saved by `bench`, to render the page again without measuring."""
    results = []
    for data in json.loads(path.read_text(encoding="utf-8")):
        fields: dict[str, Any] = {key: tuple(value) if isinstance(value, list) else value
                                  for key, value in data.items()}
        fields["portal_site"] = SiteStats(**data["portal_site"])
        fields["plain_site"] = SiteStats(**data["plain_site"])
        results.append(SizeResult(**fields))
    return results


def stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
