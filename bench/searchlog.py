"""Generated web-server logs for `portaal zoekrapport`, and its cost on a large one.

`python -m bench.searchlog --lines 1000000` writes a log in nginx/Apache combined
format (fixed seed), runs `portaal zoekrapport` on it in a child process and prints
wall time and peak memory (the child's maximum resident set size), for the plain
file and for the same file gzipped.
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent

PAGES = ["beleid/screening/", "beleid/nevenwerkzaamheden/", "beleid/gedragscode-douane/",
         "beleid/meldprocedure-integriteit/", "beleid/monitoring-loggegevens/", "waar-meld-ik-wat/",
         "beleid/vertrouwenspersonen/", "beleid/ethisch-leiderschap/", "begrippen/"]
FOUND = ["vog", "bijbaan melden", "cadeau", "vertrouwenspersoon", "nevenfunctie", "melden omkoping",
         "gedragscode", "screening", "loggegevens", "klokkenluider", "sociale media", "schulden"]
NOT_FOUND = ["praktijkvoorbeelden", "wie bekijkt mijn zoekacties", "verlofregeling", "declaratie reiskosten",
             "parkeren", "scnabeeld"]
AGENTS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 "
          "Safari/537.36", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"]
MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def line(ip: str, day: tuple[int, int, int], target: str, status: int = 200, agent: str = AGENTS[0],
         method: str = "GET", user: str = "-") -> str:
    year, month, dom = day
    return (f'{ip} - {user} [{dom:02d}/{MONTH_NAMES[month - 1]}/{year}:10:{dom % 60:02d}:07 +0100] '
            f'"{method} {target} HTTP/1.1" {status} 512 "https://intranet.example/integriteit/" "{agent}"\n')


def search_target(base: str, query: str, results: int) -> str:
    return f"{base}zoekactie.txt?q={quote(query, safe='')}&n={results}"


def open_target(base: str, page: str, query: str) -> str:
    return f"{base}{page}?q={quote(query, safe='')}"


def generate(count: int, seed: int = 15, base: str = "/integriteit/", visitors: int = 400) -> Iterator[str]:
    """`count` log lines: searches, opened results, ordinary page views, other sites and a few broken lines."""
    rng = random.Random(seed)
    days = [(2026, month, dom) for month in (10, 11) for dom in range(1, 31)]
    written = 0
    while written < count:
        visitor = rng.randrange(visitors)
        ip = f"10.{visitor // 250}.{visitor % 250}.{rng.randrange(1, 3)}"
        day = rng.choice(days)
        agent = AGENTS[visitor % 2]
        roll = rng.random()
        if roll < 0.001:
            batch = ["dit is geen logregel \x00\x1b[31m\n"]
        elif roll < 0.1:
            batch = [line(ip, day, f"/intranet/nieuws/{rng.randrange(999)}/?q=kantine", agent=agent)]
        elif roll < 0.55:
            batch = [line(ip, day, f"{base}{rng.choice(PAGES)}", agent=agent),
                     line(ip, day, f"{base}assets/stylesheets/portaal.css", agent=agent)]
        else:
            if rng.random() < 0.25:
                query = rng.choice(NOT_FOUND)
                batch = [line(ip, day, search_target(base, query, 0), agent=agent)]
            else:
                query = rng.choice(FOUND)
                batch = [line(ip, day, search_target(base, query, rng.randrange(1, 9)), agent=agent)]
                if rng.random() < 0.7:
                    batch.append(line(ip, day, open_target(base, rng.choice(PAGES), query), agent=agent))
        for text in batch[: count - written]:
            yield text
            written += 1


def write_log(path: Path, count: int, seed: int = 15, base: str = "/integriteit/", gz: bool = False) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", encoding="utf-8") as handle:
        for text in generate(count, seed, base):
            handle.write(text)
    return path


def measure(path: Path, base: str = "/integriteit/") -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of `portaal zoekrapport` on one log, in a fresh child process
    (CPU time says more than wall time on a machine whose cores are shared)."""
    args = ["zoekrapport", str(path), "--basis", base, "--suggest", "--beleid", str(ROOT / "policies"),
            "--format", "markdown", "-o", str(path.with_suffix(".md"))]
    child = ("import resource, sys\nfrom portaal.cli.main import portaal\n"
             f"code = portaal.main({args!r}, standalone_mode=False)\n"
             "usage = resource.getrusage(resource.RUSAGE_SELF)\n"
             "print('PEAK', usage.ru_maxrss, usage.ru_utime + usage.ru_stime, file=sys.stderr)\n"
             "sys.exit(code)\n")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", child], check=True, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    line = next(text.split() for text in done.stderr.splitlines() if text.startswith("PEAK "))
    return seconds, float(line[2]), int(line[1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for gz in (False, True):
            path = Path(work) / ("access.log.gz" if gz else "access.log")
            start = time.perf_counter()
            write_log(path, args.lines, gz=gz)
            made = time.perf_counter() - start
            seconds, cpu, peak = measure(path)
            size = path.stat().st_size / 1024 / 1024
            print(f"{path.name}: {args.lines:,} regels, {size:.0f} MiB (gemaakt in {made:.1f} s); "
                  f"zoekrapport {seconds:.1f} s ({cpu:.1f} s rekentijd), piekgeheugen {peak:.0f} MiB")


if __name__ == "__main__":
    main()
