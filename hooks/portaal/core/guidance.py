"""Structured guidance beside the policies: the route finder "Waar meld ik wat?"
(`meldroutes.yml`), the glossary (`begrippen.yml`) and the search synonyms
(`synoniemen.yml`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import Reader, load_data
from .problems import Code, describe_value, display_path, hidden_character

ROUTES_FILE = "meldroutes.yml"
GLOSSARY_FILE = "begrippen.yml"
SYNONYMS_FILE = "synoniemen.yml"

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


def load_routes(path: Path, base: Path | None = None) -> tuple[RouteFinder, list[tuple[str, str, int]]]:
    """Read the route finder; return it with (policy id, field, line) references to check."""
    data = load_data(path, base)
    reader = Reader(display_path(path, base), data)
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
            refs.append((route.policy, f"{where}.policy", reader.line_of(f"{where}.policy")))
        routes.append(route)
    reader.done()
    return RouteFinder(contacts, tuple(routes)), refs


def load_glossary(path: Path, base: Path | None = None) -> tuple[tuple[Term, ...], list[tuple[str, str, int]]]:
    """Read the glossary; return it with (policy id, field, line) references to check."""
    data = load_data(path, base)
    reader = Reader(display_path(path, base), data)
    terms = []
    refs = []
    anchors: dict[str, Term] = {}
    for number, raw in enumerate(data if isinstance(data, list) else [], start=1):
        if not isinstance(raw, dict):
            reader.fail(f"[{number}]", f"verwacht velden als 'naam: waarde', gevonden {describe_value(raw)}")
            continue
        where = f"[{number}]"
        term = Term(reader.text(raw, "term", where, one_line=True), reader.text(raw, "definition", where),
                    reader.text(raw, "policy", where, required=False),
                    reader.questions(raw, QUESTIONS_FIELD, where))
        if term.policy:
            refs.append((term.policy, f"{where}.policy", reader.line_of(f"{where}.policy")))
        if term.term:
            twin = anchors.setdefault(term.anchor, term)
            if not term.anchor:
                reader.fail(f"{where}.term", f"het begrip '{term.term}' heeft geen letters of cijfers")
            elif twin is not term and twin.term.casefold() == term.term.casefold():
                reader.fail(f"{where}.term", f"het begrip '{term.term}' staat er twee keer in")
            elif twin is not term:
                reader.fail(f"{where}.term", f"het begrip '{term.term}' krijgt hetzelfde anker als "
                                             f"'{twin.term}' (#{term.anchor}); maak de namen duidelijker verschillend")
        terms.append(term)
    if not isinstance(data, list) or not data:
        reader.fail("", f"verwacht een lijst, gevonden {describe_value(data)}")
    reader.done()
    return tuple(sorted(terms, key=lambda t: t.term.casefold())), refs


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same for searching (the query layer in the browser expands them)."""

    groups: tuple[tuple[str, ...], ...] = ()


def load_synonyms(path: Path, base: Path | None = None) -> Synonyms:
    """Read `synoniemen.yml`; a missing file means no synonyms. Raise CatalogError on a bad file."""
    if not path.exists():
        return Synonyms()
    data = load_data(path, base)
    reader = Reader(display_path(path, base), data)
    groups_raw = data.get("groepen") if isinstance(data, dict) else None
    if not isinstance(groups_raw, list):
        raise reader.stop("", "verwacht 'groepen:' met daaronder een lijst van groepen, bijvoorbeeld "
                              "'- [omkoping, corruptie]'", line=getattr(data, "line", 1), code=Code.MISSING)
    groups: list[tuple[str, ...]] = []
    for number, group in enumerate(groups_raw, start=1):
        words = [word.strip() for word in group if isinstance(word, str) and word.strip()] \
            if isinstance(group, list) else []
        if not isinstance(group, list) or len(words) < 2 or len(words) != len(group):
            found = (f"de lijst [{', '.join(str(word) for word in group)}]" if isinstance(group, list)
                     else describe_value(group))
            reader.fail(f"groepen[{number}]", f"verwacht een lijst van minstens twee woorden, gevonden {found}")
            continue
        hidden = next((problem for word in words if (problem := hidden_character(word)) is not None), None)
        if hidden is not None:
            reader.fail(f"groepen[{number}]", hidden)
            continue
        groups.append(tuple(" ".join(word.split()) for word in words))
    reader.done()
    return Synonyms(tuple(groups))
