"""Check a built site for broken internal links and anchors with LinkChecker over HTTP.

LinkChecker only checks anchors over HTTP, so the site is served on 127.0.0.1
(a free port, in a thread of this process) while it runs.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class LinkcheckError(RuntimeError):
    """The check could not run (no LinkChecker, build failed); the message is Dutch."""


@dataclass(frozen=True)
class LinkcheckResult:
    returncode: int
    """LinkChecker's exit code: 0 no problems, 1 broken links or anchors."""
    output: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No line per request on stderr."""

    def end_headers(self) -> None:
        # Lets LinkChecker go faster than 10 requests per second (see maxrequestspersecond).
        self.send_header("LinkChecker", "portaal")
        super().end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """LinkChecker often hangs up once it has the headers; that is not worth a traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, handler_class: type[SimpleHTTPRequestHandler] = _QuietHandler) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 on a free port; yield its URL."""
    handler = functools.partial(handler_class, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def linkchecker_command() -> str:
    """The LinkChecker program next to this Python, or on PATH."""
    beside = Path(sys.executable).parent / "linkchecker"
    found = str(beside) if beside.exists() else shutil.which("linkchecker")
    if found is None:
        raise LinkcheckError("LinkChecker is niet geïnstalleerd; voer 'make install' uit")
    return found


def check_url(url: str, config: Path) -> LinkcheckResult:
    """Run LinkChecker with `config` (which turns on [AnchorCheck]) on `url`.

    Run as root, LinkChecker drops to the user 'nobody': the config is copied to a
    world-readable temporary file so that user can read it wherever the project lives.
    """
    if not config.is_file():
        raise LinkcheckError(f"het instellingenbestand van LinkChecker ontbreekt: {config}")
    with tempfile.TemporaryDirectory(prefix="portaal-linkcheck-") as temp:
        folder = Path(temp)
        folder.chmod(0o755)
        readable = folder / "linkcheckerrc"
        shutil.copyfile(config, readable)
        readable.chmod(0o644)
        env = {**os.environ, "HOME": temp}
        process = subprocess.run(
            [linkchecker_command(), "--config", str(readable), "--no-status", url],
            capture_output=True, text=True, env=env, check=False, cwd=temp,
        )
    return LinkcheckResult(process.returncode, process.stdout + process.stderr)


def check_folder(folder: Path, config: Path) -> LinkcheckResult:
    """Serve a built site and check it."""
    if not (folder / "index.html").is_file():
        raise LinkcheckError(f"geen gebouwde site in {folder} (index.html ontbreekt)")
    with serve(folder) as url:
        return check_url(url, config)


def build_site(mkdocs_config: Path, target: Path) -> None:
    """Build the portal with `mkdocs build --strict` into `target`."""
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(mkdocs_config),
         "-d", str(target.resolve())],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, check=False,
    )
    if process.returncode != 0:
        raise LinkcheckError("de site kon niet worden gebouwd:\n" + process.stdout + process.stderr)


def check_project(mkdocs_config: Path, config: Path) -> LinkcheckResult:
    """Build the portal into a temporary folder, serve it and check it."""
    with tempfile.TemporaryDirectory(prefix="portaal-site-") as temp:
        site = Path(temp) / "site"
        build_site(mkdocs_config, site)
        return check_folder(site, config)
