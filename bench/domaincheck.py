"""What `portaal check` does, as one domain call, until the CLI is merged.

Run as `python -m bench.domaincheck <policies folder> <YYYY-MM-DD>`: load and
validate the catalog (`load_catalog`), compute every review state
(`Publication`) and list the overdue and due-soon documents. Prints the seconds
spent (without interpreter start-up) as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication
from portaal.core.review import ReviewState


def check(folder: Path, today: dt.date) -> int:
    """Load, validate and assess the policy set; return the number of documents needing review."""
    portal = Publication(load_catalog(folder), today)
    return sum(len(portal.in_state(state)) for state in (ReviewState.OVERDUE, ReviewState.DUE_SOON))


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    attention = check(Path(argv[0]), dt.date.fromisoformat(argv[1]))
    print(json.dumps({"attention": attention, "seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
