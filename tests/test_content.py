"""The repository's own content: complete, valid, every role and theme served,
every route usable, every invented specific marked as a placeholder."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portaal.core import placeholders
from portaal.core.catalog import Catalog, load_catalog
from portaal.core.publication import Publication
from tests.helpers import ROOT

POLICIES = ROOT / "policies"
TODAY = "2026-11-28"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(POLICIES, base=ROOT)


@pytest.fixture(scope="module")
def portal(catalog: Catalog) -> Publication:
    return Publication(catalog, dt.date.fromisoformat(TODAY))


@pytest.fixture(scope="module")
def site(real_site: Path) -> Path:
    """The real portal, built once per session (tests/conftest.py)."""
    return real_site


def test_every_document_is_valid_and_the_published_ones_get_a_page(catalog: Catalog, site: Path) -> None:
    assert len(catalog) >= 20
    for policy in catalog:
        page = site / "beleid" / policy.id / "index.html"
        assert page.exists() != policy.is_concept, policy.id


def test_every_role_is_named_directly_and_has_documents(catalog: Catalog, portal: Publication) -> None:
    named = {role for policy in portal.listed for role in policy.audience}
    assert named == set(catalog.taxonomy.roles)
    assert all(portal.by_role[role] for role in catalog.taxonomy.roles)


def test_every_theme_has_documents(catalog: Catalog, portal: Publication) -> None:
    assert all(portal.by_theme[theme] for theme in catalog.taxonomy.themes)


def test_every_recommendation_is_answered_by_published_documents(catalog: Catalog, portal: Publication) -> None:
    assert len(catalog.taxonomy.recommendations) == 6
    for rec in catalog.taxonomy.recommendations.values():
        assert rec.documents and set(rec.documents) <= portal.visible_ids, rec.id


def test_documents_follow_the_structure(catalog: Catalog) -> None:
    for policy in catalog:
        headings = re.findall(r"^## (.+)$", policy.body, re.MULTILINE)
        assert "Wat moet je doen?" in headings, policy.id
        assert "Vragen?" in headings, policy.id
        assert not policy.body.lstrip().startswith("# "), policy.id  # the portal sets the title


def test_cases_link_to_the_rules_they_illustrate(catalog: Catalog) -> None:
    cases = [policy for policy in catalog if policy.type == "casus"]
    assert len(cases) >= 5
    for case in cases:
        assert case.related, case.id  # shown as "Zie ook" on the page
        assert any(f"({target}.md" in case.body for target in case.related), case.id


def test_every_route_has_channel_contact_and_time_frame(catalog: Catalog) -> None:
    assert catalog.routes is not None and len(catalog.routes.routes) >= 8
    for route in catalog.routes.routes:
        contact = catalog.routes.contacts[route.contact]
        assert route.channel and route.timeframe and route.next and route.confidentiality, route.situation
        assert contact.phone and contact.mail and contact.hours, contact.id


def test_route_finder_page_shows_every_route(catalog: Catalog, site: Path) -> None:
    assert catalog.routes is not None
    soup = BeautifulSoup((site / "waar-meld-ik-wat" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.get_text(" ", strip=True)
    for route in catalog.routes.routes:
        assert " ".join(route.situation.split()) in text
    assert "Contactpunt criminele benadering" in text


UNMARKED = [
    re.compile(r"\b0\d{2,3}[- ]?\d{3}[ ]?\d{3,4}\b"),  # Dutch phone numbers
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # mail addresses
    re.compile(r"€\s?\d"),  # amounts
]


def content_files() -> list[Path]:
    return sorted([*POLICIES.glob("*.md"), *POLICIES.glob("*.yml"), *(ROOT / "docs").rglob("*.md")])


def test_every_invented_specific_is_a_marked_placeholder() -> None:
    for path in content_files():
        text = placeholders.PATTERN.sub("", path.read_text(encoding="utf-8"))
        text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # examples in code blocks
        for pattern in UNMARKED:
            assert not pattern.search(text), f"{path.relative_to(ROOT)}: {pattern.search(text)}"


def test_placeholders_are_listed_and_highlighted(site: Path) -> None:
    found = placeholders.find(content_files(), base=ROOT)
    assert len(found) >= 10
    assert all(p.text.strip() and p.line > 0 for p in found)
    html = (site / "waar-meld-ik-wat" / "index.html").read_text(encoding="utf-8")
    assert '<mark class="portaal-placeholder"' in html
    assert "[TE BEVESTIGEN:" not in html.split("<article", 1)[1].split("</article>", 1)[0]


def test_home_page_routes(site: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    urgent = soup.select_one(".portaal-urgent")
    assert urgent is not None and urgent.find("a", href="ik-ben-benaderd/") is not None
    hrefs = {a["href"] for a in soup.select("article a[href]")}
    assert {"rollen/leidinggevenden/", "waar-meld-ik-wat/", "nieuw-en-gewijzigd/"} <= hrefs


def test_changes_page_lists_the_newest_versions(portal: Publication, site: Path) -> None:
    newest = max((entry.date, policy.title) for policy in portal.listed for entry in policy.history)
    soup = BeautifulSoup((site / "nieuw-en-gewijzigd" / "index.html").read_text(encoding="utf-8"), "html.parser")
    first_row = soup.select("article table tbody tr")[0].get_text(" ", strip=True)
    assert newest[1] in first_row


def test_glossary_has_every_term(catalog: Catalog, site: Path) -> None:
    text = (site / "begrippen" / "index.html").read_text(encoding="utf-8")
    assert len(catalog.glossary) >= 20
    for term in catalog.glossary:
        assert f'id="{term.anchor}"' in text, term.term


def test_glossary_is_linked_from_the_text(site: Path) -> None:
    page = (site / "beleid" / "handreiking-weerbaarheid-corruptie" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../begrippen/#biechtstoelprocedure"' in page
