"""The archive's block markers as a Markdown extension (see archive.py, "rendering old bodies in chunks").

The Markdown source carries `archive.BLOCK_SEPARATOR` (a private-use character) between two blocks; this
extension turns a block of only that character into `archive.CHUNK_MARKER` (an HTML comment) in the HTML.
Before, the source carried the comment itself, and Markdown's handling of raw HTML made a policy page with
markers about a third slower to render; this block processor is tried first and stores the comment as
raw HTML at once (about half of that extra time is gone, measured on 300 documents). The HTML is the same
as before, byte for byte. (A comment element in Markdown's tree would be cheaper still, but extensions
such as pymdownx.details expect every element to have a tag name.) The marker's text is an AtomicString,
so Markdown's inline patterns skip it: before, they ran over each marker as over a paragraph, about half
again of the inline work of a policy page (December 2026, 1,000 documents).

Only a build from git carries the markers (pages.has_markers): without git there are no old versions to
reuse blocks in, and the archive takes the current page whole.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from .archive import BLOCK_SEPARATOR, CHUNK_MARKER


class _Marker(BlockProcessor):  # type: ignore[misc]  # Python-Markdown has no types
    def test(self, parent: etree.Element, block: str) -> bool:
        return block == BLOCK_SEPARATOR

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        blocks.pop(0)
        # a stored raw-HTML block: Markdown writes it out as it is, in place of the paragraph. Atomic: the
        # inline patterns never look at it (else every marker costs a paragraph's worth of them)
        etree.SubElement(parent, "p").text = AtomicString(self.parser.md.htmlStash.store(CHUNK_MARKER + "\n"))


class BlockMarkers(Extension):  # type: ignore[misc]
    """Register with the site's Markdown extensions (the plugin does, in `on_config`)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.parser.blockprocessors.register(_Marker(md.parser), "portaal-blokgrens", 200)
