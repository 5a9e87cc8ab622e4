"""Reading the portal's YAML data files with Dutch messages for every problem.

The one validation style for every data file (taxonomy, route finder, glossary, synonyms):
`load_data` parses with lines kept, a `Reader` takes typed values out and collects every
problem with its place (`roles.x.name`, `routes[2].contact`), line and code, `done()` raises
them all at once. A wrong value is described by `problems.describe_value`."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import yaml

from .frontmatter import FrontMatterError, Loader, decode, yaml_problem
from .problems import CatalogError, Code, Problem, describe_value, display_path, hidden_character, read_error
from .questions import check_questions

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""The id pattern: every id (file name, key in a data file) is a short slug."""
RESERVED_IDS = frozenset({"index"})
"""Ids that would take the place of a page the portal makes itself (`rollen/index.md`, ...)."""


def id_problem(value: str) -> str | None:
    """Why `value` cannot be an id, or None when it can."""
    if not SLUG.match(value):
        return (f"'{value}' kan geen id zijn: gebruik kleine letters, cijfers en streepjes, "
                "zoals 'alle-medewerkers'")
    if value in RESERVED_IDS:
        return f"'{value}' is een naam die het portaal zelf gebruikt; kies een andere id"
    return None


class LineMap(dict[str, Any]):
    """A mapping from a data file that remembers where each key stands."""

    line: int = 1
    source: str = ""
    """The whole file (on the top-level mapping only)."""
    lines: dict[str, int]
    """Line of each key."""
    value_lines: dict[str, int]
    """First line of each value's text (the line after `|` or `>` for a block)."""


class LineList(list[Any]):
    """A list from a data file that remembers where each item stands."""

    line: int = 1
    source: str = ""
    lines: list[int]


class _DataLoader(Loader):
    """The portal's loader, keeping lines on every mapping and list."""


def _value_line(node: yaml.Node) -> int:
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return int(node.start_mark.line) + 1 + (1 if block else 0)


def _construct_map(loader: _DataLoader, node: yaml.MappingNode) -> Iterator[LineMap]:
    data = LineMap()
    data.line = node.start_mark.line + 1
    data.lines, data.value_lines = {}, {}
    yield data
    data.update(loader.construct_mapping(node))
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            data.lines[str(key.value)] = key.start_mark.line + 1
            data.value_lines[str(key.value)] = _value_line(value)


def _construct_list(loader: _DataLoader, node: yaml.SequenceNode) -> Iterator[LineList]:
    data = LineList()
    data.line = node.start_mark.line + 1
    data.lines = [_value_line(item) for item in node.value]
    yield data
    data.extend(loader.construct_sequence(node))


_DataLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_DataLoader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def load_data(path: Path, base: Path | None = None) -> Any:
    """Parse a YAML data file (mappings and lists remember their lines); raise CatalogError
    with a Dutch message if impossible."""
    shown = display_path(path, base)
    try:
        text = decode(path.read_bytes())
        data = yaml.load(text, Loader=_DataLoader)  # noqa: S506 - a safe loader
        if isinstance(data, (LineMap, LineList)):
            data.source = text
        return data
    except OSError as error:
        raise CatalogError([Problem(shown, read_error(error), code=Code.UNREADABLE)]) from None
    except FrontMatterError as error:
        raise CatalogError([Problem(shown, error.message, line=error.line, code=Code.UNREADABLE)]) from None
    except Exception as error:  # noqa: BLE001 - every YAML problem becomes a message
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = yaml_problem(getattr(error, "problem", None) or str(error))
        problem = Problem(shown, f"de YAML is ongeldig: {reason}", line=line, code=Code.UNREADABLE)
        raise CatalogError([problem]) from None


_PARTS = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


