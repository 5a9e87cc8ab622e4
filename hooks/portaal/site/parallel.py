"""Part of the policy pages made by a copy of the build, on a second core: their Markdown, then their templates.

MkDocs makes every page on one core, one after another, and most pages are policy pages. The plugin forks the
build process twice, each time once MkDocs has what a page needs:

- on_nav (after the other plugins): the copy (a helper) renders policy pages' Markdown. For a page the helper
  did, the plugin hands MkDocs an empty text (nothing to render) and puts the helper's result in its place in
  on_page_content: what MkDocs' own `Page.render` gave in the helper, which is the same process up to the fork
  (the HTML, the table of contents, the anchors on the page and its links to anchors elsewhere: the public
  attributes `render` sets besides the title from the first heading, and a policy page takes its title from its
  front matter), finished as the plugin's on_page_content finishes it (the plugin passes the work).
- on_env (all Markdown done): a second helper puts policy pages in their template and writes them, with MkDocs'
  own step for one page (`build`). For such a page the template renders nothing (`portaal_elsewhere` in
  main.html), MkDocs writes nothing and its "Page skipped" line is left out (`SkippedPages`); the build hands the
  written page to Pagefind and packs it, as any page.

Each time the helper takes pages from the end of the list and MkDocs from the start, until they meet. Each page
is claimed once: a byte per page in memory the two processes share, set under a lock. A helper runs at nice NICE:
it takes only processor time the archive's writer, Pagefind's service and the build leave, and a page it does
not get to, the build takes.

Every message and error stays MkDocs' own: a page for which the helper logged anything (at any level), warned
or failed comes back empty, and the build does that page itself, with the same messages and the same `--strict`
count as without a helper. When a helper dies, or a page it claimed does not come within PAGE_WAIT, the build
stops it and does the rest itself.

Only for `mkdocs build` (not `serve`, not `--dirty`, not `-v`: every debug line stays in order), on a machine
with a second core, in a process with a single thread: a fork copies only the thread that forks, and a lock
another thread held would stay locked in the copy. `parallel: false` under `- portaal:` turns it off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import logging
import os
import signal
import threading
import time
import warnings
from collections.abc import Callable, Container, Sequence
from dataclasses import dataclass
from multiprocessing import Lock, RawArray
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

from . import messages

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.files import File, Files

_FREE, _BUILD, _HELPER = 0, 1, 2
LOCK_WAIT = 10.0
"""Seconds the build waits for the claim lock; longer means the helper died holding it: the build goes on
alone."""
END_WAIT = 10.0
"""Seconds the build waits for the helper to end once every page is rendered; then it is killed."""
NICE = 19
"""A helper gets only processor time nothing else wants: on two cores the second one is often busy already
(the archive's writer, Pagefind's service), and a page the helper does not get to, the build takes itself."""
PAGE_WAIT = 20.0
"""Seconds the build waits for a page the helper claimed (a page takes milliseconds); longer means the helper
hangs: it is killed and the build renders the rest alone."""


@dataclass(frozen=True)
class Rendered:
    """What `Page.render` set on a page, as the helper sends it (its HTML finished as the plugin's
    on_page_content finishes it)."""

    content: str
    toc: Any
    anchors: set[str] | None
    links: dict[str, dict[str, str]] | None
    """Links to anchors on other pages: the other page's path (src_uri) -> anchor -> the link as written."""
    parts: list[str] = dataclasses.field(default_factory=list)
    """What the plugin made of the HTML in on_page_content besides the HTML itself (a policy page's blocks for
    the version archive), when the helper did that too."""


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
        self.results: dict[int, object] = {}
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
    def start(cls, files: Sequence[File], work: Callable[[File], object]) -> Helper | None:
        """Fork the helper for the pages of `files` (in MkDocs' order), each done with `work` in the helper (its
        result goes back to the build, None: the build does that page itself); None when it cannot start."""
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
                with contextlib.suppress(OSError):  # only the time the other processes leave: the archive's
                    os.nice(NICE)                  # writer, Pagefind and the build itself go first
                os.close(read_fd)
                code = _help(files, work, claims, lock, write_fd)
            finally:
                os._exit(code)
        gc.unfreeze()
        os.close(write_fd)
        return cls(pid, read_fd, [file.src_uri for file in files], claims, lock)

    def take(self, path: str) -> Any:
        """The helper's result for the page at `path` (waiting for it when the helper has claimed it); None:
        the build does the page itself."""
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
            while True:
                number, rendered = messages.receive(fd)
                with self.changed:
                    self.results[number] = rendered
                    self.changed.notify_all()
        except Exception:  # noqa: BLE001, S110 - the end of input, or a helper that breaks off: the build does the rest
            pass
        finally:
            os.close(fd)
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


def _help(files: Sequence[File], work: Callable[[File], object], claims: Any, lock: Any, fd: int) -> int:
    """In the helper: claim pages from the end of the list and do them, until the build has the next one."""
    seen = _listen()
    with os.fdopen(fd, "wb") as out:
        for number in range(len(files) - 1, -1, -1):
            with lock:
                if claims[number] != _FREE:
                    break
                claims[number] = _HELPER
            before = seen.count
            try:
                result: object = work(files[number])
            except Exception:  # noqa: BLE001 - the build does the page again and reports the error itself
                result = None
            if seen.count != before:
                result = None
            out.write(messages.frame((number, result)))
            out.flush()
    return 0


def render(file: File, config: MkDocsConfig, files: Files) -> Rendered:
    """In the helper: a page's Markdown as MkDocs' build renders it (`_populate_page` up to on_page_content)."""
    page = file.page if file.page is not None else Page(None, file, config)
    page = config.plugins.on_pre_page(page, config=config, files=files)
    page.read_source(config)
    assert page.markdown is not None  # noqa: S101 - read_source sets it
    page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
    page.render(config, files)
    links = None if page.links_to_anchors is None else {
        target.src_uri: dict(anchors) for target, anchors in page.links_to_anchors.items()}
    return Rendered(page.content or "", page.toc, page.present_anchor_ids, links)


def build(file: File, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: Environment) -> bool:
    """In the helper: a page in its template, written to the site, by MkDocs' own step for it (its name
    starts with `_`, but it is the one function that does exactly what the build does for a page)."""
    from mkdocs.commands.build import _build_page

    assert file.page is not None  # noqa: S101 - MkDocs made every page before on_env
    _build_page(file.page, config, doc_files, nav, env)
    return True


class SkippedPages(logging.Filter):
    """MkDocs says "Page skipped: '…'. Generated empty output." at INFO for each page the helper wrote (the
    build renders it as nothing); those lines are dropped, any other stays."""

    START, END = "Page skipped: '", "'. Generated empty output."

    def __init__(self, paths: Container[str]) -> None:
        super().__init__()
        self.paths = paths
        """The pages the helper wrote (a set the plugin fills as it hands pages over)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(self.START) and message.endswith(self.END):
            return message[len(self.START):-len(self.END)] not in self.paths
        return True
