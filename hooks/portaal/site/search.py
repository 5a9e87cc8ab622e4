"""Search with Pagefind: what each page tells the index, and writing the index.

What is indexed is decided in the templates, from a `SearchView` per page:
`data-pagefind-body` on the article of a page that has one, `data-pagefind-ignore`
on the metadata panel, banners and lists, hidden `data-pagefind-meta` fields
(summary, keywords) and `data-pagefind-filter` values with display names (role
with inheritance, theme, type, status). Pages without a view (generated list
pages, concepts) are not in the index at all.

`StreamIndexing` hands the indexed pages to Pagefind's service (PyPI
`pagefind[bin]`, its Python API) in batches while MkDocs renders, takes the index
files from it and writes them before the site is published; `start_index` runs the Pagefind
program over a finished site (the archive's own index, and a build without
indexed pages). A failed index fails the build and the old site stays. The query layer
in the browser (`docs/assets/javascripts/zoeken.js`) expands synonyms from the
JSON this module exports.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.guidance import Synonyms
from ..core.model import Policy
from ..core.publication import Publication

BUNDLE_DIR = "pagefind"
"""Pagefind's files in the site: pagefind.js, its WebAssembly and the index fragments."""
SYNONYMS_JSON = "zoeken/synoniemen.json"
"""Where the build publishes the synonym groups for the query layer."""
EXCLUDE_SELECTORS = (".headerlink",)
"""Markdown's permalink symbols (¶) carry no words; left out by Pagefind's own option."""
LANGUAGE = "nl"

FILTER_ROLE = "rol"
FILTER_THEME = "thema"
FILTER_TYPE = "soort"
FILTER_STATUS = "status"
STATUS_CURRENT = "Geldend"
STATUS_WITHDRAWN = "Vervallen"

