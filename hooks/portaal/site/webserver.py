"""Serving the built site with nginx: the Content-Security-Policy, precompressed files
and the server configuration in `deploy/nginx/`.

The build calls `write_csp` and `compress_files` on the
staged site just before it is published: they write `.portaal-csp.conf` (the CSP header with a hash for every inline
script in the site, Material has two kinds) and a `.gz` beside every text file
for nginx's `gzip_static` (the plugin leaves out the version archive's pages, which
nginx compresses when asked). `render_config` fills in the placeholders of the
server configuration; `serve` runs nginx on 127.0.0.1 with its own prefix.
"""

from __future__ import annotations

import base64
import contextlib
import getpass
import gzip
import hashlib
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Collection, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

CSP_FILE = ".portaal-csp.conf"
"""In the site root: the `add_header Content-Security-Policy ...;` line nginx includes."""
NGINX = Path(os.environ.get("PORTAAL_NGINX", "/usr/sbin/nginx"))
DEPLOY = Path("deploy") / "nginx"
SERVER_TEMPLATE = "integriteitsportaal.conf"
MAIN_TEMPLATE = "nginx-lokaal.conf"
HEADERS_TEMPLATE = "headers.conf"
COMPRESS = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".wasm", ".ics", ".csv"})
"""Files nginx serves precompressed."""

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.IGNORECASE | re.DOTALL)
_DATA_TYPE = re.compile(r"""\btype\s*=\s*["']?application/(?:ld\+)?json""", re.IGNORECASE)

WASM_NOTE = ("'wasm-unsafe-eval': de zoekfunctie (Pagefind) draait WebAssembly; zonder dit mag de browser "
             "die niet starten. Het staat geen eval() van JavaScript toe.")


def inline_script_hashes(pages: Iterable[str]) -> list[str]:
    """CSP sources ('sha256-...') for every inline script the pages run (JSON data blocks never run)."""
    found = set()
    for page in pages:
        if "<script" not in page:
            continue
        for match in _INLINE_SCRIPT.finditer(page):
            attrs = match.group("attrs")
            if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE) or _DATA_TYPE.search(attrs):
                continue
            digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
            found.add("'sha256-" + base64.b64encode(digest).decode("ascii") + "'")
    return sorted(found)


def content_security_policy(script_hashes: Iterable[str]) -> str:
    """The portal's policy: only its own files run, plus the exact inline scripts Material writes."""
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *script_hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",  # table cells aligned by Markdown (only text-align passes the sanitiser)
        "img-src 'self' data:",  # Material's icons are data: SVGs in its stylesheet
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


