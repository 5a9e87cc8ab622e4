"""Synthetic policy sets: valid, varied and deterministic from a seed.

Front matter uses the real taxonomy (roles, types, themes, owners,
classifications), so the portal's indexes grow the way they would with real
documents. Bodies are Dutch-ish text of about 1,500 words with headings,
lists, a table, an admonition and links to other policies.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from portaal.core.frontmatter import decode, split
from portaal.core.taxonomy import Taxonomy

TODAY = dt.date(2026, 11, 28)
"""The fixed build date of every benchmark run (PORTAAL_TODAY)."""

TARGET_WORDS = 1500

# Real policies: 7 beleid, 8 casus, 2 gedragscode, 5 handreiking, 5 procedure.
TYPE_WEIGHTS = {"beleid": 7, "casus": 8, "gedragscode": 2, "handreiking": 5, "procedure": 5}
OWNER_WEIGHTS = {"bvi": 5, "programma-integriteit": 2, "p-en-o": 2}
STATUS_WEIGHTS = {"vastgesteld": 90, "concept": 5, "vervallen": 5}

TOPICS = (
    "geschenken en uitnodigingen", "nevenwerkzaamheden", "vertrouwelijke informatie", "criminele benadering",
    "belangenverstrengeling", "sociale media", "autorisaties in douanesystemen", "scanbeelden",
    "loggegevens", "functieroulatie", "screening bij indiensttreding", "melden van misstanden",
    "financiële problemen", "contacten met bedrijven", "privégebruik van middelen", "dienstreizen",
    "informatiebeveiliging", "herkenbaarheid op het werk", "wapens en geweldsmiddelen",
    "inbeslagneming van goederen", "verdachte zendingen", "toegang tot terminals", "vrijgave van containers",
    "werving van inhuur", "externe contacten", "persoonlijke veiligheid", "bedreiging en intimidatie",
    "omgang met pers", "rechtspositionele maatregelen", "onderzoek naar schendingen", "het vier-ogenprincipe",
    "risicoanalyse per team", "ethisch leiderschap", "morele dilemma's", "kwetsbaarheid na incidenten",
    "vertrouwenspersonen", "klokkenluiders", "alcohol en drugs", "omgangsvormen", "zakelijke relaties",
    "declaraties", "bijzondere bevoegdheden", "gegevens van reizigers", "wachtwoorden en passen",
    "thuiswerken", "afscheid en pensionering", "familie in de logistiek", "lidmaatschap van verenigingen",
)
PLACES = (
    "Haven Rotterdam", "Schiphol", "de grensovergangen", "de Maasvlakte", "de post- en koerierscentra",
    "de regio Noord", "de regio Zuid", "het douanelaboratorium", "de FIOD-samenwerking", "de terminals",
    "het Landelijk Centrum", "de Waalhaven", "Eemshaven", "de luchtvracht", "Vlissingen",
)
CASE_OPENINGS = ("De", "Het", "Een", "Te laat", "Even", "Mijn", "Die", "Zomaar", "Onverwacht", "Geen")
CASE_SUBJECTS = (
    "vriendelijke expediteur", "cadeau van de terminal", "foto op Instagram", "vraag van een oud-collega",
    "klusbedrijf", "schuld van mijn broer", "scanbeeld in de groepsapp", "lunch met de klant",
    "extra dienst", "bekende in de rij", "wachtwoord op een briefje", "zending van de buurman",
    "uitnodiging voor de finale", "tip van een chauffeur", "lening van een collega", "nieuwe bijbaan",
    "afspraak na het werk", "vraag over een container", "vergeten melding", "gedeelde inlog",
)
TYPE_TITLES = {
    "gedragscode": ("Gedragscode {topic}", "Gedragsregels {topic} {place}", "{Topic}: gedragsregels"),
    "beleid": ("Regeling {topic}", "Beleid {topic}", "{Topic} bij {place}", "{Topic}"),
    "procedure": ("Procedure {topic}", "{Topic} melden", "Meldprocedure {topic}", "Werkwijze {topic} {place}"),
    "handreiking": ("Handreiking {topic}", "{Topic} in de praktijk", "Omgaan met {topic}", "Wegwijzer {topic}"),
}

SUBJECTS = (
    "Je", "Je leidinggevende", "Het Bureau Veiligheid en Integriteit", "Een collega", "De vertrouwenspersoon",
    "Iedere medewerker", "Het team", "De teamleider", "De afdeling P&O", "De functionaris",
)
VERBS = (
    "meldt", "bespreekt", "beoordeelt", "weigert", "bewaart", "controleert", "registreert", "deelt nooit",
    "vraagt advies over", "onderzoekt", "documenteert", "signaleert", "bespreekt openlijk", "voorkomt",
)
OBJECTS = (
    "een geschenk van een expediteur", "vertrouwelijke informatie", "een uitnodiging voor een diner",
    "een verdachte zending", "de toegang tot douanesystemen", "een nevenfunctie", "een signaal van benadering",
    "gegevens uit het scansysteem", "een verzoek van een oud-collega", "een afwijkende declaratie",
    "de rechten in het autorisatiesysteem", "een melding over een collega", "de risico's van de functie",
    "een contact met een bedrijf", "informatie over lopende controles", "een privéafspraak met een klant",
)
QUALIFIERS = (
    "dezelfde dag", "vooraf", "altijd schriftelijk", "binnen vijf werkdagen", "via de meldlijn",
    "als je twijfelt", "in het teamoverleg", "met je leidinggevende", "zonder uitzondering",
    "zo snel mogelijk", "in het P-gesprek", "voordat je verder gaat", "en legt dat vast",
)
CONNECTIVES = ("Daarom", "Ook", "Daarnaast", "Let op:", "Bovendien", "In de praktijk", "Soms", "Altijd geldt:")
HEADINGS = (
    "Waarom is dit belangrijk?", "Voor wie geldt dit?", "Wat mag wel?", "Wat mag niet?", "Wat doe je?",
    "Hoe meld je het?", "Wat doet je leidinggevende?", "Wat gebeurt er daarna?", "Veelgestelde vragen",
    "Voorbeelden uit de praktijk", "Afspraken in het team", "Hulp en advies", "Wat als je twijfelt?",
    "Uitzonderingen", "Bewaren en vastleggen", "Verantwoordelijkheden",
)
SUBHEADINGS = ("In het kort", "Stap voor stap", "Voorbeeld", "Let op", "Achtergrond")
LIST_ITEMS = (
    "Je meldt het dezelfde dag.", "Je neemt geen geld of cadeaubonnen aan.", "Je vraagt vooraf toestemming.",
    "Je deelt geen informatie buiten je werk.", "Je bespreekt twijfel met je leidinggevende.",
    "Je legt afspraken schriftelijk vast.", "Je gebruikt alleen je eigen inlog.",
    "Je kijkt alleen in dossiers die je voor je werk nodig hebt.", "Je meldt een nevenfunctie vooraf.",
    "Je beschermt je privégegevens op sociale media.", "Je vraagt hulp bij de vertrouwenspersoon.",
    "Je leidinggevende bevestigt de melding binnen een week.", "Het BVI beoordeelt elke melding.",
)
TABLE_SITUATIONS = (
    "Een expediteur geeft je een fles wijn", "Een reiziger wil je bedanken met geld",
    "Een oud-collega vraagt naar een zending", "Je ziet een bekende in de controle",
    "Een bedrijf nodigt je uit voor een seminar", "Je krijgt een vriendschapsverzoek van een klant",
    "Een collega vraagt je inlog te lenen", "Je wordt benaderd na het werk",
    "Je familie werkt bij een expediteur", "Een chauffeur biedt je een tip aan",
)
TABLE_ACTIONS = (
    "Je weigert vriendelijk en meldt het.", "Je weigert altijd en meldt het dezelfde dag.",
    "Je geeft geen informatie en meldt het verzoek.", "Je draagt de controle over aan een collega.",
    "Je vraagt vooraf toestemming.", "Je accepteert het verzoek niet.", "Je weigert en meldt het bij het BVI.",
    "Je meldt het bij het Contactpunt criminele benadering.", "Je meldt mogelijke belangenverstrengeling.",
)
KEYWORDS = (
    "geschenk", "cadeau", "melden", "melding", "benadering", "nevenwerk", "bijbaan", "informatie",
    "autorisatie", "inlog", "scanbeeld", "container", "terminal", "expediteur", "sociale media", "screening",
    "veiligheid", "bedreiging", "vertrouwenspersoon", "leidinggevende", "integriteit", "schending",
    "sanctie", "onderzoek", "risico", "dilemma", "privé", "familie", "lening", "declaratie",
)
REASONS = (
    "Dit document is opnieuw beoordeeld en aangevuld.", "Voorbeelden toegevoegd.", "Eerste versie.",
    "Taal vereenvoudigd op B1-niveau.", "Meldroute aangepast aan het nieuwe Contactpunt.",
    "Afgestemd met de medezeggenschap.", "Verwijzingen bijgewerkt.",
)


@dataclass(frozen=True)
class SyntheticPolicy:
    id: str
    title: str
    status: str
    meta: dict[str, Any]
    body: str
    raw: str = ""
    """The file as it is, for the portal's own documents; empty for generated ones."""

    @classmethod
    def from_file(cls, path: Path) -> SyntheticPolicy:
        """One of the portal's own documents, kept as it is."""
        raw = path.read_text(encoding="utf-8")
        document = split(decode(raw.encode("utf-8")))
        meta = document.meta
        return cls(str(meta["id"]), str(meta["title"]), str(meta["status"]), meta, document.body, raw)

    @property
    def published(self) -> bool:
        """Gets a page in the portal (concepts only show in preview)."""
        return self.status != "concept"

    def text(self) -> str:
        """The policy file: YAML front matter and Markdown body."""
        if self.raw:
            return self.raw
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=100)
        return f"---\n{front}---\n\n{self.body}"

    def plain_page(self) -> str:
        """The same Markdown as a plain MkDocs page: only the title as front matter."""
        front = yaml.safe_dump({"title": self.title}, allow_unicode=True, width=1000)
        return f"---\n{front}---\n\n{self.body}"


