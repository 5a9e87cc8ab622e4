"""The generated part of the site: every page the portal writes, its
navigation sections and the view each policy page hands to its template."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

from . import archive, contacts, indexes, layout, markup, placeholders, tables
from .model import Policy
from .portal import Portal
from .text import dutch_date


def policy_body(policy: Policy) -> str:
    """The body as the page shows it: the page's heading is the front-matter title; a body that
    starts with its own `# ` heading would show two, so that first line is left out."""
    body = policy.body
    stripped = body.lstrip("\n")
    if stripped.startswith("# "):
        body = stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return body


def policy_markdown(policy: Policy, marked: bool = False) -> str:
    """The Markdown of a policy page: escaped title, body as written, never rendered by macros.
    `marked`: with the archive's block markers (removed again after Markdown, see archive.py)."""
    body = policy_body(policy)
    return indexes.front_matter(policy.title) + (archive.marked_body(body) if marked else body)


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    fragments: tuple[str, ...] = ()
    """HTML fragments the hook swaps in for their markers after Markdown (see indexes.Blocks)."""
    in_nav: bool = True
    """False for a withdrawn document: reachable by its address only, in no menu."""


def pages(portal: Portal) -> dict[str, GeneratedPage]:
    """Every generated page: path -> its Markdown and HTML fragments."""
    taxonomy = portal.taxonomy
    builders: dict[str, Callable[[indexes.Embed], str]] = {
        layout.index_page(layout.POLICY_DIR): partial(indexes.all_policies_page, portal),
        layout.index_page(layout.ROLE_DIR): partial(indexes.roles_page, portal),
        **{layout.role_page(r): partial(indexes.role_page, portal, r) for r in taxonomy.roles},
        layout.index_page(layout.THEME_DIR): partial(indexes.themes_page, portal),
        **{layout.theme_page(t): partial(indexes.theme_page, portal, t) for t in taxonomy.themes},
        **{layout.type_page(t): partial(indexes.type_page, portal, t) for t, docs in portal.by_type.items() if docs},
        layout.index_page(layout.OWNER_DIR): partial(indexes.owners_page, portal),
        **{layout.owner_page(o): partial(indexes.owner_page, portal, o) for o in taxonomy.owners},
        layout.DASHBOARD: partial(indexes.dashboard_page, portal),
    }
    marked = portal.archive is not None
    result = {layout.policy_page(p.id): GeneratedPage(policy_markdown(p, marked and not p.is_concept),
                                                   in_nav=not p.is_withdrawn)
              for p in portal.visible}
    for path, build in builders.items():
        blocks = indexes.Blocks()
        result[path] = GeneratedPage(build(blocks.embed), tuple(blocks.fragments))
    result[layout.CHANGES] = GeneratedPage(indexes.changes_page(portal))
    if portal.catalog.routes is not None:
        result[layout.ROUTE_FINDER] = GeneratedPage(indexes.route_finder_page(portal))
    if portal.catalog.glossary:
        result[layout.GLOSSARY] = GeneratedPage(indexes.glossary_page(portal))
    return result


def finish_html(html_text: str, page_url: str, fragments: Sequence[str] = ()) -> str:
    """After Markdown: swap fragments in for their markers, mark placeholders, make links relative."""
    for number, fragment in enumerate(fragments):
        html_text = html_text.replace(indexes.marker(number), fragment, 1)
    html_text = placeholders.mark(html_text)
    return html_text.replace(indexes.ROOT, "../" * page_url.count("/"))


def drop_local_addresses(site_dir: Path, site_url: str | None) -> None:
    """No built file names a development address: without a real site_url no sitemap (it needs full
    addresses); never Material's source maps (debugging aids whose comments name localhost)."""
    if not site_url:
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
    for source_map in (site_dir / "assets").rglob("*.map"):
        source_map.unlink()


def meta_description(policy: Policy) -> str:
    """The summary for `<meta name="description">`, escaped: Material prints it as it is."""
    return markup.escape(" ".join(policy.summary.split()))


def finish_page(page_html: str) -> str:
    """The whole built page, last: table cells labelled for phones, numbers and mailboxes as links."""
    return contacts.link_contacts(tables.label_cells(page_html))


def nav_sections(portal: Portal) -> dict[str, list[object]]:
    """Navigation content for each generated section, keyed by the section's index page."""
    taxonomy = portal.taxonomy
    esc = markup.escape
    policy_sections: list[object] = []
    for doc_type in taxonomy.types.values():
        members = [p for p in portal.visible if p.type == doc_type.id and not p.is_withdrawn]
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


def policy_view(portal: Portal, policy: Policy, edit_url: str = "", site_url: str | None = None) -> PolicyView:
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
