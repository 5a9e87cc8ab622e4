"""Author HTML: what may reach a reader's browser, and what the portal removes.

Policy bodies and Markdown fields in data files are written by insiders. After
Markdown, their HTML goes through one allow-list sanitiser (`nh3`, the binding
of Rust's `ammonia`): no script, no event handlers, no `javascript:`/`data:`
URLs, no iframe, object, embed or form, no style that can hide text. What the
portal's Markdown produces (tables, admonitions, details, footnotes, attribute
lists with class and id, links, images from the site, permalinks) stays.

`findings` says what the sanitiser would remove; the catalog turns each finding
into a Dutch problem with file and line, so `portaal check` and the build give
the same verdict. The build also cleans every policy page it renders, so even a
difference between the two renderings can never put script on a page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import markdown
    import nh3

# markdown, nh3 and difflib are imported where they are used: `portaal check` needs them only
# for a text that may hold something to remove, and their import costs more than checking most sets.

MARKDOWN_EXTENSIONS: tuple[str, ...] = (
    "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
    "pymdownx.details", "pymdownx.superfences",
)
"""The Markdown extensions of mkdocs.yml (a test keeps both lists equal)."""
MARKDOWN_CONFIG: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True, "permalink_title": "Link naar deze paragraaf"},
}

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var", "wbr",
})
"""Elements an author may use; everything else is removed (script and style with their content)."""
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style"},
    "details": {"open"},
    "abbr": {"title"},
}
RESERVED_CLASSES = ("portaal-", "md-")
"""Class names of the portal's own elements (banners, the print stamp, screen-only text) and of Material's: an
author may not use them."""
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may have; an address without a scheme (a page of the portal) is always allowed."""
_CLEAN_CONTENT = frozenset({"script", "style"})
_TABLE_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """Value-level rules nh3 has no option for."""
    if attribute == "style":  # Markdown tables align cells with a style; nothing else may hide or move text
        return value if _TABLE_ALIGN.match(value) else None
    if element == "img" and attribute == "src" and _SCHEME.match(value):
        return None  # images come from the site itself
    if attribute == "id" and value.startswith(("__", "md-")):
        return None  # Material's own element ids: an author's copy could take over its scripts
    if attribute == "class" and any(name.startswith(RESERVED_CLASSES) for name in value.split()):
        return None  # the portal's and Material's classes: a copy could hide text or fake a banner or stamp
    return value


def _cleaner(strip_comments: bool) -> nh3.Cleaner:
    import nh3

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(_CLEAN_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=_keep_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=strip_comments,
    )


_CLEANERS = {True: _cleaner(strip_comments=False), False: _cleaner(strip_comments=True)}


def clean(html: str, keep_comments: bool = False) -> str:
    """The HTML with everything outside the allow-list removed. `keep_comments` keeps the
    portal's own block markers on generated pages (a comment never runs)."""
    return _CLEANERS[keep_comments].clean(html)


@dataclass(frozen=True)
class Finding:
    """One construct the sanitiser removes."""

    tag: str
    attribute: str = ""
    """Empty when the whole element goes."""
    value: str = ""

    @property
    def message(self) -> str:
        """What is wrong, in Dutch, for the policy owner."""
        if self.tag == COMMENT:
            return ("HTML-commentaar (<!-- … -->) mag niet in de tekst: het komt in de pagina en iedereen kan het "
                    "lezen. Haal het weg")
        if not self.attribute:
            if self.tag in ("script", "style"):
                return (f"<{self.tag}> mag niet in de tekst: code in een pagina kan lezers aanvallen. "
                        "Haal het weg")
            return (f"<{self.tag}> mag niet in de tekst (het portaal haalt het weg). Gebruik Markdown "
                    "of haal het weg")
        if self.attribute in ("href", "src"):
            if self.tag == "img" and _SCHEME.match(self.value) and _scheme(self.value) in URL_SCHEMES:
                return (f"de afbeelding '{_short(self.value)}' komt van buiten het portaal; zet de afbeelding "
                        "in het portaal zelf")
            return (f"het adres '{_short(self.value)}' mag niet: gebruik een link naar een pagina van het "
                    "portaal of een adres dat begint met https:, mailto: of tel:")
        if self.attribute == "style":
            return f"opmaak met style='{_short(self.value)}' bij <{self.tag}> mag niet; haal die weg"
        if self.attribute.startswith("on"):
            return (f"'{self.attribute}' bij <{self.tag}> mag niet: dat is code die in de browser van de "
                    "lezer zou draaien. Haal het weg")
        if self.attribute == "id":
            return f"het id '{_short(self.value)}' is van het portaal zelf; kies een ander id"
        if self.attribute == "class":
            return (f"de klasse '{_short(self.value)}' is van het portaal zelf (namen die beginnen met "
                    f"{' of '.join(RESERVED_CLASSES)}); haal die weg")
        return f"het attribuut '{self.attribute}' bij <{self.tag}> mag niet; haal het weg"

    @property
    def needles(self) -> tuple[str, ...]:
        """Texts to look for in the source, most specific first, to find the line."""
        if self.tag == COMMENT:
            return ("<!--",)
        if not self.attribute:
            return (f"<{self.tag}",)
        if self.attribute in ("href", "src", "style", "id", "class") and self.value:
            rest = self.value.split(":", 1)[-1].strip()
            return (self.value, self.value.strip(), rest, _scheme(self.value) + ":", self.attribute)
        return (f"{self.attribute}=", self.attribute)


