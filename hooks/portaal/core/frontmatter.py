"""Splitting a policy file into YAML front matter and Markdown body."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

# The C loader is several times faster; fall back where PyYAML was built without it.
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that keeps dates as text, so our own code judges them, and refuses a key
    that a mapping has twice (PyYAML would silently keep the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key, _value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"{_DUPLICATE}{key.value}", key.start_mark)
                seen.add(key.value)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]


# Drop the timestamp resolver: PyYAML would turn 2025-02-30 into an exception
# and 2025-06-30 into a date; we want one clear path for both.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.copy().items()
}

Loader = _Loader
"""The portal's safe loader, for other modules that need their own variant."""

_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


PLACEHOLDER_OPENING = "[TE BEVESTIGEN: "
PLACEHOLDER = re.compile(re.escape(PLACEHOLDER_OPENING) + r"([^\]\n]+)\]")
"""A value the owner must still confirm (placeholders.py lists them; the site marks them)."""


class FrontMatterError(ValueError):
    """The front matter cannot be read; carries a Dutch message and a line."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Document:
    """A policy file split in two."""

    meta: dict[str, Any]
    body: str
    body_line: int
    """Line number (1-based) of the first body line in the file."""
    lines: dict[str, int]
    """Line number (1-based) of each top-level field in the file."""


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (a byte-order mark is allowed), line ends as LF."""
    # What data.decode("utf-8-sig") does, without its codec's Python layer: drop the mark, decode the rest.
    try:
        text = (data[3:] if data.startswith(codecs.BOM_UTF8) else data).decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrontMatterError(
            f"het bestand is geen geldige UTF-8-tekst (byte {error.start + 1}, regel {line}); "
            "sla het op als UTF-8",
            line,
        ) from None
    if b"\r" in data:  # most files have none: skip two copies of the whole text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_yaml(text: str) -> Any:
    """Parse YAML with the portal's loader (dates stay text)."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a safe loader


def split(text: str) -> Document:
    """Split text into front matter and body; raise FrontMatterError if impossible."""
    if not text.strip():
        raise FrontMatterError("het bestand is leeg; verwacht front matter tussen twee regels '---'", 1)
    if not text.startswith("---"):
        raise FrontMatterError("verwacht front matter: de eerste regel moet '---' zijn", 1)
    first = _FENCE.match(text)
    if first is None:
        raise FrontMatterError("verwacht front matter: de eerste regel moet precies '---' zijn", 1)
    closing = _closing_fence(text, first.end())
    if closing is None:
        raise FrontMatterError("de front matter is niet afgesloten: verwacht een regel '---' na de velden", 1)
    raw = text[first.end() : closing.start()]
    try:
        meta, lines = _load_with_lines(raw, offset=1)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None  # raw starts on the fence line
        reason = yaml_problem(error.problem or "")
        raise FrontMatterError(f"de YAML van de front matter is ongeldig: {reason}", line) from None
    except yaml.reader.ReaderError as error:
        line = raw.count("\n", 0, error.position) + 1
        char = error.character
        code = ord(char) if isinstance(char, str) else int(char)
        raise FrontMatterError(f"de front matter bevat een teken dat niet mag (tekencode #x{code:04X}); "
                               "verwijder het", line) from None
    except yaml.YAMLError as error:
        raise FrontMatterError(f"de YAML van de front matter is ongeldig ({error})", 1) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        kind = type(meta).__name__
        raise FrontMatterError(
            f"verwacht velden als 'naam: waarde' in de front matter, gevonden een {_KIND.get(kind, kind)}", 2
        )
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return Document(meta=meta, body=text[body_start:], body_line=body_line, lines=lines)


def unreadable_block(text: str) -> FrontMatterError | None:
    """For a page from docs/: why its front matter block (a first line '---' and a closing '---' line) cannot
    be read, or None when it can or the page has none. MkDocs shows such a block as text on the page."""
    first = _FENCE.match(text)
    if first is None or _closing_fence(text, first.end()) is None:
        return None
    try:
        split(text)
    except FrontMatterError as error:
        return error
    return None


def _closing_fence(text: str, start: int) -> re.Match[str] | None:
    """_FENCE.search(text, start), trying only the lines that start with '---' (str.find is far
    quicker than the expression's scan of every position)."""
    found = text.find("\n---", start)
    while found >= 0:
        fence = _FENCE.match(text, found + 1)
        if fence is not None:
            return fence
        found = text.find("\n---", found + 1)
    return None


def _load_with_lines(raw: str, offset: int) -> tuple[Any, dict[str, int]]:
    """Parse once, keeping the line of each top-level key. Plain front matter takes the quick
    way (`_quick_load`); anything else, a mistake included, the loader's own, which words it."""
    try:
        return _quick_load(raw, offset)
    except (_Unusual, yaml.YAMLError, ValueError):
        pass  # outside this handler, so that whatever the full loader raises comes as it always did
    return _full_load(raw, offset)


def load_plain(raw: str, otherwise: Callable[[str], Any]) -> Any:
    """The data of front matter `raw` (the text between the fences), without line numbers: plain front
    matter the quick way (`_quick_load`, dates stay text), anything it does not cover by `otherwise(raw)`.
    Parser errors are raised."""
    try:
        return _quick_load(raw, 0)[0]
    except _Unusual:
        return otherwise(raw)


def _full_load(raw: str, offset: int) -> tuple[Any, dict[str, int]]:
    """Parse with the loader's composer and constructor; raise what they raise."""
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key, _value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + offset
                    if str(key.value) in lines:
                        raise FrontMatterError(f"het veld '{key.value}' staat er twee keer in", line)
                    lines[str(key.value)] = line
        try:
            data = loader.construct_document(node) if node is not None else None
        except ValueError:  # a plain value YAML reads as a number but cannot convert ('0b_', '0x_')
            bad = _unconvertible(_Loader(""), node)  # a fresh loader: this one is half-way a document
            text = f" '{bad.value}'" if bad is not None else ""
            line = bad.start_mark.line + offset if bad is not None else None
            raise FrontMatterError(f"de waarde{text} lijkt op een getal, maar is het niet; zet haar tussen "
                                   "aanhalingstekens", line) from None
    finally:
        loader.dispose()
    return data, lines


def _unconvertible(loader: Any, node: Any) -> Any:
    """The first scalar below `node` that the loader cannot convert, or None."""
    if isinstance(node, yaml.ScalarNode):
        try:
            loader.construct_object(node, deep=True)
        except ValueError:
            return node
        return None
    children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else \
        list(node.value) if isinstance(node, yaml.SequenceNode) else []
    for child in children:
        found = _unconvertible(loader, child)
        if found is not None:
            return found
    return None


class _Unusual(Exception):
    """The quick way does not cover this text; the full loader reads it."""


_EventParser: Any = _Loader  # PyYAML without libyaml: the loader gives events too
try:  # libyaml's parser alone, without composer and constructor
    from yaml import _yaml

    _EventParser = _yaml.CParser
except ImportError:
    pass

_STR = "tag:yaml.org,2002:str"
_CONVERTED = frozenset({"tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int",
                        "tag:yaml.org,2002:float"})
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {first: tuple(resolvers) + _WILDCARD
             for first, resolvers in _Loader.yaml_implicit_resolvers.items() if first is not None}
"""The loader's implicit resolvers by first character ('' for an empty value), as Resolver.resolve reads them."""
_CONSTRUCTORS = _Loader.yaml_constructors
_SCALARS = yaml.constructor.SafeConstructor()
"""Converts a scalar node; the loader's scalar constructors use no state of a loader."""
_NO_KEY = object()


def _quick_load(raw: str, offset: int) -> tuple[Any, dict[str, int]]:
    """What `_full_load` returns, built straight from the parser's events, for front matter of
    mappings, lists and untagged scalars only (the usual case, in a third of the full loader's time).
    Raise _Unusual for anything more (an anchor, an alias, a tag, a merge key, a key twice, a list
    or mapping as a key, more than one document) and let parser errors through: the full loader
    then reads the text again and words the problem. Scalars resolve with the loader's own table
    and non-text scalars convert with its own constructors."""
    parser = _EventParser(raw)
    get_event = parser.get_event
    scalar_event, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    collection_end = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    lines: dict[str, int] = {}
    # The open collection (dict or list), the key waiting for its value and the keys seen so far (dicts
    # only; None for a list); the enclosing ones wait on the stack, below a frame of Nones.
    container: Any = None
    key: Any = _NO_KEY
    seen: set[str] | None = None
    stack: list[tuple[Any, Any, set[str] | None]] = []
    try:
        if type(get_event()) is not yaml.StreamStartEvent:
            raise _Unusual
        event: Any = get_event()
        if type(event) is yaml.StreamEndEvent:
            return None, lines
        if type(event) is not yaml.DocumentStartEvent:
            raise _Unusual
        while True:
            event = get_event()
            kind: Any = type(event)
            if kind is scalar_event:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                value: Any = event.value
                if event.implicit[0]:  # plain: resolve as Resolver.resolve does
                    for tag, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
                        if pattern.match(value):
                            if tag not in _CONVERTED:
                                raise _Unusual
                            value = _CONSTRUCTORS[tag](_SCALARS, yaml.ScalarNode(tag, value))
                            break
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    raise _Unusual
                stack.append((container, key, seen))
                container, key = ({}, _NO_KEY) if kind is mapping_start else ([], None)
                seen = set() if kind is mapping_start else None
                continue
            elif kind in collection_end:
                value = container
                container, key, seen = stack.pop()
                if container is None:
                    break
                kind = None  # a collection, not a scalar
            else:
                raise _Unusual
            if container is None:  # a scalar as the whole document
                break
            if seen is None:
                container.append(value)
            elif key is _NO_KEY:
                if kind is not scalar_event or event.value in seen:
                    raise _Unusual  # a key twice, or a collection as a key: the full loader words it
                seen.add(event.value)
                key = value
                if len(stack) == 1:
                    lines[event.value] = event.start_mark.line + offset
            else:
                container[key] = value
                key = _NO_KEY
        if type(get_event()) is not yaml.DocumentEndEvent or type(get_event()) is not yaml.StreamEndEvent:
            raise _Unusual
    finally:
        parser.dispose()
    return value, lines


_DUPLICATE = "found duplicate key: "
_QUOTE = "; zet de waarde tussen aanhalingstekens"
_COLON = "een ':' op een plek waar dat niet mag (zet de waarde tussen aanhalingstekens)"
_YAML_PROBLEMS = {
    "mapping values are not allowed here": _COLON,
    "mapping values are not allowed in this context": _COLON,
    "found character '\\t' that cannot start any token": "een tab; gebruik spaties om in te springen",
    "could not find expected ':'": "verwacht 'naam: waarde', de ':' ontbreekt",
    "expected ',' or ']', but got '<stream end>'": "een lijst met '[' is niet afgesloten met ']'",
    "found undefined alias": "een onbekende verwijzing ('*')",
    "found duplicate key": "een veld staat er twee keer in",
    "found a tab character that violates indentation": "een tab; gebruik spaties om in te springen",
    "did not find expected ',' or ']'": "een lijst met '[' is niet goed afgesloten met ']' (of er mist een komma)",
    "found unhashable key": "een veldnaam moet een woord zijn, geen lijst of groep",
    "did not find expected node content": "er ontbreekt een waarde (bijvoorbeeld na '[' of '-')",
    "did not find expected key": "de inspringing klopt niet: verwacht 'naam: waarde' op dezelfde hoogte",
    "did not find expected '-' indicator": "de inspringing van de lijst klopt niet",
    "found unexpected end of stream": "het bestand houdt midden in een waarde op (mist er een aanhalingsteken?)",
    "did not find expected ',' or '}'": "een groep met '{' is niet goed afgesloten met '}' (of er mist een komma)",
    "expected ',' or '}', but got '<stream end>'": "een groep met '{' is niet afgesloten met '}'",
    "did not find expected comment or line break": "na deze waarde mag niets meer op de regel staan; zet de hele "
                                                   "waarde tussen aanhalingstekens",
    "found character that cannot start any token": "een waarde mag niet beginnen met een teken als @, ` of %"
                                                   + _QUOTE,
    "did not find expected alphabetic or numeric character": "na '&' of '*' verwacht YAML een naam" + _QUOTE,
    "found unknown escape character": "een onbekende code met '\\' tussen dubbele aanhalingstekens; gebruik enkele "
                                      "aanhalingstekens",
}
_YAML_PREFIXES = {
    "could not determine a constructor for the tag": "een label met '!' is niet toegestaan" + _QUOTE,
    "expected <block end>, but found": "de inspringing klopt niet: verwacht 'naam: waarde' op dezelfde hoogte",
    "expected alphabetic or numeric character, but found": "na '&' of '*' verwacht YAML een naam" + _QUOTE,
}
_CANNOT_START = re.compile(r"found character '(.+)' that cannot start any token")


def yaml_problem(problem: str) -> str:
    """A YAML parser problem in Dutch; the original text when there is no translation."""
    if problem.startswith(_DUPLICATE):
        return f"'{problem[len(_DUPLICATE):]}' staat er twee keer in"
    if problem in _YAML_PROBLEMS:
        return _YAML_PROBLEMS[problem]
    for prefix, reason in _YAML_PREFIXES.items():
        if problem.startswith(prefix):
            return reason
    cannot_start = _CANNOT_START.fullmatch(problem)
    if cannot_start:
        return f"een waarde mag niet beginnen met {cannot_start.group(1)!r}" + _QUOTE
    return problem or "onleesbare YAML"

_KIND = {"list": "lijst", "str": "tekst", "int": "getal", "float": "getal", "bool": "ja/nee-waarde"}
