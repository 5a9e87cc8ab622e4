"""The front-matter schema, declared once.

`FIELDS` feeds the checker (`validate`), the JSON Schema (`json_schema`), the
field reference in the docs and the `portaal new` scaffold. Change a field
here and all four follow.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from .datafile import RESERVED_IDS, SLUG
from .model import HistoryEntry, Status
from .problems import Code, describe_value, hidden_character
from .questions import QUESTION_MAX, check_questions
from .review import add_months
from .taxonomy import Taxonomy

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STATUSES = tuple(status.value for status in Status)


@dataclass(frozen=True)
class Field:
    """One front-matter field."""

    name: str
    kind: str
    """text, slug, version, date, months, status, ref, refs, ids, words, questions, history"""
    label: str
    """Dutch label, as readers see it on the site."""
    description: str
    """Dutch explanation for policy owners."""
    example: Any
    required: bool = True
    collection: str = ""
    """For ref/refs: the taxonomy collection the value must come from."""
    required_when: str = ""
    """A status for which this optional field is required (the approval of an adopted document)."""
    placeholder_ok: bool = False
    """A marked placeholder `[TE BEVESTIGEN: ...]` stands in for the value until the owner confirms it."""


FIELDS: tuple[Field, ...] = (
    Field("id", "slug", "Kenmerk", "Vaste, unieke naam van het document: kleine letters, cijfers en "
          "streepjes. Gelijk aan de bestandsnaam zonder .md. Verandert nooit.", "gedragscode-douane"),
    Field("title", "text", "Titel", "De titel zoals lezers die zien.", "Gedragscode Douane"),
    Field("type", "ref", "Soort document", "Het soort document.", "gedragscode", collection="types"),
    Field("summary", "text", "Samenvatting", "Eén tot drie zinnen: waar gaat het over en voor wie.",
          "Wat je als douanemedewerker wel en niet doet."),
    Field("owner", "ref", "Eigenaar", "De eigenaar: de organisatie-eenheid die het document beheert. "
          "Naam en functionele mailbox staan in de taxonomie.", "bvi", collection="owners"),
    Field("audience", "refs", "Voor wie", "Rollen waarvoor het document geldt. Een rol erft van algemenere "
          "rollen, dus noem de algemeenste rol die past.", ["alle-medewerkers"], collection="roles"),
    Field("themes", "refs", "Thema's", "Thema's van de verbeteragenda Vertrouwd vooruit.",
          ["actueel-beleid"], collection="themes"),
    Field("status", "status", "Status", "concept (niet gepubliceerd), vastgesteld of vervallen.",
          "vastgesteld"),
    Field("adopted_by", "ref", "Vastgesteld door", "Wie het document heeft vastgesteld: een orgaan uit "
          "bodies in de taxonomie. Verplicht bij status vastgesteld.", "mt-douane", required=False,
          collection="bodies", required_when="vastgesteld", placeholder_ok=True),
    Field("decision", "text", "Besluit", "Kenmerk van het besluit waarmee deze versie is vastgesteld. "
          "Verplicht bij status vastgesteld.", "MT-besluit 2026-014", required=False,
          required_when="vastgesteld", placeholder_ok=True),
    Field("decision_date", "date", "Datum besluit", "Datum van dat besluit (JJJJ-MM-DD). Verplicht bij "
          "status vastgesteld.", "2026-02-10", required=False, required_when="vastgesteld",
          placeholder_ok=True),
    Field("version", "version", "Versie", "Versienummer als tekst tussen aanhalingstekens.", "1.0"),
    Field("effective", "date", "Geldt sinds", "Datum waarop deze versie ingaat (JJJJ-MM-DD).", "2026-01-01"),
    Field("reviewed", "date", "Laatst beoordeeld", "Datum van de laatste beoordeling (JJJJ-MM-DD). "
          "Zonder dit veld telt de ingangsdatum.", "2026-01-01", required=False),
    Field("review_interval", "months", "Beoordelen elke", "Na hoeveel maanden het document opnieuw "
          "beoordeeld moet worden. Gebruik dit of review_by.", 12, required=False),
    Field("review_by", "date", "Beoordelen vóór", "Vaste datum waarop het document uiterlijk opnieuw "
          "beoordeeld moet zijn. Gebruik dit of review_interval.", "2027-01-01", required=False),
    Field("classification", "ref", "Rubricering", "Rubricering van het document. Het portaal publiceert "
          "niets boven het hoogste toegestane niveau.", "intern", collection="classifications"),
    Field("related", "ids", "Zie ook", "Kenmerken (id) van verwante documenten.",
          ["meldprocedure-integriteit"], required=False),
    Field("supersedes", "ids", "Vervangt", "Kenmerken (id) van documenten die dit document vervangt.",
          [], required=False),
    Field("keywords", "words", "Trefwoorden", "Woorden en synoniemen waarmee collega's zoeken.",
          ["geschenk", "cadeau"], required=False),
    Field("vragen", "questions", "Antwoord op deze vragen", "Vragen die dit document beantwoordt, in de woorden "
          f"van collega's (hoogstens {QUESTION_MAX} tekens per vraag). De zoekfunctie weegt ze het zwaarst; ze "
          "staan op de pagina onder 'Antwoord op deze vragen'.",
          ["Mag ik een cadeau van een bedrijf aannemen?"], required=False),
    Field("history", "history", "Wijzigingen", "Versiegeschiedenis, nieuwste eerst: per versie "
          "version, date en change. Een redactionele wijziging (spelling, opmaak, een kapotte link; de "
          "regel verandert niet) houdt het versienummer en krijgt editorial: true.",
          [{"version": "1.0", "date": "2026-01-01", "change": "Eerste versie."}], required=False),
)

FIELD_NAMES = frozenset(field.name for field in FIELDS)
HISTORY_KEYS = ("version", "date", "change")
HISTORY_OPTIONAL_KEYS = ("editorial",)


PLACEHOLDER = re.compile(r"^\[TE BEVESTIGEN: [^\]\n]+\]$")


def is_placeholder(value: Any) -> bool:
    """A marked placeholder `[TE BEVESTIGEN: ...]` that the owner still has to confirm."""
    return isinstance(value, str) and PLACEHOLDER.match(value.strip()) is not None


def parse_date(text: str) -> dt.date:
    """Parse YYYY-MM-DD strictly; raise ValueError otherwise."""
    if not DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


class _Invalid(ValueError):
    """A value does not fit its field; the message says what was expected."""

    def __init__(self, message: str, code: Code = Code.INVALID) -> None:
        super().__init__(message)
        self.code = code


class FieldProblem(NamedTuple):
    """A problem with one front-matter field (catalog.py adds the file and the line)."""

    field: str
    message: str
    code: Code


def _text(value: Any, field: Field, taxonomy: Taxonomy) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"verwacht een tekst, gevonden {describe_value(value)}")
    if (problem := hidden_character(value)) is not None:
        raise _Invalid(problem)
    return " ".join(value.split())


def _slug(value: Any, field: Field, taxonomy: Taxonomy) -> str:
    if not isinstance(value, str) or not SLUG.match(value):
        raise _Invalid(f"verwacht kleine letters, cijfers en streepjes zoals '{field.example}', "
                       f"gevonden {describe_value(value)}")
    if value in RESERVED_IDS:
        raise _Invalid(f"'{value}' is een naam die het portaal zelf gebruikt; kies een andere id")
    return value


def _version(value: Any, field: Field, taxonomy: Taxonomy) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise _Invalid(f"verwacht een versie als tekst tussen aanhalingstekens, zoals \"{value}\"; "
                       f"gevonden {describe_value(value)}")
    return _text(value, field, taxonomy)


def _date(value: Any, field: Field, taxonomy: Taxonomy) -> dt.date:
    example = field.example if isinstance(field.example, str) else "2025-06-30"
    if not isinstance(value, str):
        raise _Invalid(f"verwacht een datum als {example}, gevonden {describe_value(value)}")
    try:
        return parse_date(value)
    except ValueError:
        if DATE.match(value):
            raise _Invalid(f"deze datum bestaat niet: '{value}'") from None
        raise _Invalid(f"verwacht een datum als {example}, gevonden '{value}'") from None


def _months(value: Any, field: Field, taxonomy: Taxonomy) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 120:
        raise _Invalid(f"verwacht een aantal maanden van 1 tot en met 120, gevonden {describe_value(value)}")
    return value


def _status(value: Any, field: Field, taxonomy: Taxonomy) -> Status:
    if value not in STATUSES:
        raise _Invalid(f"verwacht een van: {', '.join(STATUSES)}; gevonden {describe_value(value)}")
    return Status(value)


def _ref(value: Any, field: Field, taxonomy: Taxonomy) -> str:
    known = taxonomy.collection(field.collection)
    if isinstance(value, (list, dict)):
        raise _Invalid(f"verwacht één waarde, gevonden {describe_value(value)}; kies uit: {', '.join(known)}")
    if not isinstance(value, str) or value not in known:
        raise _Invalid(f"onbekende waarde {describe_value(value)}; kies uit: {', '.join(known)}", Code.UNKNOWN_ID)
    return value


def _refs(value: Any, field: Field, taxonomy: Taxonomy) -> tuple[str, ...]:
    known = taxonomy.collection(field.collection)
    items = _list_of_strings(value, field)
    if not items:
        raise _Invalid(f"verwacht minstens één waarde; kies uit: {', '.join(known)}")
    unknown = [item for item in items if item not in known]
    if unknown:
        raise _Invalid(f"onbekende waarde {', '.join(repr(item) for item in unknown)}; "
                       f"kies uit: {', '.join(known)}")
    return tuple(dict.fromkeys(items))


def _ids(value: Any, field: Field, taxonomy: Taxonomy) -> tuple[str, ...]:
    items = _list_of_strings(value, field)
    bad = [item for item in items if not SLUG.match(item)]
    if bad:
        raise _Invalid(f"verwacht kenmerken (id's) zoals 'gedragscode-douane', gevonden {describe_value(bad[0])}")
    return tuple(dict.fromkeys(items))


def _words(value: Any, field: Field, taxonomy: Taxonomy) -> tuple[str, ...]:
    items = _list_of_strings(value, field)
    for number, item in enumerate(items, start=1):
        if (problem := hidden_character(item)) is not None:  # not the value itself: it may turn the message around
            raise _Invalid(f"waarde {number} {problem}")
    return tuple(" ".join(item.split()) for item in items if item.strip())


def _questions(value: Any, field: Field, taxonomy: Taxonomy) -> tuple[str, ...]:
    try:
        return check_questions(value)
    except ValueError as error:
        raise _Invalid(str(error)) from None


def _list_of_strings(value: Any, field: Field) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        raise _Invalid(f"verwacht een lijst zoals {field.example!r}, gevonden de tekst '{value}' "
                       "(zet de waarde tussen [ en ])")
    if not isinstance(value, list):
        raise _Invalid(f"verwacht een lijst van teksten zoals {field.example!r}, gevonden {describe_value(value)}")
    wrong = next((item for item in value if not isinstance(item, str)), None)
    if wrong is not None or None in value:
        raise _Invalid(f"verwacht een lijst van teksten zoals {field.example!r}; in de lijst staat "
                       f"{describe_value(wrong)} (zet zo'n waarde tussen aanhalingstekens)")
    return value


def _history(value: Any, field: Field, taxonomy: Taxonomy) -> tuple[HistoryEntry, ...]:
    if not isinstance(value, list):
        raise _Invalid(f"verwacht een lijst van versies met version, date en change; gevonden {describe_value(value)}")
    entries = []
    for number, item in enumerate(value, start=1):
        where = f"regel {number} van de geschiedenis"
        if not isinstance(item, dict):
            raise _Invalid(f"{where}: verwacht version, date en change; gevonden {describe_value(item)}")
        missing = [key for key in HISTORY_KEYS if key not in item]
        extra = [str(key) for key in item if key not in HISTORY_KEYS + HISTORY_OPTIONAL_KEYS]
        if missing or extra:
            raise _Invalid(f"{where}: verwacht precies version, date en change"
                           + (f"; ontbreekt: {', '.join(missing)}" if missing else
                              f" (en voor een redactionele wijziging editorial: true); onbekend: {', '.join(extra)}"))
        editorial = item.get("editorial", False)
        if not isinstance(editorial, bool):
            raise _Invalid(f"{where}: editorial is true of false, gevonden {describe_value(editorial)}")
        try:
            entries.append(HistoryEntry(
                _version(item["version"], FIELD_BY_NAME["version"], taxonomy),
                _date(item["date"], FIELD_BY_NAME["effective"], taxonomy),
                _text(item["change"], field, taxonomy),
                editorial,
            ))
        except _Invalid as error:
            raise _Invalid(f"{where}: {error}") from None
    return tuple(sorted(entries, key=lambda entry: entry.date, reverse=True))


_CONVERTERS: dict[str, Callable[[Any, Field, Taxonomy], Any]] = {
    "text": _text, "slug": _slug, "version": _version, "date": _date, "months": _months,
    "status": _status, "ref": _ref, "refs": _refs, "ids": _ids, "words": _words,
    "questions": _questions, "history": _history,
}
FIELD_BY_NAME = {field.name: field for field in FIELDS}
_CHECKS = tuple((field.name, field, _CONVERTERS[field.kind]) for field in FIELDS)
"""Each field with its converter, looked up once (validate runs for every document)."""


def validate(meta: dict[str, Any], taxonomy: Taxonomy) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Convert raw front matter; return the values and the problems, each with its field and code."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for key in meta:
        if str(key) not in FIELD_NAMES:
            choices = ", ".join(sorted(FIELD_NAMES))
            problems.append(FieldProblem(str(key), f"onbekend veld; bedoel je een van: {choices}?", Code.UNKNOWN_FIELD))
    for name, field, convert in _CHECKS:
        value = meta.get(name)
        if value is None:  # missing, or empty
            if field.required:
                problems.append(FieldProblem(name, f"dit verplichte veld ontbreekt (bijvoorbeeld: "
                                                   f"{name}: {example_text(field)})", Code.MISSING))
            if field.required_when and meta.get("status") == field.required_when:
                problems.append(FieldProblem(name, f"verplicht bij status {field.required_when} (bijvoorbeeld: "
                                             f"{name}: {example_text(field)}); weet je het nog niet, "
                                             f"schrijf dan \"[TE BEVESTIGEN: ...]\"", Code.REQUIRED_FOR_STATUS))
            continue
        if field.placeholder_ok and is_placeholder(value):
            values[name] = " ".join(str(value).split())
            continue
        try:
            values[name] = convert(value, field, taxonomy)
        except _Invalid as error:
            problems.append(FieldProblem(name, str(error), error.code))
    reviewed, effective = values.get("reviewed"), values.get("effective")
    if reviewed is not None and effective is not None and reviewed < effective:
        problems.append(FieldProblem("reviewed", f"ligt vóór effective ({effective.isoformat()}); een beoordeling "
                                     "gaat over de versie die geldt, dus verwacht een datum vanaf effective",
                                     Code.CONFLICT))
    review_by = values.get("review_by")
    if review_by is not None and effective is not None and review_by < effective:
        problems.append(FieldProblem("review_by", f"ligt vóór effective ({effective.isoformat()}); de volgende "
                                     "beoordeling kan niet vóór de ingangsdatum liggen", Code.CONFLICT))
    history = values.get("history")
    twice = _repeated_versions(history or ())
    if twice:
        problems.append(FieldProblem("history", f"versie {', '.join(twice)} staat meer dan één keer in de "
                                     "geschiedenis; geef een redactionele wijziging 'editorial: true' of een "
                                     "nieuw versienummer", Code.CONFLICT))
    if history and "version" in values and history[0].version != values["version"]:
        problems.append(FieldProblem("history", f"de nieuwste regel heeft versie '{history[0].version}', maar "
                                    f"version is '{values['version']}'; zet de nieuwe versie bovenaan", Code.CONFLICT))
    start = values.get("reviewed") or values.get("effective")
    interval = values.get("review_interval")
    if start is not None and interval is not None:
        try:
            add_months(start, interval)
        except ValueError:
            problems.append(FieldProblem("review_interval", f"de volgende beoordeling ({interval} maanden na "
                                                f"{start.isoformat()}) valt na het jaar 9999; kies een "
                                                "eerdere datum", Code.INVALID))
    has_interval, has_date = "review_interval" in meta, "review_by" in meta
    if has_interval == has_date:
        problems.append(FieldProblem("review_interval", "vul precies één van review_interval (maanden) en "
                                            "review_by (datum) in" + (", niet allebei" if has_date else ""),
                                     Code.CONFLICT if has_date else Code.MISSING))
    return values, problems


def _repeated_versions(history: tuple[HistoryEntry, ...]) -> list[str]:
    """Version numbers that more than one entry claims as a change of content (editorial entries share the
    number of the version they correct)."""
    seen: set[str] = set()
    repeated: list[str] = []
    for entry in history:
        if entry.editorial:
            continue
        if entry.version in seen and entry.version not in repeated:
            repeated.append(entry.version)
        seen.add(entry.version)
    return repeated


def example_text(field: Field) -> str:
    """The example value of a field as it is written in front matter."""
    if isinstance(field.example, list):
        if field.example and isinstance(field.example[0], dict):
            return "; ".join(", ".join(f"{k}: {v}" for k, v in item.items()) for item in field.example)
        return "[" + ", ".join(str(item) for item in field.example) + "]"
    if field.kind == "version":
        return f'"{field.example}"'
    return str(field.example)


def json_schema(taxonomy: Taxonomy) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the front matter, from FIELDS."""
    properties = {field.name: _field_schema(field, taxonomy) for field in FIELDS}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://integriteitsportaal.douane.example/schema/beleid.json",
        "title": "Front matter van een beleidsdocument in het Integriteitsportaal",
        "type": "object",
        "properties": properties,
        "required": [field.name for field in FIELDS if field.required],
        "additionalProperties": False,
        "oneOf": [{"required": ["review_interval"]}, {"required": ["review_by"]}],
        "allOf": [{"if": {"properties": {"status": {"const": status}}, "required": ["status"]},
                   "then": {"required": names, "properties": {name: {"not": {"type": "null"}} for name in names}}}
                  for status, names in _required_when().items()],
    }