def _weighted(rng: random.Random, weights: dict[str, int], known: Sequence[str]) -> str:
    """Pick from `known`, weighted where a weight is given (1 otherwise)."""
    return rng.choices(list(known), [weights.get(item, 1) for item in known])[0]


def _slug(text: str) -> str:
    text = text.lower().replace("ë", "e").replace("é", "e").replace("ï", "i").replace("&", "en")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _title(rng: random.Random, doc_type: str) -> str:
    if doc_type == "casus" or doc_type not in TYPE_TITLES:
        opening = rng.choice(CASE_OPENINGS)
        subject = rng.choice(CASE_SUBJECTS)
        return f"{opening} {subject} {rng.choice(('', '', 'in ' + rng.choice(PLACES)))}".strip()
    pattern = rng.choice(TYPE_TITLES[doc_type])
    topic = rng.choice(TOPICS)
    title = pattern.format(topic=topic, Topic=topic[0].upper() + topic[1:], place=rng.choice(PLACES))
    if "{place}" in pattern or rng.random() < 0.5:
        return title
    return f"{title} {rng.choice(('voor', 'bij', 'in'))} {rng.choice(PLACES)}"


def _sentence(rng: random.Random) -> str:
    start = rng.choice(SUBJECTS)
    text = f"{start} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."
    if rng.random() < 0.3:
        text = f"{rng.choice(CONNECTIVES)} {text[0].lower()}{text[1:]}"
    return text


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _table(rng: random.Random) -> str:
    rows = ["| Situatie | Wat doe je? | Melden bij |", "|---|---|---|"]
    for situation in rng.sample(TABLE_SITUATIONS, rng.randint(4, 6)):
        who = rng.choice(("Je leidinggevende", "Het BVI", "Contactpunt criminele benadering", "Vertrouwenspersoon"))
        rows.append(f"| {situation} | {rng.choice(TABLE_ACTIONS)} | {who} |")
    return "\n".join(rows)


