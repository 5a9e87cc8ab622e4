"""Search in the browser: findability of the question table through window.portaalZoek (the function the
search box itself uses), and the search dialog as a reader uses it: typed into the real header box."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.findability import HALVES, TOP, Answer, score
from tests.browser.conftest import Tab
from tests.browser.searching import (
    BOX,
    DIALOG,
    INPUT,
    RESULT,
    STATUS,
    load_queries,
    new_results,
    search,
    shown,
    wait_for_answer,
    wait_until_ready,
)

QUERIES = load_queries()
MIN_TOP3 = {"tuning": 0.97, "check": 0.97, "vers": 0.87}
"""Share of each half with the right document in the top 3, for every kind of question except
OTHER_WORDS (measured: tuning 73/73, check 67/68 with the questions of issue 15; before them 69/73
and 64/68; with the 42 tuning questions of the third round: tuning 105/108, check 67/68; with the 129
tuning questions of 2 December 2026, after tuning on them: tuning 185/185, check 67/68; with the 68 blind
tuning questions of 2 December 2026, morning: tuning 234/244 before that round, 238/244 after it, check
67/68). The fresh check set of 2 December 2026, evening ('vers', written by someone who had not seen the
table or the search): 35/40 before anything changed. With the synonym groups of 3 December 2026 (written
from the documents alone): tuning 238/244, check 68/68, vers 36/41. A drop below fails."""
OTHER_WORDS = "vraag-buiten-tekst"
MIN_TOP3_OTHER_WORDS = {"tuning": 0.93, "check": 0.75, "vers": 0.13}
"""The same for questions in other words than their document (issue 15, written before tuning;
measured: tuning 16/16 (14/16 before loose matches counted less and separable verbs were joined;
23/23 with the questions of the third round), check 12/16 (before the spelling and compound rules of
December: 11/16); with the 129 tuning questions of 2 December 2026: tuning 73/75 (38/47 and 56/59 and
72/75 before each of the three tuning rounds), check 12/16; with the 68 blind tuning questions of
2 December 2026, morning: tuning 80/84 before that round, 81/84 after it, check 12/16; the issue's target
for the whole check half is 95 %, measured 79/84, see docs/over/prestaties.md; the fresh check set
'vers': 2/15 before anything changed: questions in words of their own are still mostly missed; with the
synonym groups of 3 December 2026: tuning 82/84, check 12/16, vers 4/14, and the whole check half 80/84,
95.2 %, the issue's target)."""
MIN_TOP3_CHECK_HALF = 0.95
"""The issue's target for the whole check half, every kind of question together (80/84 on 3 December 2026)."""
MAX_EMPTY = 0.02
"""Share of all questions without any result."""


def test_the_question_table_has_two_halves_of_new_questions() -> None:
    assert len(QUERIES) >= 120
    assert len({q.query for q in QUERIES}) == len(QUERIES)
    assert {q.half for q in QUERIES} == set(HALVES)
    new_kinds = {"vraag", "kort", "typfout", "buiten-tekst", "route", "casus", OTHER_WORDS}
    assert sum(q.kind in new_kinds for q in QUERIES) >= 60
    for kind in new_kinds:  # every kind of new question is in both halves and in the fresh check set
        assert {q.half for q in QUERIES if q.kind == kind} == set(HALVES), kind


def test_findability_of_both_halves(tab: Tab, portal_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = {path.name for path in (portal_site / "beleid").iterdir() if path.is_dir()}
    pages = {path.parent.relative_to(portal_site).as_posix() + "/" for path in portal_site.rglob("index.html")}
    for query in QUERIES:
        assert all(key in ids or key in pages for key in query.expect), query
    page = tab.open("")
    wait_until_ready(page)
    answers = [Answer(q, tuple(new_results(page, q.query))) for q in QUERIES]
    figures = score(answers)
    usual = score([a for a in answers if a.query.kind != OTHER_WORDS])
    other = score([a for a in answers if a.query.kind == OTHER_WORDS])
    with capsys.disabled():
        for half in (*HALVES, "all"):
            print(f"\n{half}: {figures[half]['top3']}/{figures[half]['queries']} in de top {TOP}, "
                  f"{figures[half]['empty']} zonder resultaat (andere woorden: {other[half]['top3']}/"
                  f"{other[half]['queries']})", end="")
        print()
    misses = figures["misses"]
    for half in HALVES:
        assert usual[half]["top3"] >= MIN_TOP3[half] * usual[half]["queries"], (half, misses)
        assert other[half]["top3"] >= MIN_TOP3_OTHER_WORDS[half] * other[half]["queries"], (half, misses)
    assert figures["check"]["top3"] >= MIN_TOP3_CHECK_HALF * figures["check"]["queries"], misses
    assert figures["all"]["empty"] <= MAX_EMPTY * figures["all"]["queries"], misses


def test_a_word_the_index_knows_only_by_a_stop_word_at_its_start_does_not_count(tab: Tab) -> None:
    # Pagefind searches a word it does not know as its longest known beginning ("overstapje" as "over",
    # "naborrel" as "na"); in the any-word search such a match is no found word, so the order stays
    page = tab.open("")
    wait_until_ready(page)
    for words, unknown in (("toegang kwijt afdeling", "overstapje"), ("screening opnieuw", "naborrel")):
        assert new_results(page, f"{words} {unknown}")[:3] == new_results(page, words)[:3], unknown


def test_a_word_found_only_by_its_known_beginning_makes_no_search_of_all_words(tab: Tab) -> None:
    # Pagefind finds "leverancier" only as "lever"; "uitnodiging lever…" (a synonym of "etentje") was counted
    # as all words and pushed out the document that has "etentje" itself
    page = tab.open("")
    wait_until_ready(page)
    assert new_results(page, "etentje leverancier")[0] == "gedragscode-douane"
    assert new_results(page, "leverancier etentje")[0] == "gedragscode-douane"


def test_a_synonym_in_no_document_helps_who_types_it_and_is_not_searched_for_the_others(tab: Tab) -> None:
    # "achtergrondcheck" (group of "screening") is in no document; Pagefind matches it loosely as "achtergrond",
    # which only the case about a photo on Instagram has
    page = tab.open("")
    wait_until_ready(page)
    assert new_results(page, "achtergrondcheck")[0] == "screening"
    assert "casus-foto-op-instagram" in new_results(page, "achtergrond")
    found = new_results(page, "screening")
    assert found[0] == "screening" and "casus-foto-op-instagram" not in found


def test_a_search_that_finds_nothing_tries_the_known_beginning_of_an_unknown_word(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    found = new_results(page, "zakenbrunch")  # Pagefind knows neither the word nor its end, but "zaken"
    assert found and found == new_results(page, "zaken")
    assert new_results(page, "qwxzyv") == []  # no known beginning: still nothing


def test_a_separable_verb_split_in_the_question_is_searched_joined(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    # "zit … vast": the document with the question "… vastzit?" first; without the particle it is not found
    assert new_results(page, "zit een collega vast")[0] == "handreiking-communicatie-aanhouding"
    assert "handreiking-communicatie-aanhouding" not in new_results(page, "zit een collega")[:3]


def test_a_compound_typed_apart_is_searched_as_the_word_it_makes(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    # apart, Pagefind found neither document in the top 3 ("neven" and "vertrouwens" alone mean little)
    assert new_results(page, "neven werkzaamheden")[0] == "nevenwerkzaamheden"
    assert new_results(page, "vertrouwens persoon")[0] == "vertrouwenspersonen"  # with a linking s
    # the words as typed still count: "scanbeelden" alone puts the case of the group chat first
    assert new_results(page, "scan beelden")[0] == "scanbeelden-integriteit"


def test_a_synonym_found_only_by_a_stop_word_at_its_start_takes_no_typed_words_place(tab: Tab) -> None:
    # Pagefind does not know "voorarrest" and searches it as "voor"; as a synonym of "opgepakt" it made the
    # search "… familie voorarrest collega" one of all words without the arrest and moved another page up
    query = "wat zeg ik tegen de familie van een opgepakte collega"
    page = tab.open("")
    wait_until_ready(page)
    usual = new_results(page, query)[:3]

    def with_unknown_synonym(route: Any) -> None:
        data = route.fetch().json()
        data["groepen"] = [[*group, "voorarrest"] if "aanhouding" in group else group for group in data["groepen"]]
        route.fulfill(json=data)

    page.route("**/zoeken/synoniemen.json", with_unknown_synonym)
    page.reload()
    wait_until_ready(page)
    assert page.evaluate("() => fetch('zoeken/synoniemen.json').then(r => r.json())"
                         ".then(d => d.groepen.some(g => g.includes('voorarrest')))")
    assert new_results(page, query)[:3] == usual == ["handreiking-communicatie-aanhouding", *usual[1:]]


def test_a_page_found_in_more_forms_of_the_question_ranks_higher(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    # "casussen" is also searched as its synonyms (casus, casuïstiek, praktijkvoorbeeld): the cases, found
    # in several of those forms, come before a page that has one of them (it was ethical leadership)
    for query in ("casussen", "praktijkvoorbeelden"):
        assert all(key.startswith("casus-") for key in new_results(page, query)[:3]), query


def test_typing_in_the_header_box_shows_results_and_announces_the_count(tab: Tab) -> None:
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    page.locator(BOX).click()  # the header box opens the dialog, focus in its search field
    assert page.locator(DIALOG).evaluate("dialog => dialog.open")
    page.keyboard.type("meldingen")
    wait_for_answer(page, "meldingen")
    assert shown(page)[0] == "meldprocedure-integriteit"
    status = page.locator(STATUS)
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert status.text_content() == f"{len(shown(page))} resultaten"
    first = page.locator(".portaal-zoekresultaat").first
    assert first.locator(".portaal-zoekresultaat__titel").text_content()
    assert first.locator("mark").count() > 0  # the words found, highlighted


def test_typing_straight_into_the_header_box_carries_on_in_the_dialog(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    page.locator(BOX).press_sequentially("klokkenluiders")
    wait_for_answer(page, "klokkenluiders")
    assert page.locator(INPUT).input_value() == "klokkenluiders"
    assert "meldprocedure-integriteit" in shown(page)[:3]


def focused(page: Any) -> str:
    result: str = page.evaluate("() => document.activeElement.id || document.activeElement.getAttribute('href') || ''")
    return result


@pytest.mark.parametrize("shortcut", ["/", "Control+k"])
def test_keyboard_only_open_choose_and_escape_back(tab: Tab, shortcut: str) -> None:
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    page.keyboard.press("Tab")  # somewhere on the page: the skip link
    before = focused(page)
    page.keyboard.press(shortcut)
    assert page.locator(DIALOG).evaluate("dialog => dialog.open")
    assert focused(page) == "portaal-zoekvraag"
    page.keyboard.type("geschenken")
    wait_for_answer(page, "geschenken")
    results = page.locator(RESULT)
    page.keyboard.press("ArrowDown")
    assert focused(page) == results.nth(0).get_attribute("href")
    page.keyboard.press("ArrowDown")
    assert focused(page) == results.nth(1).get_attribute("href")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert focused(page) == "portaal-zoekvraag"
    page.keyboard.press("Escape")
    assert not page.locator(DIALOG).evaluate("dialog => dialog.open")
    assert focused(page) == before  # back where the reader was


def test_enter_opens_the_best_result(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    page.keyboard.press("/")
    page.keyboard.type("klokkenluiders")
    wait_for_answer(page, "klokkenluiders")
    page.keyboard.press("Enter")
    page.wait_for_url("**/beleid/meldprocedure-integriteit/**")


def test_role_filter_shows_only_what_applies_and_is_remembered(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    assert "scanbeelden-integriteit" in search(page, "scanbeeld")
    chip = page.locator('.portaal-chip[data-filter="rol"][data-value="Leidinggevenden"]')
    chip.click()
    assert chip.get_attribute("aria-pressed") == "true"
    wait_for_answer(page, "scanbeeld")
    page.wait_for_function("() => !document.querySelector("
                           "'.portaal-zoekresultaat a[href*=\"scanbeelden-integriteit/?\"]')")
    assert "scanbeelden-integriteit" not in shown(page)  # for Scan en detectie only
    assert page.get_by_text("Alleen wat geldt voor mij: Leidinggevenden").is_visible()
    # documents for all employees apply to managers too (inheritance)
    assert "gedragscode-douane" in search(page, "geschenken")
    # theme and type chips carry display names
    assert page.locator('.portaal-chip[data-filter="soort"][data-value="Casus"]').count() == 1
    assert page.locator('.portaal-chip[data-filter="thema"][data-value="Ethisch leiderschap"]').count() == 1
    page.keyboard.press("Escape")
    page.reload()
    wait_until_ready(page)
    page.keyboard.press("/")
    chip = page.locator('.portaal-chip[data-filter="rol"][data-value="Leidinggevenden"]')
    chip.wait_for()
    assert chip.get_attribute("aria-pressed") == "true"  # remembered on this device


def test_withdrawn_documents_only_on_request_and_never_above_their_successor(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    found = search(page, "gedragsregels")
    assert "gedragsregels-haven-rotterdam" not in found and found[0] == "gedragscode-douane"
    option = page.get_by_label("ook vervallen documenten")
    assert option.is_visible()
    option.check()
    page.wait_for_function("() => !!document.querySelector("
                           "'.portaal-zoekresultaat a[href*=\"gedragsregels-haven-rotterdam/?\"]')")
    found = shown(page)
    assert found.index("gedragscode-douane") < found.index("gedragsregels-haven-rotterdam")
    assert "(vervallen)" in (page.locator(".portaal-zoekresultaat", has_text="Rotterdam").text_content() or "")


def test_no_results_says_so_and_offers_the_role_pages_and_the_a_to_z_list(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    assert search(page, "qwxzyv") == []
    assert page.locator(STATUS).text_content() == 'Geen resultaten voor "qwxzyv".'
    empty = page.locator("[data-leeg]")
    assert empty.is_visible()
    hrefs = empty.locator("a").evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert hrefs == ["./rollen/", "./beleid/"] or hrefs == ["rollen/", "beleid/"]


def test_search_loads_only_from_the_portal(tab: Tab) -> None:
    # the tab fixture aborts and records any other host; the index itself comes from the portal
    loaded: list[str] = []
    tab.page.on("requestfinished", lambda request: loaded.append(request.url))
    page = tab.open("")
    wait_until_ready(page)
    search(page, "vertrouwenspersoon")
    assert any("/pagefind/pagefind.js" in url for url in loaded)
    assert any("/pagefind/fragment/" in url for url in loaded)
    assert any(url.endswith("/zoeken/synoniemen.json") for url in loaded)
    assert all(url.startswith(tab.base) for url in loaded)


def test_without_javascript_the_search_field_leads_to_the_a_to_z_list(tab_factory: Any, portal_url: str) -> None:
    tab = tab_factory(portal_url, java_script_enabled=False)
    page = tab.open("beleid/gedragscode-douane/")
    page.locator(BOX).fill("geschenk")
    page.locator(BOX).press("Enter")
    page.wait_for_url("**/beleid/?q=geschenk")
    assert page.locator("h1").first.text_content() == "Alle documenten"


def test_slash_in_the_empty_header_box_opens_the_search_and_types_nothing(tab: Tab) -> None:
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert focused(page) == "portaal-zoekveld"  # back in the header box
    page.keyboard.press("/")
    assert page.locator(DIALOG).evaluate("dialog => dialog.open")
    assert page.locator(INPUT).input_value() == ""
    page.keyboard.type("geschenken")
    wait_for_answer(page, "geschenken")


def test_on_a_phone_the_filters_fold_away_so_the_results_come_first(tab_factory: Any, portal_url: str) -> None:
    tab = tab_factory(portal_url, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = tab.open("")
    wait_until_ready(page)
    page.locator(".portaal-zoekveld").click()
    found = search(page, "geschenken")
    assert len(found) >= 3
    fold = page.locator(".portaal-zoekvenster__filterkeuze")
    fold.wait_for()
    assert not fold.evaluate("details => details.open")
    assert (fold.locator("summary").text_content() or "") == "Filters: rol, thema, soort"
    third = page.locator(RESULT).nth(2).bounding_box()
    assert third is not None and third["y"] + third["height"] <= 740, third  # three results on the first screen
    fold.locator("summary").click()
    chip = page.locator('.portaal-chip[data-filter="rol"][data-value="Leidinggevenden"]')
    chip.click()
    assert (fold.locator("summary").text_content() or "") == "Filters (1 gekozen)"


def test_no_result_with_filters_says_so_and_searches_without_them(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    search(page, "scanbeelden")
    page.locator('.portaal-chip[data-filter="soort"][data-value="Casus"]').click()
    page.locator('.portaal-chip[data-filter="rol"][data-value="Vertrouwenspersonen"]').click()
    found = search(page, "screening")  # no case is about screening for confidential advisers
    assert found == []
    status = page.locator(STATUS).text_content() or ""
    assert status == 'Geen resultaten voor "screening" met de filters Vertrouwenspersonen, Casus.'
    assert "Er staan filters aan." in (page.locator("[data-leeg]").text_content() or "")
    page.get_by_role("button", name="Zoek zonder filters").click()
    page.wait_for_function("() => document.querySelectorAll('.portaal-zoekresultaat a').length > 0")
    assert page.locator('.portaal-chip[aria-pressed="true"]').count() == 0
