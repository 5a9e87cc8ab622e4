"""Structured guidance beside the policies: the route finder "Waar meld ik wat?"
(`meldroutes.yml`) and the glossary (`begrippen.yml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import Reader, load_data
from .problems import display_path

ROUTES_FILE = "meldroutes.yml"
GLOSSARY_FILE = "begrippen.yml"

ROUTE_FIELDS = ("situation", "channel", "contact", "timeframe", "next", "confidentiality", "policy")
CONTACT_FIELDS = ("name", "phone", "mail", "hours")
QUESTIONS_FIELD = "vragen"
"""Optional list of questions on a route or a term; the same rule as the front-matter field."""


@dataclass(frozen=True)
class Contact:
    """A contact point; the one place to change its phone, mail or hours."""

    id: str
    name: str
    phone: str
    mail: str
    hours: str


@dataclass(frozen=True)
class Route:
    situation: str
    """What happened, as the employee would say it."""
    channel: str
    """Where to report."""
    contact: str
    """Id of the contact point."""
    timeframe: str
    """How fast."""
    next: str
    """What happens after the report."""
    confidentiality: str
    """Who gets to know what."""
    policy: str = ""
    """Id of the document that describes this route (optional)."""
    vragen: tuple[str, ...] = ()
    """Questions, in employees' words, that lead to this route (optional)."""


@dataclass(frozen=True)
class RouteFinder:
    contacts: dict[str, Contact]
    routes: tuple[Route, ...]


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    policy: str = ""
    vragen: tuple[str, ...] = ()
    """Questions, in employees' words, that this term answers (optional)."""

    @property
    def anchor(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.term.casefold()).strip("-")


def load_routes(path: Path, base: Path | None = None) -> tuple[RouteFinder, list[tuple[str, str]]]:
    """Read the route finder; return it with (policy id, field) references to check."""
    reader = Reader(display_path(path, base))
    data = load_data(path, base)
    if not isinstance(data, dict):
        data = {}
        reader.fail("", "verwacht de onderdelen contacts en routes")
    contacts = {
        key: Contact(key, *(reader.text(raw, name, f"contacts.{key}") for name in CONTACT_FIELDS))
        for key, raw in reader.items(data.get("contacts"), "contacts")
    }
    routes = []
    refs = []
    for number, raw in enumerate(reader.entries(data.get("routes"), "routes"), start=1):
        where = f"routes[{number}]"
        values = [reader.text(raw, name, where, required=name != "policy") for name in ROUTE_FIELDS]
        unknown = sorted(set(raw) - {*ROUTE_FIELDS, QUESTIONS_FIELD})
        if unknown:
            reader.fail(where, f"onbekend veld: {', '.join(unknown)}; verwacht: "
                               f"{', '.join((*ROUTE_FIELDS, QUESTIONS_FIELD))}")
        situation, channel, contact, timeframe, after, confidentiality, policy = values
        route = Route(situation, channel, contact, timeframe, after, confidentiality, policy,
                      reader.questions(raw, QUESTIONS_FIELD, where))
        if route.contact and route.contact not in contacts:
            reader.fail(f"{where}.contact", f"onbekend contact '{route.contact}'; kies uit: {', '.join(contacts)}")
        if route.policy:
            refs.append((route.policy, f"{where}.policy"))
        routes.append(route)
    reader.done()
    return RouteFinder(contacts, tuple(routes)), refs


def load_glossary(path: Path, base: Path | None = None) -> tuple[tuple[Term, ...], list[tuple[str, str]]]:
    """Read the glossary; return it with (policy id, field) references to check."""
    reader = Reader(display_path(path, base))
    terms = []
    refs = []
    for number, raw in enumerate(reader.entries(load_data(path, base), ""), start=1):
        where = f"[{number}]"
        term = Term(reader.text(raw, "term", where), reader.text(raw, "definition", where),
                    reader.text(raw, "policy", where, required=False),
                    reader.questions(raw, QUESTIONS_FIELD, where))
        if term.policy:
            refs.append((term.policy, f"{where}.policy"))
        terms.append(term)
    seen: set[str] = set()
    for term in terms:
        if term.term.casefold() in seen:
            reader.fail("term", f"het begrip '{term.term}' staat er twee keer in")
        seen.add(term.term.casefold())
    reader.done()
    return tuple(sorted(terms, key=lambda t: t.term.casefold())), refs
