"""The version archive written by a process of its own, on the second core, while MkDocs renders the
current pages on the first (MkDocs renders on one core).

The plugin starts it (`Writer.start`) as soon as it has read the policy set, with a `Job`: the settings,
the Markdown extensions and the pages the site will have. The process reads the same policy set and git
history itself, renders every archive page's content (archive.py), and writes each page into the empty
page of its folder depth in Material's look (`archive.Shell`) as soon as the plugin sends those: MkDocs
renders them before any other page. Last, it makes the archive's own search index (Pagefind). The archive
waits in a folder beside the staged site, out of the current pages' index; the plugin moves it in after
`Writer.wait`. A failure there fails the build, and the previous site stays.

Protocol on the process's standard input, each message its length (8 bytes) and then its pickle: the
`Job`, later the shells (depth -> Shell); the end of input before the shells means the build stopped. Its last output line is
`RESULT <number of old versions written>`; anything else is its error message (Dutch).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from ..core import history, sanitize
from ..core.catalog import load_catalog
from ..core.problems import CatalogError
from ..core.publication import Publication
from ..core.settings import Settings
from . import archive, search
from . import pages as site
from .linktargets import site_targets

RESULT = "RESULT "
_LENGTH = struct.Struct(">Q")
Shells = Mapping[int, archive.Shell]
MAX_HELD = 50_000_000
"""Characters of finished pages held while the shells are not there yet; beyond it the writer waits."""


class ArchiveError(Exception):
    """The archive could not be written; the message is Dutch."""


@dataclass(frozen=True)
class Job:
    settings: Settings
    base: Path
    docs_dir: Path
    extensions: list[Any]
    extension_configs: dict[str, Any]
    known_pages: frozenset[str]
    target_dir: Path
    """Where the archive waits (the site's layout) until it moves into the site."""


def publication(job: Job) -> Publication:
    """The policy set and its history as the plugin read them (the same files, the same day)."""
    settings = job.settings
    catalog = load_catalog(settings.policies_dir, base=job.base, docs=job.docs_dir, today=settings.today,
                           targets=site_targets)
    portal = Publication(catalog, settings.today, settings.due_soon_days, settings.preview)
    published = [p for p in portal.visible if not p.is_concept]
    portal.archive = history.read_archive(settings.policies_dir, published, settings.today)
    return portal


def finished_pages(job: Job, portal: Publication) -> Iterator[tuple[archive.ArchivePage, str]]:
    """Every archive page with its finished content (as the current pages: placeholders marked, links
    relative, table cells labelled, numbers and mailboxes as links)."""
    import markdown  # the same extensions and settings as MkDocs uses

    renderer = markdown.Markdown(extensions=job.extensions, extension_configs=job.extension_configs)

    def render(text: str) -> str:  # old texts are author input: the same allow-list as current pages
        return sanitize.clean(str(renderer.reset().convert(text)), keep_comments=True)

    published = [p for p in portal.visible if not p.is_concept]
    for page in archive.pages(portal, portal.archive, render, job.known_pages, published):
        yield page, site.finish_page(site.finish_html(page.content, page.url))


def write_all(job: Job, portal: Publication, shells: Callable[[bool], Shells | None],
              stop: Callable[[], bool] = lambda: False) -> int:
    """Write every archive page into `job.target_dir`; returns the number of old versions (the pages of the
    archive's index). `shells(wait)`: the shells, or None while they are not there yet and `wait` is
    False; pages made before the shells are there wait in memory. `stop()`: give up (the build is gone)."""
    ready: Shells | None = None
    early: list[tuple[archive.ArchivePage, str]] = []
    held = 0
    indexed = 0
    for page, content in finished_pages(job, portal):
        if stop():
            raise ArchiveError("de build is gestopt")
        if ready is None:
            ready = shells(held >= MAX_HELD)
            if ready is None and held < MAX_HELD:
                early.append((page, content))
                held += len(content)
                continue
            if ready is None:
                raise ArchiveError("de lege archiefpagina's (sjablonen) zijn niet gemaakt")
            indexed += sum(_write(job.target_dir, ready, *item) for item in early)
            early.clear()
        indexed += _write(job.target_dir, ready, page, content)
    if early:
        ready = shells(True)
        if ready is None:
            raise ArchiveError("de lege archiefpagina's (sjablonen) zijn niet gemaakt")
        indexed += sum(_write(job.target_dir, ready, *item) for item in early)
    return indexed


def _write(target_dir: Path, shells: Shells, page: archive.ArchivePage, content: str) -> bool:
    target = target_dir / page.url / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(shells[page.url.count("/")].fill(page, content), encoding="utf-8")
    return page.content.startswith(archive.INDEXED_START)


class Writer:
    """The writing process, as the plugin sees it."""

    def __init__(self, process: subprocess.Popen[bytes], output: IO[bytes]) -> None:
        self.process: subprocess.Popen[bytes] | None = process
        self.output = output

    @classmethod
    def start(cls, job: Job) -> Writer:
        output = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the process until `wait`
        try:
            process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE,
                                       stdout=output, stderr=subprocess.STDOUT)
        except OSError as error:
            output.close()
            raise ArchiveError(f"het versiearchief kon niet beginnen: {error}") from None
        writer = cls(process, output)
        try:
            writer._send(job)
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            writer.stop()
            raise ArchiveError("het versiearchief kan de Markdown-instellingen uit mkdocs.yml niet aan zijn "
                               f"eigen proces doorgeven: {error}") from None
        return writer

    def _send(self, item: object) -> None:
        stdin = self.process.stdin if self.process is not None else None
        if stdin is None or stdin.closed:
            return
        data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            stdin.write(_LENGTH.pack(len(data)) + data)
            stdin.flush()
        except OSError:  # the process has ended already: `wait` says why
            _close(stdin)

    def send_shells(self, shells: Shells) -> None:
        self._send(dict(shells))
        if self.process is not None and self.process.stdin is not None:
            _close(self.process.stdin)

    def wait(self) -> int:
        """The number of old versions written (with their index); ArchiveError when the process failed."""
        process, self.process = self.process, None
        if process is None:
            raise ArchiveError("het versiearchief is niet geschreven")
        if process.stdin is not None:
            _close(process.stdin)  # no shells sent: the process stops and says so
        code = process.wait()
        self.output.seek(0)
        text = self.output.read().decode("utf-8", errors="replace").strip()
        self.output.close()
        last = text.rsplit("\n", 1)[-1]
        if code == 0 and last.startswith(RESULT) and last[len(RESULT):].isdigit():
            return int(last[len(RESULT):])
        raise ArchiveError(f"het versiearchief kon niet worden geschreven (exitcode {code}): {text[-2000:]}")

    def stop(self) -> None:
        """A build that fails elsewhere leaves no process behind (it stops its own Pagefind)."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            _close(process.stdin)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.output.close()


def _close(stream: IO[bytes]) -> None:
    try:
        stream.close()
    except OSError:
        pass


def _receive(fd: int) -> Any:
    """The next message on `fd`; EOFError at the end of input."""
    def exactly(size: int) -> bytes:
        parts: list[bytes] = []
        while size:
            part = os.read(fd, min(size, 1 << 20))
            if not part:
                raise EOFError
            parts.append(part)
            size -= len(part)
        return b"".join(parts)
    (size,) = _LENGTH.unpack(exactly(_LENGTH.size))
    return pickle.loads(exactly(size))


def _main(fd: int) -> int:
    job: Job = _receive(fd)
    parent = os.getppid()
    received: list[Shells] = []
    ended = False

    def shells(wait: bool) -> Shells | None:
        nonlocal ended
        if received:
            return received[0]
        if ended or (not wait and not select.select([fd], [], [], 0)[0]):
            return None
        try:
            received.append(_receive(fd))
        except EOFError:  # the build stopped before MkDocs rendered the shells
            ended = True
            return None
        return received[0]

    indexing: search.Indexing | None = None

    def terminated(_signal: int, _frame: FrameType | None) -> None:
        if indexing is not None:
            indexing.stop()
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, terminated)
    try:
        written = write_all(job, publication(job), shells, stop=lambda: os.getppid() != parent)
        if written:  # the archive's own index, searched only on request, with the same addresses
            indexing = search.start_archive_index(job.target_dir)
            indexing.wait()
    except CatalogError as error:
        print(error.report(), flush=True)
        return 1
    except (ArchiveError, search.SearchIndexError) as error:
        print(str(error), flush=True)
        return 1
    print(f"{RESULT}{written}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.stdin.fileno()))
