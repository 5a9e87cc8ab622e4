"""Index builders: the Markdown of generated pages and of the macros.

Every value from front matter or taxonomy passes through `inline`, so a
title with `<script>`, `*` or `{{` shows as itself. Links are absolute from
the docs root (`/beleid/x.md`); MkDocs checks and rewrites them.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from . import layout
from .guidance import Contact
from .model import Policy
from .portal import Portal, RoleEntry
from .review import Review, ReviewState
from .schema import FIELDS, example_text
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


def link(title: str, path: str) -> str:
    return f"[{inline(title)}](/{path})"


def policy_link(policy: Policy) -> str:
    return link(policy.title, layout.policy_page(policy.id))


def state_badge(review: Review | None) -> str:
    """A review badge; the browser re-checks it against the reader's date."""
    if review is None:
        return ""
    text = "" if review.state is ReviewState.CURRENT else review.state.label
    return (f'<span class="portaal-state portaal-state--{review.state.value}" '
            f'data-review-by="{review.next_review.isoformat()}">{text}</span>')


def front_matter(title: str, boost: float | None = None, hide_toc: bool = False) -> str:
    """Front matter for a generated page: an escaped title, never rendered by macros."""
    lines = ["---", f"title: {_yaml_string(inline_title(title))}", "render_macros: false"]
    if hide_toc:
        lines += ["hide:", "  - toc"]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    return "\n".join(lines) + "\n---\n\n"


def inline_title(title: str) -> str:
    """A page title as Material prints it: HTML, so escaped."""
    return html.escape(title, quote=False)


def _yaml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _group_by_type(portal: Portal, policies: Iterable[Policy]) -> list[tuple[str, list[Policy]]]:
    groups: dict[str, list[Policy]] = {doc_type: [] for doc_type in portal.taxonomy.types}
    for policy in policies:
        groups[policy.type].append(policy)
    return [(portal.taxonomy.types[t].plural, items) for t, items in groups.items() if items]


# -- roles -------------------------------------------------------------------

def role_index(portal: Portal, role_id: str) -> str:
    """Every policy that applies to a role, grouped by type, with the role it comes through."""
    taxonomy = portal.taxonomy
    entries = portal.by_role[known(taxonomy.roles, role_id, "rol")]
    if not entries:
        return "Er zijn nog geen documenten voor deze rol.\n"
    via: dict[str, RoleEntry] = {entry.policy.id: entry for entry in entries}
    out = []
    for plural_name, policies in _group_by_type(portal, (e.policy for e in entries)):
        out.append(f"## {inline(plural_name)}\n")
        for policy in policies:
            source = via[policy.id].via
            note = "" if source == role_id else f" <small>via {inline(taxonomy.roles[source].name)}</small>"
            out.append(f"- {policy_link(policy)}{note} {state_badge(portal.review(policy))}".rstrip())
        out.append("")
    return "\n".join(out)


def role_page(portal: Portal, role_id: str) -> str:
    taxonomy = portal.taxonomy
    role = taxonomy.roles[role_id]
    ancestors = taxonomy.lineage(role_id)[1:]
    count = len(portal.by_role[role_id])
    lines = [front_matter(f"Wat geldt voor mij? {role.name}", boost=0.5), inline(role.description), ""]
    if ancestors:
        names = ", ".join(link(taxonomy.roles[a].name, layout.role_page(a)) for a in ancestors)
        lines += [f"Voor deze rol geldt ook alles voor: {names}.", ""]
    lines += [f"Hier staan {plural(count, 'document', 'documenten')} die voor jou gelden.", ""]
    return "\n".join(lines) + "\n" + role_index(portal, role_id)


def role_overview(portal: Portal) -> str:
    """The roles, each with its description and how many documents apply."""
    out = []
    for role in portal.taxonomy.roles.values():
        count = len(portal.by_role[role.id])
        out.append(f"- **{link(role.name, layout.role_page(role.id))}** "
                   f"({plural(count, 'document', 'documenten')}): {inline(role.description)}")
    return "\n".join(out) + "\n"


def roles_page(portal: Portal) -> str:
    return (front_matter("Wat geldt voor mij?", boost=0.5)
            + "Kies je rol. Je ziet dan alle documenten die voor jou gelden, ook die voor alle "
              "medewerkers.\n\n" + role_overview(portal))


# -- themes, types, owners ------------------------------------------------------

