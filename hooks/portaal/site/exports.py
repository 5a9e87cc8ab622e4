"""Exports of the published set: a JSON register, a CSV inventory for Excel and a
review calendar (iCalendar). The build publishes the register at REGISTER_PATH."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from typing import Any

from ..core import layout
from . import archive
from ..core.history import Entry
from ..core.model import Policy
from ..core.publication import Publication

REGISTER_PATH = "register.json"
"""Where the build publishes the register, relative to the site root."""
REGISTER_VERSION = 1


def published(portal: Publication) -> list[Policy]:
    """Every document with a page on the site (withdrawn ones included), by title. Nothing in an
    export names a document outside this list (references to concepts are left out)."""
    return list(portal.visible)


def policy_url(policy_id: str, base_url: str = "") -> str:
    """The page of a policy: relative to the site root, or absolute when `base_url` is given."""
    path = layout.url_of(layout.policy_page(policy_id))
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def register(portal: Publication, base_url: str = "") -> dict[str, Any]:
    """Every published document with its metadata and URL."""
    taxonomy = portal.taxonomy
    documents = []
    for policy in published(portal):
        review = portal.review(policy)
        history = portal.archive.get(policy.id) if portal.archive is not None else None
        documents.append({
            "id": policy.id,
            "title": policy.title,
            "summary": policy.summary,
            "type": policy.type,
            "type_name": taxonomy.types[policy.type].name,
            "owner": policy.owner,
            "owner_name": taxonomy.owners[policy.owner].name,
            "audience": list(policy.audience),
            "themes": list(policy.themes),
            "status": policy.status,
            "version": policy.version,
            "effective": policy.effective.isoformat(),
            "last_reviewed": policy.last_reviewed.isoformat(),
            "next_review": policy.next_review.isoformat(),
            "review_state": review.state.value if review else None,
            "classification": policy.classification,
            "related": [ref for ref in policy.related if ref in portal.visible_ids],
            "supersedes": [ref for ref in policy.supersedes if ref in portal.visible_ids],
            "superseded_by": [p.id for p in portal.successors.get(policy.id, [])],
            "keywords": list(policy.keywords),
            "adopted_by": policy.adopted_by,
            "adopted_by_name": taxonomy.body_name(policy.adopted_by) or None,
            "decision": policy.decision,
            "decision_date": _day(policy.decision_date),
            "url": policy_url(policy.id, base_url),
            "versions_url": _absolute(archive.versions_url(policy.id), base_url) if history is not None else None,
            "versions": [_version(entry, base_url) for entry in history.entries] if history is not None else [],
        })
    result: dict[str, Any] = {"version": REGISTER_VERSION, "generated": portal.today.isoformat(),
                              "count": len(documents), "documents": documents}
    if portal.archive is not None:
        result["archive_complete"] = portal.archive.complete
    return result


def _day(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _absolute(url: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}/{url}" if base_url else url


def _version(entry: Entry, base_url: str) -> dict[str, Any]:
    """One adopted text of a document with its validity period (valid_to is exclusive; null: applies)."""
    return {
        "version": entry.version,
        "label": entry.label,
        "kind": entry.kind,
        "valid_from": entry.valid_from.isoformat(),
        "valid_to": entry.valid_to.isoformat() if entry.valid_to else None,
        "adopted_by": entry.adopted_by or None,
        "decision": entry.decision or None,
        "decision_date": entry.decision_date or None,
        "change": entry.change or None,
        "commit": entry.commit or None,
        "url": _absolute(archive.version_url(entry.policy_id, entry.slug), base_url),
    }


def register_json(portal: Publication, base_url: str = "") -> str:
    """The register as JSON text; < > & are written as \\u escapes, so no title can ever
    become markup where the file is shown or embedded (the parsed values are unchanged)."""
    text = json.dumps(register(portal, base_url), ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


CSV_COLUMNS = ("Kenmerk", "Titel", "Soort", "Eigenaar", "Status", "Versie", "Geldt sinds", "Laatst beoordeeld",
               "Volgende beoordeling", "Beoordeling", "Rubricering", "Voor wie", "Thema's", "Samenvatting", "Adres",
               "Vastgesteld door", "Besluit", "Datum besluit")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _cell(value: str) -> str:
    """Excel would run a cell starting with = + - @ (also after spaces) as a formula; a leading '
    keeps it text. Control characters (other than line breaks) are replaced."""
    value = _CONTROL.sub("\ufffd", value)
    return "'" + value if value.lstrip(" ").startswith(_FORMULA_START) else value


def inventory_csv(portal: Publication, base_url: str = "") -> bytes:
    """The inventory as Dutch Excel opens it: UTF-8 with byte-order mark, ';' between cells, CRLF."""
    taxonomy = portal.taxonomy
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for policy in published(portal):
        review = portal.review(policy)
        writer.writerow([_cell(value) for value in (
            policy.id,
            policy.title,
            taxonomy.types[policy.type].name,
            taxonomy.owners[policy.owner].name,
            policy.status,
            policy.version,
            policy.effective.isoformat(),
            policy.last_reviewed.isoformat(),
            policy.next_review.isoformat(),
            review.state.value if review else "",
            taxonomy.classifications[policy.classification].name,
            ", ".join(taxonomy.roles[r].name for r in policy.audience),
            ", ".join(taxonomy.themes[t].name for t in policy.themes),
            policy.summary,
            policy_url(policy.id, base_url),
            taxonomy.body_name(policy.adopted_by),
            policy.decision or "",
            _day(policy.decision_date) or "",
        )])
    return buffer.getvalue().encode("utf-8-sig")


def review_calendar(portal: Publication, owner: str | None = None, base_url: str = "") -> bytes:
    """The review calendar of one owner (or all): the same file the build publishes (see calendars)."""
    from . import calendars

    return calendars.review_calendar(portal, owner, base_url)
