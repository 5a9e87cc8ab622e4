"""The taxonomy: roles, document types, themes, owners, classification levels.

It lives in one data file (`policies/taxonomie.yml`); adding a role or owner is
a change there, not in code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import sanitize
from .datafile import Reader, load_data
from .frontmatter import PLACEHOLDER
from .problems import Code, describe_value, display_path

GROUP_HANDLE = re.compile(r"^@[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*$")
"""A group (or user) handle as GitLab and GitHub write it in CODEOWNERS."""


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str
    inherits: tuple[str, ...]
    """Roles whose documents also apply to this role."""


@dataclass(frozen=True)
class DocType:
    id: str
    name: str
    plural: str


@dataclass(frozen=True)
class Theme:
    id: str
    number: int
    name: str
    goal: str
    description: str = ""
    """Markdown introduction shown on the theme's page."""


@dataclass(frozen=True)
class Owner:
    id: str
    name: str
    mailbox: str
    group: str = ""
    """The owner's group handle in the git host (`@douane/bvi`); `portaal codeowners` writes it."""


@dataclass(frozen=True)
class Body:
    """A body that adopts policy (the MT, the director-general): `adopted_by` names one."""

    id: str
    name: str


@dataclass(frozen=True)
class Classification:
    id: str
    name: str
    rank: int
    """0 is the lowest level; higher is more secret."""


@dataclass(frozen=True)
class Recommendation:
    id: str
    text: str
    themes: tuple[str, ...]
    documents: tuple[str, ...]
    line: int | None = None
    """Line of its list of documents in the taxonomy file."""


@dataclass(frozen=True)
class Taxonomy:
    roles: Mapping[str, Role]
    types: Mapping[str, DocType]
    themes: Mapping[str, Theme]
    owners: Mapping[str, Owner]
    classifications: Mapping[str, Classification]
    publish_max: str
    recommendations: Mapping[str, Recommendation] = field(default_factory=dict)
    path: str = "policies/taxonomie.yml"
    bodies: Mapping[str, Body] = field(default_factory=dict)

    @property
    def root_role(self) -> str:
        """The role every other role inherits from (all employees)."""
        return next(role.id for role in self.roles.values() if not role.inherits)

    def lineage(self, role_id: str) -> tuple[str, ...]:
        """The role itself, then every role it inherits from, nearest first."""
        seen: list[str] = []
        queue = [role_id]
        while queue:
            current = queue.pop(0)
            if current in seen or current not in self.roles:
                continue
            seen.append(current)
            queue.extend(self.roles[current].inherits)
        return tuple(seen)

    def publishable(self, classification: str) -> bool:
        return self.classifications[classification].rank <= self.classifications[self.publish_max].rank

    def collection(self, name: str) -> Mapping[str, Any]:
        """A named collection, as the schema refers to it ("roles", "owners", ...)."""
        if name not in _COLLECTIONS:
            raise KeyError(name)
        found: Mapping[str, Any] = getattr(self, name)
        return found

    def body_name(self, value: str | None) -> str:
        """The name of the body that adopted a document; a placeholder or nothing as it is."""
        if value is None:
            return ""
        body = self.bodies.get(value)
        return body.name if body is not None else value


_COLLECTIONS = frozenset({"roles", "types", "themes", "owners", "classifications", "bodies"})
"""The collections the schema may name: each is an attribute of Taxonomy."""


ALL_OWNERS = "alle-eigenaren"
"""Not an owner id: the review calendar of all owners has this name (`agenda/alle-eigenaren.ics`)."""
MAILBOX = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                     r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")
"""One mail address (name@domain), as the reminders send to it."""


def shown_text(value: str, limit: int = 80) -> str:
    """A found value as a message may show it: on one line, no control characters, not too long."""
    flat = "".join(char if char.isprintable() else " " for char in value)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def mailbox_address(value: str) -> tuple[str, bool]:
    """The address in an owner's mailbox field, and whether it is still to be confirmed."""
    text = value.strip()
    marked = PLACEHOLDER.fullmatch(text)
    return (marked.group(1).strip(), True) if marked else (text, False)


