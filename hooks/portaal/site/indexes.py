"""Page builders: the list pages the portal generates (roles, themes, types, owners, the review
dashboard, route finder, glossary, changes) and the lists the docs pages' macros show.

Every value from front matter or taxonomy is escaped: through `inline` where it
goes into Markdown, through `html.escape` where it goes into an HTML fragment. So a
title with `<script>`, `*` or `{{` shows as itself. Markdown links are absolute
from the docs root (`/beleid/x.md`; MkDocs checks and rewrites them); links in
HTML fragments start at `ROOT` and the plugin makes them relative per page.
"""

from __future__ import annotations

import json

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..core import layout
from . import calendars
from .html import ROOT, Blocks, Embed, escape, html_list, html_table, inline_html, page_href, page_link
from ..core.guidance import Contact
from ..core.model import Policy
from ..core.publication import Publication
from ..core.review import Review, ReviewState
from .text import days_phrase, dutch_date, inline, plural


class UnknownId(KeyError):
    """A macro was called with an id that is not in the taxonomy."""

    def __str__(self) -> str:
        return str(self.args[0])


def known(collection: dict[str, object] | Iterable[str], value: str, what: str) -> str:
    """`value` if it is in `collection`; otherwise a Dutch error listing the choices."""
    choices = list(collection)
    if value not in choices:
        raise UnknownId(f"onbekende {what} '{value}'; kies uit: {', '.join(choices)}")
    return value


def markdown_link(title: str, path: str) -> str:
    return f"[{inline(title)}](/{path})"


def policy_markdown_link(policy: Policy) -> str:
    return markdown_link(policy.title, layout.policy_page(policy.id))


READER_LABEL = "Wordt herzien"
"""What an employee sees of a due or overdue review: the owner's dates are not theirs to act on."""


def state_badge(review: Review | None, owner_view: bool = False) -> str:  # HTML
    """A review badge; the browser re-checks it against the reader's date.

    Employees see reader words ("Wordt herzien"); owner pages and the dashboard (`owner_view`) the
    owner's detail ("Beoordeling verlopen").
    """
    if review is None:
        return ""
    owner_text = review.state.label if owner_view else READER_LABEL
    text = "" if review.state is ReviewState.CURRENT else owner_text
    wording = "owner" if owner_view else "reader"
    return (f'<span class="portaal-state portaal-state--{escape(review.state.value)}" data-wording="{wording}" '
            f'data-review-by="{escape(review.next_review.isoformat())}">{escape(text)}</span>')


def front_matter(title: str, hide_toc: bool = False, exclude_from_search: bool = False) -> str:
    """Front matter for a generated page: an escaped title.
    List pages stay out of search: the documents they list are found directly."""
    lines = ["---", f"title: {_yaml_string(inline_title(title))}"]
    if hide_toc:
        lines += ["hide:", "  - toc"]
    if exclude_from_search:
        lines += ["search:", "  exclude: true"]
    return "\n".join(lines) + "\n---\n\n"


def inline_title(title: str) -> str:
    """A page title as Material prints it: HTML, so escaped."""
    return escape(title)


def _yaml_string(value: str) -> str:
    """A double-quoted YAML scalar: JSON's string syntax is YAML's, with every line end and control character
    escaped, so no value can end the line or the front matter."""
    return json.dumps(value, ensure_ascii=False)


def _group_by_type(portal: Publication, policies: Iterable[Policy]) -> list[tuple[str, list[Policy]]]:
    groups: dict[str, list[Policy]] = {doc_type: [] for doc_type in portal.taxonomy.types}
    for policy in policies:
        groups[policy.type].append(policy)
    return [(portal.taxonomy.types[t].plural, items) for t, items in groups.items() if items]


def policy_html_link(policy: Policy) -> str:
    """A link to a policy; a concept (only shown in preview) says so."""
    concept = ' <strong class="portaal-concept">concept</strong>' if policy.is_concept else ""
    return page_link(policy.title, layout.policy_page(policy.id)) + concept


# -- roles -------------------------------------------------------------------