META_SUMMARY = "samenvatting"
META_KEYWORDS = "trefwoorden"
META_QUESTIONS = "vragen"
"""The questions a document answers (front matter `vragen:`): the most heavily weighted field in zoeken.js;
one field, joined by QUESTION_SEPARATOR."""
QUESTION_SEPARATOR = " | "
VOCABULARY_JSON = "zoeken/woorden.json"
"""Words of titles, keywords, questions and glossary terms: "Bedoelde je …?" picks from these."""
META_TYPE = "soort"
META_VERSION = "versie"
META_VALID = "geldig"
"""On an old version in the archive index: its label ('versie 1.0') and when it applied ('van … tot …')."""
ARCHIVE_BUNDLE = "pagefind-archief"
"""The archive's own Pagefind index: old versions only, loaded by zoeken.js only when the reader asks
for old versions, so a normal search never downloads a byte of it."""
ARCHIVE_GLOB = "beleid/*/versies/*/index.html"
"""The old-version pages (not the versions lists, not the comparisons, which have no index body)."""
HEADER_END = "</nav>"
"""The end of Material's header bar (`partials/header.html`); the search box goes just before it."""


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message is Dutch."""


@dataclass(frozen=True)
class SearchView:
    """What the template tells Pagefind about one indexed page; plain text, the template escapes it."""

    meta: tuple[tuple[str, str], ...] = ()
    """Hidden, searchable meta fields (name, value): summary, type name (so "casus" finds every case)
    and keywords."""
    filters: tuple[tuple[str, str], ...] = ()
    """Filter values (name, display name); a name can occur more than once. The query layer ranks
    documents with status Vervallen after all current ones, so never above their successor."""


CONTENT_PAGE = SearchView()
"""A page from docs/ or the route finder and glossary: indexed, without filters."""


def policy_view(portal: Publication, policy: Policy) -> SearchView | None:
    """The search view of a policy page; None for a concept (never in the index, also not in preview)."""
    if policy.is_concept:
        return None
    taxonomy = portal.taxonomy
    audience = set(policy.audience)
    roles = [role.name for role in taxonomy.roles.values()
             if audience.intersection(taxonomy.lineage(role.id))]
    filters = [(FILTER_ROLE, name) for name in roles]
    filters += [(FILTER_THEME, taxonomy.themes[t].name) for t in policy.themes]
    filters.append((FILTER_TYPE, taxonomy.types[policy.type].name))
    filters.append((FILTER_STATUS, STATUS_WITHDRAWN if policy.is_withdrawn else STATUS_CURRENT))
    meta = [(META_SUMMARY, policy.summary), (META_TYPE, taxonomy.types[policy.type].name)]
    if policy.keywords:
        meta.append((META_KEYWORDS, ", ".join(policy.keywords)))
    if policy.vragen:
        meta.append((META_QUESTIONS, QUESTION_SEPARATOR.join(policy.vragen)))
    return SearchView(tuple(meta), tuple(filters))


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(portal: Publication) -> list[str]:
    """The index's own words for spelling help: from titles, keywords and questions of the published
    documents, the questions of the routes and the glossary terms; lower case, at least four letters."""
    texts: list[str] = []
    for policy in portal.visible:
        if not policy.is_concept:
            texts += [policy.title, *policy.keywords, *policy.vragen]
    routes = portal.catalog.routes
    for route in routes.routes if routes else ():
        texts += route.vragen
    for term in portal.catalog.glossary:
        texts += [term.term, *term.vragen]
    words = {word for text in texts for word in _WORD.findall(unicodedata.normalize("NFC", text).casefold())}
    return sorted(word for word in words if len(word) >= 4)


def vocabulary_json(portal: Publication) -> str:
    """{"woorden": [...]} for the query layer; `<` escaped so the file can never become markup."""
    return json.dumps({"woorden": vocabulary(portal)}, ensure_ascii=False).replace("<", "\\u003c")


def synonyms_json(synonyms: Synonyms) -> str:
    """The synonym groups for the query layer: {"groepen": [["omkoping", "corruptie"], ...]}, lower case."""
    groups = [[word.casefold() for word in group] for group in synonyms.groups]
    return json.dumps({"groepen": groups}, ensure_ascii=False).replace("<", "\\u003c")


def insert_search_box(header: str, box: str) -> str:
    """Material's rendered header with the portal's search box at the end of its bar."""
    at = header.find(HEADER_END)
    if at < 0:
        raise ValueError(f"Materials kopbalk heeft geen {HEADER_END}: het zoekveld kan er niet in")
    return header[:at] + box + header[at:]


def index_glob(pages: Iterable[str]) -> str:
    """A Pagefind `--glob` that covers every page in `pages` (site paths such as `beleid/x/index.html`)
    and little else, short whatever the number of pages: below the first folder every folder name is a
    wildcard (`beleid/*/index.html`). Pages that only match it without `data-pagefind-body` are still
    left out by Pagefind; what the glob saves is reading the many pages that are never indexed (list
    pages, the version archive: at 3,000 documents about two thirds of the site). "" for no pages."""
    patterns = set()
    for page in pages:
        parts = page.strip("/").split("/")
        patterns.add("/".join([parts[0], *("*" for _ in parts[1:-1]), parts[-1]]) if len(parts) > 1 else parts[0])
    ordered = sorted(patterns)
    if len(ordered) <= 1:
        return "".join(ordered)
    return "{" + ",".join(ordered) + "}"


def pagefind_command(site_dir: Path, glob: str = "", output: Path | None = None) -> list[str]:
    """The Pagefind program of the `pagefind[bin]` package, indexing `site_dir` into `site_dir`/BUNDLE_DIR,
    or into the folder `output` when given (only the HTML files matching `glob`, when given)."""
    target = ["--output-path", str(output.resolve())] if output is not None else ["--output-subdir", BUNDLE_DIR]
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), *target,
            "--force-language", LANGUAGE, "--exclude-selectors", ", ".join(EXCLUDE_SELECTORS), "--quiet",
            *(["--glob", glob] if glob else [])]


class Indexing:
    """One Pagefind run in its own process, started at once so the build goes on with other work on the
    second core (the version archive, CSP hashes, .gz files); `wait` raises SearchIndexError when it failed."""

    def __init__(self, command: list[str], bundle_dir: Path) -> None:
        self.bundle_dir = bundle_dir
        self.output = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall Pagefind until `wait`
        try:
            self.process: subprocess.Popen[bytes] | None = subprocess.Popen(
                command, stdout=self.output, stderr=subprocess.STDOUT)
        except OSError as error:
            self.output.close()
            raise SearchIndexError(f"Pagefind kon niet starten: {error}") from None

    def wait(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        code = process.wait()
        self.output.seek(0)
        output = self.output.read().decode("utf-8", errors="replace").strip()[-2000:]
        self.output.close()
        if code != 0 or not (self.bundle_dir / "pagefind.js").exists():
            raise SearchIndexError(f"Pagefind kon de zoekindex niet maken (exitcode {code}): {output}")

    def stop(self) -> None:
        """A build that fails elsewhere leaves no Pagefind behind."""
        process, self.process = self.process, None
        if process is not None:
            process.kill()
            process.wait()
            self.output.close()


_PLAIN_PATH = re.compile(r"[A-Za-z0-9._/-]+")
"""A site path Pagefind's --glob matches as written (no wildcard, brace or escape characters)."""


