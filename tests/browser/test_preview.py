"""`make preview` (mkdocs serve with PORTAAL_PREVIEW): a broken document gives a Dutch error page in
the browser, at the address the owner was reading; the next save brings the page back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import make_project, policy_text

TIMEOUT_MS = 90_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("mkdocs serve stopte:\n" + log.read_text(encoding="utf-8", errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    pytest.fail("mkdocs serve start niet:\n" + log.read_text(encoding="utf-8", errors="replace")[-3000:])


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A small portal served by `mkdocs serve` in preview mode; yields (project, base URL)."""
    project = make_project(tmp_path, {"doc": {"title": "Mijn document"}})
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "PORTAAL_PREVIEW": "1", "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                   cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/beleid/doc/", process, log)
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_broken_document_shows_its_problems_in_the_browser_until_the_next_save(
        preview: tuple[Path, str], tab_factory: Any) -> None:
    project, url = preview
    tab = tab_factory(url)
    page = tab.open("beleid/doc/")
    assert page.locator("h1").inner_text() == "Mijn document"

    source = project / "policies" / "doc.md"
    broken = policy_text("doc", title="Mijn document", effective="2025-02-30", owner="niemand")
    source.write_text(broken, encoding="utf-8")
    # live reload: the page the owner is reading becomes the error page
    page.wait_for_selector("[data-portaal-preview-error]", timeout=TIMEOUT_MS)
    assert page.locator("h1").inner_text() == "Het beleid bevat fouten"
    rows = [[cell.strip() for cell in row.split("\t")]
            for row in page.locator("article table tbody tr").all_inner_texts()]
    line_of = {line.split(":", 1)[0]: number for number, line in enumerate(broken.splitlines(), start=1)}
    assert sorted(row[:3] for row in rows) == [["policies/doc.md", str(line_of["effective"]), "effective"],
                                               ["policies/doc.md", str(line_of["owner"]), "owner"]]
    messages = {row[2]: row[3] for row in rows}
    assert messages["effective"] == "deze datum bestaat niet: '2025-02-30'"
    assert messages["owner"].startswith("onbekende waarde 'niemand'; kies uit: bvi,")
    assert "Het beleid bevat 2 problemen." in page.locator("[data-portaal-preview-error]").inner_text()

    source.write_text(policy_text("doc", title="Mijn herstelde document"), encoding="utf-8")
    page.wait_for_function("() => document.querySelector('h1')?.textContent === 'Mijn herstelde document'",
                           timeout=TIMEOUT_MS)
    assert page.locator("[data-portaal-preview-error]").count() == 0
