"""The version archive on the site: per document a list of versions, each adopted text
as a page, and what changed between consecutive texts.

Archive pages are not MkDocs pages (there would be ten per document): the plugin renders
one empty page per folder depth through Material and splices each archive page's content
into it (see `Shell`). Every value from a policy file is escaped here; bodies go through
the same Markdown and the same finishing (`site.finish_html`) as the current page.

Every archive page carries `data-portaal-archive="<kind>"` on its content and
`<meta name="portaal:archive" content="<kind>">`: search leaves these pages out of the
default results and can offer them on request.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import html
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core import layout
from . import html as markup
from . import search
from ..core.history import NO_HISTORY_FIX, Archive, DocumentHistory, Entry, is_confirmed
from .html import ROOT
from ..core.model import Policy
from ..core.publication import Publication
from .text import dutch_date

VERSIONS_DIR = "versies"
DIFF_DIR = "verschil"
ARCHIVE_ATTRIBUTE = "data-portaal-archive"
"""On the content of every archive page; its value is 'versies', 'versie' or 'verschil'."""
SHELL_DIR = "portaal-archief-sjabloon"
"""Where the plugin lets MkDocs render the empty shells (removed from the site afterwards)."""
SHELL_TITLE = "PORTAAL-ARCHIEF-TITEL-7f3a"
SHELL_CONTENT = "<!--portaal-archief-inhoud-7f3a-->"
DEPTHS = (3, 4, 5)
INDEX_BODY = "data-pagefind-body"
INDEX_IGNORE = "data-pagefind-ignore"
INDEXED_START = f'<div {ARCHIVE_ATTRIBUTE}="versie" {INDEX_BODY}>'
"""How the content of an old version (a page of the archive's search index) starts."""

Render = Callable[[str], str]
"""Markdown of a policy body -> HTML, with the site's Markdown extensions."""


def versions_url(policy_id: str) -> str:
    return f"{layout.POLICY_DIR}/{policy_id}/{VERSIONS_DIR}/"


def version_url(policy_id: str, slug: str) -> str:
    return f"{versions_url(policy_id)}{slug}/"


def diff_url(policy_id: str, slug: str) -> str:
    return f"{version_url(policy_id, slug)}{DIFF_DIR}/"


def shell_page(depth: int) -> str:
    """The path of the empty MkDocs page whose URL is `depth` folders deep."""
    return f"{SHELL_DIR}/" + "/".join(["d"] * (depth - 1)) + "/index.md"


def shell_markdown() -> str:
    return (f"---\ntitle: {SHELL_TITLE}\nportaal_archive_shell: true\n"
            f"hide:\n  - toc\nsearch:\n  exclude: true\n---\n\n{SHELL_CONTENT}\n")


@dataclass(frozen=True)
class ArchivePage:
    url: str
    """Relative to the site root, ending in '/'."""
    title: str
    """Plain text."""
    kind: str
    content: str
    """HTML of the article; links start with html.ROOT."""


esc = markup.escape


def _a(text: str, url: str) -> str:
    return f'<a href="{ROOT}{url}">{esc(text)}</a>'


def _period(entry: Entry, history: DocumentHistory) -> str:
    start = dutch_date(entry.valid_from)
    if entry.valid_to is None:
        return f"sinds {start}"
    return f"van {start} tot {dutch_date(entry.valid_to)}"


def _value(text: str) -> str:
    """A value from front matter; a placeholder stays visible (the site marks it)."""
    return esc(text) if text else "<em>niet vastgelegd</em>"


def _decision_date(text: str) -> str:
    if len(text) == 10 and text[4:5] == "-":
        try:
            return esc(dutch_date(dt.date.fromisoformat(text)))
        except ValueError:
            pass
    return _value(text)


def _approval(portal: Publication, entry: Entry) -> list[tuple[str, str]]:
    body = portal.taxonomy.body_name(entry.adopted_by) if entry.adopted_by else ""
    return [("Vastgesteld door", _value(body)), ("Besluit", _value(entry.decision)),
            ("Datum besluit", _decision_date(entry.decision_date))]


def _dl(rows: Iterable[tuple[str, str]]) -> str:
    return ('<div class="portaal-meta"><dl>' + "".join(f"<div><dt>{esc(k)}</dt><dd>{v}</dd></div>" for k, v in rows)
            + "</dl></div>")


def _incomplete_note(archive: Archive) -> str:
    if archive.complete:
        return ""
    return ('<div class="portaal-banner portaal-banner--archief" role="note"><p><strong>Archief onvolledig.</strong> '
            f"Oudere versies ontbreken: {esc(archive.reason)}. {esc(NO_HISTORY_FIX)}</p></div>")


def _current_link(policy: Policy, history: DocumentHistory) -> str:
    current = history.current
    if current is None:
        day = dutch_date(history.withdrawn_on) if history.withdrawn_on else ""
        return f"het document is vervallen{' op ' + day if day else ''}: " + _a(
            policy.title, layout.url_of(layout.policy_page(policy.id)))
    return "de geldende versie is " + _a(current.label, layout.url_of(layout.policy_page(policy.id)))


def versions_page(portal: Publication, archive: Archive, policy: Policy, history: DocumentHistory) -> ArchivePage:
    title = f"Versies van {policy.title}"
    items = []
    entries = list(history.entries)
    for index in range(len(entries) - 1, -1, -1):
        entry = entries[index]
        previous = entries[index - 1] if index else None
        rows = [("Geldig", esc(_period(entry, history))), *_approval(portal, entry),
                ("Wijziging", _value(entry.change) if entry.kind != "stil" else
                 "<strong>Tekst gewijzigd zonder nieuwe versie en zonder vermelding.</strong>")]
        if previous is not None:
            rows.append(("Vergelijken", _a(f"wat is er veranderd sinds {previous.label}",
                                           diff_url(policy.id, entry.slug))))
        state = " (geldt nu)" if entry is history.current else ""
        items.append(f'<li class="portaal-version" data-valid-from="{entry.valid_from.isoformat()}" '
                     f'data-valid-to="{entry.valid_to.isoformat() if entry.valid_to else ""}">'
                     f'<h2 id="{esc(entry.slug)}">{_a(entry.label.capitalize(), version_url(policy.id, entry.slug))}'
                     f"{esc(state)}</h2>{_dl(rows)}</li>")
    listing = f'<ol class="portaal-versions" reversed>{"".join(items)}</ol>' if items else (
        "<p>Er is nog geen vastgestelde versie van dit document.</p>")
    current_page = _a(policy.title, layout.url_of(layout.policy_page(policy.id)))
    intro = (f"<p>Welke tekst gold op welke dag? Elke vastgestelde versie van {current_page} "
             "staat hieronder, de nieuwste eerst, met de periode waarin ze gold: van de eerste dag tot (niet tot "
             "en met) de dag waarop de volgende versie inging. Concepten staan niet in het archief.</p>")
    content = (f'<div {ARCHIVE_ATTRIBUTE}="versies"><h1>{esc(title)}</h1>{_incomplete_note(archive)}{intro}'
               f"{listing}</div>")
    return ArchivePage(versions_url(policy.id), title, "versies", content)


def version_page(portal: Publication, archive: Archive, policy: Policy, history: DocumentHistory, entry: Entry,
                 body_html: str) -> ArchivePage:
    is_current = entry is history.current
    if is_current:
        banner = (f"<p><strong>Dit is de geldende versie</strong> ({esc(_period(entry, history))}). "
                  f"{_a('Naar de pagina van het document', layout.url_of(layout.policy_page(policy.id)))}.</p>")
        stamp = f"{esc(entry.label)}, geldig {esc(_period(entry, history))}"
    else:
        banner = (f"<p><strong>Oude versie.</strong> Deze versie gold {esc(_period(entry, history))}; "
                  f"{_current_link(policy, history)}.</p>")
        stamp = (f"Historische versie: {esc(entry.label)}, gold {esc(_period(entry, history))}. "
                 "Dit is niet de geldende tekst")
    index = history.entries.index(entry)
    links = [_a("Alle versies", versions_url(policy.id))]
    if index:
        links.append(_a(f"Wat is er veranderd sinds {history.entries[index - 1].label}",
                        diff_url(policy.id, entry.slug)))
    rows = [("Versie", esc(entry.label)), ("Geldig", esc(_period(entry, history))), *_approval(portal, entry),
            ("Wijziging", _value(entry.change) if entry.kind != "stil" else
             "<strong>Tekst gewijzigd zonder nieuwe versie en zonder vermelding.</strong>")]
    title = f"{entry.title} ({entry.label})"
    modifier = "" if is_current else " portaal-banner--archief"
    # An old text is in the archive's own search index (ARCHIVE_BUNDLE), found only on request;
    # the current text is already found as the document's own page.
    indexed = "" if is_current else f" {INDEX_BODY}"
    ignore = "" if is_current else f" {INDEX_IGNORE}"
    content = (f'<div {ARCHIVE_ATTRIBUTE}="versie"{indexed}>'
               f"{'' if is_current else _search_data(portal, policy, history, entry)}"
               f'<div class="portaal-banner{modifier}" role="note"{ignore}>{banner}</div>'
               f'<h1>{esc(entry.title)}</h1><div{ignore}>{_dl(rows)}'
               f'<p class="portaal-archive-links">{" · ".join(links)}</p>'
               f'<div class="portaal-print-stamp" aria-hidden="true"><p>{esc(policy.id)} · {stamp} · geprint op '
               f"<span data-portaal-printed>{esc(dutch_date(portal.today))}</span>. Kijk in het "
               "Integriteitsportaal voor de geldende versie.</p></div></div>"
               f"{body_html}</div>")
    return ArchivePage(version_url(policy.id, entry.slug), title, "versie", content)


def _search_data(portal: Publication, policy: Policy, history: DocumentHistory, entry: Entry) -> str:
    """Hidden fields for the archive's search index: which version, when it applied, and the
    document's own filters (role, theme, type) so the search dialog's chips work here too."""
    view = search.policy_view(portal, policy)
    filters = [(name, value) for name, value in (view.filters if view else ()) if name != search.FILTER_STATUS]
    meta = [(search.META_VERSION, entry.label), (search.META_VALID, _period(entry, history)),
            (search.META_SUMMARY, entry.summary),
            *((name, value) for name, value in (view.meta if view else ()) if name == search.META_TYPE)]
    return ("<div hidden data-pagefind-ignore>"
            + "".join(f'<span data-pagefind-meta="{esc(name)}">{esc(value)}</span>' for name, value in meta)
            + "".join(f'<span data-pagefind-filter="{esc(name)}">{esc(value)}</span>' for name, value in filters)
            + "</div>")


# -- comparison ------------------------------------------------------------------------

_BLANK = re.compile(r"\n[ \t]*\n+")
_TOKENS = re.compile(r"\s*\S+\s*|\s+")
"""Words with the spaces around them: few repeated tokens keep the word diff fast."""
CONTEXT = 1
"""Unchanged paragraphs shown on each side of a change; longer runs are folded."""


def _blocks(entry: Entry) -> list[str]:
    body = entry.body.replace("\r\n", "\n").strip("\n")
    blocks = [block.strip("\n") for block in _BLANK.split(body) if block.strip()]
    return [f"Titel: {entry.title}", f"Samenvatting: {entry.summary}", *blocks]


def _block_html(text: str, inner: str | None = None) -> str:
    """A paragraph of Markdown source; a heading shows as a heading, other lines keep their breaks."""
    shown = inner if inner is not None else esc(text)
    match = re.match(r"(#{1,6})\s+", text)
    if match:
        level = min(len(match.group(1)) + 1, 6)
        shown = inner[len(match.group(0)):] if inner is not None and inner.startswith(match.group(0)) else (
            shown if inner is not None else esc(text[match.end():]))
        return f'<p class="portaal-diff__heading portaal-diff__heading--{level}">{shown}</p>'
    return f'<p class="portaal-diff__block">{shown}</p>'


def _ins(text: str) -> str:
    return f'<ins><span class="portaal-diff__label">toegevoegd:</span> {esc(text)}</ins>'


def _del(text: str) -> str:
    return f'<del><span class="portaal-diff__label">verwijderd:</span> {esc(text)}</del>'


def _words(old: str, new: str) -> tuple[str, int, int]:
    """The new paragraph with words removed and added marked; counts of both."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    out: list[str] = []
    added = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(esc("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace") and "".join(a[i1:i2]).strip():
            out.append(_del("".join(a[i1:i2])))
            removed += 1
        if op in ("insert", "replace") and "".join(b[j1:j2]).strip():
            out.append(_ins("".join(b[j1:j2])))
            added += 1
    return "".join(out), added, removed


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes; the equal blocks at both ends (usually most of the text) are matched first."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle = difflib.SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail], autojunk=False)
    codes = [(op, i1 + head, i2 + head, j1 + head, j2 + head) for op, i1, i2, j1, j2 in middle.get_opcodes()]
    if head:
        codes.insert(0, ("equal", 0, head, 0, head))
    if tail:
        codes.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    merged: list[tuple[str, int, int, int, int]] = []
    for code in codes:
        if merged and merged[-1][0] == code[0] == "equal":
            merged[-1] = ("equal", merged[-1][1], code[2], merged[-1][3], code[4])
        else:
            merged.append(code)
    return merged


def compare(old: Entry, new: Entry) -> tuple[str, int, int]:
    """HTML of the new text with what changed since the old one marked; number of additions, removals."""
    a, b = _blocks(old), _blocks(new)
    parts: list[str] = []
    added = removed = 0
    opcodes = _opcodes(a, b)
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            run = b[j1:j2]
            head = run[:CONTEXT] if number else []
            tail = run[-CONTEXT:] if number < len(opcodes) - 1 else []
            if len(run) <= len(head) + len(tail) + 1:
                parts += [_block_html(text) for text in run]
            else:
                parts += [_block_html(text) for text in head]
                folded = len(run) - len(head) - len(tail)
                parts.append(f'<p class="portaal-diff__same">… {folded} '
                             f"{'alinea' if folded == 1 else 'alinea’s'} ongewijzigd …</p>")
                parts += [_block_html(text) for text in tail]
        elif op == "replace" and i2 - i1 == j2 - j1:
            for old_text, new_text in zip(a[i1:i2], b[j1:j2], strict=True):
                inner, plus, minus = _words(old_text, new_text)
                added, removed = added + plus, removed + minus
                parts.append(f'<div class="portaal-diff__changed">{_block_html(new_text, inner)}</div>')
        else:
            for text in a[i1:i2]:
                removed += 1
                parts.append(f'<del class="portaal-diff__whole"><span class="portaal-diff__label">Verwijderde '
                             f"alinea:</span> {_block_html(text)}</del>")
            for text in b[j1:j2]:
                added += 1
                parts.append(f'<ins class="portaal-diff__whole"><span class="portaal-diff__label">Nieuwe '
                             f"alinea:</span> {_block_html(text)}</ins>")
    return "\n".join(parts), added, removed


def diff_page(policy: Policy, history: DocumentHistory, old: Entry, new: Entry) -> ArchivePage:
    title = f"{new.title}: wat is er veranderd in {new.label}"
    body, added, removed = compare(old, new)
    summary = (f"<p>Vergelijking van {_a(old.label, version_url(policy.id, old.slug))} "
               f"({esc(_period(old, history))}) met {_a(new.label, version_url(policy.id, new.slug))} "
               f"({esc(_period(new, history))}): {added} keer iets toegevoegd, {removed} keer iets verwijderd.</p>"
               '<p class="portaal-diff__legend">Zo lees je dit: nieuwe tekst staat '
               '<ins><span class="portaal-diff__label">toegevoegd:</span> onderstreept</ins>, weggehaalde tekst '
               '<del><span class="portaal-diff__label">verwijderd:</span> doorgestreept</del>. Stukken die niet '
               "veranderden zijn ingeklapt. De tekst staat hier zoals de eigenaar hem schreef (Markdown).</p>")
    content = (f'<div {ARCHIVE_ATTRIBUTE}="verschil"><h1>{esc(title)}</h1>{summary}'
               f'<p class="portaal-archive-links">{_a("Alle versies", versions_url(policy.id))}</p>'
               f'<div class="portaal-diff">{body}</div></div>')
    return ArchivePage(diff_url(policy.id, new.slug), title, "verschil", content)


# -- links in old bodies ---------------------------------------------------------------

_HREF = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def relink(body_html: str, known_pages: frozenset[str]) -> str:
    """Links in a rendered old body, written relative to the policy folder (`x.md`,
    `../begrippen.md#y`), as links from the site root (html.ROOT). A link to a page that
    no longer exists keeps its text and loses the link."""

    def fix(match: re.Match[str]) -> str:
        target = html.unescape(match.group(2))
        if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
            return match.group(0)
        path, _, anchor = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(layout.POLICY_DIR, path))
        if resolved.startswith("../"):
            return match.group(0)
        if resolved.endswith(".md"):
            if resolved not in known_pages:
                return f'{match.group(1)}{ROOT}{layout.url_of(layout.policy_page("__gone__"))}{match.group(3)}'
            resolved = layout.url_of(resolved)
        url = ROOT + resolved + (f"#{anchor}" if anchor else "")
        return f"{match.group(1)}{esc(url)}{match.group(3)}"

    fixed = _HREF.sub(fix, body_html)
    gone = f'{ROOT}{layout.url_of(layout.policy_page("__gone__"))}'
    return re.sub(rf'<a href="{re.escape(gone)}"[^>]*>(.*?)</a>', r'<span class="portaal-gone-link">\1</span>',
                  fixed, flags=re.S)


# -- rendering old bodies in chunks ------------------------------------------------------
# Old versions differ from the current text in a few paragraphs. The current page marks the
# boundaries between its top-level blocks (BLOCK_SEPARATOR in the Markdown, which the extension
# in blockmarks.py turns into CHUNK_MARKER, an HTML comment); the plugin cuts MkDocs' HTML
# there, removes the markers (the current page is unchanged) and hands the parts to the
# archive's writer, which matches them with the blocks. An old version reuses the HTML of
# every block it shares with the current text; the blocks only old versions have are rendered
# in one Markdown run per document, cut at the same markers. Bodies where a block could depend
# on another one (footnotes, link references, abbreviations, raw HTML blocks) are rendered whole.

CHUNK_MARKER = "<!--portaal-chunk-->"
"""A block boundary in the HTML."""
BLOCK_SEPARATOR = "\ue000"
"""A block boundary in the Markdown: a private-use character, alone between two blocks (blockmarks.py)."""
_SEPARATE = f"\n\n{BLOCK_SEPARATOR}\n\n"
_WHOLE_ONLY = re.compile(r"\[\^|^ {0,3}\[[^\]]+\]:|^\*\[|^ {0,3}<", re.M)
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]", re.M)
_FENCE_LINE = re.compile(r"^ {0,3}(```|~~~)", re.M)


_LIST_START = frozenset("-*+0123456789")


def _may_list(block: str) -> bool:
    """Cheap test before the regular expression: does any line start like a list item?"""
    return block[:1] in _LIST_START or any(line[:1] in _LIST_START for line in block.split("\n")[1:])


def split_chunks(body: str) -> list[str] | None:
    """The top-level blocks of a body that render the same alone as together; None if unsafe."""
    if ("[^" in body or "]:" in body or "*[" in body or "<" in body) and _WHOLE_ONLY.search(body):
        return None
    chunks: list[str] = []
    in_fence = False
    chunk_has_list = False
    for block in _BLANK.split(body.replace("\r\n", "\n").strip("\n")):
        if not block.strip():
            continue
        has_list = _may_list(block) and _LIST_ITEM.search(block) is not None
        joins = bool(chunks) and (in_fence or block[:1] in (" ", "\t", ":")
                                  or (chunk_has_list and block[:1] in _LIST_START
                                      and _LIST_ITEM.match(block) is not None))
        if joins:
            chunks[-1] = f"{chunks[-1]}\n\n{block}"
            chunk_has_list = chunk_has_list or has_list
        else:
            chunks.append(block)
            chunk_has_list = has_list
        if ("```" in block or "~~~" in block) and len(_FENCE_LINE.findall(block)) % 2:
            in_fence = not in_fence
    return None if in_fence else chunks


def marked_body(body: str) -> str:
    """The body with BLOCK_SEPARATOR between its blocks (unchanged when it cannot be cut safely)."""
    chunks = split_chunks(body)
    if chunks is None or len(chunks) < 2:
        return body
    return _SEPARATE.join(chunks) + "\n"


def cut_marked(html_text: str) -> tuple[str, list[str]]:
    """The current page's HTML without markers, and its parts between the markers as rendered (one part,
    the whole HTML, without markers). Cheap: the plugin does this on every policy page, `blocks_of`
    happens elsewhere."""
    if CHUNK_MARKER not in html_text:
        return html_text, [html_text]
    parts = html_text.split(CHUNK_MARKER)
    return "".join(parts), parts


def blocks_of(parts: list[str], body: str, page_url: str) -> dict[str, str]:
    """The HTML of each block of `body` from the parts of its rendered page (`cut_marked`), links from the
    site root. A page without markers (one part) gives its whole body, under `body` itself. When the parts
    do not line up with the blocks, no blocks."""
    chunks = split_chunks(body) or []
    if len(parts) == 1:
        whole = rebase(parts[0].strip("\n"), page_url)
        return {body: whole, **({chunks[0]: whole} if len(chunks) == 1 else {})}
    if not parts or len(parts) != len(chunks):
        return {}
    return {chunk: rebase(part.strip("\n"), page_url) for chunk, part in zip(chunks, parts, strict=True)}


def rebase(html_text: str, page_url: str) -> str:
    """Relative links of a rendered page, written from the site root (html.ROOT)."""

    def fix(match: re.Match[str]) -> str:
        target = html.unescape(match.group(2))
        if not target or target.startswith(("#", "/")) or _SCHEME.match(target):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(page_url, target))
        if target.endswith("/") and not resolved.endswith("/"):
            resolved += "/"
        resolved = "" if resolved == "." else resolved
        return f"{match.group(1)}{esc(ROOT + resolved)}{match.group(3)}"

    return _HREF.sub(fix, html_text)


def pages(portal: Publication, archive: Archive | None, render: Render, known_pages: frozenset[str],
          documents: Iterable[tuple[Policy, Mapping[str, str]]]) -> Iterator[ArchivePage]:
    """Every archive page of the given (published or withdrawn) documents, document by document. With each
    document, the HTML of the blocks of its current page (`blocks_of`; empty: none known)."""
    if archive is None:
        return
    for policy, current_blocks in documents:
        history = archive.get(policy.id)
        if history is None:
            continue
        known = dict(current_blocks)
        bodies = [_strip_title(entry.body) for entry in history.entries]
        cut = {body: split_chunks(body) for body in dict.fromkeys(bodies)}
        _render_missing(cut, known, render, known_pages)
        yield versions_page(portal, archive, policy, history)
        # An old version's blocks that the current text still has are left out of the archive's search
        # index: those words already find the current page. What is indexed is what changed.
        current = history.current
        unchanged = frozenset(cut.get(_strip_title(current.body)) or ()) if current is not None else frozenset()
        previous: Entry | None = None
        for entry, body in zip(history.entries, bodies, strict=True):
            body_html = _body_html(body, cut[body], known, render, known_pages,
                                   unchanged if entry is not current else frozenset())
            yield version_page(portal, archive, policy, history, entry, body_html)
            if previous is not None:
                yield diff_page(policy, history, previous, entry)
            previous = entry


def _render_missing(cut: dict[str, list[str] | None], known: dict[str, str], render: Render,
                    known_pages: frozenset[str]) -> None:
    """Render the blocks of old versions that the current page does not have, in one Markdown
    run per document (cut at markers, like the current page); one by one if the cut fails."""
    missing = list(dict.fromkeys(chunk for body, chunks in cut.items() if body not in known
                                 for chunk in chunks or [] if chunk not in known))
    if not missing:
        return
    parts = render(_SEPARATE.join(missing)).split(CHUNK_MARKER)
    if len(parts) == len(missing):
        for chunk, part in zip(missing, parts, strict=True):
            known[chunk] = relink(part.strip("\n"), known_pages)


def _body_html(body: str, chunks: list[str] | None, known: dict[str, str], render: Render,
               known_pages: frozenset[str], unindexed: frozenset[str] = frozenset()) -> str:
    whole = known.get(body)  # the current text, from a page without markers (`blocks_of`)
    if whole is not None and not unindexed:
        return whole
    if chunks is None:
        return relink(render(body), known_pages)
    parts = []
    for chunk in chunks:
        part = known.get(chunk)
        if part is None:
            part = known[chunk] = relink(render(chunk), known_pages)
        parts.append(_not_indexed(part) if chunk in unindexed else part)
    return "\n".join(parts)


_FIRST_TAG = re.compile(r"\s*<([a-zA-Z][a-zA-Z0-9-]*)")


def _not_indexed(part: str) -> str:
    """A rendered block with Pagefind's ignore attribute on its (first) element."""
    match = _FIRST_TAG.match(part)
    return part if match is None else f"{part[:match.end()]} {INDEX_IGNORE}{part[match.end():]}"


