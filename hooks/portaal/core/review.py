"""Review dates: when a document must be looked at again, and how urgent that is.

`today` is always an argument; nothing here reads the clock.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from dataclasses import dataclass

DEFAULT_DUE_SOON_DAYS = 60


class ReviewState(enum.Enum):
    CURRENT = "actueel"
    DUE_SOON = "binnenkort"
    OVERDUE = "verlopen"

    @property
    def label(self) -> str:
        return {
            ReviewState.CURRENT: "Actueel",
            ReviewState.DUE_SOON: "Beoordeling binnenkort",
            ReviewState.OVERDUE: "Beoordeling verlopen",
        }[self]


@dataclass(frozen=True)
class Review:
    """The review position of one document on one day."""

    state: ReviewState
    next_review: dt.date
    days_left: int
    """Days until the next review; negative when overdue."""

    @property
    def days_overdue(self) -> int:
        return max(0, -self.days_left)


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month where it is shorter."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def assess(next_review: dt.date, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Review:
    """Current, due soon (within the window, the review date included) or overdue (after it)."""
    days_left = (next_review - today).days
    if days_left < 0:
        state = ReviewState.OVERDUE
    elif days_left <= due_soon_days:
        state = ReviewState.DUE_SOON
    else:
        state = ReviewState.CURRENT
    return Review(state, next_review, days_left)
