"""The policy model: one validated document, its status and its history lines.

Nothing here validates: core/schema.py checks front matter and builds these."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from .review import add_months


class Status(enum.StrEnum):
    """Where a document stands; the value is what the owner writes in `status:`."""

    CONCEPT = "concept"
    """Being written: not on the site (only in `make preview`), in no export."""
    ADOPTED = "vastgesteld"
    """Adopted and in force: on the site and in every index."""
    WITHDRAWN = "vervallen"
    """No longer in force: its page stays at its address, marked, in no index."""


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a document's `history`."""

    version: str
    date: dt.date
    change: str
    """What changed, in the owner's words."""
    editorial: bool = False
    """An editorial change: the text changed, the rule did not, the version number stays."""


@dataclass(frozen=True)
class Policy:
    """A policy document whose front matter passed every check."""

    id: str
    title: str
    type: str
    summary: str
    owner: str
    audience: tuple[str, ...]
    themes: tuple[str, ...]
    status: Status
    version: str
    effective: dt.date
    classification: str
    reviewed: dt.date | None = None
    review_interval: int | None = None
    review_by: dt.date | None = None
    related: tuple[str, ...] = ()
    supersedes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    vragen: tuple[str, ...] = ()
    """Questions, in employees' words, that this document answers."""
    history: tuple[HistoryEntry, ...] = ()
    adopted_by: str | None = None
    """Body (taxonomy id) that adopted this version, or a `[TE BEVESTIGEN: ...]` placeholder."""
    decision: str | None = None
    """Reference of the adoption decision."""
    decision_date: dt.date | str | None = None
    """Date of that decision (a placeholder text until confirmed)."""
    source: str = ""
    """Where the file is, as shown in messages."""
    body: str = ""
    """The Markdown text after the front matter."""
    body_line: int = 1

    @classmethod
    def from_values(cls, values: dict[str, Any], source: str, body: str, body_line: int) -> Policy:
        return cls(**values, source=source, body=body, body_line=body_line)

    @property
    def last_reviewed(self) -> dt.date:
        """The last review, or the date in force when there was none yet."""
        return self.reviewed or self.effective

    @property
    def next_review(self) -> dt.date:
        if self.review_by is not None:
            return self.review_by
        return add_months(self.last_reviewed, self.review_interval or 12)

    @property
    def is_concept(self) -> bool:
        return self.status is Status.CONCEPT

    @property
    def is_withdrawn(self) -> bool:
        return self.status is Status.WITHDRAWN