def _strip_title(body: str) -> str:
    """As the current page: a body that starts with its own `# ` heading loses it."""
    stripped = body.lstrip("\n")
    if stripped.startswith("# "):
        return stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return body


def is_confirmed_value(value: str) -> bool:
    return is_confirmed(value)


@dataclass(frozen=True)
class Shell:
    """A page rendered by MkDocs and Material with placeholder title and content, split
    once; every archive page of the same folder depth is `before + content + after`."""

    parts: tuple[str, ...]
    url: str

    @classmethod
    def from_html(cls, page_html: str, url: str) -> Shell:
        if page_html.count(SHELL_CONTENT) != 1:
            raise ValueError("het sjabloon voor archiefpagina's heeft geen plek voor de inhoud")
        return cls(tuple(re.split(f"({SHELL_TITLE}|{SHELL_CONTENT}|{re.escape(url)})", page_html)), url)

    def fill(self, page: ArchivePage, finished_content: str) -> str:
        title = esc(page.title)
        meta = f'<meta name="portaal:archive" content="{page.kind}">'
        out = []
        for part in self.parts:
            if part == SHELL_TITLE:
                out.append(title)
            elif part == SHELL_CONTENT:
                out.append(finished_content)
            elif part == self.url:
                out.append(page.url)
            else:
                out.append(part.replace("</head>", f"{meta}</head>", 1) if "</head>" in part else part)
        return "".join(out)


_SITEMAP_SHELL = re.compile(rf"\s*<url>\s*<loc>[^<]*{SHELL_DIR}/[^<]*</loc>.*?</url>", re.S)


def remove_shells(site_dir: Path) -> None:
    """The shells are not pages: out of the site and out of the sitemap."""
    shutil.rmtree(site_dir / SHELL_DIR, ignore_errors=True)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.exists():
        text = _SITEMAP_SHELL.sub("", sitemap.read_text(encoding="utf-8"))
        sitemap.write_text(text, encoding="utf-8")
        with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as packed:
            packed.write(text.encode("utf-8"))