def write_csp(site: Path) -> str:
    """The CSP include for every inline script in the site's pages; returns the policy."""
    pages = (path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*.html")))
    policy = content_security_policy(inline_script_hashes(pages))
    (site / CSP_FILE).write_text(f'add_header Content-Security-Policy "{policy}" always;\n', encoding="utf-8")
    return policy


MIN_COMPRESS = 1024
"""Smaller files get no .gz: they gain a few bytes at most, and whether they shrink at all can depend on a
hash in their content (Pagefind's entry file), which would make the set of files differ between builds."""


def _pack(path: Path) -> None:
    """A .gz beside `path` when that is smaller (and `path` is not small, MIN_COMPRESS)."""
    data = path.read_bytes()
    if len(data) < MIN_COMPRESS:
        return
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    if len(packed) < len(data):
        Path(f"{path}.gz").write_bytes(packed)


def compress_files(folder: Path, skip: Collection[str] = (), packed: Collection[Path] = ()) -> None:
    """A .gz beside every text file in `folder` that gets smaller, except in its subfolders named in `skip`
    and the files in `packed` (a Packer did those). Two threads: zlib works outside Python's lock, so both
    processor cores pack."""
    files = [path for path in folder.rglob("*") if path.suffix in COMPRESS and path not in packed
             and path.relative_to(folder).parts[0] not in skip and path.is_file()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(_pack, files):  # re-raises the first error
            pass


class Packer:
    """The .gz files of the pages while MkDocs renders the next ones: one thread beside the build (zlib
    works outside Python's lock, so it packs on the second core). A page is packed from the file on disk,
    once MkDocs has written it: `written(path)` is called just before MkDocs writes `path`, so that page
    goes to the thread at the next call, or at `finish`."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._futures: list[Future[None]] = []
        self._next: Path | None = None
        self._packed: set[Path] = set()

    def written(self, path: Path) -> None:
        self._hand_over()
        self._next = path

    def _hand_over(self) -> None:
        if self._next is not None and self._next not in self._packed:
            self._futures.append(self._pool.submit(_pack, self._next))
            self._packed.add(self._next)
        self._next = None

    def finish(self) -> frozenset[Path]:
        """Wait for every page (re-raises the first error); returns the files it packed."""
        self._hand_over()
        for future in self._futures:
            future.result()
        self._pool.shutdown()
        return frozenset(self._packed)

    def stop(self) -> None:
        self._pool.shutdown(cancel_futures=True)


def url_prefix(site_url: str) -> str:
    """The path the site lives under ('/' or '/integriteit/'), from mkdocs.yml's site_url."""
    path = urlsplit(site_url or "/").path or "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def render_config(template: str, site: Path, prefix: str, listen: str) -> str:
    """The server configuration with its placeholders filled in."""
    if not re.fullmatch(r"/(?:[A-Za-z0-9._~-]+/)*", prefix):
        raise ValueError(f"site_url: het pad '{prefix}' kan nginx niet gebruiken (alleen letters, cijfers, - . _ ~)")
    for value in (str(site), listen):
        if re.search(r'[\s;{}"\'$\\]', value):
            raise ValueError(f"'{value}' kan niet in de nginx-configuratie (spaties, ; {{ }} of aanhalingstekens)")
    text = template.replace("@SITE@", str(site)).replace("@PREFIX@", prefix).replace("@LISTEN@", listen)
    if prefix == "/":  # no redirect from / to itself
        text = re.sub(r"^.*# only-with-prefix$\n", "", text, flags=re.MULTILINE)
    return text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def write_local_config(run: Path, site: Path, prefix: str, port: int, deploy: Path = DEPLOY) -> Path:
    """A complete nginx.conf in `run` for a loopback server (own pid, logs and temp folders)."""
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / name).mkdir(parents=True, exist_ok=True)
    server = render_config((deploy / SERVER_TEMPLATE).read_text(encoding="utf-8"), site.absolute(), prefix,
                           f"127.0.0.1:{port}")
    server = server.replace(f"/etc/nginx/{HEADERS_TEMPLATE}", str(run / HEADERS_TEMPLATE))
    (run / "server.conf").write_text(server, encoding="utf-8")
    shutil.copy(deploy / HEADERS_TEMPLATE, run / HEADERS_TEMPLATE)
    user = getpass.getuser()
    main = (deploy / MAIN_TEMPLATE).read_text(encoding="utf-8").replace("@RUN@", str(run.absolute()))
    # As root, nginx's workers would become 'nobody' and could not read a site in a private folder;
    # this server listens on 127.0.0.1 only.
    main = main.replace("@USER@", f"user {user};" if os.geteuid() == 0 else "")
    conf = run / "nginx.conf"
    conf.write_text(main, encoding="utf-8")
    return conf


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/", port: int = 0, deploy: Path = DEPLOY) -> Iterator[str]:
    """Run nginx on 127.0.0.1 for `site`; yield the base URL (with the prefix)."""
    port = port or free_port()
    with tempfile.TemporaryDirectory(prefix="portaal-nginx-") as folder:
        run = Path(folder)
        conf = write_local_config(run, site, prefix, port, deploy)
        check = subprocess.run([str(NGINX), "-t", "-q", "-p", str(run), "-c", str(conf)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise RuntimeError(f"nginx-configuratie afgekeurd:\n{check.stderr}")
        process = subprocess.Popen([str(NGINX), "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            _wait_for(port, process)
            yield f"http://127.0.0.1:{port}{prefix}"
        finally:
            process.send_signal(signal.SIGQUIT)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()


def _wait_for(port: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopte meteen: {process.stderr.read() if process.stderr else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx kwam niet op")
