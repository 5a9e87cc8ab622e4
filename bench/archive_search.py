"""`python -m bench.archive_search SITE`: what searching the archive costs the reader.

On a site built with the version archive (e.g. bench/out/archief-1000/site after
`python -m bench.archive`): the size of Pagefind's normal bundle (`pagefind/`) and of the
archive's own bundle (`pagefind-archief/`), and the compressed bytes one query transfers
in Chromium with a cold cache (served gzip-compressed like nginx), once as a normal search
and once with `archief: true` ("ook oude versies").
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from . import findability
from .reader import SEARCH_PARTS, SENT, serve_gzip

QUERY = "geschenken"


def bundle_bytes(folder: Path) -> dict[str, int]:
    """Files and bytes of a Pagefind bundle folder (Pagefind's files are gzip already)."""
    files = [path for path in folder.rglob("*") if path.is_file()] if folder.is_dir() else []
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def query_bytes(browser: Any, url: str, query: str, archive: bool) -> dict[str, Any]:
    """Bytes transferred for the search from a cold cache: loading Pagefind and answering one query."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.wait_for_function("() => typeof window.portaalZoek === 'function'")
    SENT.clear()
    results = page.evaluate("([q, archief]) => window.portaalZoek(q, {archief}).then(r => r.length)",
                            [query, archive])
    entries = [(name, size) for name, size, _ in SENT]
    context.close()
    parts = (*SEARCH_PARTS, "/pagefind-archief/")
    search = [(name, size) for name, size in entries if any(part in name for part in parts)]
    return {"results": results, "bytes": sum(size for _, size in search),
            "archive_bytes": sum(size for name, size in search if "/pagefind-archief/" in name)}


def measure(site: Path, query: str = QUERY) -> dict[str, Any]:
    with serve_gzip(site) as url, findability.chromium() as browser:
        return {"query": query,
                "bundle": bundle_bytes(site / "pagefind"), "archive_bundle": bundle_bytes(site / "pagefind-archief"),
                "normal": query_bytes(browser, url, query, archive=False),
                "with_archive": query_bytes(browser, url, query, archive=True)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.archive_search", description=__doc__)
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.site, args.query), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
