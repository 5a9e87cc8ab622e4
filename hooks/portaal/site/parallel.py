"""The Markdown of the policy pages on two cores: a copy of the build renders part of them.

MkDocs turns every page's Markdown into HTML on one core, one page after another, and most pages are
policy pages. Once MkDocs knows every page (on_nav, after the other plugins), the plugin forks the build
process. The copy (the helper) renders policy pages from the end of the list; MkDocs renders them from the
start, in its own order, until the two meet. Each page is claimed once: a byte per page in memory the two
processes share, set under a lock. For a page the helper claimed, the plugin hands MkDocs an empty text
(nothing to render) and puts the helper's result in its place in on_page_content, before anything else
there. The result is what MkDocs' own `Page.render` gave in the helper, which is the same process up to
that moment: the HTML, the table of contents, the anchors on the page and its links to anchors elsewhere
(these public attributes of the page are all that `render` sets besides the title from the first heading,
and a policy page takes its title from its front matter).

Every message and error stays MkDocs' own: a page whose rendering in the helper logged anything (at any
level), warned or failed comes back empty, and the build renders that page itself, with the same messages
and the same `--strict` count as without the helper. When the helper dies, or stops answering, the build
renders what is left itself; it only waits for a page the helper has claimed.

Only for `mkdocs build` (not `serve`, not `--dirty`, not `-v`: every debug line stays in order), on a machine
with a second core, in a process with a single thread: a fork copies only the thread that forks, and a lock
another thread held would stay locked in the copy. `parallel: false` under `- portaal:` turns it off.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import struct
import threading
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing import Lock, RawArray
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files

_FREE, _BUILD, _HELPER = 0, 1, 2
_LENGTH = struct.Struct(">Q")
LOCK_WAIT = 10.0
"""Seconds the build waits for the claim lock; longer means the helper died holding it: the build goes on
alone."""
END_WAIT = 10.0
"""Seconds the build waits for the helper to end once every page is rendered; then it is killed."""
PAGE_WAIT = 20.0
"""Seconds the build waits for a page the helper claimed (a page takes milliseconds); longer means the helper
hangs: it is killed and the build renders the rest alone."""


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` set on a page, as the helper sends it."""

    content: str
    toc: Any
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    """Links to anchors on other pages: the other page's path (src_uri) -> anchor -> the link as written."""