def summary_item(portal: Publication, policy: Policy, note: str = "") -> str:  # HTML
    """A policy in a list: its title as a link, its review badge in reader words, and its summary."""
    badge = state_badge(portal.review(policy))
    head = " ".join(part for part in (policy_html_link(policy), note, badge) if part)
    return f'{head}<br><span class="portaal-excerpt">{escape(policy.summary)}</span>'


def for_everyone_heading(portal: Publication) -> str:
    """'Voor alle medewerkers' (from the root role's name)."""
    name = portal.taxonomy.roles[portal.taxonomy.root_role].name
    return f"Voor {name[:1].lower()}{name[1:]}"


def role_index(portal: Publication, role_id: str, embed: Embed = inline_html) -> str:
    """Every policy for a role: first what is special to it ("Speciaal voor <rol>"), then what applies
    to everyone; each part grouped by type, every document with its summary."""
    taxonomy = portal.taxonomy
    entries = portal.by_role[known(taxonomy.roles, role_id, "rol")]
    if not entries:
        return "Er zijn nog geen documenten voor deze rol.\n"
    root = taxonomy.root_role
    parts = []
    if role_id != root:
        special = [entry for entry in entries if entry.via != root]
        parts.append((f"Speciaal voor {taxonomy.roles[role_id].name}", special))
    parts.append((for_everyone_heading(portal), [entry for entry in entries if entry.via == root]))
    out = []
    for heading, part in parts:
        out.append(f"## {inline(heading)}\n")
        if not part:
            out.append("Er zijn geen documenten alleen voor deze rol.\n" if heading != parts[-1][0]
                       else "Er zijn nog geen documenten voor iedereen.\n")
            continue
        via = {entry.policy.id: entry.via for entry in part}
        for plural_name, policies in _group_by_type(portal, (e.policy for e in part)):
            lines = []
            for policy in policies:
                source = via[policy.id]
                note = "" if source in (role_id, root) else f"<small>via {escape(taxonomy.roles[source].name)}</small>"
                lines.append(summary_item(portal, policy, note))
            out.append(f"### {inline(plural_name)}\n" + embed(html_list(lines, "portaal-list")))
    return "\n".join(out)


def role_page(portal: Publication, role_id: str, embed: Embed) -> str:
    taxonomy = portal.taxonomy
    role = taxonomy.roles[role_id]
    ancestors = taxonomy.lineage(role_id)[1:]
    count = len(portal.by_role[role_id])
    lines = [front_matter(f"Wat geldt voor mij? {role.name}", exclude_from_search=True),
             inline(role.description), ""]
    if ancestors:
        names = ", ".join(markdown_link(taxonomy.roles[r].name, layout.role_page(r)) for r in ancestors)
        lines += [f"Voor deze rol geldt ook alles voor: {names}.", ""]
    lines += [f"Hier staan {plural(count, 'document', 'documenten')} die voor jou gelden.", ""]
    return "\n".join(lines) + "\n" + role_index(portal, role_id, embed)


def role_overview(portal: Publication, embed: Embed = inline_html) -> str:
    """The roles, each with its description and how many documents apply."""
    lines = []
    for role in portal.taxonomy.roles.values():
        count = len(portal.by_role[role.id])
        lines.append(f"<strong>{page_link(role.name, layout.role_page(role.id))}</strong> "
                     f"({plural(count, 'document', 'documenten')}): {escape(role.description)}")
    return embed(html_list(lines))


def roles_page(portal: Publication, embed: Embed) -> str:
    return (front_matter("Wat geldt voor mij?", exclude_from_search=True)
            + "Kies je rol. Je ziet dan alle documenten die voor jou gelden, ook die voor alle "
              "medewerkers.\n" + role_overview(portal, embed))


# -- themes, types, owners ------------------------------------------------------

def policy_table(portal: Publication, policies: list[Policy], show_owner: bool = True) -> str:
    """A table of policies with summary, owner and review state; without the owner column it is an
    owner's page, with the review state in owner words."""
    if not policies:
        return "<p>Er zijn nog geen documenten.</p>"
    head = ["Document", "Samenvatting", *(["Eigenaar"] if show_owner else []), "Volgende beoordeling"]
    rows = []
    for policy in policies:
        owner = portal.taxonomy.owners[policy.owner]
        review = portal.review(policy)
        when = dutch_date(policy.next_review) if review else "vervallen"
        rows.append([policy_html_link(policy), escape(policy.summary),
                     *([page_link(owner.name, layout.owner_page(owner.id))] if show_owner else []),
                     f"{when} {state_badge(review, owner_view=not show_owner)}".rstrip()])
    return html_table(head, rows)


