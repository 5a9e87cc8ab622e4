"""Dutch search in the real search box: inflected forms, synonyms and prefixes find the right document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import TODAY, Tab, copy_project, serve
from tests.browser.searching import hit_rate, load_queries, search, top_policies, wait_until_ready
from tests.helpers import build

QUERIES = load_queries()
MIN_HIT_RATE = 0.9
"""The Dutch search must put the expected document in the top 3 for at least this share of the table."""


@pytest.fixture(scope="module")
def plain_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same portal with Material's plain search (extra.portaal.dutch_search: false)."""
    site = build(copy_project(tmp_path_factory.mktemp("plain"), dutch_search="false"), today=TODAY)
    yield from serve(site)


def report(label: str, hits: int, misses: list[Any]) -> str:
    lines = [f"{label}: {hits}/{len(QUERIES)} in de top 3"]
    lines += [f"  mis: {q.query!r} ({q.kind}) -> verwacht {q.expect}, kreeg {found}" for q, found in misses]
    return "\n".join(lines)


def test_the_query_table_is_big_enough() -> None:
    assert len(QUERIES) >= 40
    assert len({q.query for q in QUERIES}) == len(QUERIES)


def test_dutch_search_beats_plain_material(tab: Tab, tab_factory: Any, plain_url: str,
                                           portal_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = {path.name for path in (portal_site / "beleid").iterdir() if path.is_dir()}
    assert {q.expect for q in QUERIES} <= ids, "the table names documents the portal does not have"

    plain = tab_factory(plain_url, viewport={"width": 1280, "height": 800})
    plain.open("")
    before, before_misses = hit_rate(plain.page, QUERIES)
    tab.open("")
    after, after_misses = hit_rate(tab.page, QUERIES)

    with capsys.disabled():
        print("\n" + report("Materials gewone zoekfunctie", before, before_misses))
        print(report("Nederlandse zoekfunctie", after, after_misses))
    assert after >= MIN_HIT_RATE * len(QUERIES), report("Nederlandse zoekfunctie", after, after_misses)
    assert after > before


def test_every_word_typed_so_far_still_finds_the_document(tab: Tab) -> None:
    # prefix search while typing survives the stemming: each stage of typing "nevenwerkzaamheden"
    page = tab.open("")
    wait_until_ready(page)
    word = "nevenwerkzaamheden"
    for end in range(5, len(word) + 1):
        assert "nevenwerkzaamheden" in top_policies(search(page, word[:end])), word[:end]


def test_results_show_no_missing_terms(tab: Tab) -> None:
    # one stem per typed word: Material never marks the word the reader typed as "Ontbreekt",
    # also not on documents found through another form of it
    page = tab.open("")
    wait_until_ready(page)
    search(page, "meldingen")
    assert page.locator(".md-search-result__item").count() > 0
    assert page.locator(".md-search-result__terms").count() == 0


def test_search_syntax_is_left_alone(tab: Tab) -> None:
    # a word with Material's "-" (must not contain) stays as typed and still works
    page = tab.open("")
    wait_until_ready(page)
    with_corruption = search(page, "omkoping")
    without = search(page, "omkoping -corruptie")
    assert "handreiking-weerbaarheid-corruptie" in top_policies(with_corruption)
    assert "beleid/handreiking-weerbaarheid-corruptie/" not in without
