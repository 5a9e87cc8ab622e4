"""`portaal check` renders a policy's Markdown for the sanitiser only when the text could hold
something to remove: an ampersand in ordinary text ("P&O") no longer costs a rendering, an ampersand
in a link address still does (a character reference can hide a scheme there)."""

from __future__ import annotations

import pytest

from portaal.core import sanitize

HIDDEN_SCHEMES = (
    "[klik](javascript&#58;alert(1))",
    "[klik](java&#115;cript&#x3A;alert(1))",
    "![plaatje](javascript&#58;alert(1))",
    "[klik]: javascript&#58;alert(1)\n\n[klik]",
    "   [klik]:\n   javascript&#58;alert(1)\n\n[klik]",
    "[klik](\n  javascript&#58;alert(1))",
    "[klik\nhier](javascript&#58;alert(1))",
)
PLAIN = (
    "De afdeling P&O helpt je. Vraag het aan P&O of aan B&I.\n\nZie [de gedragscode](gedragscode.md).\n",
    "| Wie | Wat |\n|---|---|\n| P&O | personeelszaken |\n",
    "R&D &amp; P&O, 5 &lt; 6\n\n- [Melden](meldprocedure.md)\n- P&O\n",
)


@pytest.mark.parametrize("body", HIDDEN_SCHEMES)
def test_a_scheme_hidden_in_a_character_reference_is_still_found(body: str) -> None:
    text = f"Eerste regel.\n\n{body}\n\nLaatste regel.\n"
    assert sanitize.findings(sanitize.render(text)), "the full rendering must find it (else this case tests nothing)"
    assert sanitize.markdown_findings(text) == sanitize.findings(sanitize.render(text))


@pytest.mark.parametrize("body", PLAIN)
def test_text_with_an_ampersand_outside_links_is_not_rendered(body: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert sanitize.findings(sanitize.render(body)) == []

    def no_rendering(text: str) -> str:
        raise AssertionError("rendered")

    monkeypatch.setattr(sanitize, "render", no_rendering)
    assert sanitize.markdown_findings(body) == []
