"""The generated part of the site: every page the portal writes, its
navigation sections and the view each policy page hands to its template."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core import layout, placeholders
from ..core.model import Policy
from ..core.publication import Publication
from . import archive, contacts, indexes, nav, tables
from . import html as markup


def policy_body(policy: Policy) -> str:
    """The body as the page shows it: the page's heading is the front-matter title; a body that
    starts with its own `# ` heading would show two, so that first line is left out."""
    body = policy.body
    stripped = body.lstrip("\n")
    if stripped.startswith("# "):
        body = stripped.split("\n", 1)[1] if "\n" in stripped else ""
    return body


def policy_markdown(policy: Policy, marked: bool = False) -> str:
    """The Markdown of a policy page: escaped title, body as written.
    `marked`: with the archive's block markers (removed again after Markdown, see archive.py)."""
    body = policy_body(policy)
    return indexes.front_matter(policy.title) + (archive.marked_body(body) if marked else body)


def has_archive(portal: Publication) -> bool:
    """Whether the site gets a version archive (the archive is on and a document is published or withdrawn:
    each has at least its current version); then the plugin starts the archive's writer. Decided before
    the history is read (the writer reads it)."""
    return portal.archive is not None and any(not policy.is_concept for policy in portal.visible)


def has_markers(portal: Publication) -> bool:
    """Whether the policy pages carry the archive's block markers: only when old versions can exist (the
    files come from git), for they are there to let old versions reuse the current page's blocks. Without
    git the archive takes each current page whole."""
    return has_archive(portal) and portal.archive is not None and portal.archive.from_git


@dataclass(frozen=True)
class GeneratedPage:
    markdown: str
    fragments: tuple[str, ...] = ()
    """HTML fragments the plugin swaps in for their markers after Markdown (see html.Blocks)."""
    in_nav: bool = True
    """False for a withdrawn document: reachable by its address only, in no menu."""


def _builders(portal: Publication) -> dict[str, Callable[[markup.Embed], str]]:
    """Every generated page other than the policy pages: path -> how to make it (nothing made yet)."""
    taxonomy = portal.taxonomy
    builders: dict[str, Callable[[markup.Embed], str]] = {
        layout.index_page(layout.POLICY_DIR): partial(indexes.all_policies_page, portal),
        layout.index_page(layout.ROLE_DIR): partial(indexes.roles_page, portal),
        **{layout.role_page(r): partial(indexes.role_page, portal, r) for r in taxonomy.roles},
        layout.index_page(layout.THEME_DIR): partial(indexes.themes_page, portal),
        **{layout.theme_page(t): partial(indexes.theme_page, portal, t) for t in taxonomy.themes},
        **{layout.type_page(t): partial(indexes.type_page, portal, t) for t, docs in portal.by_type.items() if docs},
        layout.index_page(layout.OWNER_DIR): partial(indexes.owners_page, portal),
        **{layout.owner_page(o): partial(indexes.owner_page, portal, o) for o in taxonomy.owners},
        layout.DASHBOARD: partial(indexes.dashboard_page, portal),
        layout.CHANGES: lambda _embed: indexes.changes_page(portal),
    }
    if portal.catalog.routes is not None:
        builders[layout.ROUTE_FINDER] = lambda _embed: indexes.route_finder_page(portal)
    if portal.catalog.glossary:
        builders[layout.GLOSSARY] = lambda _embed: indexes.glossary_page(portal)
    return builders


def pages(portal: Publication) -> dict[str, GeneratedPage]:
    """Every generated page: path -> its Markdown and HTML fragments."""
    marked = has_markers(portal)
    result = {layout.policy_page(p.id): GeneratedPage(policy_markdown(p, marked and not p.is_concept),
                                                   in_nav=not p.is_withdrawn)
              for p in portal.visible}
    for path, build in _builders(portal).items():
        blocks = markup.Blocks()
        result[path] = GeneratedPage(build(blocks.embed), tuple(blocks.fragments))
    return result


def page_markdown(portal: Publication, path: str) -> str | None:
    """What `pages(portal)[path].markdown` is, making only that page (None: `pages` makes no such page).
    A link check needs one or two generated pages, not all of them."""
    build = _builders(portal).get(path)
    if build is not None:
        return build(markup.Blocks().embed)
    marked = has_markers(portal)
    for policy in portal.visible:
        if layout.policy_page(policy.id) == path:
            return policy_markdown(policy, marked and not policy.is_concept)
    return None


def page_paths(portal: Publication) -> frozenset[str]:
    """The path of every page `pages` makes, without making them."""
    return frozenset({layout.policy_page(p.id) for p in portal.visible} | _builders(portal).keys())


def finish_html(html_text: str, page_url: str, fragments: Sequence[str] = ()) -> str:
    """After Markdown: swap fragments in for their markers, mark placeholders, make links relative."""
    for number, fragment in enumerate(fragments):
        html_text = html_text.replace(markup.marker(number), fragment, 1)
    html_text = placeholders.mark(html_text)
    return html_text.replace(markup.ROOT, "../" * page_url.count("/"))


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
    """The text of a built page (its content and footer, or a whole page from a template), last: table
    cells labelled for phones, numbers and mailboxes as links."""
    return contacts.link_contacts(tables.label_cells(page_html))


def nav_sections(portal: Publication) -> dict[str, list[object]]:
    """Navigation content for each generated section, keyed by the section's index page."""
    taxonomy = portal.taxonomy
    esc = markup.escape
    policy_sections: list[object] = []
    for doc_type in taxonomy.types.values():
        members = [p for p in portal.visible if p.type == doc_type.id and not p.is_withdrawn]
        if members:
            entries = [(esc(p.title), layout.policy_page(p.id)) for p in members]
            policy_sections.append({esc(doc_type.plural): [layout.type_page(doc_type.id), *nav.chunk(entries)]})
    themes = sorted(taxonomy.themes.values(), key=lambda t: t.number)
    return {
        layout.index_page(layout.POLICY_DIR): policy_sections,
        layout.index_page(layout.ROLE_DIR): [{esc(r.name): layout.role_page(r.id)} for r in taxonomy.roles.values()],
        layout.index_page(layout.THEME_DIR): [
            {esc(indexes.theme_title(portal, t.id)): layout.theme_page(t.id)} for t in themes],
        layout.index_page(layout.OWNER_DIR): [{esc(o.name): layout.owner_page(o.id)} for o in taxonomy.owners.values()],
    }
