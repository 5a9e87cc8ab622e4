"""The one escaping path: every value from front matter or a data file reaches HTML here.

`escape` serves text and attribute values alike (it escapes `& < > " '`, the same
five characters as Jinja's `e` filter in the templates). Markdown text goes
through `text.inline`, which escapes with this function first.
"""

from __future__ import annotations

import html


def escape(value: str) -> str:
    """Text or an attribute value, safe inside an element or a quoted attribute."""
    return html.escape(value, quote=True)


def link(title: str, url: str) -> str:
    """`<a href="url">title</a>`, both escaped."""
    return f'<a href="{escape(url)}">{escape(title)}</a>'