def _required_when() -> dict[str, list[str]]:
    by_status: dict[str, list[str]] = {}
    for field in FIELDS:
        if field.required_when:
            by_status.setdefault(field.required_when, []).append(field.name)
    return by_status


def _field_schema(field: Field, taxonomy: Taxonomy) -> dict[str, Any]:
    schema: dict[str, Any]
    text = {"type": "string", "minLength": 1, "pattern": r"\S"}
    date = {"type": "string", "format": "date", "pattern": DATE.pattern}
    if field.kind in ("text", "version"):
        schema = dict(text)
    elif field.kind == "slug":
        schema = {"type": "string", "pattern": SLUG.pattern}
    elif field.kind == "date":
        schema = dict(date)
    elif field.kind == "months":
        schema = {"type": "integer", "minimum": 1, "maximum": 120}
    elif field.kind == "status":
        schema = {"enum": list(STATUSES)}
    elif field.kind == "ref":
        schema = {"enum": list(taxonomy.collection(field.collection))}
    elif field.kind == "refs":
        schema = {"type": "array", "minItems": 1, "uniqueItems": True,
                  "items": {"enum": list(taxonomy.collection(field.collection))}}
    elif field.kind == "ids":
        schema = {"type": "array", "items": {"type": "string", "pattern": SLUG.pattern}}
    elif field.kind == "words":
        schema = {"type": "array", "items": dict(text)}
    elif field.kind == "questions":  # the checker also ignores case and a closing "?" for duplicates
        schema = {"type": "array", "uniqueItems": True, "items": {**text, "maxLength": QUESTION_MAX}}
    else:  # history
        schema = {"type": "array", "items": {
            "type": "object", "additionalProperties": False, "required": list(HISTORY_KEYS),
            "properties": {"version": dict(text), "date": dict(date), "change": dict(text),
                           "editorial": {"type": "boolean"}}}}
    if field.placeholder_ok:
        schema = {"anyOf": [schema, {"type": "string", "pattern": PLACEHOLDER.pattern}]}
    if not field.required:  # an empty optional field (`related:`) counts as absent, as in validate()
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["title"] = field.label
    schema["description"] = field.description
    schema["examples"] = [field.example]
    return schema
