"""Real MkDocs builds of small fixture sets, asserting on the HTML written."""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.exceptions import Abort

from portaal.site.webserver import MIN_COMPRESS
from tests.helpers import ROOT, build, make_project, pagefind_fragments, write_policy

SCRIPT_TITLE = "Regeling <script>alert(1)</script> & {{ x }}"

FIXTURE: dict[str, dict[str, Any]] = {
    # one document per level of the role tree
    "voor-iedereen": {"title": "Voor iedereen", "audience": ["alle-medewerkers"]},
    "voor-handhaving": {"title": "Voor handhaving", "audience": ["handhaving-toezicht"], "type": "procedure"},
    "voor-scan": {"title": "Voor scan", "audience": ["scan-detectie"], "type": "handreiking"},
    "voor-leiding": {"title": "Voor leiding", "audience": ["leidinggevenden", "p-en-o"]},
    # review states on 2026-11-28
    "verlopen-doc": {"title": "Verlopen document", "review_by": "2026-11-27", "review_interval": None,
                     "audience": ["bvi"]},
    "binnenkort-doc": {"title": "Binnenkort document", "review_by": "2026-12-20", "review_interval": None,
                       "audience": ["bvi"]},
    # a concept that must not be published
    "concept-zwaluw": {"title": "Conceptregeling Zwaluw", "status": "concept", "audience": ["bvi"]},
    # a withdrawn document and its successor
    "oude-regeling": {"title": "Oude regeling", "status": "vervallen", "audience": ["bvi"]},
    "nieuwe-regeling": {"title": "Nieuwe regeling", "supersedes": ["oude-regeling"], "audience": ["bvi"]},
    # hostile text in the front matter
    "script-titel": {"title": SCRIPT_TITLE, "summary": "Samenvatting <b>vet</b>", "audience": ["bvi"],
                     "review_by": "2026-10-01", "review_interval": None},
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("build"), FIXTURE)
    write_policy(project / "policies", "met-accolades", title="Met accolades", audience=["bvi"],
                 body="Gebruik {{ geen_macro }} en {% niets %} letterlijk.\n")
    return build(project)


def page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def listed_policies(soup: BeautifulSoup) -> set[str]:
    article = soup.select_one("article")
    assert article is not None
    found = set()
    for anchor in article.find_all("a", href=True):
        match = re.search(r"beleid/([a-z0-9-]+)/$", str(anchor["href"]))
        if match:
            found.add(match.group(1))
    return found


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("alle-medewerkers", {"voor-iedereen"}),
        ("handhaving-toezicht", {"voor-iedereen", "voor-handhaving"}),
        ("scan-detectie", {"voor-iedereen", "voor-handhaving", "voor-scan"}),  # two levels of inheritance
        ("meest-risicovolle-functies", {"voor-iedereen", "voor-handhaving"}),  # a sibling's documents stay out
        ("leidinggevenden", {"voor-iedereen", "voor-leiding"}),
        ("p-en-o", {"voor-iedereen", "voor-leiding"}),
        ("bvi", {"voor-iedereen", "verlopen-doc", "binnenkort-doc", "nieuwe-regeling", "script-titel",
                 "met-accolades"}),
    ],
)
def test_role_page_lists_exactly_what_applies(site: Path, role: str, expected: set[str]) -> None:
    soup = page(site, f"rollen/{role}")
    assert listed_policies(soup) == expected


def test_role_page_says_through_which_role(site: Path) -> None:
    text = page(site, "rollen/scan-detectie").get_text(" ", strip=True)
    assert "Voor handhaving via Handhaving en toezicht" in text
    assert "Voor scan via" not in text  # direct audience needs no "via"
    assert "Voor iedereen via" not in text  # what applies to everyone stands under its own heading


def sections(soup: BeautifulSoup) -> dict[str, dict[str, set[str]]]:
    """Role page: h2 section -> h3 type -> the policies listed under it."""
    found: dict[str, dict[str, set[str]]] = {}
    section = kind = ""
    for element in soup.select("article h2, article h3, article li"):
        text = element.get_text(" ", strip=True).rstrip("¶").strip()
        if element.name == "h2":
            section, found[text] = text, {}
        elif element.name == "h3":
            kind, found[section][text] = text, set()
        else:
            found[section][kind] |= listed_policies(BeautifulSoup(f"<article>{element}</article>", "html.parser"))
    return found


