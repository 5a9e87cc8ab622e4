"""Reader's speed of the search, old (Material's lunr + the old Dutch layer) against new (Pagefind).

Chromium with a cold cache (a fresh browser context per run), files served gzip-compressed
the way a web server does (text types compressed, already compressed Pagefind fragments as
they are). A run opens the home page, waits for it to load, then types a query into the
header search box and waits for the first result. Measured: milliseconds from the first
keystroke to the first result on screen, and bytes transferred (compressed) from opening
the page until then, in total and for the search alone.

Both moments are taken on the page's own clock (`WATCH`): the first keydown's time stamp,
and the first frame after a result became visible. Playwright's `wait_for_selector` is only
used to wait: it polls with growing pauses (0, 20, 50, 100, 100, then every 500 ms), so the
moment it notices a result can be up to half a second after the reader saw it.

`python -m bench.reader` builds, per size, the new portal from this repository and the old
one from git (`OLD_REV`), on the same policies, and writes `<work>/search.json`; `make bench`
puts the figures, with findability, on docs/over/prestaties.md.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from functools import partial
from http.server import SimpleHTTPRequestHandler
from io import BytesIO
from pathlib import Path
from typing import Any

from portaal.cli import linkcheck
from portaal.core.catalog import TAXONOMY_FILE
from portaal.core.taxonomy import load_taxonomy

from . import corpus, findability, measure, projects

OLD_REV = "179c3f9"
"""The last commit with Material's search and the home-made Dutch layer (issue 9 replaced them)."""
QUERY = "meldingen"
COMPRESSED = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".xml")
"""What a web server compresses (nginx `gzip_types`-like); Pagefind's own files are gzip already."""


SENT: list[tuple[str, int, float]] = []
"""(path, body bytes, `time.perf_counter()` when sent) of every response, for the run in progress
(runs are one at a time)."""


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text types gzip-compressed when the browser accepts it. Counts what it sends
    (on the server: requests of Material's search worker do not show in the page's own timings)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix in COMPRESSED and path.is_file()
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            SENT.append((self.path, len(body), time.perf_counter()))
            return BytesIO(body)
        if path.is_file():
            SENT.append((self.path, path.stat().st_size, time.perf_counter()))
        return super().send_head()


def serve_gzip(folder: Path) -> contextlib.AbstractContextManager[str]:
    """`folder` on a free loopback port, gzip-compressed like a web server (the link checker's server)."""
    return linkcheck.serve(folder, GzipHandler)


@dataclass(frozen=True)
class ReaderRun:
    ms_to_results: float
    bytes_total: int
    """Compressed bytes from opening the page until the first result."""
    bytes_search: int
    """Of which for the search (index, Pagefind, synonyms, search worker)."""


SEARCH_PARTS = ("/search/", "/pagefind/", "/zoeken/", "/workers/")


WATCH = """selector => {
  const clock = { start: null, shown: null };
  window.__lezerKlok = clock;
  document.addEventListener("keydown", event => {
    if (clock.start === null) clock.start = event.timeStamp;
  }, { capture: true });
  const observer = new MutationObserver(() => {
    const first = document.querySelector(selector);
    if (!first || !first.checkVisibility()) return;
    observer.disconnect();
    /* the frame that shows it: after the next animation frame has been drawn */
    requestAnimationFrame(() => setTimeout(() => { clock.shown = performance.now(); }, 0));
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true });
}"""
"""Installed in the page before typing: records, on the page's clock, the first keydown and the
frame in which the first result (`selector`) is visible."""


def page_clock(page: Any) -> tuple[float, float]:
    """(milliseconds from the first keystroke to the first result on screen, the moment of that
    result on `time.perf_counter()`'s clock), from what `WATCH` recorded in the page."""
    page.wait_for_function("() => window.__lezerKlok && window.__lezerKlok.shown !== null", timeout=120_000)
    before = time.perf_counter()
    start, shown, now = page.evaluate(
        "() => [window.__lezerKlok.start, window.__lezerKlok.shown, performance.now()]")
    after = time.perf_counter()
    shown_here = (before + after) / 2 - (now - shown) / 1000
    return shown - start, shown_here


def start_typing(page: Any, box: str, result: str, query: str) -> None:
    """Click the search box `box`, start the clock (`WATCH`, waiting for `result`), type `query`."""
    page.locator(box).click()
    page.evaluate(WATCH, result)
    page.keyboard.type(query)


def one_run(browser: Any, url: str, old: bool, query: str = QUERY) -> ReaderRun:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    SENT.clear()
    page.goto(url, wait_until="load")
    box, result = (("input.md-search__input", ".md-search-result__item") if old
                   else ("#portaal-zoekveld", ".portaal-zoekresultaat"))
    start_typing(page, box, result, query)
    page.wait_for_selector(result, timeout=120_000)
    ms, shown = page_clock(page)
    entries = [(name, size) for name, size, sent in SENT if sent <= shown]
    context.close()
    total = sum(size for _, size in entries)
    search = sum(size for name, size in entries if any(part in name for part in SEARCH_PARTS))
    return ReaderRun(ms, total, search)


OLD_FIELDS = ("id", "title", "type", "summary", "owner", "audience", "themes", "status", "version", "effective",
              "reviewed", "review_interval", "review_by", "classification", "related", "supersedes", "keywords",
              "history")
"""The front-matter fields the portal at OLD_REV knows; it refuses the later ones (questions, approval)."""


