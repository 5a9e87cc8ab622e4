"""Small text helpers: Dutch dates, Markdown-safe text, counting words."""

from __future__ import annotations

import datetime as dt
import re

from .html import escape

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

# Characters Python-Markdown (with tables) lets a backslash escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!|])")


def dutch_date(day: dt.date) -> str:
    """2026-03-01 -> '1 maart 2026'."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def inline(value: str) -> str:
    """Text that shows as itself inside Markdown: no markup, no HTML."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(value))


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def days_phrase(days: int) -> str:
    """How far a review date is, in words: 'over 12 dagen', 'vandaag', '3 dagen te laat'."""
    if days == 0:
        return "vandaag"
    if days > 0:
        return f"over {plural(days, 'dag', 'dagen')}"
    return f"{plural(-days, 'dag', 'dagen')} te laat"
