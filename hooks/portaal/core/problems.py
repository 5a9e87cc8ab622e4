"""Problems found in the policy set, reported in Dutch to policy owners."""

from __future__ import annotations

import enum
import errno
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any


class Code(enum.StrEnum):
    """What kind of problem: code decides by this, never by the Dutch message."""

    UNREADABLE = "unreadable"
    """The file cannot be read or parsed (encoding, YAML)."""
    MISSING = "missing"
    """A required field or part is not there."""
    REQUIRED_FOR_STATUS = "required-for-status"
    """A field the document's status makes required is not there."""
    UNKNOWN_FIELD = "unknown-field"
    INVALID = "invalid"
    """A value has the wrong form (type, pattern, range)."""
    UNKNOWN_ID = "unknown-id"
    """A reference to an id that does not exist."""
    CONFLICT = "conflict"
    """Two values that cannot both be true (dates, versions, one of two fields)."""
    DUPLICATE = "duplicate"
    OTHER = "other"


HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (tab and line ends are spaces)
    "\u200b-\u200f\u2060-\u2064\ufeff"  # zero-width characters and direction marks
    "\u202a-\u202e\u2066-\u2069]"  # characters that turn the reading direction around
)
"""Characters a reader does not see but that change what a text shows or does: stuurtekens, zero-width
spaces and bidi controls. Not allowed in any text from the front matter or a data file."""


def hidden_character(text: str) -> str | None:
    """The Dutch problem with a text that holds a character readers cannot see; None when it has none."""
    found = HIDDEN_CHARACTERS.search(text)
    if found is None:
        return None
    return (f"bevat een teken dat lezers niet zien (tekencode #x{ord(found.group()):04X}, teken "
            f"{found.start() + 1}): een stuurteken, een onzichtbare spatie of een teken dat de leesrichting "
            "omdraait; verwijder het")


NOT_A_FILE = "is geen gewoon bestand (maar bijvoorbeeld een named pipe of een apparaat); zet er een tekstbestand neer"


def unusual_file(path: Path, project: Path) -> str | None:
    """Why a file found among the documents is not read (Dutch), or None for an ordinary file (a link to
    nothing is left to reading, which names it): no regular file (a named pipe would wait for ever, a device
    never end), or a link (symlink) to a file outside `project`: the repository would not hold what the
    portal publishes, and no review of a merge request would see it change."""
    if not path.exists():
        return None
    if not path.is_file():
        return NOT_A_FILE
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(project.resolve()):
            return (f"is een koppeling (symlink) naar een bestand buiten het project ({target}); zet het "
                    "document zelf in deze map")
    return None


def describe_value(value: Any) -> str:
    """A wrong value as the messages name it: 'tekst', het getal 3, 'true' (ja/nee), een lijst,
    een groep velden, niets. The one way every check describes what it found."""
    if value is None:
        return "niets"
    if isinstance(value, bool):
        return f"'{'true' if value else 'false'}' (ja/nee)"
    if isinstance(value, list):
        return "een lijst"
    if isinstance(value, dict):
        return "een groep velden"
    if isinstance(value, (int, float)):
        return f"het getal {value}"
    return f"'{value}'"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, in words a policy owner understands."""

    path: str
    """The file, relative to the project folder where possible."""
    message: str
    """What is wrong and what was expected, in Dutch."""
    field: str = ""
    """The front-matter field concerned, if any."""
    line: int | None = None
    """The line in the file, where known."""
    code: Code = Code.OTHER
    """What kind of problem, for code that treats kinds differently (the message is for people)."""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class CatalogError(Exception):
    """The policy set has problems; the build or check must stop."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "probleem" if count == 1 else "problemen"
        lines = [f"Het beleid bevat {count} {noun}:"]
        lines += [f"  - {problem}" for problem in self.problems]
        return "\n".join(lines)


def display_path(path: Path, base: Path | None = None) -> str:
    """Show `path` relative to `base` (or the working folder) when it lies inside."""
    if base is None and isinstance(path, PurePath) and path.parts and not path.is_absolute() \
            and ".." not in path.parts:
        return path.as_posix()  # already relative to the working folder: what the lines below give, by string
    absolute = os.path.abspath(path)
    for root in (base, os.getcwd()):  # the common case, by string: no file-system calls
        if root is not None:
            prefix = os.path.join(os.path.abspath(root), "")
            if absolute.startswith(prefix):
                return absolute[len(prefix):].replace(os.sep, "/")
    return _display_path(path, base, os.getcwd())


@functools.lru_cache(maxsize=16384)
def _display_path(path: Path, base: Path | None, cwd: str) -> str:
    roots = [root for root in (base, Path(cwd)) if root is not None]
    # abspath first (cheap, and resolve() would show a symbolic link by the name of its target);
    # resolve() only when that finds nothing.
    for absolute in (True, False):
        shown = Path(os.path.abspath(path)) if absolute else path.resolve()
        for root in roots:
            folder = Path(os.path.abspath(root)) if absolute else root.resolve()
            if shown.is_relative_to(folder):
                return shown.relative_to(folder).as_posix()
    return path.as_posix()


_READ_ERRORS = {
    errno.ENOENT: "het bestand is weg of een snelkoppeling naar niets",
    errno.EACCES: "je hebt geen toestemming om het te lezen",
    errno.EPERM: "je hebt geen toestemming om het te lezen",
    errno.EISDIR: "dit is een map, geen bestand",
    errno.ELOOP: "de snelkoppeling verwijst naar zichzelf",
}


def read_error(error: OSError) -> str:
    """A Dutch message for a file that cannot be read."""
    reason = _READ_ERRORS.get(error.errno or 0, error.strerror or str(error))
    return f"kan het bestand niet lezen: {reason}"
