"""The navigation tree: generated sections, split into groups that stay short."""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import html as markup

NAV_SECTION_LIMIT = 40
"""Most pages one navigation section lists before it is split by initial letter."""



def chunk(entries: Sequence[tuple[str, str]], limit: int = NAV_SECTION_LIMIT) -> list[Any]:
    """Nav entries (title, path), split into groups of at most `limit` when there are more.

    Groups break between initial letters and are named after them ("A–C", "D").
    A letter with more than `limit` entries is split by longer beginnings
    ("Ma–Me", "Mi–Mu"), so no group grows with the size of the policy set.
    Titles are HTML (as Material prints them); so are the group names.
    """
    if len(entries) <= limit:
        return [{title: path} for title, path in entries]
    groups: list[list[_Unit]] = []
    size = 0
    for unit in _units(list(entries), limit, depth=1):
        if groups and size + len(unit.entries) <= limit:
            groups[-1].append(unit)
            size += len(unit.entries)
        else:
            groups.append([unit])
            size = len(unit.entries)
    return [
        {_group_label(group): [{title: path} for unit in group for title, path in unit.entries]}
        for group in groups
    ]


@dataclass(frozen=True)
class _Unit:
    """Consecutive entries whose titles begin alike; never split over two groups."""

    label: str
    entries: list[tuple[str, str]]


def _units(entries: list[tuple[str, str]], limit: int, depth: int) -> list[_Unit]:
    """Runs of entries with the same first `depth` characters; runs above `limit` are split further."""
    units: list[_Unit] = []
    for _, run in itertools.groupby(entries, key=lambda entry: _beginning(entry[0], depth).casefold()):
        members = list(run)
        label = _label(members[0][0], depth)
        if len(members) <= limit:
            units.append(_Unit(label, members))
        elif any(len(_beginning(title, depth + 1)) > depth for title, _ in members):
            units += _units(members, limit, depth + 1)
        else:  # identical titles: only counting helps
            units += [_Unit(label, members[i : i + limit]) for i in range(0, len(members), limit)]
    return units


def _beginning(title: str, depth: int) -> str:
    """The first `depth` characters of a title (HTML), from its first letter or digit on."""
    text = html.unescape(title)
    start = next((index for index, char in enumerate(text) if char.isalnum()), len(text))
    return text[start : start + depth]


def _label(title: str, depth: int) -> str:
    beginning = _beginning(title, depth)
    if not beginning:
        return "#"
    return markup.escape(beginning[0].upper() + beginning[1:].lower())


def _group_label(group: list[_Unit]) -> str:
    """'A–C'; 'Meldprocedure b–d' rather than 'Meldprocedure b–Meldprocedure d'."""
    first, last = group[0].label, group[-1].label
    if first == last:
        return first
    shared = next((index for index, (a, b) in enumerate(zip(first, last, strict=False)) if a != b),
                  min(len(first), len(last)))
    return f"{first}–{last[first.rfind(' ', 0, shared) + 1 :]}"


def expand_nav(nav: list[Any], sections: dict[str, list[Any]], absent: frozenset[str] = frozenset()) -> list[Any]:
    """Replace each nav entry that points at a key of `sections` by a section with that content,
    and drop entries for optional pages in `absent`."""
    result: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            (title, value), = item.items()
            if isinstance(value, str) and value in sections:
                result.append({title: [value, *sections[value]]})
            elif isinstance(value, list):
                result.append({title: expand_nav(value, sections, absent)})
            elif value not in absent:
                result.append(item)
        elif isinstance(item, str) and item in sections:
            result.append(item)
            result.extend(sections[item])
        elif item not in absent:
            result.append(item)
    return result