def _body(rng: random.Random, links: Sequence[tuple[str, str]]) -> str:
    """About TARGET_WORDS words of Markdown: headings, paragraphs, two lists, a table, a note, links."""
    blocks = [_paragraph(rng, 5)]
    headings = rng.sample(HEADINGS, 8)
    table_at, list_at, steps_at = rng.sample(range(len(headings)), 3)
    words = len(blocks[0].split())
    for index, heading in enumerate(headings):
        blocks.append(f"## {heading}")
        blocks.append(_paragraph(rng, rng.randint(4, 7)))
        if index == list_at:
            blocks.append("\n".join(f"- {item}" for item in rng.sample(LIST_ITEMS, rng.randint(4, 7))))
        if index == steps_at:
            blocks.append(f"### {rng.choice(SUBHEADINGS)}")
            blocks.append("\n".join(f"{n}. {item}" for n, item in
                                    enumerate(rng.sample(LIST_ITEMS, rng.randint(3, 5)), start=1)))
        if index == table_at:
            blocks.append(_table(rng))
        if index == 1:
            blocks.append(f'!!! note "Twijfel je?"\n    {_paragraph(rng, 2)}')
        blocks.append(_paragraph(rng, rng.randint(4, 7)))
        words = sum(len(block.split()) for block in blocks)
    while words < TARGET_WORDS:
        paragraph = _paragraph(rng, 5)
        blocks.insert(rng.randint(2, len(blocks)), paragraph)
        words += len(paragraph.split())
    if links:
        see = ", ".join(f"[{title}]({target}.md)" for target, title in links)
        blocks.append(f"Lees ook: {see}.")
    return "\n\n".join(blocks) + "\n"


