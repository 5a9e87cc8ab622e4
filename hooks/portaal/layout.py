"""Where things live in the site: page paths and the navigation tree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

POLICY_DIR = "beleid"
ROLE_DIR = "rollen"
THEME_DIR = "themas"
TYPE_DIR = "soorten"
OWNER_DIR = "eigenaren"
DASHBOARD = "beoordelingen/index.md"
CHANGES = "nieuw-en-gewijzigd.md"
ROUTE_FINDER = "waar-meld-ik-wat.md"
GLOSSARY = "begrippen.md"

NAV_SECTION_LIMIT = 40
"""Most pages one navigation section lists before it is split by initial letter."""


def policy_page(policy_id: str) -> str:
    return f"{POLICY_DIR}/{policy_id}.md"


def role_page(role_id: str) -> str:
    return f"{ROLE_DIR}/{role_id}.md"


def theme_page(theme_id: str) -> str:
    return f"{THEME_DIR}/{theme_id}.md"


def type_page(type_id: str) -> str:
    return f"{TYPE_DIR}/{type_id}/index.md"


def owner_page(owner_id: str) -> str:
    return f"{OWNER_DIR}/{owner_id}.md"


def index_page(folder: str) -> str:
    return f"{folder}/index.md"


def url_of(path: str) -> str:
    """Site URL (directory style, relative to the site root) of a page path."""
    if path.endswith("index.md"):
        return path[: -len("index.md")]
    return path[: -len(".md")] + "/"


def chunk(entries: Sequence[tuple[str, str]], limit: int = NAV_SECTION_LIMIT) -> list[Any]:
    """Nav entries (title, path), split into letter groups when there are more than `limit`."""
    if len(entries) <= limit:
        return [{title: path} for title, path in entries]
    groups: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for index, entry in enumerate(entries):
        letter = _initial(entry[0])
        previous = _initial(entries[index - 1][0]) if index else letter
        if current and len(current) >= limit and letter != previous:
            groups.append(current)
            current = []
        current.append(entry)
    groups.append(current)
    return [
        {_group_label(group): [{title: path} for title, path in group]} for group in groups
    ]


def _initial(title: str) -> str:
    for char in title.upper():
        if char.isalnum():
            return char
    return "#"


def _group_label(group: list[tuple[str, str]]) -> str:
    first, last = _initial(group[0][0]), _initial(group[-1][0])
    return first if first == last else f"{first}–{last}"


OPTIONAL_PAGES = frozenset({ROUTE_FINDER, GLOSSARY})
"""Generated only when their data file exists."""


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