def usable(command: str, dirty: bool) -> bool:
    """Whether a helper may render: `mkdocs build`, a second core, one thread, no debug output (MkDocs logs on
    `mkdocs`, ProperDocs on `properdocs`)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    quiet = all(logging.getLogger(name).getEffectiveLevel() > logging.DEBUG for name in ("mkdocs", "properdocs"))
    return (command == "build" and not dirty and hasattr(os, "fork") and cores >= 2
            and threading.active_count() == 1 and quiet)


class Helper:
    """The helper, as the build sees it."""

    def __init__(self, pid: int, fd: int, paths: Sequence[str], claims: Any, lock: Any) -> None:
        self.pid: int | None = pid
        self.index = {path: number for number, path in enumerate(paths)}
        self.claims = claims
        self.lock = lock
        self.results: dict[int, Rendered | None] = {}
        self.changed = threading.Condition()
        self.ended = False
        self.alone = False
        """True once the helper failed the build (the lock or a claimed page did not come in time): it is
        stopped, and the build renders every page it has not taken yet."""
        self.taken = 0
        """Pages whose rendering the build took from the helper."""
        self.thread = threading.Thread(target=self._read, args=(fd,), daemon=True)
        self.thread.start()

    @classmethod
    def start(cls, files: Sequence[File], config: MkDocsConfig, all_files: Files) -> Helper | None:
        """Fork the helper for the pages of `files` (in MkDocs' order); None when it cannot start."""
        if len(files) < 2:
            return None
        try:
            claims = RawArray("b", len(files))
            lock = Lock()  # a semaphore the two processes share (none on a system without /dev/shm)
            read_fd, write_fd = os.pipe()
        except (OSError, ImportError):
            return None
        gc.freeze()  # no collection in the helper touches (and so copies) the build's objects
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            os.close(read_fd)
            os.close(write_fd)
            return None
        if pid == 0:  # the helper: never returns
            code = 1
            try:
                os.close(read_fd)
                code = _help(files, config, all_files, claims, lock, write_fd)
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(write_fd)
        return cls(pid, read_fd, [file.src_uri for file in files], claims, lock)

    def take(self, path: str) -> Rendered | None:
        """The helper's rendering of the page at `path` (waiting for it when the helper has claimed it);
        None: the build renders the page itself."""
        number = self.index.get(path)
        if number is None or self.alone:
            return None
        if not self.lock.acquire(timeout=LOCK_WAIT):
            self.alone = True
            self.stop()
            return None
        try:
            if self.claims[number] == _FREE:
                self.claims[number] = _BUILD
                return None
        finally:
            self.lock.release()
        with self.changed:
            arrived = self.changed.wait_for(lambda: number in self.results or self.ended, timeout=PAGE_WAIT)
            rendered = self.results.pop(number, None)
        if not arrived:
            self.alone = True
            self.stop()
        self.taken += rendered is not None
        return rendered

    def _read(self, fd: int) -> None:
        try:
            with os.fdopen(fd, "rb") as stream:
                while True:
                    head = stream.read(_LENGTH.size)
                    if len(head) < _LENGTH.size:
                        break
                    (size,) = _LENGTH.unpack(head)
                    data = stream.read(size)
                    if len(data) < size:
                        break
                    number, rendered = pickle.loads(data)  # noqa: S301 - our own fork, over our own pipe
                    with self.changed:
                        self.results[number] = rendered
                        self.changed.notify_all()
        except Exception:  # noqa: BLE001, S110 - a helper that breaks off: the build renders the rest
            pass
        finally:
            with self.changed:
                self.ended = True
                self.changed.notify_all()

    def finish(self) -> None:
        """Every page is rendered: the helper has nothing left to claim and ends (or is ended)."""
        pid, self.pid = self.pid, None
        if pid is None:
            return
        deadline = time.monotonic() + END_WAIT
        while time.monotonic() < deadline:
            try:
                if os.waitpid(pid, os.WNOHANG) != (0, 0):
                    break
            except ChildProcessError:  # already reaped
                break
            time.sleep(0.01)
        else:
            _kill(pid)
        self.thread.join(timeout=END_WAIT)

    def stop(self) -> None:
        """The build failed: the helper goes at once."""
        pid, self.pid = self.pid, None
        if pid is not None:
            _kill(pid)


def apply(rendered: Rendered, page: Page, files: Files) -> str:
    """Put the helper's rendering on `page` as MkDocs' `render` would have; returns the HTML."""
    page.toc = rendered.toc
    page.present_anchor_ids = rendered.anchors
    if rendered.links is not None:
        links: dict[File, dict[str, str]] = {}
        for path, anchors in rendered.links.items():
            target = files.get_file_from_path(path)
            if target is not None:
                links[target] = anchors
        page.links_to_anchors = links
    return rendered.content


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


class _Seen(logging.Handler):
    """In the helper: every log record and warning, counted, never shown."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _listen() -> _Seen:
    seen = _Seen()
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger))]
    for logger in loggers:
        if logger.handlers:
            logger.handlers = [seen]
    logging.lastResort = seen

    def warned(*_args: object, **_kwargs: object) -> None:
        seen.count += 1

    warnings.showwarning = warned
    return seen


def _help(files: Sequence[File], config: MkDocsConfig, all_files: Files, claims: Any, lock: Any, fd: int) -> int:
    """In the helper: claim and render pages from the end of the list until the build has the next one."""
    seen = _listen()
    with os.fdopen(fd, "wb") as out:
        for number in range(len(files) - 1, -1, -1):
            with lock:
                if claims[number] != _FREE:
                    break
                claims[number] = _HELPER
            before = seen.count
            try:
                rendered: Rendered | None = _render(files[number], config, all_files)
            except Exception:  # noqa: BLE001 - the build renders it again and reports the error itself
                rendered = None
            if seen.count != before:
                rendered = None
            data = pickle.dumps((number, rendered), protocol=pickle.HIGHEST_PROTOCOL)
            out.write(_LENGTH.pack(len(data)) + data)
            out.flush()
    return 0


def _render(file: File, config: MkDocsConfig, files: Files) -> Rendered:
    """A page's Markdown as MkDocs' build renders it (`_populate_page` up to on_page_content)."""
    page = file.page if file.page is not None else Page(None, file, config)
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None  # noqa: S101 - read_source sets it
    page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    links = None if page.links_to_anchors is None else {
        target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
    return Rendered(page.content or "", page.toc, page.present_anchor_ids, links)