class StreamIndexing:
    """The search index made while MkDocs renders: Pagefind's service (its Python API, `pagefind.index`)
    reads each batch of written pages on the second core, so that once the last page is written only the
    index files are left to write. Same index as `start_index` (compared fragment by fragment); measured
    at 1,000 documents: the index is ready 4.1 s after the last page instead of 5.0 to 6.3 s.

    `written(path)` is called just before MkDocs writes the page at site path `path` (a page that carries
    `data-pagefind-body`); that page is handed over at a later call, once it is on disk, in batches of
    BATCH pages (one request per batch: the Python API reads at most ten answers a second, so page by
    page would be slower than indexing at the end). `wait` hands over the rest, takes the index files from
    the service and writes them into `site_dir/pagefind` (`write_bundle`); `stop` ends the service without
    writing. The service runs in a thread with its
    own event loop (the build itself is not asynchronous); when its program stops, `wait` says so instead
    of waiting for answers that never come."""

    BATCH = 100
    ANSWER_LIMIT = 2**30
    """Bytes one answer of the service may have. Its Python API reads at most 2 MiB and then stops reading
    answers; the answer with the index files (`get_files`, base64 twice) is about 1.4 MB for the real set of
    27 documents and about 26 MB at 3,000 (14.6 MB of files). The limit is the reader's own attribute
    (asyncio's StreamReader), like `_backend` below."""
    STOP_WAIT = 30.0
    """Seconds `stop` gives each step of ending the service (its start, its close, the thread)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.bundle_dir = site_dir / BUNDLE_DIR
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._written: list[str] = []
        self._next: str | None = None
        self._requests: list[concurrent.futures.Future[Any]] = []
        self._service: Any = None
        self._index = self._submit(self._open())

    def _submit(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _open(self) -> Any:
        from pagefind.index import IndexConfig
        from pagefind.service import PagefindService

        config = IndexConfig(force_language=LANGUAGE, exclude_selectors=list(EXCLUDE_SELECTORS),
                             output_path=str(self.bundle_dir))
        self._service = await PagefindService().launch()
        self._service._backend.stdout._limit = self.ANSWER_LIMIT
        return await self._service.create_index(config)

    def written(self, path: str) -> None:
        if self._next is not None:
            self._written.append(self._next)
        self._next = path
        if len(self._written) >= self.BATCH:
            self._hand_over()

    def _hand_over(self) -> None:
        batch, self._written = self._written, []
        if batch:
            self._requests.append(self._submit(self._add(batch)))

    async def _add(self, batch: list[str]) -> None:
        index = await asyncio.wrap_future(self._index)
        plain = [path for path in batch if _PLAIN_PATH.fullmatch(path)]
        if plain:  # one glob for the batch: the exact files, nothing else in the site
            await index.add_directory(str(self.site_dir), glob=plain[0] if len(plain) == 1 else
                                      "{" + ",".join(plain) + "}")
        for path in batch:  # a name a glob would misread: on its own, with the address Pagefind would give it
            if not _PLAIN_PATH.fullmatch(path):
                url = "/" + path.removesuffix("index.html")
                await index.add_html_file(content=(self.site_dir / path).read_text(encoding="utf-8"), url=url)

    def wait(self) -> None:
        """Hand over the last pages and write the index; raises SearchIndexError when Pagefind failed."""
        if self._next is not None:
            self._written.append(self._next)
            self._next = None
        self._hand_over()
        try:
            for request in self._requests:
                self._result(request)
            index = self._result(self._index)
            bundle = self._result(self._submit(index.get_files()))
            self._result(self._submit(self._service.close()))
        except SearchIndexError:
            self.stop()
            raise
        except Exception as error:  # the service reports its errors as plain Exceptions
            code = self._exit_code()
            for _ in range(20):  # a lost connection: has the program stopped? (its exit code comes a bit later)
                if code is not None or self._service is None:
                    break
                time.sleep(0.1)
                code = self._exit_code()
            self.stop()
            raise SearchIndexError("Pagefind kon de zoekindex niet maken: " + (
                f"het programma stopte onverwacht (exitcode {code})" if code is not None else str(error))) from None
        self._end()
        write_bundle(self.bundle_dir, bundle)

    def _result(self, future: concurrent.futures.Future[Any]) -> Any:
        """The answer, or SearchIndexError once Pagefind's program has stopped without giving it, or once
        the service no longer reads answers (its reader ended on output it could not read)."""
        while True:
            try:
                return future.result(timeout=0.5)
            except concurrent.futures.TimeoutError:
                pass
            if self._exit_code() is None and self._reader_error() is None:
                continue
            try:  # the program also stops when the service is closed: then the answer follows at once
                return future.result(timeout=2)
            except concurrent.futures.TimeoutError:
                pass
            code = self._exit_code()  # a reader at the end of the output: the exit code comes a bit later
            why = (f"het programma stopte onverwacht (exitcode {code})" if code is not None else
                   f"de antwoorden van het programma waren onleesbaar ({self._reader_error()})")
            raise SearchIndexError(f"Pagefind kon de zoekindex niet maken: {why}") from None

    def _exit_code(self) -> int | None:
        """The exit code of the service's program once it has stopped (None while it runs or before it has
        started). The Python API does not expose its process: this reads the service's attribute for it.
        pagefind is pinned, and tests/test_search.py (a Pagefind that stops at once) fails should a later
        version name it otherwise."""
        backend = getattr(self._service, "_backend", None)
        code = getattr(backend, "returncode", None)
        return code if isinstance(code, int) else None

    def _reader_error(self) -> str | None:
        """Why the service's reader of answers ended while its program still runs (None while it reads).
        Like `_backend`, the reader task is the service's own attribute."""
        reader = getattr(self._service, "_poll_task", None)
        if not isinstance(reader, asyncio.Task) or not reader.done() or reader.cancelled():
            return None
        return repr(reader.exception())

    def stop(self) -> None:
        """A build that fails elsewhere leaves no Pagefind behind. A start still under way is first let
        finish: asyncio never ends a process start that is cancelled halfway (its pipes are not connected
        yet, so waiting for the process hangs), so the service is closed once it is there."""
        if not self._thread.is_alive():
            return
        deadline = time.monotonic() + self.STOP_WAIT
        while self._service is None and not self._index.done() and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._service is not None and self._exit_code() is None:  # still running: close it
            with contextlib.suppress(Exception):  # ending anyway
                self._submit(self._service.close()).result(timeout=self.STOP_WAIT)
        self._end()

    def _end(self) -> None:
        """Cancel what still waits for an answer and end the thread; never waits without end."""
        with contextlib.suppress(concurrent.futures.TimeoutError):
            self._submit(_cancel_rest()).result(timeout=self.STOP_WAIT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=self.STOP_WAIT)
        if not self._thread.is_alive():
            self._loop.close()


