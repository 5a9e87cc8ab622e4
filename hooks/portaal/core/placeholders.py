"""Placeholders: invented specifics (phone numbers, mailboxes, amounts) that an
owner must confirm, written as `[TE BEVESTIGEN: ...]`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import display_path

OPENING = "[TE BEVESTIGEN: "
PATTERN = re.compile(re.escape(OPENING) + r"([^\]\n]+)\]")


@dataclass(frozen=True)
class Placeholder:
    path: str
    line: int
    text: str


def find(paths: list[Path], base: Path | None = None) -> list[Placeholder]:
    """Every placeholder in the given files, with file and line."""
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            found += [Placeholder(display_path(path, base), number, m.group(1)) for m in PATTERN.finditer(line)]
    return found


def mark(html: str) -> str:
    """Highlight placeholders in built HTML (the text is already escaped there)."""
    return PATTERN.sub(
        r'<mark class="portaal-placeholder" title="Nog te bevestigen door de eigenaar">TE BEVESTIGEN: \1</mark>',
        html,
    )