def policy_table(portal: Portal, policies: list[Policy], show_owner: bool = True) -> str:
    """A table of policies with summary, owner and review state."""
    if not policies:
        return "Er zijn nog geen documenten.\n"
    head = "| Document | Samenvatting |" + (" Eigenaar |" if show_owner else "") + " Volgende beoordeling |"
    rule = "|---|---|" + ("---|" if show_owner else "") + "---|"
    rows = [head, rule]
    for policy in policies:
        owner = portal.taxonomy.owners[policy.owner]
        review = portal.review(policy)
        when = dutch_date(policy.next_review) if review else "vervallen"
        rows.append(
            f"| {policy_link(policy)} | {inline(policy.summary)} |"
            + (f" {link(owner.name, layout.owner_page(owner.id))} |" if show_owner else "")
            + f" {when} {state_badge(review)} |"
        )
    return "\n".join(rows) + "\n"


def theme_index(portal: Portal, theme_id: str) -> str:
    out = []
    for plural_name, policies in _group_by_type(portal, portal.by_theme[known(portal.by_theme, theme_id, "thema")]):
        out += [f"## {inline(plural_name)}", "", policy_table(portal, policies)]
    return "\n".join(out) or "Er zijn nog geen documenten bij dit thema.\n"


def theme_title(portal: Portal, theme_id: str) -> str:
    theme = portal.taxonomy.themes[theme_id]
    return f"Thema {theme.number}: {theme.name}"


def theme_page(portal: Portal, theme_id: str) -> str:
    theme = portal.taxonomy.themes[theme_id]
    lines = [front_matter(theme_title(portal, theme_id), boost=0.5), f"**Doel:** {inline(theme.goal)}", ""]
    if theme.description:  # Markdown from the taxonomy, kept by the integrity office like docs/
        lines += [theme.description, ""]
    answered = [r for r in portal.taxonomy.recommendations.values() if theme_id in r.themes]
    if answered:
        lines += ["## Aanbevelingen", "", "Dit thema geeft antwoord op deze aanbevelingen uit het rapport "
                  "over corruptierisico's:", ""]
        for rec in answered:
            docs = [d for d in rec.documents if d in portal.visible_ids]
            shown = ", ".join(policy_link(portal.catalog.get(d)) for d in docs) or "nog geen documenten"
            lines.append(f"{inline(rec.id)}\\. {inline(rec.text)} Uitgewerkt in: {shown}.\n")
        lines.append("")
    return "\n".join(lines) + theme_index(portal, theme_id)


def themes_page(portal: Portal) -> str:
    lines = [front_matter("Thema's", boost=0.5),
             "De verbeteragenda *Vertrouwd vooruit* heeft zes thema's. Per thema zie je het doel en de "
             "documenten die erbij horen.", ""]
    for theme in sorted(portal.taxonomy.themes.values(), key=lambda t: t.number):
        count = len(portal.by_theme[theme.id])
        lines.append(f"- **{link(theme_title(portal, theme.id), layout.theme_page(theme.id))}** "
                     f"({plural(count, 'document', 'documenten')}): {inline(theme.goal)}")
    return "\n".join(lines) + "\n"


def type_index(portal: Portal, type_id: str) -> str:
    return policy_table(portal, portal.by_type[known(portal.by_type, type_id, "soort document")])


def type_page(portal: Portal, type_id: str) -> str:
    return front_matter(portal.taxonomy.types[type_id].plural, boost=0.5) + type_index(portal, type_id)


def owner_index(portal: Portal, owner_id: str) -> str:
    return policy_table(portal, portal.by_owner[known(portal.by_owner, owner_id, "eigenaar")], show_owner=False)


def owner_page(portal: Portal, owner_id: str) -> str:
    owner = portal.taxonomy.owners[owner_id]
    return (front_matter(owner.name, boost=0.5)
            + f"Contact: {inline(owner.mailbox)}\n\n" + owner_index(portal, owner_id))


def owners_page(portal: Portal) -> str:
    lines = [front_matter("Eigenaren", boost=0.5),
             "Elke eigenaar beheert zijn documenten en zorgt dat ze op tijd worden beoordeeld.", "",
             "| Eigenaar | Contact | Documenten |", "|---|---|---|"]
    for owner in portal.taxonomy.owners.values():
        lines.append(f"| {link(owner.name, layout.owner_page(owner.id))} | {inline(owner.mailbox)} | "
                     f"{len(portal.by_owner[owner.id])} |")
    return "\n".join(lines) + "\n"


def all_policies_page(portal: Portal) -> str:
    lines = [front_matter("Alle documenten", boost=0.5)]
    for plural_name, policies in _group_by_type(portal, portal.listed):
        lines += [f"## {inline(plural_name)}", ""]
        lines += [f"- {policy_link(p)} {state_badge(portal.review(p))}".rstrip() for p in policies]
        lines.append("")
    return "\n".join(lines)


# -- review dashboard ------------------------------------------------------------

