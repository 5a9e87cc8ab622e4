"""`make preview` with a broken policy set: a Dutch error page in the browser.

While a document has an error, `mkdocs serve` (with PORTAAL_PREVIEW) builds a
site in which every page, at its own address, lists the problems (file, line,
field, what is wrong). The owner sees them where they were reading; the next
save rebuilds and the page comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core import layout
from . import indexes
from .html import escape, html_table
from ..core.catalog import policy_files
from ..core.problems import Problem

TITLE = "Het beleid bevat fouten"

NAV_PAGES = (layout.index_page(layout.POLICY_DIR), layout.index_page(layout.ROLE_DIR),
             layout.index_page(layout.THEME_DIR), layout.index_page(layout.OWNER_DIR), layout.DASHBOARD,
             layout.CHANGES, layout.ROUTE_FINDER, layout.GLOSSARY)


def error_page(problems: Sequence[Problem]) -> str:
    """The Markdown of the error page: a table of the problems, every value escaped."""
    count = len(problems)
    rows = [[escape(p.path), "" if p.line is None else str(p.line), escape(p.field),
             escape(p.message)] for p in problems]
    table = html_table(["Bestand", "Regel", "Veld", "Wat is er mis?"], rows)
    noun, it = ("probleem", "het") if count == 1 else ("problemen", "ze")
    return (indexes.front_matter(TITLE, hide_toc=True, exclude_from_search=True)
            + '<div class="portaal-banner portaal-banner--vervallen" role="alert" data-portaal-preview-error>\n'
            f"<p><strong>Het beleid bevat {count} {noun}.</strong> Zolang dat zo is, toont de voorbeeldweergave "
            f"alleen deze lijst. Herstel {it} en sla het bestand op: deze pagina laadt dan vanzelf opnieuw.</p>\n"
            "</div>\n\n" + table + "\n")


def page_paths(policies_dir: Path, docs_pages: Iterable[str], earlier: Iterable[str]) -> list[str]:
    """Every address an owner may be looking at: docs pages, the generated pages of the last good
    build, the pages of the menu and a page per policy file."""
    found = dict.fromkeys([*docs_pages, *earlier, *NAV_PAGES])
    if policies_dir.is_dir():
        found.update(dict.fromkeys(layout.policy_page(path.stem) for path in policy_files(policies_dir)))
    return list(found)
