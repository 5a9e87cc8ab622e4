"""The version archive written by a process of its own, on the second core, while MkDocs renders the
current pages on the first (MkDocs renders on one core).

The plugin starts it (`Writer.start`) as soon as it has read the policy set, with a `Job`: the policy set as
the plugin read and checked it (without its history), the settings, the Markdown extensions and the pages
the site will have. The process reads the git history (the plugin does not: it reads no history before
MkDocs renders) and hands it back without the texts of the versions (`Writer.history`): the current pages
and `register.json` need only the list of versions, and only once MkDocs writes pages. While MkDocs
renders, the plugin sends it each current policy page's HTML, cut at the block markers (archive.py,
`cut_marked`); the process matches the parts with the blocks (`blocks_of`). An old version reuses the
HTML of every block it shares with the current text, so only what changed goes through Markdown again.
The process makes each document's archive pages as soon as its current blocks arrive, and writes each
page into the empty page of its folder depth in Material's look (`archive.Shell`) once the plugin sends
those (MkDocs renders them before any other page, but only after all Markdown). As soon as every page is
made, it starts the archive's own search index (Pagefind) on bare copies of the old versions. The archive
waits in a folder beside the staged site, out of the current pages' index; the plugin moves it in after
`Writer.wait`. A failure there fails the build, and the previous site stays.

Protocol on the process's standard input, each message its length (8 bytes) and then its pickle (messages.py): the
`Job`; then ("current", (policy id, parts, page url)) per policy page and ("shells", depth -> Shell)
once; the end of input before the shells means the build stopped. A thread reads the input as it comes,
so the plugin never waits on a full pipe. The process's last output line is `RESULT <number of old
versions written>`; anything else is its error message (Dutch). The history goes back over a pipe of its
own, as one such message, written by a thread so that the process never waits for the plugin to read it.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Any

from ..core import history, sanitize
from ..core.model import Policy
from ..core.publication import Publication
from ..core.settings import Settings
from . import archive, messages, search
from . import pages as site

RESULT = "RESULT "
Shells = Mapping[int, archive.Shell]
MAX_HELD = 50_000_000
"""Characters of finished pages held while the shells are not there yet; beyond it the writer waits."""


class ArchiveError(Exception):
    """The archive could not be written; the message is Dutch."""


@dataclass(frozen=True)
class Job:
    portal: Publication
    """The policy set as the plugin read it, without its history (the plugin has not read it: `archive` is
    empty; the process reads the history itself)."""
    settings: Settings
    extensions: list[Any]
    extension_configs: dict[str, Any]
    known_pages: frozenset[str]
    target_dir: Path
    """Where the archive waits (the site's layout) until it moves into the site."""


def publication(job: Job) -> Publication:
    """The policy set with its history, read from git as the plugin read it (the same repository, the same
    documents, the same day)."""
    portal = job.portal
    portal.archive = history.read_archive(job.settings.policies_dir, published(portal), job.settings.today)
    return portal


def published(portal: Publication) -> list[Policy]:
    """The documents with an archive: published or withdrawn, never concepts."""
    return [p for p in portal.visible if not p.is_concept]


def finished_pages(job: Job, portal: Publication, documents: Iterable[tuple[Policy, Mapping[str, str]]]
                   ) -> Iterator[tuple[archive.ArchivePage, str]]:
    """Every archive page of `documents` (each with its current blocks) with its finished content (as the
    current pages: placeholders marked, links relative, table cells labelled, numbers and mailboxes as
    links)."""
    import markdown  # the same extensions and settings as MkDocs uses

    renderer = markdown.Markdown(extensions=job.extensions, extension_configs=job.extension_configs)

    def render(text: str) -> str:  # old texts are author input: the same allow-list as current pages
        return sanitize.clean(str(renderer.reset().convert(text)), keep_comments=True)

    for page in archive.pages(portal, portal.archive, render, job.known_pages, documents):
        yield page, site.finish_page(site.finish_html(page.content, page.url))


def write_all(job: Job, portal: Publication, documents: Iterable[tuple[Policy, Mapping[str, str]]],
              shells: Callable[[bool], Shells | None], stop: Callable[[], bool] = lambda: False,
              copies: Path | None = None, made: Callable[[], None] = lambda: None) -> int:
    """Write every archive page of `documents` into `job.target_dir`; returns the number of old versions (the
    pages of the archive's index). `shells(wait)`: the shells, or None while they are not there yet and
    `wait` is False; pages made before the shells are there wait in memory. `stop()`: give up (the build
    is gone). `copies`: where each old version also goes at once as its index copy (search.index_copy), in
    the site's layout; `made()` is called when every page is made (and every copy written)."""
    ready: Shells | None = None
    early: list[tuple[archive.ArchivePage, str]] = []
    held = 0
    indexed = 0
    for page, content in finished_pages(job, portal, documents):
        if stop():
            raise ArchiveError("de build is gestopt")
        if copies is not None and page.content.startswith(archive.INDEXED_START):
            _write_text(copies / page.url / "index.html", search.index_copy(content))
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
    made()
    if early:
        ready = shells(True)
        if ready is None:
            raise ArchiveError("de lege archiefpagina's (sjablonen) zijn niet gemaakt")
        indexed += sum(_write(job.target_dir, ready, *item) for item in early)
    return indexed


def _write(target_dir: Path, shells: Shells, page: archive.ArchivePage, content: str) -> bool:
    _write_text(target_dir / page.url / "index.html", shells[page.url.count("/")].fill(page, content))
    return page.content.startswith(archive.INDEXED_START)


def _write_text(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


SCRATCH_FREE = 2 << 30
"""Free space /dev/shm must have for the index copies (a container often gives it only 64 MB)."""


def _scratch_dir() -> str | None:
    """Memory (/dev/shm) for the index copies where there is such a folder with room to spare; else the
    temporary folder."""
    shm = Path("/dev/shm")
    try:
        roomy = shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free >= SCRATCH_FREE
    except OSError:
        roomy = False
    return str(shm) if roomy else None


class Writer:
    """The writing process, as the plugin sees it."""

    def __init__(self, process: subprocess.Popen[bytes], output: IO[bytes], history_fd: int) -> None:
        self.process: subprocess.Popen[bytes] | None = process
        self.output = output
        self.history_fd = history_fd
        """Where the process sends the history (the read end of its pipe; -1 once closed)."""

    @classmethod
    def start(cls, job: Job) -> Writer:
        """Start the process and send it `job`."""
        output = tempfile.TemporaryFile()  # not a pipe: a full pipe would stall the process until `wait`
        history_read, history_write = os.pipe()
        try:
            process = subprocess.Popen([sys.executable, "-m", __name__, str(history_write)], stdin=subprocess.PIPE,
                                       stdout=output, stderr=subprocess.STDOUT, pass_fds=(history_write,))
        except OSError as error:
            output.close()
            os.close(history_read)
            raise ArchiveError(f"het versiearchief kon niet beginnen: {error}") from None
        finally:
            os.close(history_write)  # the process has its own: the end of input when it ends
        writer = cls(process, output, history_read)
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
        data = messages.frame(item)
        try:
            stdin.write(data)
            stdin.flush()
        except OSError:  # the process has ended already: `wait` says why
            _close(stdin)

    def send_current(self, policy_id: str, parts: list[str], page_url: str) -> None:
        """A current policy page's HTML cut at the block markers (archive.cut_marked), as soon as MkDocs
        rendered it."""
        self._send(("current", (policy_id, parts, page_url)))

    def send_shells(self, shells: Shells) -> None:
        self._send(("shells", dict(shells)))
        if self.process is not None and self.process.stdin is not None:
            _close(self.process.stdin)

    def history(self) -> history.Archive:
        """The archive as the process read it from git, without the texts of the versions
        (`history.without_texts`); waits until it is read. ArchiveError when the process failed."""
        try:
            found = messages.receive(self.history_fd)
        except Exception:  # noqa: BLE001 - the process ended (or broke off) before it sent the history
            found = None
        finally:
            self._close_history()
        if isinstance(found, history.Archive):
            return found
        self.wait()  # says why the process failed
        raise ArchiveError("het versiearchief kon de geschiedenis niet lezen")

    def _close_history(self) -> None:
        fd, self.history_fd = self.history_fd, -1
        if fd >= 0:
            os.close(fd)

    def wait(self) -> int:
        """The number of old versions written (with their index); ArchiveError when the process failed."""
        self._close_history()
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
        self._close_history()
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


class _Inbox:
    """What the plugin sends while MkDocs renders, read by a thread of its own as it comes."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.changed = threading.Condition()
        self.current: dict[str, tuple[list[str], str]] = {}
        """Policy id -> its page's parts (cut at the block markers) and the page's address."""
        self.arrived: list[str] = []
        self.shells: Shells | None = None
        self.ended = False
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            # The end of input (after the shells, or the build stopped), or a message that cannot be read:
            # either way nothing more comes, and nobody may wait for it forever.
            try:
                kind, payload = messages.receive(self.fd)
            except Exception:  # noqa: BLE001
                kind, payload = "end", None
            with self.changed:
                if kind == "current":
                    policy_id, parts, page_url = payload
                    self.current[policy_id] = (parts, page_url)
                    self.arrived.append(policy_id)
                elif kind == "shells":
                    self.shells = payload
                else:
                    self.ended = True
                self.changed.notify_all()
            if kind == "end":
                return

    def documents(self, policies: Iterable[Policy]) -> Iterator[tuple[Policy, Mapping[str, str]]]:
        """The documents in the order their current pages arrive, each with its blocks (the parts of its page
        matched with the blocks of its text); those whose page never came (the build stopped) last, with no
        blocks."""
        waiting = {policy.id: policy for policy in policies}
        seen = 0
        while waiting:
            with self.changed:
                self.changed.wait_for(lambda: seen < len(self.arrived) or self.shells is not None or self.ended)
                if seen >= len(self.arrived):
                    break  # all pages are rendered (the shells come after all Markdown), or the build stopped
                policy_id = self.arrived[seen]
                parts, page_url = self.current.pop(policy_id, ([], ""))
            seen += 1
            policy = waiting.pop(policy_id, None)
            if policy is not None:
                yield policy, archive.blocks_of(parts, site.policy_body(policy), page_url)
        for policy in waiting.values():
            yield policy, {}

    def get_shells(self, wait: bool) -> Shells | None:
        with self.changed:
            if wait:
                self.changed.wait_for(lambda: self.shells is not None or self.ended)
            return self.shells


def _send_history(fd: int, archive_read: history.Archive) -> None:
    """In a thread of its own: the plugin reads it only when MkDocs starts writing pages."""
    data = messages.frame(history.without_texts(archive_read))
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
    except OSError:  # the plugin stopped listening (the build failed): nothing to tell
        pass


def _main(fd: int, history_fd: int) -> int:
    job: Job = messages.receive(fd)
    parent = os.getppid()
    inbox = _Inbox(fd)
    indexing: search.Indexing | None = None
    copies = Path(tempfile.mkdtemp(prefix="portaal-archief-index-", dir=_scratch_dir()))

    def terminated(_signal: int, _frame: FrameType | None) -> None:
        if indexing is not None:
            indexing.stop()
        shutil.rmtree(copies, ignore_errors=True)
        raise SystemExit(1)

    def made() -> None:  # the archive's own index, searched only on request, with the same addresses
        nonlocal indexing
        if any(copies.iterdir()):  # straight into the archive's folder: the copies may be on another disk
            indexing = search.start_archive_index(copies, job.target_dir / search.ARCHIVE_BUNDLE)

    signal.signal(signal.SIGTERM, terminated)
    try:
        portal = publication(job)
        if portal.archive is not None:
            threading.Thread(target=_send_history, args=(history_fd, portal.archive), daemon=True).start()
        written = write_all(job, portal, inbox.documents(published(portal)), inbox.get_shells,
                            stop=lambda: os.getppid() != parent, copies=copies, made=made)
        if indexing is not None:
            indexing.wait()
    except (ArchiveError, search.SearchIndexError) as error:
        print(str(error), flush=True)
        return 1
    finally:
        if indexing is not None:
            indexing.stop()  # after `wait` nothing is left to stop
        shutil.rmtree(copies, ignore_errors=True)
    print(f"{RESULT}{written}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.stdin.fileno(), int(sys.argv[1])))
