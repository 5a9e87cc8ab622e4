"""`python -m bench`: run the benchmark and write the results page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import report, run
from .projects import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="300,1000,3000", help="policy-set sizes, e.g. '300,1000,3000'")
    parser.add_argument("--runs", default="3,3,2", help="builds of each kind: one number, or one per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "out", help="projects, sites and logs")
    parser.add_argument("--page", type=Path, default=ROOT / "docs" / "over" / "prestaties.md",
                        help="the results page to write")
    parser.add_argument("--render-only", action="store_true",
                        help="write the page from <work>/results.json of an earlier run, without measuring")
    args = parser.parse_args(argv)
    if args.render_only:
        results = run.load_results(args.work / "results.json")
        host = report.load_machine(args.work / "machine.json")
        report.write_page(args.page, results, host, args.seed, report.load_search(args.work / "search.json"))
        print(f"written: {args.page}", file=sys.stderr)
        return 0
    try:
        sizes = run.parse_list(args.sizes)
        runs = run.runs_per_size(sizes, run.parse_list(args.runs))
    except ValueError as error:
        parser.error(str(error))
    host = report.machine()
    results = run.bench(sizes, runs, args.seed, args.work, say=run.stderr)
    report.save_machine(args.work / "machine.json", host)
    search = report.load_search(args.work / "search.json")
    report.write_page(args.page, results, host, args.seed, search)
    print(report.render(results, host, args.seed, search))
    print(f"written: {args.page}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