def test_role_page_shows_what_is_special_first_then_what_applies_to_everyone(site: Path) -> None:
    assert sections(page(site, "rollen/scan-detectie")) == {
        "Speciaal voor Scan en detectie": {"Procedures": {"voor-handhaving"}, "Handreikingen": {"voor-scan"}},
        "Voor alle medewerkers": {"Gedragscodes": {"voor-iedereen"}},
    }
    # the role everyone has: one part only
    assert sections(page(site, "rollen/alle-medewerkers")) == {
        "Voor alle medewerkers": {"Gedragscodes": {"voor-iedereen"}}}


def test_role_page_gives_every_document_its_summary(site: Path) -> None:
    items = page(site, "rollen/scan-detectie").select("article li")
    assert len(items) == 3
    for item in items:
        excerpt = item.select_one(".portaal-excerpt")
        assert excerpt is not None and excerpt.get_text(strip=True) == "Een document om mee te testen."


def test_lists_show_review_states_in_reader_words_and_owner_pages_in_owner_words(site: Path) -> None:
    for path in ("rollen/bvi", "beleid", "themas/actueel-beleid", "soorten/gedragscode"):
        badges = {b.get_text(strip=True) for b in page(site, path).select(".portaal-state")} - {""}
        assert badges == {"Wordt herzien"}, path
    owner_badges = {b.get_text(strip=True) for b in page(site, "eigenaren/bvi").select(".portaal-state")} - {""}
    assert owner_badges == {"Beoordeling verlopen", "Beoordeling binnenkort"}


def banner_state(soup: BeautifulSoup) -> str | None:
    banner = soup.select_one(".portaal-review")
    if banner is None or banner.has_attr("hidden"):
        return None
    visible = [p["data-when"] for p in banner.select("[data-when]") if not p.has_attr("hidden")]
    assert len(visible) == 1
    return str(visible[0])


def test_overdue_banner_from_the_day_after_the_review_date(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {"review_by": "2026-06-30", "review_interval": None}})
    assert banner_state(page(build(project, today="2026-07-01"), "beleid/doc")) == "verlopen"
    assert banner_state(page(build(project, today="2026-06-30"), "beleid/doc")) == "binnenkort"
    assert banner_state(page(build(project, today="2026-05-01"), "beleid/doc")) == "binnenkort"
    assert banner_state(page(build(project, today="2026-04-30"), "beleid/doc")) is None


def test_banner_carries_the_date_for_the_browser(site: Path) -> None:
    banner = page(site, "beleid/verlopen-doc").select_one(".portaal-review")
    assert banner is not None and banner["data-review-by"] == "2026-11-27"
    current = page(site, "beleid/voor-iedereen").select_one(".portaal-review")
    assert current is not None and current.has_attr("hidden") and current["data-review-by"] == "2027-06-01"


def test_metadata_panel(site: Path) -> None:
    panel = page(site, "beleid/voor-leiding").select_one(".portaal-meta")
    assert panel is not None
    fields = {dt.get_text(strip=True): dd.get_text(" ", strip=True) for dt, dd in
              zip(panel.find_all("dt"), panel.find_all("dd"), strict=True)}
    assert fields == {
        "Soort": "Gedragscode",
        "Eigenaar": "Bureau Veiligheid en Integriteit TE BEVESTIGEN: bvi@douane.example",
        "Versie": "1.0",
        "Versiearchief": "alle versies (1)",
        "Vastgesteld door": "Managementteam Douane",
        "Besluit": "MT-besluit 2025-101, 15 december 2025",
        "Geldt sinds": "1 januari 2026",
        "Laatst beoordeeld": "1 juni 2026",
        "Volgende beoordeling": "1 juni 2027",
        "Voor wie": "Leidinggevenden , P&O",
        "Thema's": "Thema 2: Actueel en centraal beleid",
        "Rubricering": "Intern",
        "Kenmerk": "voor-leiding",
    }


def test_dashboard_lists_overdue_and_due_soon(site: Path) -> None:
    soup = page(site, "beoordelingen")
    overdue, due_soon = (listed_policies(BeautifulSoup(f"<article>{table}</article>", "html.parser"))
                         for table in soup.select("article table")[:2])
    assert overdue == {"verlopen-doc", "script-titel"}
    assert due_soon == {"binnenkort-doc"}
    text = soup.get_text(" ", strip=True)
    assert "Verlopen (2)" in text and "Binnenkort (1)" in text and "1 dag te laat" in text


def test_concepts_are_absent_from_every_output_file(site: Path) -> None:
    offenders = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt"}
        and re.search(r"zwaluw", path.read_text(encoding="utf-8"), re.IGNORECASE)
    ]
    assert offenders == []
    assert (site / "pagefind" / "pagefind.js").exists()
    # No sitemap without a site_url (issue 11); the sitemap with a site_url is checked for concepts in
    # test_with_a_site_url_canonical_links_and_sitemap_have_full_addresses.
    for fragment in (site / "pagefind" / "fragment").iterdir():  # the search index (gzip JSON) too
        assert "zwaluw" not in gzip.decompress(fragment.read_bytes()).decode("utf-8").lower(), fragment


