"""Placeholders: invented specifics (phone numbers, mailboxes, amounts) that an
owner must confirm, written as `[TE BEVESTIGEN: ...]`."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from pathlib import Path

from .frontmatter import PLACEHOLDER, PLACEHOLDER_OPENING, FrontMatterError, decode
from .problems import NOT_A_FILE, Problem, display_path

OPENING = PLACEHOLDER_OPENING
PATTERN = PLACEHOLDER


@dataclass(frozen=True)
class Placeholder:
    path: str
    line: int
    text: str


_READ_ERRORS = {errno.ENOENT: "het bestaat niet (een link naar een bestand dat er niet is?)",
                errno.EACCES: "geen leesrechten", errno.EPERM: "geen leesrechten"}


def scan(paths: list[Path], base: Path | None = None) -> tuple[list[Placeholder], list[Problem]]:
    """Every placeholder in the given files, with file and line; and a problem per file that cannot be
    read (a folder with a file's name, no access, not UTF-8, a link to nothing)."""
    found: list[Placeholder] = []
    problems: list[Problem] = []
    for path in paths:
        shown = display_path(path, base)
        try:
            if path.is_dir():
                raise IsADirectoryError
            if path.exists() and not path.is_file():  # a named pipe would wait for ever
                problems.append(Problem(shown, NOT_A_FILE))
                continue
            text = decode(path.read_bytes())
        except IsADirectoryError:
            problems.append(Problem(shown, "dit is een map, geen bestand; geef de map een naam zonder .md of .yml"))
            continue
        except FrontMatterError as error:
            problems.append(Problem(shown, str(error), line=error.line))
            continue
        except OSError as error:
            reason = _READ_ERRORS.get(error.errno or 0, error.strerror or str(error))
            problems.append(Problem(shown, f"kan het bestand niet lezen: {reason}"))
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            found += [Placeholder(shown, number, m.group(1)) for m in PATTERN.finditer(line)]
    return found, problems


def find(paths: list[Path], base: Path | None = None) -> list[Placeholder]:
    """Every placeholder in the given files, with file and line (files that cannot be read: see `scan`)."""
    return scan(paths, base)[0]


HTML_TAG = r"""<(?:[^>"']|"[^"]*"|'[^']*')*>"""
"""A tag, also when a quoted attribute value holds a '>' (HTML serialisers leave it as it is); the text linkers
(this module, site/contacts.py) split built HTML on it so that they never change an attribute."""
TAG = re.compile(f"(<!--.*?-->|{HTML_TAG})", re.S)
_MARKED = r'<mark class="portaal-placeholder" title="Nog te bevestigen door de eigenaar">TE BEVESTIGEN: \1</mark>'


def mark(html: str) -> str:
    """Highlight placeholders in the text of built HTML (escaped there already); never inside a tag, where a
    placeholder in an attribute (a link's title) stays plain text."""
    if PLACEHOLDER_OPENING not in html:
        return html
    parts = TAG.split(html)  # text, tag, text, tag, ..., text
    for index in range(0, len(parts), 2):
        if PLACEHOLDER_OPENING in parts[index]:
            parts[index] = PATTERN.sub(_MARKED, parts[index])
    return "".join(parts)
