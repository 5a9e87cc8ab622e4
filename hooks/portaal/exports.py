"""Exports of the published set: a JSON register, a CSV inventory for Excel and a
review calendar (iCalendar). The build publishes the register at REGISTER_PATH."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import layout
from .model import Policy
from .portal import Portal

REGISTER_PATH = "register.json"
"""Where the build publishes the register, relative to the site root."""
REGISTER_VERSION = 1


def published(portal: Portal) -> list[Policy]:
    """Every document with a page on the site (withdrawn ones included), by title."""
    return list(portal.visible)


def policy_url(policy_id: str, base_url: str = "") -> str:
    """The page of a policy: relative to the site root, or absolute when `base_url` is given."""
    path = layout.url_of(layout.policy_page(policy_id))
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def register(portal: Portal, base_url: str = "") -> dict[str, Any]:
    """Every published document with its metadata and URL."""
    taxonomy = portal.taxonomy
    documents = []
    for policy in published(portal):
        review = portal.review(policy)
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
            "related": list(policy.related),
            "supersedes": list(policy.supersedes),
            "superseded_by": [p.id for p in portal.successors.get(policy.id, [])],
            "keywords": list(policy.keywords),
            "url": policy_url(policy.id, base_url),
        })
    return {"version": REGISTER_VERSION, "generated": portal.today.isoformat(), "count": len(documents),
            "documents": documents}


def register_json(portal: Portal, base_url: str = "") -> str:
    """The register as JSON text; < > & are written as \\u escapes, so no title can ever
    become markup where the file is shown or embedded (the parsed values are unchanged)."""
    text = json.dumps(register(portal, base_url), ensure_ascii=False, indent=2)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") + "\n"


CSV_COLUMNS = ("Kenmerk", "Titel", "Soort", "Eigenaar", "Status", "Versie", "Geldt sinds", "Laatst beoordeeld",
               "Volgende beoordeling", "Beoordeling", "Rubricering", "Voor wie", "Thema's", "Samenvatting", "Adres")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Excel would run a cell starting with = + - @ as a formula; a leading ' keeps it text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def inventory_csv(portal: Portal, base_url: str = "") -> bytes:
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
        )])
    return buffer.getvalue().encode("utf-8-sig")


def review_calendar(portal: Portal, owner: str | None = None, base_url: str = "") -> bytes:
    """The review calendar of one owner (or all): the same file the build publishes (see calendars)."""
    from . import calendars

    return calendars.review_calendar(portal, owner, base_url)