def load_taxonomy(path: Path, base: Path | None = None) -> Taxonomy:
    """Read and check the taxonomy file; raise CatalogError with every problem."""
    shown = display_path(path, base)
    data = load_data(path, base)
    reader = Reader(shown, data)
    if not isinstance(data, dict):
        raise reader.stop("", "verwacht de onderdelen roles, types, themes, classifications en owners", line=1,
                          code=Code.MISSING)

    roles_raw = dict(reader.items(data.get("roles"), "roles"))
    roles = {}
    for role_id, raw in roles_raw.items():
        where = f"roles.{role_id}"
        roles[role_id] = Role(
            role_id,
            reader.text(raw, "name", where, one_line=True),
            reader.text(raw, "description", where),
            reader.ids(raw, "inherits", where, roles_raw),
        )
    types = {
        type_id: DocType(type_id, reader.text(raw, "name", f"types.{type_id}", one_line=True),
                         reader.text(raw, "plural", f"types.{type_id}", one_line=True))
        for type_id, raw in reader.items(data.get("types"), "types")
    }
    themes = {}
    for theme_id, raw in reader.items(data.get("themes"), "themes"):
        number = raw.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            reader.fail(f"themes.{theme_id}.number", f"verwacht een getal, gevonden {describe_value(number)}")
            number = 0
        description = reader.text(raw, "description", f"themes.{theme_id}", required=False)
        where = f"themes.{theme_id}.description"
        start = reader.line_of(where)
        for line, message in sanitize.text_problems(description, start, reader.source_from(start)):
            reader.fail(where, message, line)
        themes[theme_id] = Theme(
            theme_id, number, reader.text(raw, "name", f"themes.{theme_id}", one_line=True),
            reader.text(raw, "goal", f"themes.{theme_id}"), description,
        )
    owners = {}
    for owner_id, raw in reader.items(data.get("owners"), "owners"):
        if owner_id == ALL_OWNERS:
            reader.fail(f"owners.{owner_id}", f"'{ALL_OWNERS}' is de naam van de agenda met alle eigenaren; "
                                              "geef deze eigenaar een ander id")
        group = reader.text(raw, "group", f"owners.{owner_id}", required=False, one_line=True)
        if group and not GROUP_HANDLE.match(group):
            reader.fail(f"owners.{owner_id}.group", f"verwacht een groep zoals '@douane/bvi', gevonden '{group}'")
        mailbox = reader.text(raw, "mailbox", f"owners.{owner_id}", one_line=True)
        if isinstance(mailbox, str) and mailbox and not MAILBOX.fullmatch(mailbox_address(mailbox)[0]):
            reader.fail(f"owners.{owner_id}.mailbox",
                        "verwacht één mailadres (zoals bvi@douane.example), eventueel als "
                        f"'[TE BEVESTIGEN: bvi@douane.example]'; gevonden {describe_value(shown_text(mailbox))}")
        name = reader.text(raw, "name", f"owners.{owner_id}", one_line=True)
        owners[owner_id] = Owner(owner_id, name, mailbox, group)
    bodies = {
        body_id: Body(body_id, reader.text(raw, "name", f"bodies.{body_id}", one_line=True))
        for body_id, raw in (reader.items(data["bodies"], "bodies") if "bodies" in data else [])
    }
    levels_raw: dict[str, Any] = data["classifications"] if isinstance(data.get("classifications"), dict) else {}
    levels = {
        level_id: Classification(
            level_id, reader.text(raw, "name", f"classifications.levels.{level_id}", one_line=True), rank)
        for rank, (level_id, raw) in enumerate(
            reader.items(levels_raw.get("levels"), "classifications.levels")
        )
    }
    publish_max = levels_raw.get("publish_max")
    if not isinstance(publish_max, str) or publish_max not in levels:
        reader.fail("classifications.publish_max",
                    f"verwacht een van: {', '.join(levels)}, gevonden {describe_value(publish_max)}")
    recommendations = {}
    for rec_id, raw in reader.items(data["recommendations"], "recommendations") if "recommendations" in data else []:
        where = f"recommendations.{rec_id}"
        docs = raw.get("documents", [])
        if not isinstance(docs, list) or not all(isinstance(doc, str) for doc in docs):
            reader.fail(f"{where}.documents", f"verwacht een lijst van document-id's, gevonden {describe_value(docs)}")
            docs = []
        recommendations[rec_id] = Recommendation(
            rec_id, reader.text(raw, "text", where), reader.ids(raw, "themes", where, themes), tuple(docs),
            reader.line_of(f"{where}.documents"),
        )

    roots = [role.id for role in roles.values() if not role.inherits]
    if roles and len(roots) != 1:
        reader.fail("roles", "precies één rol mag niets erven (alle medewerkers); gevonden: "
                    + (", ".join(roots) or "geen"))
    taxonomy = Taxonomy(roles, types, themes, owners, levels, str(publish_max), recommendations, shown, bodies)
    if roles and len(roots) == 1:
        for role in roles.values():
            if roots[0] not in taxonomy.lineage(role.id):
                reader.fail(f"roles.{role.id}.inherits",
                            f"elke rol moet (via via) '{roots[0]}' erven; deze rol doet dat niet")
    reader.done()
    return taxonomy
