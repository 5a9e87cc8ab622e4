"""Reading the portal's YAML data files with Dutch messages for every problem."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .frontmatter import FrontMatterError, decode, load_yaml, yaml_problem
from .problems import CatalogError, Problem, display_path, read_error
from .questions import check_questions


def load_data(path: Path, base: Path | None = None) -> Any:
    """Parse a YAML data file; raise CatalogError with a Dutch message if impossible."""
    shown = display_path(path, base)
    try:
        return load_yaml(decode(path.read_bytes()))
    except OSError as error:
        raise CatalogError([Problem(shown, read_error(error))]) from None
    except FrontMatterError as error:
        raise CatalogError([Problem(shown, error.message, line=error.line)]) from None
    except Exception as error:  # noqa: BLE001 - every YAML problem becomes a message
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = yaml_problem(getattr(error, "problem", None) or str(error))
        raise CatalogError([Problem(shown, f"de YAML is ongeldig: {reason}", line=line)]) from None


def show(value: Any) -> str:
    if value is None:
        return "niets"
    if isinstance(value, str):
        return f"'{value}'"
    return f"'{value}' ({type(value).__name__})"


class Reader:
    """Reads typed values from parsed data and collects problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(Problem(self.path, message, where))

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if isinstance(value, dict) and value:
            return {str(key): item for key, item in value.items()}
        self.fail(where, f"verwacht een lijst van 'id: gegevens', gevonden {show(value)}")
        return {}

    def items(self, value: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
        """The entries of a mapping of id -> fields; a non-mapping entry is a problem."""
        result = []
        for key, item in self.mapping(value, where).items():
            if not isinstance(item, dict):
                self.fail(f"{where}.{key}", f"verwacht velden als 'naam: waarde', gevonden {show(item)}")
                item = {}
            result.append((key, item))
        return result

    def entries(self, value: Any, where: str) -> list[dict[str, Any]]:
        """The entries of a list of mappings."""
        if not isinstance(value, list) or not value:
            self.fail(where, f"verwacht een lijst, gevonden {show(value)}")
            return []
        result = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                self.fail(f"{where}[{number}]", f"verwacht velden als 'naam: waarde', gevonden {show(item)}")
                continue
            result.append(item)
        return result

    def text(self, data: dict[str, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and not required:
            return ""
        self.fail(f"{where}.{key}", f"verwacht een tekst, gevonden {show(value)}")
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
            self.fail(f"{where}.{key}", f"verwacht een lijst van id's, gevonden {show(value)}")
            return ()
        for item in value:
            if item not in known:
                self.fail(f"{where}.{key}", f"onbekende id '{item}'; kies uit: {', '.join(sorted(known))}")
        return tuple(item for item in value if item in known)

    def done(self) -> None:
        if self.problems:
            raise CatalogError(self.problems)
