"""`portaal new`: a new policy file with valid front matter, generated from FIELDS."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ..core.catalog import cross_check_new, policy_files
from ..core.frontmatter import FrontMatterError, split
from ..core.model import Policy, Status
from ..core.problems import Code
from ..core.schema import FIELD_BY_NAME, FIELDS, Field, FieldProblem, validate
from ..core.taxonomy import Taxonomy

ASKED = ("title", "id", "type", "summary", "owner", "audience", "themes", "classification", "status", "version",
         "effective", "review_interval")
"""Fields `portaal new` asks for when they are not given, in this order (title first: the id follows from it)."""
APPROVAL = ("adopted_by", "decision", "decision_date")
"""Asked for (after the status) only when the chosen status requires them (`required_when`)."""
OPTIONAL = ("review_by", "related", "supersedes", "keywords")
"""Fields that can be given as options but are not asked for."""
LIST_KINDS = ("refs", "ids", "words")

BODY = """Schrijf hier de tekst van het document in gewone taal (taalniveau B1).
Begin met wat de lezer moet weten of doen.

## Wat moet je doen?

## Vragen?

Neem contact op met de eigenaar van dit document.
"""


class ScaffoldError(ValueError):
    """The values for a new document are not valid; `problems` are (field, Dutch message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))


def fields() -> list[Field]:
    """The fields `portaal new` handles: asked ones first, then the optional ones."""
    return [FIELD_BY_NAME[name] for name in (*ASKED, *APPROVAL, *OPTIONAL)]


def asked(field: Field, answers: dict[str, Any]) -> bool:
    """Whether `portaal new` asks for this field when no option gives it: the usual fields, and the approval
    fields once the status chosen requires them."""
    return field.name in ASKED or (bool(field.required_when) and answers.get("status") == field.required_when)


def defaults(taxonomy: Taxonomy, today: dt.date, title: str = "") -> dict[str, str]:
    """Proposed answers, as text."""
    return {
        "id": slugify(title) if title else "",
        "status": Status.CONCEPT.value,
        "version": "0.1",
        "effective": today.isoformat(),
        "review_interval": "12",
        "audience": taxonomy.root_role,
        "classification": taxonomy.publish_max,
    }


def slugify(title: str) -> str:
    """'Geschenken & uitnodigingen' -> 'geschenken-uitnodigingen'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def parse_answer(field: Field, text: str) -> Any:
    """A typed-in answer as the YAML value it stands for ('a, b' is a list for list fields)."""
    text = text.strip()
    if field.kind in LIST_KINDS:
        return [item.strip() for item in text.split(",") if item.strip()]
    if field.kind == "months" and text.isdigit():
        return int(text)
    return text


def check_answer(field: Field, value: Any, taxonomy: Taxonomy) -> str | None:
    """The Dutch problem with one answer, or None when it is fine."""
    _values, problems = validate({field.name: value}, taxonomy)
    # an answer on its own: the other fields are still to come, so "missing" is not about this answer
    found = [p.message for p in problems if p.field == field.name and p.code is not Code.MISSING
             and not (p.code is Code.CONFLICT and p.field == "review_interval")]
    if not found and field.name == "classification" and not taxonomy.publishable(value):
        found.append(not_publishable(value, taxonomy))
    return found[0] if found else None


def not_publishable(level: str, taxonomy: Taxonomy) -> str:
    return (f"'{level}' is hoger dan het portaal mag publiceren (hoogste niveau: '{taxonomy.publish_max}'); "
            "publiceer dit document niet in het portaal")


def choices(collection: str, taxonomy: Taxonomy) -> list[tuple[str, str]]:
    """(id, name) of each choice for a field; classifications only up to what the portal may publish."""
    items = taxonomy.collection(collection)
    return [(key, str(getattr(item, "name", key))) for key, item in items.items()
            if collection != "classifications" or taxonomy.publishable(key)]


def redundant_audience(audience: list[str], taxonomy: Taxonomy) -> list[str]:
    """Warnings for roles in an audience that another role in it already covers (it inherits from it)."""
    warnings = []
    for role in audience:
        if role not in taxonomy.roles:
            continue
        covering = [other for other in taxonomy.lineage(role)[1:] if other in audience]
        if covering:
            warnings.append(f"'{role}' is overbodig: die rol erft van '{covering[0]}', dat er al in staat. "
                            f"Een document voor '{covering[0]}' geldt ook voor '{role}'.")
    return warnings


def existing_ids(folder: Path) -> dict[str, Path]:
    """Every id in use (file names are ids), case-folded."""
    return {path.stem.casefold(): path for path in policy_files(folder)} if folder.is_dir() else {}


def meta_of(answers: Mapping[str, Any]) -> dict[str, Any]:
    """Front matter in FIELDS order, with a first history line; empty optional values left out."""
    meta = {field.name: answers[field.name] for field in FIELDS
            if field.name in answers and answers[field.name] not in (None, "", [])}
    if "review_by" in meta:
        meta.pop("review_interval", None)
    if "version" in meta and "effective" in meta:
        meta["history"] = [{"version": meta["version"], "date": meta["effective"], "change": "Eerste versie."}]
    return meta


def render(meta: Mapping[str, Any]) -> str:
    """The file text: front matter as YAML (dates unquoted, short lists on one line) and a body to fill in."""
    front = yaml.dump(dict(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    return f"---\n{front}---\n\n{BODY}"


def scaffold(folder: Path, answers: Mapping[str, Any], taxonomy: Taxonomy) -> tuple[Path, str]:
    """The path and text of a new policy; raise ScaffoldError when it would not pass `portaal check`."""
    meta = meta_of(answers)
    problems: list[tuple[str, str]] = []
    policy_id = meta.get("id")
    known = existing_ids(folder)
    if isinstance(policy_id, str) and policy_id.casefold() in known:
        problems.append(("id", f"het kenmerk '{policy_id}' bestaat al ({known[policy_id.casefold()].name}); "
                               "kies een ander kenmerk"))
    for name in ("related", "supersedes"):
        missing = [item for item in meta.get(name, []) if item.casefold() not in known]
        if missing:
            problems.append((name, f"deze documenten bestaan niet: {', '.join(missing)}"))
    text = render(meta)
    try:
        values, found = validate(split(text).meta, taxonomy)
    except FrontMatterError as error:  # pragma: no cover - render() writes valid YAML
        values, found = {}, [FieldProblem("", error.message, Code.UNREADABLE)]
    problems += [(p.field, p.message) for p in found]
    if not found:  # the checks across documents that `portaal check` does, with the existing files
        reported = {name for name, _message in problems}
        policy = Policy.from_values(values, f"{folder}/{policy_id}.md", BODY, 1)
        problems += [(p.field, p.message) for p in cross_check_new(policy, taxonomy, frozenset(known))
                     if p.field not in reported]
    if problems:
        raise ScaffoldError(problems)
    return folder / f"{policy_id}.md", text


class _Dumper(yaml.SafeDumper):
    """Writes dates as plain 2026-01-01 (the portal reads them as text) and lists of words on one line."""

    def represent_list(self, data: Any) -> yaml.SequenceNode:
        flow = all(isinstance(item, str) for item in data)
        return self.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeDumper.yaml_implicit_resolvers.copy().items()
}
_Dumper.add_representer(list, _Dumper.represent_list)
