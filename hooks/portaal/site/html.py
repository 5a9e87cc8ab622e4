"""The HTML toolkit and the one escaping path: every value from front matter or a data file
reaches HTML here.

`escape` serves text and attribute values alike (it escapes `& < > " '`, the same
five characters as Jinja's `e` filter in the templates). Markdown text goes
through `text.inline`, which escapes with this function first.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..core import layout


def escape(value: str) -> str:
    """Text or an attribute value, safe inside an element or a quoted attribute."""
    return html.escape(value, quote=True)


def url_link(title: str, url: str) -> str:
    """`<a href="url">title</a>`, both escaped."""
    return f'<a href="{escape(url)}">{escape(title)}</a>'


# -- HTML fragments ------------------------------------------------------------------
# Long lists are written as HTML, not Markdown: Markdown would cost most of the
# build time on a large set. They reach a page through an `Embed`: inline in a
# macro's output, or as a block marker the plugin swaps in after Markdown.

Embed = Callable[[str], str]
"""Turns an HTML fragment into Markdown text that carries it."""

ROOT = "portaal-root:/"
"""Links in fragments start here; the plugin makes them relative to each page."""


def inline_html(fragment: str) -> str:
    """Embed a fragment as a raw HTML block (for macros in docs/ pages)."""
    return f"\n\n{fragment}\n\n"


@dataclass
class Blocks:
    """Fragments of one generated page, swapped in for their markers after Markdown."""

    fragments: list[str] = field(default_factory=list)

    def embed(self, fragment: str) -> str:
        self.fragments.append(fragment)
        return f"\n\n{marker(len(self.fragments) - 1)}\n\n"


def marker(number: int) -> str:
    """The placeholder of fragment `number` in a page's Markdown."""
    return f"<!--portaal-block-{number}-->"


def page_href(path: str) -> str:
    """The address of a page path inside a fragment (made relative per page later)."""
    return ROOT + layout.url_of(path)


def page_link(title: str, path: str) -> str:
    """`<a>` to a page of the site by its path (`beleid/x.md`), title escaped."""
    return url_link(title, page_href(path))


def html_table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A table from ready HTML cells."""
    cells = "".join(f"<th>{escape(cell)}</th>" for cell in head)
    body = "\n".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table>\n<thead><tr>{cells}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def html_list(lines: Iterable[str], css_class: str = "") -> str:
    """A `<ul>` of ready HTML items."""
    opening = f'<ul class="{css_class}">' if css_class else "<ul>"
    return opening + "\n" + "\n".join(f"<li>{line}</li>" for line in lines) + "\n</ul>"