def _dates(rng: random.Random) -> dict[str, Any]:
    effective = TODAY - dt.timedelta(days=rng.randint(30, 6 * 365))
    dates: dict[str, Any] = {"effective": effective.isoformat()}
    if rng.random() < 0.7:  # most documents were reviewed in the last two years
        reviewed = max(effective, TODAY - dt.timedelta(days=rng.randint(0, 2 * 365)))
        dates["reviewed"] = reviewed.isoformat()
    if rng.random() < 0.8:
        dates["review_interval"] = rng.choice((6, 12, 12, 24, 36))
    else:
        # never before the date it took effect: the checker refuses that
        dates["review_by"] = max(effective, TODAY + dt.timedelta(days=rng.randint(-365, 730))).isoformat()
    return dates


def generate(count: int, taxonomy: Taxonomy, seed: int = 1) -> list[SyntheticPolicy]:
    """`count` valid policies; the same seed and count give the same files."""
    rng = random.Random(f"portaal-bench-{seed}-{count}")
    roles, themes, owners = list(taxonomy.roles), list(taxonomy.themes), list(taxonomy.owners)
    levels = [level for level in taxonomy.classifications if taxonomy.publishable(level)]
    root = taxonomy.root_role
    skeletons: list[dict[str, Any]] = []
    seen_titles: set[str] = set()
    for number in range(count):
        doc_type = _weighted(rng, TYPE_WEIGHTS, list(taxonomy.types))
        title = _title(rng, doc_type)
        while title.casefold() in seen_titles:
            title = f"{title} ({rng.choice(PLACES)})" if rng.random() < 0.5 else f"{title} {number}"
        seen_titles.add(title.casefold())
        skeletons.append({"id": f"{_slug(title)[:60].strip('-')}-{number:05d}", "title": title,
                          "type": doc_type, "status": _weighted(rng, STATUS_WEIGHTS, list(STATUS_WEIGHTS))})
    published = [s for s in skeletons if s["status"] != "concept"]
    withdrawn = [s["id"] for s in skeletons if s["status"] == "vervallen"]
    successors = [s for s in skeletons if s["status"] == "vastgesteld"]
    supersedes: dict[str, list[str]] = {}
    for old in withdrawn:
        if successors and rng.random() < 0.7:
            supersedes.setdefault(rng.choice(successors)["id"], []).append(old)

    result: list[SyntheticPolicy] = []
    for skeleton in skeletons:
        audience = rng.sample([r for r in roles if r != root], rng.randint(1, 2))
        if rng.random() < 0.5:
            audience.insert(0, root)
        others = [s for s in rng.sample(published, min(len(published), 4)) if s["id"] != skeleton["id"]]
        related = [s["id"] for s in others[: rng.randint(0, 3)]]
        links = [(s["id"], s["title"]) for s in others[: rng.randint(1, 3)]]
        version = f"{rng.randint(1, 4)}.{rng.randint(0, 3)}"
        dates = _dates(rng)
        meta: dict[str, Any] = {
            "id": skeleton["id"],
            "title": skeleton["title"],
            "type": skeleton["type"],
            "summary": f"{_sentence(rng)} {_sentence(rng)}",
            "owner": _weighted(rng, OWNER_WEIGHTS, owners),
            "audience": audience,
            "themes": rng.sample(themes, rng.randint(1, 2)),
            "status": skeleton["status"],
            **({"adopted_by": "mt-douane", "decision": f"MT-besluit {dates['effective'][:4]}-{len(result) + 1:04d}",
                "decision_date": dates["effective"]} if skeleton["status"] == "vastgesteld" else {}),
            "version": version,
            **dates,
            "classification": rng.choice(levels),
            "related": related,
            "supersedes": supersedes.get(skeleton["id"], []),
            "keywords": rng.sample(KEYWORDS, rng.randint(4, 12)),
            "history": [{"version": version, "date": dates["effective"], "change": rng.choice(REASONS)}],
        }
        result.append(SyntheticPolicy(skeleton["id"], skeleton["title"], skeleton["status"], meta,
                                      _body(rng, links)))
    return result


def own_policies(folder: Path) -> list[SyntheticPolicy]:
    """The portal's own documents: the benchmark adds its synthetic ones to these, so every
    link from the docs pages, the route finder and the recommendations still resolves."""
    return [SyntheticPolicy.from_file(path) for path in sorted(folder.glob("*.md"))]


def write(policies: Sequence[SyntheticPolicy], folder: Path) -> None:
    """Write the policy files (not the taxonomy) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for policy in policies:
        (folder / f"{policy.id}.md").write_text(policy.text(), encoding="utf-8")
