"""Review calendars (iCalendar, RFC 5545) that owners subscribe to or import.

One event per listed document, with a UID that never changes for that document,
so a re-import or a refreshed subscription moves the event instead of adding a
second one. A review that is not yet due sits on its review date, with a
reminder (VALARM) when the due-soon window opens and one on the day itself. An
overdue review is not left in the past: it sits on the day the calendar was
made ("today"), its summary starts with VERLOPEN and the description says how
many days it is late. The build is rerun every night, so the event moves with
the days until the document is reviewed.

The build publishes one file per owner (`beoordelingen/<eigenaar>.ics`) and one
for all owners (ALL_OWNERS_FILE); `portaal export ics` writes the same calendar.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..core import layout
from ..core import taxonomy as _taxonomy
from ..core.model import Policy
from ..core.publication import Publication
from ..core.problems import CatalogError, Problem
from ..core.review import ReviewState

DOMAIN = "integriteitsportaal.douane.example"
"""The right-hand side of every UID."""
FOLDER = "beoordelingen"
"""Where the build publishes the calendars, next to the review dashboard."""
ALL_OWNERS = _taxonomy.ALL_OWNERS
"""Name of the calendar of every owner; an owner may not have this id."""
OVERDUE_PREFIX = "VERLOPEN – "
ALARM_TIME = dt.timedelta(hours=9)
"""An all-day event's reminders sound at 9:00 (local time) on their day."""
_SEQUENCE_EPOCH = dt.date(2020, 1, 1)


def calendar_path(owner: str | None) -> str:
    """Where the build publishes the calendar of one owner (or of all), relative to the site root."""
    return f"{FOLDER}/{owner or ALL_OWNERS}.ics"


def uid(policy_id: str) -> str:
    """The same for a document in every calendar it appears in, whatever its review date."""
    return f"beoordeling-{policy_id}@{DOMAIN}"


def page_url(policy_id: str, base_url: str = "") -> str:
    path = layout.url_of(layout.policy_page(policy_id))
    return f"{base_url.rstrip('/')}/{path}" if base_url else path


def review_calendar(portal: Publication, owner: str | None = None, base_url: str = "") -> bytes:
    """The review calendar of one owner's listed documents, or of all of them.

    DTSTAMP is midnight UTC of `portal.today` and SEQUENCE counts days since 2020, so the same
    input gives the same file and a later calendar always wins over an earlier one.
    """
    policies = portal.listed if owner is None else portal.by_owner[owner]
    return _calendar(portal, owner, [_event_text(portal, policy, base_url) for policy in _in_order(policies)])


def _in_order(policies: list[Policy]) -> list[Policy]:
    return sorted(policies, key=lambda p: (p.next_review, p.id))


def _calendar(portal: Publication, owner: str | None, events: list[bytes]) -> bytes:
    """A calendar around events that are already written out (each is written once per build)."""
    import icalendar  # only here: `portaal check` and the other exports do without it

    taxonomy = portal.taxonomy
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Douane//Integriteitsportaal//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = "Beoordelingen Integriteitsportaal" + (f" – {taxonomy.owners[owner].name}" if owner else "")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    head, end, tail = bytes(calendar.to_ical()).rpartition(b"END:VCALENDAR")
    return head + b"".join(events) + end + tail


def _event_text(portal: Publication, policy: Policy, base_url: str) -> bytes:
    stamp = dt.datetime.combine(portal.today, dt.time(0, 0), tzinfo=dt.UTC)
    sequence = max(0, (portal.today - _SEQUENCE_EPOCH).days)
    return bytes(_event(portal, policy, stamp, sequence, base_url).to_ical())


def _event(portal: Publication, policy: Policy, stamp: dt.datetime, sequence: int, base_url: str) -> Any:
    import icalendar

    review = portal.reviews[policy.id]
    owner = portal.taxonomy.owners[policy.owner]
    overdue = review.state is ReviewState.OVERDUE
    url = page_url(policy.id, base_url)
    event = icalendar.Event()
    event.add("uid", uid(policy.id))
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    # DURATION rather than DTEND: a review date of 9999-12-31 has no day after it.
    event.add("dtstart", portal.today if overdue else policy.next_review)
    event.add("duration", dt.timedelta(days=1))
    if overdue:
        summary = f"{OVERDUE_PREFIX}Beoordelen: {policy.title}"
        when = (f"De beoordeling is verlopen: uiterlijk {policy.next_review.isoformat()}, "
                f"nu {review.days_overdue} dagen te laat. Deze afspraak schuift elke dag op tot het "
                "document beoordeeld is.")
    else:
        summary = f"Beoordelen: {policy.title}"
        when = f"Uiterlijk op deze dag opnieuw beoordelen (volgende beoordeling {policy.next_review.isoformat()})."
    event.add("summary", summary)
    event.add("description", "\n".join((
        when,
        f"Document: {policy.title} (versie {policy.version}).",
        f"Eigenaar: {owner.name}.",
        f"Laatst beoordeeld: {policy.last_reviewed.isoformat()}.",
        "Wat moet je doen? Lees het document kritisch. Klopt het nog? Zet dan 'reviewed' op de datum "
        "van vandaag (gereviewd, geen wijziging). Verandert de inhoud? Maak een nieuwe versie "
        "(zie 'Voor beleidseigenaren' op het portaal).",
        f"Pagina: {url}",
    )))
    event.add("categories", [owner.name])
    event.add("transp", "TRANSPARENT")
    if overdue:
        event.add("priority", 1)
    if base_url:
        event.add("url", url)
    triggers = [ALARM_TIME]
    if not overdue and portal.due_soon_days > 0:
        triggers.insert(0, ALARM_TIME - dt.timedelta(days=portal.due_soon_days))
    for trigger in triggers:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", trigger)
        alarm.add("description", summary)
        event.add_component(alarm)
    return event


def calendar_paths(portal: Publication) -> list[str]:
    """Where the build publishes the calendars (relative to the site root): one for all owners, one per
    owner. Raises CatalogError when an owner has the id of the calendar of all owners."""
    taxonomy = portal.taxonomy
    if ALL_OWNERS in taxonomy.owners:
        raise CatalogError([Problem(taxonomy.path, f"'{ALL_OWNERS}' is de naam van de agenda met alle eigenaren; "
                                    "geef deze eigenaar een ander id", f"owners.{ALL_OWNERS}")])
    return [calendar_path(None), *(calendar_path(owner) for owner in taxonomy.owners)]


def calendar_files(portal: Publication, base_url: str = "") -> dict[str, bytes]:
    """Every calendar the build publishes (`calendar_paths`): path relative to the site root -> content."""
    taxonomy = portal.taxonomy
    calendar_paths(portal)
    events = {policy.id: _event_text(portal, policy, base_url) for policy in portal.listed}
    files = {calendar_path(None): _calendar(portal, None, [events[p.id] for p in _in_order(portal.listed)])}
    for owner in taxonomy.owners:
        files[calendar_path(owner)] = _calendar(portal, owner,
                                                [events[p.id] for p in _in_order(portal.by_owner[owner])])
    return files
