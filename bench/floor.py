"""The floor for `portaal check`: only read the same files and parse their YAML.

Run as `python -m bench.floor <policies folder>`; prints the seconds spent
(without interpreter start-up) as JSON. Nothing is validated: this is what
any checker must at least do.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import yaml

Loader = yaml.CSafeLoader


def read_and_parse(folder: Path) -> int:
    """Read the taxonomy and every policy file, parse their YAML; return the number of files."""
    yaml.load((folder / "taxonomie.yml").read_bytes(), Loader=Loader)
    count = 0
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.find("\n---", 3)
        yaml.load(text[3:end], Loader=Loader)
        count += 1
    return count


def main(argv: list[str]) -> int:
    start = time.perf_counter()
    count = read_and_parse(Path(argv[0]))
    print(json.dumps({"files": count, "seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