def _review_table(portal: Portal, policies: list[Policy]) -> str:
    if not policies:
        return "Geen documenten.\n"
    rows = ["| Document | Eigenaar | Volgende beoordeling | Wanneer |", "|---|---|---|---|"]
    for policy in policies:
        review = portal.reviews[policy.id]
        owner = portal.taxonomy.owners[policy.owner]
        rows.append(f"| {policy_link(policy)} | {link(owner.name, layout.owner_page(owner.id))} | "
                    f"{dutch_date(review.next_review)} | {days_phrase(review.days_left)} |")
    return "\n".join(rows) + "\n"


def review_dashboard(portal: Portal) -> str:
    overdue = portal.in_state(ReviewState.OVERDUE)
    due = portal.in_state(ReviewState.DUE_SOON)
    lines = [
        f"Stand op {dutch_date(portal.today)}. Binnenkort betekent: binnen {portal.due_soon_days} dagen.",
        "",
        f"## Verlopen ({len(overdue)})", "", _review_table(portal, overdue),
        f"## Binnenkort ({len(due)})", "", _review_table(portal, due),
        "## Per eigenaar", "",
        "| Eigenaar | Documenten | Actueel | Binnenkort | Verlopen |", "|---|---|---|---|---|",
    ]
    for owner in portal.taxonomy.owners.values():
        states = [portal.reviews[p.id].state for p in portal.by_owner[owner.id]]
        lines.append(f"| {link(owner.name, layout.owner_page(owner.id))} | {len(states)} | "
                     f"{states.count(ReviewState.CURRENT)} | {states.count(ReviewState.DUE_SOON)} | "
                     f"{states.count(ReviewState.OVERDUE)} |")
    return "\n".join(lines) + "\n"


def dashboard_page(portal: Portal) -> str:
    return front_matter("Beoordelingsoverzicht", boost=0.2) + review_dashboard(portal)


# -- reference ---------------------------------------------------------------------

def front_matter_reference() -> str:
    """The front-matter fields as a Markdown table, straight from the schema declaration."""
    rows = ["| Veld | Verplicht | Betekenis | Voorbeeld |", "|---|---|---|---|"]
    for field in FIELDS:
        description = field.description.replace("|", "\\|")  # our own text: only the table needs care
        rows.append(f"| `{field.name}` | {'ja' if field.required else 'nee'} | {description} | "
                    f"`{example_text(field)}` |")
    return "\n".join(rows) + "\n"


# -- guidance: route finder, glossary, changes ----------------------------------------

def _policy_ref(portal: Portal, policy_id: str) -> str:
    if policy_id not in portal.visible_ids:
        return ""
    return policy_link(portal.catalog.get(policy_id))


def contact(portal: Portal, contact_id: str) -> Contact:
    """A contact point of the route finder; a Dutch error names the unknown id."""
    finder = portal.catalog.routes
    contacts = finder.contacts if finder is not None else {}
    return contacts[known(contacts, contact_id, "contact (meldroutes.yml)")]


def route_finder_page(portal: Portal) -> str:
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
        if more:
            lines += [f"Meer lezen: {more}", ""]
    lines += ["## Contactgegevens", "", "| Contact | Telefoon | Mail | Bereikbaar |", "|---|---|---|---|"]
    for contact in finder.contacts.values():
        lines.append(f"| {inline(contact.name)} | {inline(contact.phone)} | {inline(contact.mail)} | "
                     f"{inline(contact.hours)} |")
    return "\n".join(lines) + "\n"


def glossary_page(portal: Portal) -> str:
    lines = [front_matter("Begrippenlijst"),
             "Deze woorden betekenen in het hele portaal steeds hetzelfde.", ""]
    for term in portal.catalog.glossary:
        lines += [f"## {inline(term.term)} {{#{term.anchor}}}", "", inline(term.definition), ""]
        more = _policy_ref(portal, term.policy) if term.policy else ""
        if more:
            lines += [f"Meer lezen: {more}", ""]
    return "\n".join(lines)


def recent_changes(portal: Portal, limit: int = 5) -> str:
    """The newest history entries of published documents, newest first."""
    entries = sorted(
        ((entry, policy) for policy in portal.listed for entry in policy.history),
        key=lambda pair: (pair[0].date, pair[1].title.casefold()), reverse=True,
    )[:limit]
    if not entries:
        return "Er zijn nog geen wijzigingen.\n"
    rows = ["| Datum | Document | Versie | Wat is er veranderd? |", "|---|---|---|---|"]
    rows += [f"| {dutch_date(entry.date)} | {policy_link(policy)} | {inline(entry.version)} | "
             f"{inline(entry.change)} |" for entry, policy in entries]
    return "\n".join(rows) + "\n"


def changes_page(portal: Portal) -> str:
    return (front_matter("Nieuw en gewijzigd", boost=0.5)
            + "De nieuwste versies van documenten, met wat er veranderd is.\n\n"
            + recent_changes(portal, limit=50))