def _old_meta(meta: dict[str, Any]) -> dict[str, Any]:
    kept = {key: value for key, value in meta.items() if key in OLD_FIELDS}
    if isinstance(kept.get("history"), list):  # later entries may say `editorial: true`
        kept["history"] = [{key: entry[key] for key in ("version", "date", "change") if key in entry}
                           if isinstance(entry, dict) else entry for entry in kept["history"]]
    return kept


def old_project(folder: Path, policies: Sequence[corpus.SyntheticPolicy]) -> Path:
    """The portal at OLD_REV (from git, with its own code in hooks/) with `policies`, their front
    matter cut down to the fields that revision knows."""
    source = folder.parent / "old-source"
    if not source.exists():
        archive = subprocess.run(["git", "archive", OLD_REV, "docs", "overrides", "hooks", "policies", "mkdocs.yml"],
                                 cwd=projects.ROOT, capture_output=True, check=True).stdout
        source.mkdir(parents=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(source, filter="data")
    known = [replace(policy, raw="", meta=_old_meta(policy.meta)) for policy in policies]
    project = projects.portal_project(folder, known, root=source)
    shutil.copytree(source / "hooks", project / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def build(project: Path, old: bool) -> Path:
    env = measure.environment()
    if old:  # the old code's own `portaal` package first on the path
        env["PYTHONPATH"] = str(project / "hooks")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml")],
                   cwd=project, env=env, check=True, capture_output=True)
    return project / "site"


def refresh_scripts(site: Path) -> Path:
    """Put this repository's scripts into an existing build (a build copies them unchanged)."""
    for script in (projects.ROOT / "docs" / "assets" / "javascripts").glob("*.js"):
        shutil.copy(script, site / "assets" / "javascripts" / script.name)
    return site


def measure_size(count: int, runs: int, seed: int, work: Path, say: Any, reuse: bool = False) -> dict[str, Any]:
    folder = work / f"reader-n{count}"
    if reuse and (folder / "new" / "site").exists() and (folder / "old" / "site").exists():
        sites = {"nieuw": refresh_scripts(folder / "new" / "site"), "oud": folder / "old" / "site"}
        own = len(list((folder / "new" / "policies").glob("*.md"))) - count
    else:
        taxonomy = load_taxonomy(projects.ROOT / "policies" / TAXONOMY_FILE)
        policies = corpus.own_policies(projects.ROOT / "policies") + corpus.generate(count, taxonomy, seed)
        own = len(policies) - count
        sites = {"nieuw": build(projects.portal_project(folder / "new", policies), old=False),
                 "oud": build(old_project(folder / "old", policies), old=True)}
    found: dict[str, list[ReaderRun]] = {"nieuw": [], "oud": []}
    with serve_gzip(sites["nieuw"]) as new_url, serve_gzip(sites["oud"]) as old_url, \
            findability.chromium() as browser:
        for number in range(runs):
            for kind in (("nieuw", "oud") if number % 2 == 0 else ("oud", "nieuw")):
                result = one_run(browser, new_url if kind == "nieuw" else old_url, old=kind == "oud")
                found[kind].append(result)
                say(f"  n={count} {kind} run {number + 1}: {result.ms_to_results:.0f} ms, "
                    f"{result.bytes_total / 1024:.0f} KB ({result.bytes_search / 1024:.0f} KB zoeken)")
    return {"policies": count, "own": own, "runs": runs,
            **{kind: {"ms": statistics.median(r.ms_to_results for r in rs),
                      "bytes_total": statistics.median(r.bytes_total for r in rs),
                      "bytes_search": statistics.median(r.bytes_search for r in rs),
                      "all": [asdict(r) for r in rs]} for kind, rs in found.items()}}


def save(path: Path, results: dict[str, Any]) -> None:
    """Merge into an earlier search.json: sizes measured now replace the same sizes measured before."""
    path.parent.mkdir(parents=True, exist_ok=True)
    earlier: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    now = {size["policies"] for size in results["sizes"]}
    merged = {**earlier, **results,
              "sizes": sorted([s for s in earlier.get("sizes", []) if s["policies"] not in now] + results["sizes"],
                              key=lambda size: size["policies"])}
    path.write_text(json.dumps(merged, indent=1, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reader", description=__doc__)
    parser.add_argument("--sizes", default="0,1000,3000", help="generated policies on top of the real set")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=projects.ROOT / "bench" / "out")
    parser.add_argument("--findability", action="store_true", help="also ask every query, old and new (real set)")
    parser.add_argument("--reuse", action="store_true",
                        help="measure the sites of an earlier run again (with this repository's scripts)")
    args = parser.parse_args(argv)
    say = partial(print, file=sys.stderr, flush=True)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    results: dict[str, Any] = {"query": QUERY, "old_rev": OLD_REV, "sizes": []}
    for count in (int(size) for size in args.sizes.replace(",", " ").split()):
        say(f"lezer n={count}")
        results["sizes"].append(measure_size(count, args.runs, args.seed, args.work, say, args.reuse))
        save(args.work / "search.json", results)  # after every size: a stopped run keeps what it measured
    if args.findability:
        real = args.work / "reader-n0"
        results["findability"] = {"nieuw": findability.measure(real / "new" / "site", old=False),
                                  "oud": findability.measure(real / "old" / "site", old=True)}
    save(args.work / "search.json", results)
    json.dump({k: v for k, v in results.items() if k != "findability"}, sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