def write_bundle(bundle_dir: Path, files: list[dict[str, Any]]) -> None:
    """Write the index files the service gave (`get_files`: relative paths and bytes) into `bundle_dir`.

    Not the service's own `write_files`: its program hands each file to a background thread and answers
    before the last bytes are on disk, and the Python API stops the program right after that answer, so
    now and then a file came out empty or cut off (seen on pagefind-modular-ui.js and
    pagefind-component-ui.js). Here every byte is written before the build goes on."""
    root = bundle_dir.resolve()
    targets = [(root / file["path"]).resolve() for file in files]
    for file, target in zip(files, targets, strict=True):  # all checked before any is written
        if not target.is_relative_to(root):
            raise SearchIndexError(f"Pagefind gaf een bestand buiten de zoekindex: {file['path']!r}")
    for file, target in zip(files, targets, strict=True):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file["content"])
        except OSError as error:
            raise SearchIndexError(f"De zoekindex kon niet worden geschreven ({file['path']}): "
                                   f"{error.strerror or error}") from None
    if not (root / "pagefind.js").exists():
        raise SearchIndexError("Pagefind kon de zoekindex niet maken: er is geen pagefind.js geschreven")


async def _cancel_rest() -> None:
    """Cancel what still runs in the loop (the service's reader after it closed) and let it end."""
    rest = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in rest:
        task.cancel()
    await asyncio.gather(*rest, return_exceptions=True)


def start_index(site_dir: Path, pages: Iterable[str] | None = None) -> Indexing:
    """Start indexing the built (staged) site with Pagefind. `pages`: the site paths of the pages that carry
    `data-pagefind-body` (all HTML files are read when None). Start it once all of those pages are
    written and before any page that must stay out of it (the archive's old versions) is.

    Measured on this portal: the whole site at the end (one Pagefind run, about 0.8 s for the
    real set) is much faster than feeding pages one by one to the Python API while they
    render (7.6 s: its service answers about ten requests a second). Reading only the indexed pages
    (`index_glob`) halved Pagefind's processor time at 3,000 documents with their version archive
    (41 to 22 s) and its memory (1.24 to 0.80 GB).
    """
    glob = index_glob(pages) if pages is not None else ""
    return Indexing(pagefind_command(site_dir, glob), site_dir / BUNDLE_DIR)


def index_copy(content: str) -> str:
    """What Pagefind reads of an archive page: its content (the element with `data-pagefind-body`, with its
    hidden meta and filter fields) in a bare HTML document. A copy at the page's site path gives the same
    entry (address, title, text, filters) as the whole page, from a fraction of the HTML: Pagefind then
    skips the menu, header and footer it would read and throw away."""
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"></head>'
            f"<body>{content}</body></html>")


def start_archive_index(site_dir: Path, bundle_dir: Path) -> Indexing:
    """Start the archive's own index of the old-version pages into `bundle_dir` (the site's ARCHIVE_BUNDLE),
    once they are written. `site_dir` may be a folder with the site's layout that holds only the archive
    (the addresses in the index are the paths below it)."""
    return Indexing(pagefind_command(site_dir, ARCHIVE_GLOB, output=bundle_dir), bundle_dir)
