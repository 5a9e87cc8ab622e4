"""`portaal geldend`: which version of each document applied on a given day.

The same archive as the site (history.read_archive): what the versions pages show,
this command prints.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tabulate import tabulate

from ..core.history import Archive, Entry
from ..core.publication import Publication
from ..site import archive as site_archive
from ..site.text import dutch_date


@dataclass(frozen=True)
class Answer:
    policy_id: str
    title: str
    entry: Entry | None
    """None: no adopted version applied that day."""
    note: str
    url: str


def answers(portal: Publication, archive: Archive, day: dt.date, policy_id: str | None = None) -> list[Answer]:
    """One answer per published or withdrawn document (or for one), by title."""
    result = []
    for policy in portal.visible:
        if policy.is_concept or (policy_id is not None and policy.id != policy_id):
            continue
        history = archive.get(policy.id)
        entry = history.on(day) if history is not None else None
        if entry is not None:
            url = site_archive.version_url(policy.id, entry.slug)
            note = ""
        else:
            url = site_archive.versions_url(policy.id)
            first = history.entries[0].valid_from if history is not None and history.entries else None
            if first is not None and day < first:
                note = f"nog niet vastgesteld (eerste versie vanaf {dutch_date(first)})"
            elif history is not None and history.withdrawn_on is not None:
                note = f"vervallen sinds {dutch_date(history.withdrawn_on)}"
            else:
                note = "geen vastgestelde versie bekend"
        result.append(Answer(policy.id, policy.title, entry, note, url))
    return result


def render_text(found: list[Answer], day: dt.date, archive: Archive, base_url: str = "") -> str:
    rows = []
    for answer in found:
        entry = answer.entry
        rows.append([
            answer.policy_id,
            entry.label if entry is not None else "–",
            (f"{entry.valid_from.isoformat()} – {entry.valid_to.isoformat() if entry.valid_to else ''}"
             if entry is not None else answer.note),
            _address(answer.url, base_url),
        ])
    lines = [f"Geldend op {dutch_date(day)} ({day.isoformat()}):", ""]
    lines.append(tabulate(rows, headers=["Kenmerk", "Versie", "Geldig van – tot", "Adres"], tablefmt="simple")
                 if rows else "Geen documenten gevonden.")
    if not archive.complete:
        from ..core.history import NO_HISTORY_FIX
        lines += ["", f"Let op: het versiearchief is onvolledig: {archive.reason}. {NO_HISTORY_FIX}"]
    return "\n".join(lines) + "\n"


def _address(url: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{url}" if base_url else url