def _scheme(value: str) -> str:
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def _short(value: str, limit: int = 60) -> str:
    text = " ".join(value.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _StartTags(HTMLParser):
    """Every start tag in a fragment, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _parsed(html: str) -> _StartTags:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser


def _start_tags(html: str) -> list[tuple[str, dict[str, str]]]:
    return _parsed(html).tags


COMMENT = "!--"
"""The `tag` of a Finding for an HTML comment an author wrote."""


def findings(html: str, comments: bool = False) -> list[Finding]:
    """Every element and attribute that `clean` removes from `html`, in document order; with `comments` (an
    author's own text) first every HTML comment: it would be published for anyone to read in the page's
    source, and the portal's own markers are comments that an author's copy could imitate."""
    if "<" not in html:
        return []
    parsed = _parsed(html)
    found = [Finding(COMMENT, value=comment) for comment in parsed.comments] if comments else []
    before = parsed.tags
    after = _start_tags(clean(html))
    import difflib

    matcher = difflib.SequenceMatcher(None, [tag for tag, _ in before], [tag for tag, _ in after], autojunk=False)
    for operation, first, last, other_first, _other_last in matcher.get_opcodes():
        if operation == "equal":
            for offset in range(last - first):
                tag, attributes = before[first + offset]
                kept = after[other_first + offset][1]
                found += [Finding(tag, name, value) for name, value in attributes.items() if name not in kept]
        elif operation in ("delete", "replace"):
            found += [Finding(tag) for tag, _ in before[first:last]]
    return found


@functools.lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    import markdown

    return markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_CONFIG)


def render(text: str) -> str:
    """Markdown to HTML with the portal's extensions (not yet cleaned)."""
    converter = _markdown()
    try:
        return str(converter.reset().convert(text))
    finally:
        converter.reset()


# Markdown can only make HTML outside the allow-list from raw HTML ('<'), attribute lists ('{'),
# or a link address with a scheme, written out or hidden in character references ('&#58;');
# text without any of these is never rendered for the check. A character reference elsewhere
# ("P&O") stays text. A property test holds this shortcut to the full rendering.
_LINK_ADDRESS = re.compile(r"\]\s*\(|\]:")
"""Where a link address or a reference definition's address starts (a literal ']' keeps the scan fast)."""
_REFERENCE = re.compile(r"[ \t]*\[[^\]]*\]:")
_SCHEME_START = re.compile(r"\s*<?[^)\s/#?]*:")


def may_need_cleaning(text: str) -> bool:
    """False when Markdown `text` can render to nothing the sanitiser removes (no '<', no '{',
    no link address with a scheme or a character reference): then there is nothing to find."""
    if "<" in text or "{" in text:  # str's own search: far faster than a regular expression here
        return True
    for match in _LINK_ADDRESS.finditer(text):
        if match.group() == "]:":  # only a reference definition: '[name]:' at the start of its line
            line_start = text.rfind("\n", 0, match.start()) + 1
            if not _REFERENCE.fullmatch(text, line_start, match.end()):
                continue
        line_end = text.find("\n", match.end())
        address = text[match.end():line_end if line_end >= 0 else len(text)]
        if not address.strip() or "&" in address or _SCHEME_START.match(address):
            return True
    return False


def markdown_findings(text: str) -> list[Finding]:
    """What the sanitiser removes from `text` once it is Markdown-rendered."""
    if not may_need_cleaning(text):
        return []
    return findings(render(text), comments=True)


def locate(found: Iterable[Finding], text: str, first_line: int) -> list[tuple[int, Finding]]:
    """The line of each finding in `text` (which starts on `first_line`); repeated constructs
    take the next occurrence. A construct that cannot be found gets the first line."""
    if not found:
        return []
    # Character references are decoded line by line, so `&#106;avascript:` is found as `javascript:`.
    lowered = "\n".join(unescape(line).replace("\n", " ") for line in text.split("\n")).casefold()
    positions: dict[str, int] = {}
    result = []
    for finding in found:
        line = first_line
        for needle in finding.needles:
            key = needle.casefold()
            if not key:
                continue
            start = positions.get(key, 0)
            index = lowered.find(key, start)
            if index < 0 and start:
                index = lowered.find(key)
            if index >= 0:
                positions[key] = index + len(key)
                line = first_line + lowered.count("\n", 0, index)  # `lowered` keeps the lines, not the offsets
                break
        result.append((line, finding))
    return result


def text_problems(text: str, first_line: int, source: str | None = None) -> list[tuple[int, str]]:
    """(line, Dutch message) for every construct the portal removes from Markdown `text`.
    `source` is the file's text from `first_line` on, when `text` was quoted or folded there."""
    found = markdown_findings(text)
    return [(line, finding.message) for line, finding in locate(found, source or text, first_line)]