def theme_index(portal: Publication, theme_id: str, embed: Embed = inline_html) -> str:
    out = []
    for plural_name, policies in _group_by_type(portal, portal.by_theme[known(portal.by_theme, theme_id, "thema")]):
        out.append(f"## {inline(plural_name)}\n" + embed(policy_table(portal, policies)))
    return "\n".join(out) or "Er zijn nog geen documenten bij dit thema.\n"


def theme_title(portal: Publication, theme_id: str) -> str:
    theme = portal.taxonomy.themes[theme_id]
    return f"Thema {theme.number}: {theme.name}"


def theme_page(portal: Publication, theme_id: str, embed: Embed) -> str:
    theme = portal.taxonomy.themes[theme_id]
    lines = [front_matter(theme_title(portal, theme_id), exclude_from_search=True),
             f"**Doel:** {inline(theme.goal)}", ""]
    if theme.description:  # Markdown from the taxonomy, kept by the integrity office like docs/
        lines += [theme.description, ""]
    answered = [r for r in portal.taxonomy.recommendations.values() if theme_id in r.themes]
    if answered:
        lines += ["## Aanbevelingen", "", "Dit thema geeft antwoord op deze aanbevelingen uit het rapport "
                  "over corruptierisico's:", ""]
        for rec in answered:
            docs = [d for d in rec.documents if d in portal.visible_ids]
            shown = ", ".join(policy_markdown_link(portal.catalog.get(d)) for d in docs) or "nog geen documenten"
            lines.append(f"{inline(rec.id)}\\. {inline(rec.text)} Uitgewerkt in: {shown}.\n")
        lines.append("")
    return "\n".join(lines) + theme_index(portal, theme_id, embed)


def themes_page(portal: Publication, embed: Embed) -> str:
    lines = []
    for theme in sorted(portal.taxonomy.themes.values(), key=lambda t: t.number):
        count = len(portal.by_theme[theme.id])
        lines.append(f"<strong>{page_link(theme_title(portal, theme.id), layout.theme_page(theme.id))}</strong> "
                     f"({plural(count, 'document', 'documenten')}): {escape(theme.goal)}")
    return (front_matter("Thema's", exclude_from_search=True)
            + "De verbeteragenda *Vertrouwd vooruit* heeft zes thema's. Per thema zie "
            "je het doel en de documenten die erbij horen.\n" + embed(html_list(lines)))


def type_index(portal: Publication, type_id: str, embed: Embed = inline_html) -> str:
    return embed(policy_table(portal, portal.by_type[known(portal.by_type, type_id, "soort document")]))


def type_page(portal: Publication, type_id: str, embed: Embed) -> str:
    return (front_matter(portal.taxonomy.types[type_id].plural, exclude_from_search=True)
            + type_index(portal, type_id, embed))


def owner_index(portal: Publication, owner_id: str, embed: Embed = inline_html) -> str:
    owned = portal.by_owner[known(portal.by_owner, owner_id, "eigenaar")]
    return embed(policy_table(portal, owned, show_owner=False))


def owner_page(portal: Publication, owner_id: str, embed: Embed) -> str:
    owner = portal.taxonomy.owners[owner_id]
    return (front_matter(owner.name, exclude_from_search=True)
            + f"Contact: {inline(owner.mailbox)}\n"
            + embed(f'<p>De beoordelingen in je agenda: <a href="{ROOT}{calendars.calendar_path(owner_id)}">'
                    f"agenda van {escape(owner.name)}</a> (.ics)</p>")
            + owner_index(portal, owner_id, embed))


