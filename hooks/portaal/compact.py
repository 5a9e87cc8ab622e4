"""Smaller pages: the whitespace Material's templates put into the navigation.

Material renders the navigation into every page with deep indentation; at a
few thousand documents that whitespace is more than half of the navigation and
over a third of a median page. Collapsing each run of whitespace to one space
changes nothing a browser shows: the navigation has no `<pre>`, no
`<textarea>` and no CSS that keeps whitespace.
"""

from __future__ import annotations

import re

_PRIMARY_NAV = '<nav class="md-nav md-nav--primary"'
_NAV_TAG = re.compile(r"<nav\b|</nav>")
_WHITESPACE = re.compile(r"\s+")


def navigation(html: str) -> str:
    """`html` with every whitespace run in the primary navigation collapsed to one space."""
    start = html.find(_PRIMARY_NAV)
    if start < 0:
        return html
    depth = 0
    for tag in _NAV_TAG.finditer(html, start):
        depth += 1 if tag.group() == "<nav" else -1
        if depth == 0:
            end = tag.end()
            return html[:start] + _WHITESPACE.sub(" ", html[start:end]) + html[end:]
    return html  # unbalanced: leave the page as it is
