"""`python -m bench.checkspeed`: only `portaal check` against its floor (bench/floor.py), without builds.

For each size it writes the synthetic policy set once (the portal's own documents plus generated
ones, as `python -m bench` does), then runs `portaal check --overdue-as-warning` and the floor
alternately, each as its own process. It reports per size the median wall time and the median CPU
time (user + sys of the child: fair on a busy machine) of both, and the ratios. Run it `nice`d when
others share the machine. Nothing is written to docs/; `make bench` still writes the results page.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from portaal.core.catalog import TAXONOMY_FILE
from portaal.core.taxonomy import load_taxonomy

from . import corpus, measure
from .projects import ROOT


def _timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds (user + sys) of one child process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=measure.environment(), capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} gaf {done.returncode}:\n{done.stdout}{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def policy_set(folder: Path, count: int, seed: int) -> Path:
    """A project folder with only policies/: the data files, the own documents and `count` generated ones."""
    taxonomy = load_taxonomy(ROOT / "policies" / TAXONOMY_FILE)
    policies = corpus.own_policies(ROOT / "policies") + corpus.generate(count, taxonomy, seed)
    target = folder / "policies"
    if target.exists():
        measure.remove(target)
    target.mkdir(parents=True)
    for data in (ROOT / "policies").iterdir():
        if data.is_file() and data.suffix != ".md":
            (target / data.name).write_bytes(data.read_bytes())
    corpus.write(policies, target)
    return folder


def measure_size(project: Path, runs: int) -> dict[str, float]:
    check = [str(measure.portaal_cli()), "check", "--overdue-as-warning", "policies"]
    floor = [sys.executable, "-m", "bench.floor", str(project / "policies")]
    results: dict[str, list[float]] = {"check_wall": [], "check_cpu": [], "floor_wall": [], "floor_cpu": []}
    _timed(check, project)  # warm the file cache and the bytecode once
    for number in range(runs):
        order = (("check", check, project), ("floor", floor, ROOT))
        for kind, command, cwd in order if number % 2 == 0 else order[::-1]:
            wall, cpu = _timed(command, cwd)
            results[f"{kind}_wall"].append(wall)
            results[f"{kind}_cpu"].append(cpu)
    medians = {key: statistics.median(values) for key, values in results.items()}
    medians["ratio_wall"] = medians["check_wall"] / medians["floor_wall"]
    medians["ratio_cpu"] = medians["check_cpu"] / medians["floor_cpu"]
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.checkspeed", description=__doc__)
    parser.add_argument("--sizes", default="300,1000,3000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "portaal-checkspeed",
                        help="outside a git repository (check compares CODEOWNERS of the repository it is in)")
    args = parser.parse_args(argv)
    rows = {}
    for size in (int(part) for part in args.sizes.split(",")):
        project = policy_set(args.work / f"n{size}", size, args.seed)
        rows[size] = measure_size(project, args.runs)
        row = rows[size]
        print(f"n={size}: check {row['check_cpu']:.3f} s CPU ({row['check_wall']:.3f} s), "
              f"floor {row['floor_cpu']:.3f} s CPU ({row['floor_wall']:.3f} s), "
              f"ratio {row['ratio_cpu']:.2f} CPU / {row['ratio_wall']:.2f} wall", file=sys.stderr)
    print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    raise SystemExit(main())