def test_preview_shows_concepts_marked(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"concept-zwaluw": {"title": "Conceptregeling Zwaluw", "status": "concept"}})
    site = build(project, PORTAAL_PREVIEW="1")
    soup = page(site, "beleid/concept-zwaluw")
    banner = soup.select_one(".portaal-banner--concept")
    assert banner is not None and "nog niet vastgesteld" in banner.get_text()
    listing = page(site, "rollen/alle-medewerkers").get_text(" ", strip=True)
    assert "Conceptregeling Zwaluw concept" in listing


def test_withdrawn_document_points_to_its_successor(site: Path) -> None:
    soup = page(site, "beleid/oude-regeling")
    banner = soup.select_one(".portaal-banner--vervallen")
    assert banner is not None
    assert "Nieuwe regeling" in banner.get_text()
    assert "oude-regeling" not in listed_policies(page(site, "rollen/bvi"))


def test_withdrawn_document_is_in_no_menu_list_or_search(site: Path) -> None:
    offenders = [path.relative_to(site).as_posix() for path in site.rglob("index.html")
                 if "oude-regeling" not in path.relative_to(site).parts  # its own page and version archive
                 and "oude-regeling/" in path.read_text(encoding="utf-8")]
    assert offenders == []
    # in the search only behind "ook vervallen documenten" (Pagefind filter status), never as current
    statuses = {url: data["filters"].get("status") for url, data in pagefind_fragments(site).items()}
    assert statuses["/beleid/oude-regeling/"] == ["Vervallen"]
    assert statuses["/beleid/nieuwe-regeling/"] == ["Geldend"]
    # its own page has no menu entry for it either; the successor is in the menu
    nav = page(site, "beleid/oude-regeling").select_one("nav.md-nav--primary")
    assert nav is not None and "oude-regeling/" not in str(nav)
    menu = page(site, "soorten/gedragscode").select_one("nav.md-nav--primary")  # its section, open
    assert menu is not None and "nieuwe-regeling/" in str(menu)


def test_policy_page_order_summary_first_metadata_after_the_text(site: Path) -> None:
    soup = page(site, "beleid/verlopen-doc")
    article = soup.select_one("article")
    assert article is not None
    order = []
    pending = list(article.find_all(["h1", "p", "div", "section"], recursive=False))
    while pending:  # look through unnamed wrappers (Pagefind's data-pagefind-body / -ignore divs)
        element = pending.pop(0)
        if element.name == "div" and not element.get("class"):
            pending[:0] = element.find_all(["h1", "p", "div", "section"], recursive=False)
        else:
            order.append(" ".join(element.get_attribute_list("class")) or element.name)
    assert order[:6] == ["h1", "portaal-print-stamp", "portaal-summary", "portaal-review", "portaal-body",
                         "portaal-about"]
    summary = soup.select_one(".portaal-summary")
    assert summary is not None and summary.get_text() == "Een document om mee te testen."
    description = soup.select_one('meta[name="description"]')
    assert description is not None and description["content"] == "Een document om mee te testen."
    heading = soup.select_one("section.portaal-about h2")
    assert heading is not None and heading.get_text(strip=True) == "Over dit document"
    # the review notice is in reader words; the owner's dates are for owner pages
    notice = soup.select_one(".portaal-review")
    assert notice is not None
    assert notice.get_text(" ", strip=True).startswith("Wordt herzien.") and "Beoordeling" not in notice.get_text()


def test_hostile_summary_is_an_escaped_meta_description(site: Path) -> None:
    html_text = (site / "beleid" / "script-titel" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Samenvatting &lt;b&gt;vet&lt;/b&gt;">' in html_text


def test_without_a_site_url_no_built_file_names_an_address(site: Path) -> None:
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    offenders = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()
                 and re.search(rb"localhost|127\.0\.0\.1|rel=\"canonical\"", path.read_bytes())]
    assert offenders == []


