"""Accessibility repairs to the HTML Material renders, applied from template blocks.

Material's templates leave a thing without an accessible name. The portal
repairs it by filtering the output of the block (overrides/main.html), so no
Material template has to be copied: with `navigation.indexes`, a section's
expand toggle holds only an icon, so every section's `<nav aria-labelledby=...>`
gets the same empty name (axe: landmark-unique). The toggle gets the section
title as hidden text. (Material's search dialog, which had no name either, is
replaced by the portal's own search: hooks/portaal/site/search.py.)
"""

from __future__ import annotations

import re

_NAV_TITLE = re.compile(r'<label class="md-nav__title" for="(__nav[\w]*)">(.*?)</label>', re.S)
_EMPTY_TOGGLE = re.compile(
    r'(<label class="md-nav__link[^"]*" for="(__nav[\w]*)" id="\2_label"[^>]*>)'
    r'(\s*<span class="md-nav__icon md-icon"></span>\s*</label>)'
)
_TAG = re.compile(r"<[^>]*>")


def name_nav_toggles(markup: str) -> str:
    """Put the section title, visually hidden, into each icon-only section toggle."""
    titles = {target: " ".join(_TAG.sub(" ", text).split()) for target, text in _NAV_TITLE.findall(markup)}

    def named(match: re.Match[str]) -> str:
        title = titles.get(match.group(2))
        if not title:
            return match.group(0)
        # the title text was already escaped by Material's template
        return f'{match.group(1)}<span class="portaal-visually-hidden">{title}</span>{match.group(3)}'

    return _EMPTY_TOGGLE.sub(named, markup)
