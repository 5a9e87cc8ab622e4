"""Questions in the search (issue 15): "Beantwoordt: …", "Bedoelde je …?", route anchors, and the
finished search recorded in the portal's own access log (README: URL convention)."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import Tab
from tests.browser.searching import BOX, INPUT, RESULT, shown, wait_for_answer, wait_until_ready


def ask(page: Any, query: str) -> dict[str, Any]:
    """window.portaalZoek's answer, with the `bedoeldeJe` property the array carries."""
    answer: dict[str, Any] = page.evaluate(
        "async query => { const found = await window.portaalZoek(query);"
        " return {results: Array.from(found), bedoeldeJe: found.bedoeldeJe}; }", query)
    return answer


def test_a_result_says_which_question_it_answers(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    answer = ask(page, "steekproefsgewijs gecontroleerd")  # words only in a question of the document
    first = answer["results"][0]
    assert first["url"].endswith("beleid/monitoring-loggegevens/")
    assert first["beantwoordt"] == "Waarom word ik steekproefsgewijs gecontroleerd?"
    others = ask(page, "gedragscode")["results"]
    assert all(result["beantwoordt"] == "" for result in others if "gedragscode" not in result["url"])


def test_spelling_help_from_the_index_vocabulary(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    answer = ask(page, "klokenluider")
    assert answer["bedoeldeJe"][0] == "klokkenluider"
    assert any(r["url"].endswith("beleid/meldprocedure-integriteit/") for r in answer["results"][:3])
    assert ask(page, "klokkenluider")["bedoeldeJe"] == []  # a known word needs no help
    assert ask(page, "vertrouwenspersoom melden")["bedoeldeJe"][0] == "vertrouwenspersoon melden"


def test_a_route_question_leads_to_the_routes_anchor(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    urls = [result["url"] for result in ask(page, "werktelefoon verloren")["results"]]
    assert any(url.endswith("waar-meld-ik-wat/#melden-8") for url in urls), urls


def test_the_dialog_shows_the_question_and_records_the_finished_search(tab: Tab) -> None:
    page = tab.open("beleid/gedragscode-douane/")
    wait_until_ready(page)
    recorded: list[str] = []
    page.on("request", lambda request: recorded.append(request.url) if "zoekactie.txt" in request.url else None)
    page.locator(BOX).click()
    with page.expect_request("**/zoekactie.txt?*", timeout=10_000) as request:
        page.keyboard.type("steekproefsgewijs")
        wait_for_answer(page, "steekproefsgewijs")
    first = page.locator(".portaal-zoekresultaat").first
    assert first.locator(".portaal-zoekresultaat__vraag").text_content() == \
        "Beantwoordt: Waarom word ik steekproefsgewijs gecontroleerd?"
    sent = urlsplit(request.value.url)
    assert sent.hostname == "127.0.0.1" and sent.path.endswith("/zoekactie.txt")
    assert parse_qs(sent.query) == {"q": ["steekproefsgewijs"], "n": [str(len(shown(page)))]}
    for href in page.locator(RESULT).evaluate_all("links => links.map(link => link.getAttribute('href'))"):
        assert "?q=steekproefsgewijs" in href
    page.locator(RESULT).first.click()
    page.wait_for_url("**/beleid/monitoring-loggegevens/?q=steekproefsgewijs")
    assert len(recorded) == 1  # one finished search, recorded once


def test_bedoelde_je_is_a_button_that_searches_the_suggestion(tab: Tab) -> None:
    page = tab.open("")
    wait_until_ready(page)
    page.locator(BOX).click()
    page.keyboard.type("gedragscoode")
    wait_for_answer(page, "gedragscoode")
    meant = page.locator("[data-bedoeld]")
    assert meant.is_visible()
    assert meant.text_content() == "Bedoelde je gedragscode?"
    meant.locator("button").click()
    wait_for_answer(page, "gedragscode")
    assert page.locator(INPUT).input_value() == "gedragscode"
    assert shown(page)[0] == "gedragscode-douane"
    assert meant.is_hidden()