def test_with_a_site_url_canonical_links_and_sitemap_have_full_addresses(tmp_path: Path,
                                                                        caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, {key: FIXTURE[key] for key in ("voor-iedereen", "oude-regeling",
                                                                     "nieuwe-regeling", "concept-zwaluw")})
    site = build(project, PORTAAL_SITE_URL="https://integriteit.douane.example/portaal")
    canonical = page(site, "beleid/voor-iedereen").select_one('link[rel="canonical"]')
    assert canonical is not None
    assert canonical["href"] == "https://integriteit.douane.example/portaal/beleid/voor-iedereen/"
    stamp = page(site, "beleid/voor-iedereen").select_one("[data-portaal-address]")
    assert stamp is not None and stamp.get_text() == "https://integriteit.douane.example/portaal/beleid/voor-iedereen/"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://integriteit.douane.example/portaal/beleid/voor-iedereen/" in locations
    assert all(loc.startswith("https://integriteit.douane.example/portaal/") for loc in locations)
    assert not [loc for loc in locations if "oude-regeling" in loc or "zwaluw" in loc]
    assert "Geen adres van het portaal bekend" not in caplog.text


def test_without_a_site_url_the_build_says_so_in_one_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, {"doc": {}})
    with caplog.at_level("INFO", logger="mkdocs"):
        site = build(project, PORTAAL_SITE_URL="http://127.0.0.1:8000/")
    lines = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.portaal"]
    assert lines == ["Geen adres van het portaal bekend (site_url): canonieke links en sitemap weggelaten; "
                     "zet PORTAAL_SITE_URL=https://… of site_url in mkdocs.yml."]
    assert page(site, "beleid/doc").select_one('link[rel="canonical"]') is None
    stamp = page(site, "beleid/doc").select_one("[data-portaal-address]")
    assert stamp is not None and stamp.get_text() == "beleid/doc/"


def test_a_wrong_site_url_stops_the_build_in_dutch(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, {"doc": {}})
    with pytest.raises(Abort):
        build(project, PORTAAL_SITE_URL="integriteit.douane.example")
    assert ("PORTAAL_SITE_URL: verwacht een volledig adres als https://integriteit.douane.example/, "
            "gevonden 'integriteit.douane.example'") in caplog.text


def test_hostile_title_is_text_everywhere(site: Path) -> None:
    raw = "<script>alert(1)</script>"
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml"}:
            assert raw not in path.read_text(encoding="utf-8"), path
            assert "<b>vet</b>" not in path.read_text(encoding="utf-8"), path
    for where in ("beleid/script-titel", "rollen/bvi", "beoordelingen", "soorten/gedragscode", "eigenaren/bvi"):
        assert escaped in (site / where / "index.html").read_text(encoding="utf-8"), where
    title = page(site, "beleid/script-titel").select_one("title")
    assert title is not None and title.get_text().startswith("Regeling <script>alert(1)</script> & {{ x }}")
    # the search index holds the title as plain text; the search dialog shows it with textContent
    titles = [json.loads(gzip.decompress(f.read_bytes()).decode("utf-8").removeprefix("pagefind_dcd"))["meta"]["title"]
              for f in (site / "pagefind" / "fragment").iterdir()]
    assert "Regeling <script>alert(1)</script> & {{ x }}" in titles


def test_braces_in_a_policy_are_not_rendered(site: Path) -> None:
    text = page(site, "beleid/met-accolades").get_text(" ", strip=True)
    assert "Gebruik {{ geen_macro }} en {% niets %} letterlijk." in text


def test_no_external_urls(site: Path) -> None:
    external = re.compile(r"""(?:src|href|action)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1[:/])""", re.IGNORECASE)
    offenders = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if external.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_broken_policy_fails_and_keeps_the_old_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = make_project(tmp_path, {"doc": {}})
    site = build(project)
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    write_policy(project / "policies", "kapot", effective="2025-02-30", owner="niemand")
    with pytest.raises(Abort):
        build(project)
    assert "policies/kapot.md:11: effective: deze datum bestaat niet: '2025-02-30'" in caplog.text
    assert "policies/kapot.md:6: owner: onbekende waarde 'niemand'" in caplog.text
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert not list(project.glob(".portaal-staging-*"))


def test_mkdocs_command_exits_non_zero_with_the_list(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {}})
    write_policy(project / "policies", "kapot", audience=["onbekend"])
    (project / "policies" / "leeg.md").write_text("", encoding="utf-8")
    env = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Het beleid bevat 2 problemen:" in result.stderr
    assert "policies/kapot.md:7: audience: onbekende waarde 'onbekend'" in result.stderr
    assert "policies/leeg.md:1: het bestand is leeg" in result.stderr
    assert not (project / "site").exists()


