"""The taxonomy: roles, document types, themes, owners, classification levels.

It lives in one data file (`policies/taxonomie.yml`); adding a role or owner is
a change there, not in code.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatterError, decode, load_yaml
from .problems import CatalogError, Problem, display_path, read_error


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


@dataclass(frozen=True)
class Owner:
    id: str
    name: str
    mailbox: str


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
        return {
            "roles": self.roles,
            "types": self.types,
            "themes": self.themes,
            "owners": self.owners,
            "classifications": self.classifications,
        }[name]


class _Reader:
    """Reads typed values from the parsed taxonomy and collects problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, message, where))

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if isinstance(value, dict) and value:
            return {str(key): item for key, item in value.items()}
        self.fail(where, f"verwacht een lijst van 'id: gegevens', gevonden {_show(value)}")
        return {}

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and not required:
            return ""
        self.fail(f"{where}.{key}", f"verwacht een tekst, gevonden {_show(value)}")
        return ""

    def ids(self, data: dict[str, Any], key: str, where: str, known: Mapping[str, Any]) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"{where}.{key}", f"verwacht een lijst van id's, gevonden {_show(value)}")
            return ()
        for item in value:
            if item not in known:
                self.fail(f"{where}.{key}", f"onbekende id '{item}'; kies uit: {', '.join(sorted(known))}")
        return tuple(item for item in value if item in known)


def _show(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, str):
        return f"'{value}'"
    return f"'{value}' ({type(value).__name__})"


def load_taxonomy(path: Path, base: Path | None = None) -> Taxonomy:
    """Read and check the taxonomy file; raise CatalogError with every problem."""
    shown = display_path(path, base)
    reader = _Reader(shown)
    try:
        data = load_yaml(decode(path.read_bytes()))
    except OSError as error:
        raise CatalogError([Problem(shown, read_error(error))]) from None
    except FrontMatterError as error:
        raise CatalogError([Problem(shown, error.message, line=error.line)]) from None
    except Exception as error:  # noqa: BLE001 - any YAML problem becomes a message
        raise CatalogError([Problem(shown, f"de YAML is ongeldig: {error}")]) from None
    if not isinstance(data, dict):
        raise CatalogError([Problem(shown, "verwacht de onderdelen roles, types, themes, classifications en owners")])

    roles_raw = reader.mapping(data.get("roles"), "roles")
    roles = {}
    for role_id, raw in roles_raw.items():
        where = f"roles.{role_id}"
        raw = raw if isinstance(raw, dict) else {}
        roles[role_id] = Role(
            role_id,
            reader.text(raw, "name", where),
            reader.text(raw, "description", where),
            reader.ids(raw, "inherits", where, roles_raw),
        )
    types = {
        type_id: DocType(type_id, reader.text(raw, "name", f"types.{type_id}"),
                         reader.text(raw, "plural", f"types.{type_id}"))
        for type_id, raw in _items(reader.mapping(data.get("types"), "types"))
    }
    themes = {}
    for theme_id, raw in _items(reader.mapping(data.get("themes"), "themes")):
        number = raw.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            reader.fail(f"themes.{theme_id}.number", f"verwacht een getal, gevonden {_show(number)}")
            number = 0
        themes[theme_id] = Theme(
            theme_id, number, reader.text(raw, "name", f"themes.{theme_id}"),
            reader.text(raw, "goal", f"themes.{theme_id}"),
            reader.text(raw, "description", f"themes.{theme_id}", required=False),
        )
    owners = {
        owner_id: Owner(owner_id, reader.text(raw, "name", f"owners.{owner_id}"),
                        reader.text(raw, "mailbox", f"owners.{owner_id}"))
        for owner_id, raw in _items(reader.mapping(data.get("owners"), "owners"))
    }
    levels_raw: dict[str, Any] = data["classifications"] if isinstance(data.get("classifications"), dict) else {}
    levels = {
        level_id: Classification(level_id, reader.text(raw, "name", f"classifications.levels.{level_id}"), rank)
        for rank, (level_id, raw) in enumerate(
            _items(reader.mapping(levels_raw.get("levels"), "classifications.levels"))
        )
    }
    publish_max = levels_raw.get("publish_max")
    if publish_max not in levels:
        reader.fail("classifications.publish_max",
                    f"verwacht een van: {', '.join(levels)}, gevonden {_show(publish_max)}")
    recommendations = {}
    for rec_id, raw in _items(data.get("recommendations") or {}):
        where = f"recommendations.{rec_id}"
        docs = raw.get("documents", [])
        if not isinstance(docs, list) or not all(isinstance(doc, str) for doc in docs):
            reader.fail(f"{where}.documents", f"verwacht een lijst van document-id's, gevonden {_show(docs)}")
            docs = []
        recommendations[rec_id] = Recommendation(
            rec_id, reader.text(raw, "text", where), reader.ids(raw, "themes", where, themes), tuple(docs)
        )

    roots = [role.id for role in roles.values() if not role.inherits]
    if roles and len(roots) != 1:
        reader.fail("roles", "precies één rol mag niets erven (alle medewerkers); gevonden: "
                    + (", ".join(roots) or "geen"))
    taxonomy = Taxonomy(roles, types, themes, owners, levels, str(publish_max), recommendations, shown)
    if roles and len(roots) == 1:
        for role in roles.values():
            if roots[0] not in taxonomy.lineage(role.id):
                reader.fail(f"roles.{role.id}.inherits",
                            f"elke rol moet (via via) '{roots[0]}' erven; deze rol doet dat niet")
    if reader.problems:
        raise CatalogError(reader.problems)
    return taxonomy


def _items(mapping: Any) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(mapping, dict):
        return []
    return [(str(key), value if isinstance(value, dict) else {}) for key, value in mapping.items()]
