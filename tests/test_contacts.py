"""Phone numbers and mailboxes become tel:/mailto: links in one place, for content and data files alike;
table cells carry their column heading for the phone layout."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from portaal.site import contacts
from portaal.site.contacts import link_contacts, tel_href
from portaal.site.tables import label_cells
from tests.helpers import build, make_project


@pytest.mark.parametrize(
    ("written", "href"),
    [
        ("088-151 2000", "tel:+31881512000"),       # the usual Dutch way
        ("(088) 151 20 00", "tel:+31881512000"),    # area code in brackets, pairs
        ("+31 (0)88 151 2000", "tel:+31881512000"),  # international with the (0)
        ("0031 88 151 2000", "tel:+31881512000"),
        ("06-12345678", "tel:+31612345678"),        # mobile
        ("0800-1234", "tel:+318001234"),            # free number, 8 digits
        ("0900-123 4567", "tel:+319001234567"),     # service number, 11 digits
        ("112", "tel:112"),                         # emergency
    ],
)
def test_numbers_are_normalised_for_tel(written: str, href: str) -> None:
    assert tel_href(written) == href
    assert link_contacts(f"<p>Bel {written}.</p>") == f'<p>Bel <a class="portaal-tel" href="{href}">{written}</a>.</p>'


@pytest.mark.parametrize(
    "text",
    [
        "<p>Ingang 2026-03-01, versie 1.12, om 08.30 uur, € 1.112.</p>",      # dates, versions, times, amounts
        '<p><a href="/x/">088-151 2000</a></p>',                               # already a link
        "<p><code>088-151 2000</code> <pre>bvi@douane.nl</pre></p>",          # code
        '<p title="088-151 2000 bvi@douane.nl">x</p>',                         # attributes
        "<script>var n = '088-151 2000'; if (a<b) {}</script>",                # scripts
        "<p>[TE BEVESTIGEN: 088-000 0000] en [TE BEVESTIGEN: x@douane.example]</p>".replace(  # marked placeholders
            "[TE BEVESTIGEN: ", '<mark class="portaal-placeholder">TE BEVESTIGEN: ').replace("]", "</mark>"),
        "<p>artikel 1120, 088-151 200 (te kort), 088-151 20000 (te lang)</p>",
    ],
)
def test_what_is_not_a_contact_stays_as_it_is(text: str) -> None:
    assert link_contacts(text) == text


_PIECES = st.sampled_from([
    "<p>", "</p>", "<a href='x'>", "</a>", "<code>", "</code>", "<!-- 088 -->", "<br/>", "<td>", "</td>", "<svg>",
    "</svg>", '<mark class="portaal-placeholder">', "</mark>", "<script>", "</script>", "<a-b>",
    "088-151 2000", "+31 88 151 2000", "0031", "(088) 151 20 00", "088) 151 2000", "0800-1234", "0900-123 4567",
    "112", "06-12345678", "\u0660\u0668\u0668\u0661\u0665\u0661\u0662\u0660\u0660\u0660",
    "bvi@douane.nl", "a.b@c.example", "[TE BEVESTIGEN: x]", "[TE BEVESTIGEN: 088-151 2000]",
    "@", ".", "-", "+", "/", ":", "&", "#", "=", "(", ")", " ", "\u00a0", "\n", "x", "artikel", "2026-03-01",
    "0", "1", "8", "[", "]",
])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=24).map("".join))
def test_the_shortcut_skips_only_what_the_walk_leaves_alone(markup: str) -> None:
    """Most pages hold nothing to link and are passed over in one quick scan; that gives the same page."""
    assert link_contacts(markup) == contacts._walk(markup)


def test_placeholders_are_marked_and_not_linked() -> None:
    # a mailbox from a template (an owner's, in taxonomie.yml) arrives unmarked
    assert link_contacts("<dd>[TE BEVESTIGEN: bvi@douane.example] of 088-151 2000</dd>") == (
        '<dd><mark class="portaal-placeholder" title="Nog te bevestigen door de eigenaar">TE BEVESTIGEN: '
        'bvi@douane.example</mark> of <a class="portaal-tel" href="tel:+31881512000">088-151 2000</a></dd>')


def test_mail_links_end_before_the_full_stop_and_stay_escaped() -> None:
    assert link_contacts("<p>Mail bvi@douane.nl.</p>") == (
        '<p>Mail <a href="mailto:bvi@douane.nl">bvi@douane.nl</a>.</p>')
    hostile = "<p>&lt;script&gt;a@b.nl&lt;/script&gt; &quot;x@y.nl&quot;</p>"
    linked = link_contacts(hostile)
    assert "<script>" not in linked and '"x@y.nl"' not in linked
    assert '<a href="mailto:a@b.nl">a@b.nl</a>' in linked and '<a href="mailto:x@y.nl">x@y.nl</a>' in linked


def test_table_cells_get_their_column_heading() -> None:
    table = ("<table><thead><tr><th>Wat</th><th>Hoe <em>snel</em>?</th></tr></thead>"
             '<tbody><tr><td>Melden</td><td align="left">Direct</td></tr></tbody></table>')
    assert label_cells(table) == (
        "<table><thead><tr><th>Wat</th><th>Hoe <em>snel</em>?</th></tr></thead>"
        '<tbody><tr><td data-label="Wat">Melden</td><td data-label="Hoe snel ?" align="left">Direct</td></tr>'
        "</tbody></table>")
    assert label_cells("<table><tr><td>zonder kop</td></tr></table>") == "<table><tr><td>zonder kop</td></tr></table>"


def test_an_empty_heading_cell_becomes_a_plain_cell() -> None:
    # the corner above a column of row names: a heading without text says nothing to a screen reader
    table = ('<table><thead><tr><th align="left"> &nbsp;</th><th>Vertrouwenspersoon</th></tr></thead>'
             "<tbody><tr><td>Rol</td><td>Luisteren</td></tr></tbody></table>")
    assert label_cells(table) == (
        '<table><thead><tr><td align="left"> &nbsp;</td><th>Vertrouwenspersoon</th></tr></thead>'
        '<tbody><tr><td>Rol</td><td data-label="Vertrouwenspersoon">Luisteren</td></tr></tbody></table>')


def test_contacts_from_data_files_and_content_are_links_in_the_built_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {"title": "Document"}})
    folder = project / "policies"
    routes = yaml.safe_load((folder / "meldroutes.yml").read_text(encoding="utf-8"))
    routes["contacts"]["bvi"].update(phone="088-151 2000", mail="bvi@douane.nl")
    (folder / "meldroutes.yml").write_text(yaml.safe_dump(routes, allow_unicode=True), encoding="utf-8")
    taxonomy = yaml.safe_load((folder / "taxonomie.yml").read_text(encoding="utf-8"))
    taxonomy["owners"]["bvi"]["mailbox"] = "integriteit@douane.nl"
    (folder / "taxonomie.yml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    policy = folder / "doc.md"
    policy.write_text(policy.read_text(encoding="utf-8") + "\nBel 06 1234 5678 of mail hulp@douane.nl.\n",
                      encoding="utf-8")
    site = build(project)

    def hrefs(path: str) -> set[str]:
        soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        return {str(a["href"]) for a in soup.select("article a[href]")}

    assert {"tel:+31881512000", "mailto:bvi@douane.nl"} <= hrefs("waar-meld-ik-wat")     # meldroutes.yml
    assert "mailto:integriteit@douane.nl" in hrefs("eigenaren/bvi")                        # taxonomie.yml
    assert {"tel:+31612345678", "mailto:hulp@douane.nl", "mailto:integriteit@douane.nl"} <= hrefs("beleid/doc")
    # the route finder's table is labelled for the phone layout
    soup = BeautifulSoup((site / "waar-meld-ik-wat" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert {td.get("data-label") for td in soup.select("article table td")} >= {
        "Wat is er aan de hand?", "Waar meld je het?", "Hoe snel?", "Telefoon", "Mail"}