def test_docs_pages_that_ask_for_macros_get_them_and_others_do_not(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURE)
    (project / "docs" / "extra.md").write_text("---\nrender_macros: true\n---\n# Extra\n\n{{ role_overview() }}\n",
                                                encoding="utf-8")
    (project / "docs" / "zonder.md").write_text("# Zonder\n\nLetterlijk: {{ role_overview() }}\n", encoding="utf-8")
    nav_line = "  - Startpagina: index.md\n"
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace(nav_line, nav_line + "  - Extra: extra.md\n  - Zonder: zonder.md\n"), encoding="utf-8")
    site = build(project)
    links = {a["href"] for a in page(site, "extra").select("article a[href*='rollen/']")}
    assert "../rollen/scan-detectie/" in links  # the role overview, rendered by the macro
    assert "Letterlijk: {{ role_overview() }}" in page(site, "zonder").get_text()  # opt-in: no render_macros, no macros


def test_real_policy_set_builds_strict(real_site: Path) -> None:
    """The repository's own documents pass the strict build (the session's shared build is strict)
    and each gets a page."""
    site = real_site
    ids = [p.stem for p in (ROOT / "policies").glob("*.md")]
    assert ids
    for policy_id in ids:
        assert (site / "beleid" / policy_id / "index.html").exists() or _is_concept(policy_id), policy_id


def _is_concept(policy_id: str) -> bool:
    text = (ROOT / "policies" / f"{policy_id}.md").read_text(encoding="utf-8")
    return re.search(r"^status:\s*concept\s*$", text, re.MULTILINE) is not None


def test_macro_with_an_unknown_contact_stops_the_build_in_dutch(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {}})
    (project / "docs" / "index.md").write_text(
        "---\nrender_macros: true\n---\n# Home\n\n{{ contact_phone('douaniers') }}\n", encoding="utf-8")
    env = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert ("index.md: een macro (tussen {{ en }}) gebruikt onbekende contact (meldroutes.yml) 'douaniers'; kies "
            "uit: contactpunt-criminele-benadering, bvi, vertrouwenspersoon") in output
    assert "Traceback" not in output  # the author's mistake, not the program's
    assert not (project / "site").exists()


def test_unreadable_front_matter_of_a_docs_page_stops_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {}})
    env = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True, check=True)
    before = (project / "site" / "index.html").read_bytes()
    (project / "docs" / "index.md").write_text('---\ntitle: "Kapot\nhide: [toc\n---\n# Home\n', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "docs/index.md, regel 4: de YAML van de front matter is ongeldig" in output
    assert "Traceback" not in output
    assert (project / "site" / "index.html").read_bytes() == before  # not published with its YAML as text


@pytest.mark.parametrize("path", ["beoordelingen", "rollen/bvi", "themas/actueel-beleid", "eigenaren",
                                  "beleid/voor-iedereen", "nieuw-en-gewijzigd", "begrippen", "waar-meld-ik-wat"])
def test_every_generated_page_is_marked_in_the_navigation(site: Path, path: str) -> None:
    nav = page(site, path).select_one("nav.md-nav--primary")
    assert nav is not None
    assert nav.select(".md-nav__link--active"), path  # the reader sees where they are


def test_a_body_that_starts_with_its_own_title_shows_one_heading(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"doc": {"title": "Mijn regeling"}})
    write_policy(project / "policies", "doc", title="Mijn regeling", body="\n# Mijn regeling\n\nTekst.\n")
    soup = page(build(project), "beleid/doc")
    assert [h.get_text(strip=True) for h in soup.select("article h1")] == ["Mijn regeling"]
    assert "Tekst." in soup.get_text()


def test_every_gz_file_holds_exactly_its_file_and_every_page_has_one(site: Path) -> None:
    """The .gz files of the pages are made while MkDocs renders (webserver.Packer), the rest at the end:
    each must hold the final bytes of its file, and no page, calendar or search file may be left out."""
    site = site.resolve()
    archive = {"pagefind", "pagefind-archief"}
    checked = 0
    for path in site.rglob("*"):
        if path.suffix not in {".html", ".ics", ".json", ".css", ".js", ".xml"} or not path.is_file():
            continue
        packed = Path(f"{path}.gz")
        in_archive = "versies" in path.relative_to(site).parts or path.relative_to(site).parts[0] in archive
        if packed.exists():
            assert gzip.decompress(packed.read_bytes()) == path.read_bytes(), path
            checked += 1
        elif path.suffix in {".html", ".ics"} and not in_archive and path.stat().st_size >= MIN_COMPRESS:
            pytest.fail(f"geen .gz bij {path.relative_to(site)}")
    pages = [p for p in site.rglob("index.html") if "versies" not in p.relative_to(site).parts]
    assert checked > len(pages) > 10
    assert (site / "beoordelingen" / "alle-eigenaren.ics.gz").exists()
