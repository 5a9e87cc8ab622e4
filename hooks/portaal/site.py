"""The generated part of the site: every page the portal writes, its
navigation sections and the view each policy page hands to its template."""

from __future__ import annotations

import html
from dataclasses import dataclass

from . import indexes, layout
from .model import Policy
from .portal import Portal
from .review import ReviewState
from .text import dutch_date


def policy_markdown(policy: Policy) -> str:
    """The Markdown of a policy page: escaped title, body untouched, never rendered by macros."""
    return indexes.front_matter(policy.title) + policy.body


def pages(portal: Portal) -> dict[str, str]:
    """Every generated page: path -> Markdown."""
    taxonomy = portal.taxonomy
    result = {layout.policy_page(p.id): policy_markdown(p) for p in portal.visible}
    result[layout.index_page(layout.POLICY_DIR)] = indexes.all_policies_page(portal)
    result[layout.index_page(layout.ROLE_DIR)] = indexes.roles_page(portal)
    result.update({layout.role_page(r): indexes.role_page(portal, r) for r in taxonomy.roles})
    result[layout.index_page(layout.THEME_DIR)] = indexes.themes_page(portal)
    result.update({layout.theme_page(t): indexes.theme_page(portal, t) for t in taxonomy.themes})
    result.update({layout.type_page(t): indexes.type_page(portal, t) for t, docs in portal.by_type.items() if docs})
    result[layout.index_page(layout.OWNER_DIR)] = indexes.owners_page(portal)
    result.update({layout.owner_page(o): indexes.owner_page(portal, o) for o in taxonomy.owners})
    result[layout.DASHBOARD] = indexes.dashboard_page(portal)
    result[layout.CHANGES] = indexes.changes_page(portal)
    if portal.catalog.routes is not None:
        result[layout.ROUTE_FINDER] = indexes.route_finder_page(portal)
    if portal.catalog.glossary:
        result[layout.GLOSSARY] = indexes.glossary_page(portal)
    return result


def nav_sections(portal: Portal) -> dict[str, list[object]]:
    """Navigation content for each generated section, keyed by the section's index page."""
    taxonomy = portal.taxonomy
    esc = html.escape
    policy_sections: list[object] = []
    for doc_type in taxonomy.types.values():
        members = [p for p in portal.visible if p.type == doc_type.id]
        if members:
            entries = [(esc(p.title), layout.policy_page(p.id)) for p in members]
            policy_sections.append({esc(doc_type.plural): [layout.type_page(doc_type.id), *layout.chunk(entries)]})
    themes = sorted(taxonomy.themes.values(), key=lambda t: t.number)
    return {
        layout.index_page(layout.POLICY_DIR): policy_sections,
        layout.index_page(layout.ROLE_DIR): [{esc(r.name): layout.role_page(r.id)} for r in taxonomy.roles.values()],
        layout.index_page(layout.THEME_DIR): [
            {esc(indexes.theme_title(portal, t.id)): layout.theme_page(t.id)} for t in themes],
        layout.index_page(layout.OWNER_DIR): [{esc(o.name): layout.owner_page(o.id)} for o in taxonomy.owners.values()],
    }


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    """Relative to the site root; templates pass it through `| url`."""


@dataclass(frozen=True)
class PolicyView:
    """What a policy page's template shows; plain text, the template escapes it."""

    id: str
    version: str
    status: str
    type_name: str
    owner: Link
    mailbox: str
    effective: str
    reviewed: str
    classification: str
    audience: tuple[Link, ...]
    themes: tuple[Link, ...]
    related: tuple[Link, ...]
    superseded_by: tuple[Link, ...]
    keywords: str
    history: tuple[tuple[str, str, str], ...]
    next_review: str
    next_review_iso: str
    review_state: str
    """'actueel', 'binnenkort', 'verlopen', or '' for withdrawn documents."""
    due_soon_days: int
    built_on: str
    """The build date in words; the print stamp replaces it with the day of printing."""


def policy_view(portal: Portal, policy: Policy) -> PolicyView:
    taxonomy = portal.taxonomy
    review = portal.review(policy)

    def policy_link(policy_id: str) -> Link:
        target = portal.catalog.get(policy_id)
        return Link(target.title, layout.url_of(layout.policy_page(policy_id)))

    return PolicyView(
        id=policy.id,
        version=policy.version,
        status=policy.status,
        type_name=taxonomy.types[policy.type].name,
        owner=Link(taxonomy.owners[policy.owner].name, layout.url_of(layout.owner_page(policy.owner))),
        mailbox=taxonomy.owners[policy.owner].mailbox,
        effective=dutch_date(policy.effective),
        reviewed=dutch_date(policy.last_reviewed),
        classification=taxonomy.classifications[policy.classification].name,
        audience=tuple(Link(taxonomy.roles[r].name, layout.url_of(layout.role_page(r))) for r in policy.audience),
        themes=tuple(Link(indexes.theme_title(portal, t), layout.url_of(layout.theme_page(t)))
                     for t in policy.themes),
        related=tuple(policy_link(r) for r in policy.related if r in portal.visible_ids),
        superseded_by=tuple(policy_link(p.id) for p in portal.successors.get(policy.id, [])),
        keywords=", ".join(policy.keywords),
        history=tuple((h.version, dutch_date(h.date), h.change) for h in policy.history),
        next_review=dutch_date(policy.next_review),
        next_review_iso=policy.next_review.isoformat(),
        review_state=review.state.value if review else "",
        due_soon_days=portal.due_soon_days,
        built_on=dutch_date(portal.today),
    )


STATES = tuple(state.value for state in ReviewState)
