"""View objects for the templates: what a page shows, ready to print; the templates only ask.

The plugin hands them over in `on_page_context` (`portaal_policy`, `portaal_search`) and
`on_env` (`portaal_site`), never through a page's front matter (`page.meta`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from urllib.parse import urljoin

from ..core import layout
from ..core.model import Policy
from ..core.publication import Publication
from . import archive, indexes
from .text import dutch_date


@dataclass(frozen=True)
class SiteView:
    """What every template may ask about the whole site."""

    due_soon_days: int
    """How many days before its review date a document counts as 'binnenkort' (for portaal.js)."""
    withdrawn_pages: frozenset[str]
    """Page paths (src_uri) of withdrawn documents: in no index and not in the sitemap."""
    archive_search: bool = False
    """The version archive is built: the search dialog offers "ook oude versies"."""

    def withdrawn(self, src_uri: str) -> bool:
        return src_uri in self.withdrawn_pages


def site_view(publication: Publication | None, due_soon_days: int, archive_search: bool = False) -> SiteView:
    withdrawn = frozenset(layout.policy_page(p.id) for p in publication.visible if p.is_withdrawn) \
        if publication is not None else frozenset()
    return SiteView(due_soon_days, withdrawn, archive_search)


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    """Relative to the site root; templates pass it through `| url`."""


@dataclass(frozen=True)
class PolicyView:
    """What a policy page's template shows; plain text, the template escapes it."""

    id: str
    summary: str
    """Shown first, under the title; also the page's meta description and its excerpt in lists."""
    address: str
    """The page's full address for the print stamp; its path from the site root when site_url is unknown."""
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
    vragen: tuple[str, ...]
    """The questions this document answers, shown under "Antwoord op deze vragen"."""
    history: tuple[tuple[str, str, str], ...]
    next_review: str
    next_review_iso: str
    review_state: str
    """'actueel', 'binnenkort', 'verlopen', or '' for withdrawn documents."""
    due_soon_days: int
    built_on: str
    """The build date in words; the print stamp replaces it with the day of printing."""
    adopted_by: str = ""
    """Name of the body that adopted this version (or its placeholder)."""
    decision: str = ""
    decision_date: str = ""
    versions_url: str = ""
    """The document's versions page (archive), when it has one."""
    version_count: int = 0
    edit_url: str = ""
    """The repository's edit page of the file, when repo_url and edit_uri are set."""


def policy_view(portal: Publication, policy: Policy, edit_url: str = "", site_url: str | None = None) -> PolicyView:
    taxonomy = portal.taxonomy
    path = layout.url_of(layout.policy_page(policy.id))
    versions = portal.archive.get(policy.id) if portal.archive is not None and not policy.is_concept else None
    decision_date = policy.decision_date
    review = portal.review(policy)

    def policy_link(policy_id: str) -> Link:
        target = portal.catalog.get(policy_id)
        return Link(target.title, layout.url_of(layout.policy_page(policy_id)))

    return PolicyView(
        id=policy.id,
        summary=policy.summary,
        address=(site_url or "") + path,
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
        vragen=policy.vragen,
        history=tuple((h.version, dutch_date(h.date), h.change) for h in policy.history),
        next_review=dutch_date(policy.next_review),
        next_review_iso=policy.next_review.isoformat(),
        review_state=review.state.value if review else "",
        due_soon_days=portal.due_soon_days,
        built_on=dutch_date(portal.today),
        adopted_by=taxonomy.body_name(policy.adopted_by),
        decision=policy.decision or "",
        decision_date=dutch_date(decision_date) if isinstance(decision_date, dt.date) else (decision_date or ""),
        versions_url=archive.versions_url(policy.id) if versions is not None else "",
        version_count=len(versions.entries) if versions is not None else 0,
        edit_url=edit_url,
    )


def edit_url(repo_url: str | None, edit_uri: str | None, source: str, docs_dir: str) -> str:
    """The repository's edit page of a policy file: `edit_uri` is relative to the docs folder
    (as in MkDocs), so the policy's path is taken relative to that folder too."""
    if not repo_url or not edit_uri:
        return ""
    base = urljoin(repo_url.rstrip("/") + "/", edit_uri.lstrip("/"))
    if not base.endswith("/"):
        base += "/"
    relative = os.path.relpath(source, docs_dir).replace(os.sep, "/")
    return urljoin(base, relative)