class Reader:
    """Reads typed values from parsed data and collects problems."""

    def __init__(self, path: str, data: Any = None) -> None:
        self.path = path
        self.data = data
        """The parsed file, to find the line of each problem."""
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str, line: int | None = None, code: Code = Code.INVALID) -> None:
        """A problem at `where` (its line found in the file unless given)."""
        self.problems.append(Problem(self.path, message, where, line or self.line_of(where), code))

    def line_of(self, where: str) -> int:
        """The line of `where` ('roles.x.name', 'routes[2].contact'), or of the nearest part of
        it that exists: a missing field is reported where its entry starts."""
        current, line = self.data, getattr(self.data, "line", 1)
        parts = _PARTS.findall(where)
        for index, (name, number) in enumerate(parts):
            last = index == len(parts) - 1
            if isinstance(current, LineMap) and name in current.lines:
                # lines are kept by the key as text; the key itself may be a number (`11748:`)
                value = next((item for key, item in current.items() if str(key) == name), None)
                scalar = not isinstance(value, (dict, list))
                line = current.value_lines[name] if last and scalar else current.lines[name]
                current = value
            elif isinstance(current, LineList) and number and 0 < int(number) <= len(current):
                line, current = current.lines[int(number) - 1], current[int(number) - 1]
            else:
                break
        return line

    def source_from(self, line: int) -> str:
        """The file's text from `line` on."""
        return "\n".join(str(getattr(self.data, "source", "")).split("\n")[line - 1 :])

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        """A mapping of id -> data; keys that cannot be an id are problems and left out."""
        if isinstance(value, dict) and value:
            result = {}
            for key, item in value.items():
                problem = id_problem(str(key))
                if problem is not None:
                    line = value.lines.get(str(key)) if isinstance(value, LineMap) else None
                    self.fail(f"{where}.{key}", problem, line)
                    continue
                result[str(key)] = item
            return result
        self.fail(where, f"verwacht een lijst van 'id: gegevens', gevonden {describe_value(value)}")
        return {}

    def items(self, value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
        """The entries of a mapping of id -> fields; a non-mapping entry is a problem."""
        result = []
        for key, item in self.mapping(value, where).items():
            if not isinstance(item, dict):
                self.fail(f"{where}.{key}", f"verwacht velden als 'naam: waarde', gevonden {describe_value(item)}")
                item = {}
            result.append((key, item))
        return result

    def entries(self, value: Any, where: str) -> list[dict[str, Any]]:
        """The entries of a list of mappings."""
        if not isinstance(value, list) or not value:
            self.fail(where, f"verwacht een lijst, gevonden {describe_value(value)}")
            return []
        result = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                self.fail(f"{where}[{number}]", f"verwacht velden als 'naam: waarde', gevonden {describe_value(item)}")
                continue
            result.append(item)
        return result

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = True, one_line: bool = False) -> str:
        """A text field without characters readers cannot see. `one_line` (names, mailboxes): spaces, tabs and
        line ends inside it become one space, so it stays one line on the site, in calendars and exports."""
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            if (problem := hidden_character(value)) is not None:
                self.fail(f"{where}.{key}", problem)
                return ""
            return " ".join(value.split()) if one_line else value.strip()
        if value is None and not required:
            return ""
        self.fail(f"{where}.{key}", f"verwacht een tekst, gevonden {describe_value(value)}",
                  code=Code.MISSING if value is None else Code.INVALID)
        return ""

    def questions(self, data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        """An optional list of questions, checked by the same rule as the front-matter field."""
        value = data.get(key)
        if value is None:
            return ()
        try:
            return check_questions(value)
        except ValueError as error:
            self.fail(f"{where}.{key}", str(error))
            return ()

    def ids(self, data: dict[str, Any], key: str, where: str, known: Mapping[str, Any]) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(f"{where}.{key}", f"verwacht een lijst van id's, gevonden {describe_value(value)}")
            return ()
        for item in value:
            if item not in known:
                self.fail(f"{where}.{key}", f"onbekende id '{item}'; kies uit: {', '.join(sorted(known))}",
                          code=Code.UNKNOWN_ID)
        return tuple(item for item in value if item in known)

    def stop(self, where: str, message: str, line: int | None = None, code: Code = Code.INVALID) -> CatalogError:
        """The problems so far and this one, which makes reading on pointless (raise the result)."""
        self.fail(where, message, line, code)
        return CatalogError(self.problems)

    def done(self) -> None:
        if self.problems:
            raise CatalogError(self.problems)
