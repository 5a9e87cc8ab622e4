"""Problems found in the policy set, reported in Dutch to policy owners."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
    for root in (base, Path.cwd()):
        if root is None:
            continue
        try:
            return path.absolute().relative_to(root.absolute()).as_posix()
        except ValueError:
            continue
    return path.as_posix()
