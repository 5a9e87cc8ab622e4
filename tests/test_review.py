"""Unit tests of review dates and states; today is always an argument."""

from __future__ import annotations

import datetime as dt

import pytest

from portaal.core.review import ReviewState, add_months, assess
from portaal.core.settings import SettingsError, today_from

D = dt.date


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [
        (D(2026, 1, 1), ReviewState.CURRENT, 180),  # far ahead
        (D(2026, 5, 1), ReviewState.DUE_SOON, 60),  # exactly at the edge of the window
        (D(2026, 4, 30), ReviewState.CURRENT, 61),  # one day before the window
        (D(2026, 6, 30), ReviewState.DUE_SOON, 0),  # on the review date itself: still due, not late
        (D(2026, 7, 1), ReviewState.OVERDUE, -1),  # the day after: overdue
    ],
)
def test_states_around_the_review_date(today: dt.date, state: ReviewState, days_left: int) -> None:
    review = assess(D(2026, 6, 30), today, due_soon_days=60)
    assert (review.state, review.days_left) == (state, days_left)


def test_window_is_configurable() -> None:
    assert assess(D(2026, 6, 30), D(2026, 5, 1), due_soon_days=30).state is ReviewState.CURRENT
    assert assess(D(2026, 6, 30), D(2026, 6, 1), due_soon_days=30).state is ReviewState.DUE_SOON


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),  # shorter month: last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2026, 11, 15), 3, D(2027, 2, 15)),  # over the year boundary
        (D(2026, 3, 1), 24, D(2028, 3, 1)),  # two years
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_today_comes_from_the_environment_or_the_clock() -> None:
    assert today_from({"PORTAAL_TODAY": "2026-02-28"}, lambda: D(2000, 1, 1)) == D(2026, 2, 28)
    assert today_from({}, lambda: D(2000, 1, 1)) == D(2000, 1, 1)
    with pytest.raises(SettingsError, match="PORTAAL_TODAY: verwacht een datum als 2026-06-30, gevonden '2026-02-30'"):
        today_from({"PORTAAL_TODAY": "2026-02-30"}, lambda: D(2000, 1, 1))
