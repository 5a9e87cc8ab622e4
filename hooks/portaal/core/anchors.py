"""The anchor ids of a page, exactly as the build's link validation counts them.

MkDocs (1.6) checks a link `pagina.md#plek` against the ids the page's Markdown
produces: every `id` in the element tree after the `toc` extension has run
(headings with their slugs and `_1` suffixes, `{#eigen-id}` from attribute lists,
footnotes), every `<a name>`, and every `id` (or `<a name>`) in raw HTML of the
source. This module renders one page with Python-Markdown and the extensions of
mkdocs.yml (`sanitize.MARKDOWN_EXTENSIONS`) and collects the same ids. The checker
calls it only for pages that are the target of an anchor link, once per page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html.parser import HTMLParser
from xml.etree import ElementTree as etree

import markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .sanitize import MARKDOWN_CONFIG, MARKDOWN_EXTENSIONS

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?^(?:---|\.\.\.)[ \t]*$\n?", re.MULTILINE | re.DOTALL)


class _RawIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "id" or (name == "name" and tag == "a")):
                self.ids.add(value)


class _RawHtmlIds(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no types
    """Ids in raw HTML, read from the source lines just before Python-Markdown stashes the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _RawIds()
        parser.feed("\n".join(lines))
        parser.close()
        self.ids |= parser.ids
        return lines


class _TreeIds(Treeprocessor):  # type: ignore[misc]
    """Ids in the element tree, after the table of contents gave the headings theirs."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if anchor := element.get("id"):
                self.ids.add(anchor)
            if element.tag == "a" and (anchor := element.get("name")):
                self.ids.add(anchor)


def strip_front_matter(text: str) -> str:
    """A page's Markdown without its YAML front matter (MkDocs reads that as page settings)."""
    return _FRONT_MATTER.sub("", text, count=1)


def page_ids(text: str) -> frozenset[str]:
    """Every id a link may point at in the page whose Markdown (front matter included) is `text`."""
    converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), extension_configs=MARKDOWN_CONFIG)
    raw, tree = _RawHtmlIds(), _TreeIds()
    # The priorities MkDocs uses: raw HTML right before 'html_block', the tree together with 'toc'.
    converter.preprocessors.register(raw, "portaal_raw_ids", 21)
    converter.treeprocessors.register(tree, "portaal_tree_ids", 5)
    converter.convert(strip_front_matter(text))
    return frozenset(raw.ids | tree.ids)