def owners_page(portal: Publication, embed: Embed) -> str:
    rows = [[page_link(owner.name, layout.owner_page(owner.id)), escape(owner.mailbox), str(len(portal.by_owner[owner.id]))]
            for owner in portal.taxonomy.owners.values()]
    return (front_matter("Eigenaren", exclude_from_search=True)
            + "Elke eigenaar beheert zijn documenten en zorgt dat ze op tijd worden beoordeeld.\n"
            + embed(html_table(["Eigenaar", "Contact", "Documenten"], rows)))


def all_policies_page(portal: Publication, embed: Embed) -> str:
    out = [front_matter("Alle documenten", exclude_from_search=True)]
    for plural_name, policies in _group_by_type(portal, portal.listed):
        lines = [summary_item(portal, p) for p in policies]
        out.append(f"## {inline(plural_name)}\n" + embed(html_list(lines, "portaal-list")))
    return "\n".join(out)


# -- review dashboard ------------------------------------------------------------

def _review_table(portal: Publication, policies: list[Policy]) -> str:
    if not policies:
        return "<p>Geen documenten.</p>"
    rows = []
    for policy in policies:
        review = portal.reviews[policy.id]
        owner = portal.taxonomy.owners[policy.owner]
        rows.append([policy_html_link(policy), page_link(owner.name, layout.owner_page(owner.id)),
                     dutch_date(review.next_review), days_phrase(review.days_left)])
    return html_table(["Document", "Eigenaar", "Volgende beoordeling", "Wanneer"], rows)


def review_dashboard(portal: Publication, embed: Embed = inline_html) -> str:
    overdue = portal.in_state(ReviewState.OVERDUE)
    due = portal.in_state(ReviewState.DUE_SOON)
    rows = []
    for owner in portal.taxonomy.owners.values():
        states = [portal.reviews[p.id].state for p in portal.by_owner[owner.id]]
        rows.append([page_link(owner.name, layout.owner_page(owner.id)), str(len(states)),
                     str(states.count(ReviewState.CURRENT)), str(states.count(ReviewState.DUE_SOON)),
                     str(states.count(ReviewState.OVERDUE))])
    return "\n".join([
        f"Stand op {dutch_date(portal.today)}. Binnenkort betekent: binnen {portal.due_soon_days} dagen.", "",
        f"## Verlopen ({len(overdue)})", embed(_review_table(portal, overdue)),
        f"## Binnenkort ({len(due)})", embed(_review_table(portal, due)),
        "## Per eigenaar",
        embed(html_table(["Eigenaar", "Documenten", "Actueel", "Binnenkort", "Verlopen"], rows)),
        "## Agenda's", embed(calendar_links(portal)),
    ])


def calendar_links(portal: Publication) -> str:
    """Links to the review calendars the build publishes (see calendars), with how to use them."""
    links = [f'<a href="{ROOT}{calendars.calendar_path(None)}">Alle eigenaren</a> (.ics)']
    links += [f'<a href="{ROOT}{calendars.calendar_path(owner.id)}">{escape(owner.name)}</a> (.ics)'
              for owner in portal.taxonomy.owners.values()]
    return (f"<p>Zet de beoordelingen in je agenda. Per document staat er een afspraak op de dag van de "
            f"volgende beoordeling, met een herinnering als de {portal.due_soon_days} dagen ervoor ingaan. "
            "Een verlopen beoordeling staat op vandaag, met VERLOPEN ervoor. Abonneer je op het adres van de "
            "agenda (in Outlook: Agenda toevoegen, Van internet), dan blijft hij bij. Of importeer het bestand: "
            "een nieuwe import werkt de afspraken bij en maakt geen dubbele.</p>\n" + html_list(links))


def dashboard_page(portal: Publication, embed: Embed) -> str:
    return front_matter("Beoordelingsoverzicht", exclude_from_search=True) + review_dashboard(portal, embed)


# -- guidance: route finder, glossary, changes ----------------------------------------

def _policy_ref(portal: Publication, policy_id: str) -> str:
    if policy_id not in portal.visible_ids:
        return ""
    return policy_markdown_link(portal.catalog.get(policy_id))


def contact(portal: Publication, contact_id: str) -> Contact:
    """A contact point of the route finder; a Dutch error names the unknown id."""
    finder = portal.catalog.routes
    contacts = finder.contacts if finder is not None else {}
    return contacts[known(contacts, contact_id, "contact (meldroutes.yml)")]


