"""The reader's-speed benchmark (`bench/reader.py`) measures on the page's own clock.

Playwright's `wait_for_selector` polls with growing pauses (up to 500 ms), so the moment it notices a
result says little about when the reader saw it. These tests use a small page whose result appears a
known time after the first keystroke, and a search request before it and one after it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench import reader

RESULT_AFTER_MS = 600
PAGE = f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Zoeken</title></head>
<body>
<form><input id="portaal-zoekveld" aria-label="Zoeken"></form>
<ol id="lijst"></ol>
<script>
  let started = false;
  document.addEventListener("keydown", () => {{
    if (started) return;
    started = true;
    fetch("pagefind/voor.txt");
    setTimeout(() => {{
      const item = document.createElement("li");
      item.className = "portaal-zoekresultaat";
      item.textContent = "Gedragscode";
      document.getElementById("lijst").append(item);
      setTimeout(() => fetch("pagefind/na.txt"), 100);
    }}, {RESULT_AFTER_MS});
  }});
</script>
</body></html>
"""


def fixture_site(folder: Path) -> Path:
    (folder / "pagefind").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "pagefind" / "voor.txt").write_text("v" * 3000, encoding="utf-8")
    (folder / "pagefind" / "na.txt").write_text("n" * 50_000, encoding="utf-8")
    return folder


def test_the_time_is_when_the_page_showed_the_result_not_when_the_test_noticed(browser: Any, tmp_path: Path) -> None:
    with reader.serve_gzip(fixture_site(tmp_path)) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="load")
        reader.start_typing(page, "#portaal-zoekveld", ".portaal-zoekresultaat", "meldingen")
        time.sleep(3)  # the test looks late on purpose
        ms, _ = reader.page_clock(page)
        context.close()
    assert RESULT_AFTER_MS <= ms < 2500, ms


def test_a_run_counts_the_bytes_sent_before_the_result_only(browser: Any, tmp_path: Path) -> None:
    with reader.serve_gzip(fixture_site(tmp_path)) as url:
        run = reader.one_run(browser, url, old=False)
    assert run.ms_to_results >= RESULT_AFTER_MS
    sent = dict((name, size) for name, size, _ in reader.SENT)
    voor = sent["/pagefind/voor.txt"]
    assert voor < 3000  # compressed, as a web server sends text
    assert run.bytes_search == voor  # the request after the result is not counted, even when it was sent
    assert run.bytes_total > voor  # the page itself
