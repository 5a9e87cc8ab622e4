"""Author HTML: every hostile construct is refused with its line and removed; the portal's
own Markdown passes unchanged; values are escaped on one path."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markupsafe
import pytest
import yaml

from portaal.cli.checks import run_check
from portaal.core import sanitize
from portaal.site import html as markup
from portaal.site.text import inline
from tests.helpers import ROOT, run_cli, write_policy
from tests.hostile import BENIGN_BODIES, HOSTILE_BODIES, HOSTILE_VALUES

TODAY = __import__("datetime").date(2026, 11, 28)
_RUNS = re.compile(r"<script|\son[a-z]+\s*=|javascript:|vbscript:|data:text|<iframe|<object|<embed|<form|<base|"
                   r"<meta|<link|<style|display:\s*none|https://evil", re.IGNORECASE)


def test_hostile_corpus_size() -> None:
    """The issue asks how many hostile inputs are tried: at least 40 bodies, 10 values."""
    assert len(HOSTILE_BODIES) >= 40
    assert len(set(HOSTILE_BODIES)) == len(HOSTILE_BODIES)
    assert len(HOSTILE_VALUES) >= 10


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_body_is_reported_and_removed(body: str) -> None:
    text = f"Eerste regel.\n\n{body}\n\nLaatste regel.\n"
    problems = sanitize.text_problems(text, first_line=20)
    assert problems, body
    assert {line for line, _ in problems} <= {22, 23, 24}  # the body sits on lines 22-24
    cleaned = sanitize.clean(sanitize.render(text))
    assert not _RUNS.search(cleaned), cleaned
    assert not re.search(r'class="[^"]*\b(?:portaal|md)-', cleaned), cleaned  # no copy of the portal's own look
    assert "Eerste regel." in cleaned and "Laatste regel." in cleaned


@pytest.mark.parametrize("body", BENIGN_BODIES)
def test_the_portals_markdown_passes_unchanged(body: str) -> None:
    assert sanitize.text_problems(body, 1) == []
    assert sanitize.findings(sanitize.render(body)) == []


def test_the_shortcut_never_skips_what_the_full_rendering_would_find() -> None:
    """Text without '<', '{', '&' or a link with a scheme is not rendered for the check."""
    for body in (*HOSTILE_BODIES, *BENIGN_BODIES):
        if sanitize.findings(sanitize.render(body)):
            assert sanitize.markdown_findings(body), body


def test_a_hostile_policy_fails_the_check_with_file_and_line(policies: Path) -> None:
    write_policy(policies, "kwaad", body="Tekst.\n\n<img src=x onerror=\"alert(1)\">\n\n[x](javascript:alert(2))\n")
    report = run_check(policies, TODAY)
    messages = [str(p) for p in report.problems]
    assert any(m.startswith("policies/kwaad.md:22: in de tekst: 'onerror' bij <img> mag niet")
               for m in messages), messages
    assert any(m.startswith("policies/kwaad.md:24: in de tekst: het adres 'javascript:alert(2)' mag niet")
               for m in messages), messages
    assert report.exit_code == 1


def test_a_hostile_theme_introduction_fails_with_its_line(policies: Path) -> None:
    path = policies / "taxonomie.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["themes"]["actueel-beleid"]["description"] = "Een regel.\n\nNog een <script>alert(1)</script>\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    text = path.read_text(encoding="utf-8").splitlines()
    line = next(number for number, content in enumerate(text, start=1) if "<script>" in content)
    report = run_check(policies, TODAY)
    assert [str(p) for p in report.problems] == [
        f"policies/taxonomie.yml:{line}: themes.actueel-beleid.description: <script> mag niet in de tekst: "
        "code in een pagina kan lezers aanvallen. Haal het weg"]


def test_check_uses_the_markdown_extensions_of_mkdocs_yml() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(item)) if isinstance(item, dict) else item for item in config["markdown_extensions"]]
    assert tuple(names) == sanitize.MARKDOWN_EXTENSIONS
    toc = next(item["toc"] for item in config["markdown_extensions"] if isinstance(item, dict) and "toc" in item)
    assert toc == sanitize.MARKDOWN_CONFIG["toc"]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_one_escaping_rule_for_text_attributes_and_templates(value: str) -> None:
    escaped = markup.escape(value)
    for form in (escaped, str(markupsafe.escape(value))):  # the templates' `e` filter: the same five characters
        assert not re.search(r"[<>\"']", form)
        assert html.unescape(form) == value
    link = markup.url_link(value, value)
    assert link.count('"') == 2 and link.count("<") == 2
    assert "<" not in inline(value) and ">" not in inline(value)


def test_an_author_cannot_pass_for_the_portals_own_form() -> None:
    # the browser test of hostile pages trusts forms marked data-portaal-form (the 404 search): authors can't mark one
    cleaned = sanitize.clean('<form data-portaal-form action="https://evil.example/"><input name="q"></form>'
                             '<p data-portaal-form>tekst</p>')
    assert "data-portaal-form" not in cleaned and "<form" not in cleaned and "<input" not in cleaned
    assert "tekst" in cleaned


def test_a_finding_after_character_references_is_on_its_own_line() -> None:
    """Entities are decoded to find a needle; the line is counted in the same decoded text."""
    text = "Eerste.\n\n" + "Een &#x20; " * 20 + "\n\n<script>x</script>\n"
    assert sanitize.text_problems(text, first_line=20) == [
        (24, "<script> mag niet in de tekst: code in een pagina kan lezers aanvallen. Haal het weg")]


def test_a_theme_description_with_a_forged_marker_fails_the_check(policies: Path) -> None:
    path = policies / "taxonomie.yml"
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    theme = next(iter(data["themes"]))
    data["themes"][theme]["description"] = "Uitleg.\n\n<!--portaal-block-0-->\n"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "--today", "2026-11-28")
    assert result.exit_code == 1
    assert "policies/taxonomie.yml" in result.output
    assert "HTML-commentaar (<!-- … -->) mag niet in de tekst" in result.output