def questions_block(questions: Sequence[str]) -> list[str]:
    """A collapsed "Vragen die hierbij horen" block (pymdownx.details), every question escaped."""
    return ['??? question "Vragen die hierbij horen"', "", *(f"    - {inline(q)}" for q in questions), ""]


def route_finder_page(portal: Publication) -> str:
    """"Waar meld ik wat?": situation -> where -> how fast -> what next -> confidentiality."""
    finder = portal.catalog.routes
    assert finder is not None
    lines = [front_matter("Waar meld ik wat?", hide_toc=True),
             "Zoek de situatie die bij jou past. Je ziet waar je het meldt, hoe snel, wat er daarna "
             "gebeurt en wie ervan weet. Twijfel je? Meld het toch, of praat eerst met een "
             "vertrouwenspersoon.", "",
             "| Wat is er aan de hand? | Waar meld je het? | Hoe snel? |", "|---|---|---|"]
    for number, route in enumerate(finder.routes, start=1):
        lines.append(f"| [{inline(route.situation)}](#melden-{number}) | {inline(route.channel)} | "
                     f"{inline(route.timeframe)} |")
    lines.append("")
    for number, route in enumerate(finder.routes, start=1):
        contact = finder.contacts[route.contact]
        more = _policy_ref(portal, route.policy)
        lines += [
            f"## {inline(route.situation)} {{#melden-{number}}}", "",
            "Waar meld je het?", f":   {inline(route.channel)}", "",
            "Contact", f":   {inline(contact.name)}: {inline(contact.phone)}, {inline(contact.mail)} "
                       f"({inline(contact.hours)})", "",
            "Hoe snel?", f":   {inline(route.timeframe)}", "",
            "Wat gebeurt er daarna?", f":   {inline(route.next)}", "",
            "Wie weet ervan?", f":   {inline(route.confidentiality)}", "",
        ]
        if route.vragen:  # in the section, so a search on a question leads to this route's anchor
            lines += questions_block(route.vragen)
        if more:
            lines += [f"Meer lezen: {more}", ""]
    lines += ["## Contactgegevens", "", "| Contact | Telefoon | Mail | Bereikbaar |", "|---|---|---|---|"]
    for contact in finder.contacts.values():
        lines.append(f"| {inline(contact.name)} | {inline(contact.phone)} | {inline(contact.mail)} | "
                     f"{inline(contact.hours)} |")
    return "\n".join(lines) + "\n"


def glossary_page(portal: Publication) -> str:
    lines = [front_matter("Begrippenlijst"),
             "Deze woorden betekenen in het hele portaal steeds hetzelfde.", ""]
    for term in portal.catalog.glossary:
        lines += [f"## {inline(term.term)} {{#{term.anchor}}}", "", inline(term.definition), ""]
        if term.vragen:
            lines += questions_block(term.vragen)
        more = _policy_ref(portal, term.policy) if term.policy else ""
        if more:
            lines += [f"Meer lezen: {more}", ""]
    return "\n".join(lines)


def recent_changes(portal: Publication, limit: int = 5) -> str:
    """The newest history entries of published documents, newest first."""
    entries = sorted(
        ((entry, policy) for policy in portal.listed for entry in policy.history),
        key=lambda pair: (pair[0].date, pair[1].title.casefold()), reverse=True,
    )[:limit]
    if not entries:
        return "Er zijn nog geen wijzigingen.\n"
    rows = ["| Datum | Document | Versie | Wat is er veranderd? |", "|---|---|---|---|"]
    rows += [f"| {dutch_date(entry.date)} | {policy_markdown_link(policy)} | {inline(entry.version)} | "
             f"{inline(entry.change)} |" for entry, policy in entries]
    return "\n".join(rows) + "\n"


def changes_page(portal: Publication) -> str:
    return (front_matter("Nieuw en gewijzigd", exclude_from_search=True)
            + "De nieuwste versies van documenten, met wat er veranderd is.\n\n"
            + recent_changes(portal, limit=50))
