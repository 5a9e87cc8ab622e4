"""Profile one in-process build with pyinstrument: where does the time go?

    python -m bench.profile bench/out/n1000/portal [--html report.html]

The project folders come from a `make bench` run (bench/out/n<N>/portal or
plain). Prints pyinstrument's text report; `--html` also writes the
interactive one.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pyinstrument import Profiler

from .measure import environment


def build_in_process(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.update(environment())
    config = load_config(str(project / "mkdocs.yml"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("project", type=Path)
    parser.add_argument("--html", type=Path)
    parser.add_argument("--interval", type=float, default=0.001)
    args = parser.parse_args(argv)
    profiler = Profiler(interval=args.interval)
    with profiler:
        build_in_process(args.project.resolve())
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
