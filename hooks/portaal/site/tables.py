"""Tables that fit a phone: each data cell carries its column heading.

On a narrow screen portaal.css shows every row as a stacked card ("Hoe snel?
Direct"), with the heading from `data-label`; on a wide screen the table is a
table. Works on any table with a `<thead>`: Markdown tables, generated lists
and author HTML alike.

An empty heading cell (the corner above a column of row names, common in
comparison tables and in old versions of texts in the archive) becomes a plain
`<td>`: a heading without text is announced as nothing by a screen reader.
"""

from __future__ import annotations

import html
import re

from . import html as markup

_TABLE = re.compile(r"<table\b[^>]*>.*?</table\s*>", re.S | re.I)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead\s*>", re.S | re.I)
_HEADING = re.compile(r"<th\b[^>]*>(.*?)</th\s*>", re.S | re.I)
_EMPTY_HEADING = re.compile(r"<th\b([^>]*)>((?:\s|&nbsp;|&#160;|<br\s*/?>)*)</th\s*>", re.S | re.I)
_ROW = re.compile(r"(<tr\b[^>]*>)(.*?)(</tr\s*>)", re.S | re.I)
_CELL = re.compile(r"<td\b(?![^>]*\bdata-label=)", re.I)
_TAG = re.compile(r"<[^>]*>")


def _plain(cell: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", cell)).split())


def _label_table(match: re.Match[str]) -> str:
    table = match.group(0)
    head = _THEAD.search(table)
    if head is None:
        return table
    headings = [_plain(cell) for cell in _HEADING.findall(head.group(1))]
    before = table[:head.start(1)] + _EMPTY_HEADING.sub(r"<td\1>\2</td>", head.group(1)) + table[head.end(1):head.end()]
    after = table[head.end():]

    def label_row(row: re.Match[str]) -> str:
        column = iter(headings)

        def label(_cell: re.Match[str]) -> str:
            heading = next(column, "")
            return f'<td data-label="{markup.escape(heading)}"' if heading else "<td"

        return row.group(1) + _CELL.sub(label, row.group(2)) + row.group(3)

    return before + _ROW.sub(label_row, after)


def label_cells(markup: str) -> str:
    """Give every data cell of every table with a header row the text of its column heading."""
    if "<table" not in markup:
        return markup
    return _TABLE.sub(_label_table, markup)
