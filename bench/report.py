"""The results as a Dutch docs page: the machine, the tables and the targets."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .run import SizeResult

MEDIAN_PAGE_LIMIT = 60 * 1024
BUILD_RATIO_LIMIT = 1.10
SEARCH_BUILD_RATIO_LIMIT = 1.15
"""The search issue's limit: the portal with its Pagefind index against Material with its own search."""
PEAK_MEMORY_LIMIT_MB = 1536
SCALING_LIMIT = 3.3
CHECK_RATIO_LIMIT = 1.5
KB = 1024
MB = 1024 * 1024


@dataclass(frozen=True)
class Machine:
    cpus: int
    memory_gb: float
    cpu_model: str
    python: str
    packages: str
    date: dt.date
    load: float | None = None
    """Load average over 5 minutes at the end of the run: other work on the machine."""


def machine(today: dt.date | None = None) -> Machine:
    """The machine the benchmark ran on (Linux: /proc)."""
    return Machine(
        cpus=len(os.sched_getaffinity(0)),
        memory_gb=_meminfo_kb("MemTotal") / MB,
        cpu_model=_cpu_model(),
        python=platform.python_version(),
        packages=", ".join(f"{name} {_version(name)}"
                           for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "PyYAML")),
        date=today or dt.date.today(),
        load=os.getloadavg()[1],
    )


def save_machine(path: Path, host: Machine) -> None:
    path.write_text(json.dumps({**asdict(host), "date": host.date.isoformat()}, indent=2), encoding="utf-8")


def load_machine(path: Path) -> Machine:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Machine(**{**data, "date": dt.date.fromisoformat(data["date"])})


def _meminfo_kb(key: str) -> float:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith(f"{key}:"):
                return float(line.split()[1])
    except OSError:
        pass
    return 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "onbekend"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


# -- Dutch number formatting ---------------------------------------------------

def number(value: float, digits: int = 0) -> str:
    """Dutch notation: 1.234,5."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def seconds(value: float) -> str:
    return number(value, 3 if value < 1 else 2 if value < 10 else 1)


def kilobytes(value: float) -> str:
    return number(value / KB, 0 if value >= 10 * KB else 1)


def megabytes(value: float) -> str:
    return number(value / MB, 1)


def yes_no(ok: bool) -> str:
    return "ja" if ok else "**nee**"


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


BUILD_HEAD = ("Documenten", "Portaal (s)", "Kaal Material (s)", "Verhouding", "Metingen",
              "Piekgeheugen portaal (MB)", "Piekgeheugen kaal (MB)")
SITE_HEAD = ("Documenten", "HTML-pagina's portaal", "Site portaal (MB)", "Site kaal (MB)",
             "Mediaan pagina portaal (KB)", "Mediaan pagina kaal (KB)", "Grootste pagina portaal (KB)",
             "Grootste pagina kaal (KB)", "Zoekindex portaal (MB)", "Zoekindex kaal (MB)")
CHECK_HEAD = ("Documenten", "Controle (s)", "Ondergrens: lezen + YAML (s)", "Verhouding",
              "Controle (s CPU)", "Ondergrens (s CPU)", "Verhouding processortijd",
              "Zonder opstarten: controle (s)", "Zonder opstarten: ondergrens (s)", "Verhouding zonder opstarten")


def build_rows(results: Sequence[SizeResult]) -> list[list[str]]:
    return [[number(r.policies), seconds(r.portal_time), seconds(r.plain_time), number(r.build_ratio, 2),
             str(r.runs), number(max(r.portal_peak_mb)), number(max(r.plain_peak_mb))] for r in results]


def site_rows(results: Sequence[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        portal, plain = r.portal_site, r.plain_site
        rows.append([number(r.policies), number(portal.html_pages), megabytes(portal.total_bytes),
                     megabytes(plain.total_bytes), kilobytes(portal.median_html_bytes),
                     kilobytes(plain.median_html_bytes),
                     f"{kilobytes(portal.largest_html_bytes)} (`{portal.largest_html}`)",
                     kilobytes(plain.largest_html_bytes), megabytes(portal.search_index_bytes),
                     megabytes(plain.search_index_bytes)])
    return rows


def check_rows(results: Sequence[SizeResult]) -> list[list[str]]:
    rows = []
    for r in results:
        inner, cpu = r.check_inner_ratio, r.check_cpu_ratio
        rows.append([number(r.policies), seconds(r.check_time), seconds(r.floor_time), number(r.check_ratio, 2),
                     seconds(statistics.median(r.check_cpu_seconds)) if cpu is not None else "–",
                     seconds(statistics.median(r.floor_cpu_seconds)) if cpu is not None else "–",
                     number(cpu, 2) if cpu is not None else "–",
                     seconds(statistics.median(r.check_inner_seconds)) if inner is not None else "–",
                     seconds(statistics.median(r.floor_inner_seconds)),
                     number(inner, 2) if inner is not None else "–"])
    return rows


@dataclass(frozen=True)
class Target:
    text: str
    measured: str
    met: bool


def targets(results: Sequence[SizeResult]) -> list[Target]:
    by_size = {r.policies: r for r in results}
    found = []
    for size in (1000, 3000):
        if size in by_size:
            ratio = by_size[size].build_ratio
            found.append(Target(f"Bouwtijd portaal / kaal ≤ {number(BUILD_RATIO_LIMIT, 2)} bij {number(size)}",
                                number(ratio, 2), ratio <= BUILD_RATIO_LIMIT))
            found.append(Target(f"Bouwtijd met zoekindex (Pagefind) / kaal met eigen zoekfunctie ≤ "
                                f"{number(SEARCH_BUILD_RATIO_LIMIT, 2)} bij {number(size)}",
                                number(ratio, 2), ratio <= SEARCH_BUILD_RATIO_LIMIT))
            cpu_ratio = by_size[size].cpu_ratio
            if cpu_ratio is not None:
                found.append(Target(f"Processortijd portaal (met Pagefind) / kaal ≤ "
                                    f"{number(SEARCH_BUILD_RATIO_LIMIT, 2)} bij {number(size)}",
                                    number(cpu_ratio, 2), cpu_ratio <= SEARCH_BUILD_RATIO_LIMIT))
    if 3000 in by_size:
        peak = statistics.median(by_size[3000].portal_peak_mb)
        found.append(Target("Piekgeheugen portaal ≤ 1,5 GB bij 3.000", f"{number(peak)} MB",
                            peak <= PEAK_MEMORY_LIMIT_MB))
    if 1000 in by_size and 3000 in by_size:
        scaling = by_size[3000].portal_time / by_size[1000].portal_time
        found.append(Target(f"Bouwtijd 3.000 / bouwtijd 1.000 ≤ {number(SCALING_LIMIT, 1)}",
                            number(scaling, 2), scaling <= SCALING_LIMIT))
    worst = max(results, key=lambda r: r.portal_site.median_html_bytes)
    found.append(Target("Mediaan HTML-pagina ≤ 60 KB bij elke omvang",
                        f"hoogste: {kilobytes(worst.portal_site.median_html_bytes)} KB "
                        f"(bij {number(worst.policies)})",
                        worst.portal_site.median_html_bytes <= MEDIAN_PAGE_LIMIT))
    for r in results:  # processor time where measured: wall time says more about the others on the machine
        cpu = r.check_cpu_ratio
        ratio = r.check_ratio if cpu is None else cpu
        found.append(Target(f"Controle ≤ {number(CHECK_RATIO_LIMIT, 1)} × ondergrens bij {number(r.policies)}"
                            + (" (processortijd)" if cpu is not None else ""),
                            number(ratio, 2), ratio <= CHECK_RATIO_LIMIT))
    return found


ANALYSIS = (
    "## Waar gaat de tijd heen?",
    "",
    "Gemeten met cProfile (`python -m bench.profile bench/out/n1000/portal`) en met een stopwatch per "
    "MkDocs-stap, bij 1.000 en 3.000 documenten, november 2026. Deze uitleg schrijft `make bench` niet "
    "opnieuw: controleer haar na grote wijzigingen.",
    "",
    "- **Zoeken.** Het portaal gebruikt Materials zoekplugin niet meer; Pagefind indexeert de site na het "
    "bouwen, in een eigen proces (zie de README). Aan het eind de hele site indexeren bleek veel sneller dan "
    "pagina voor pagina via Pagefinds Python-API terwijl MkDocs bouwt (echte set: 0,8 tegen 7,6 seconde; "
    "die API verwerkt ongeveer tien pagina's per seconde). Kaal Material bouwt wel zijn eigen lunr-index.",
    "- **Meting is onrustig.** Op deze (gedeelde) machine wisselen losse bouwtijden tot 15% bij gelijke "
    "invoer; verhoudingen rond 1,10 liggen binnen die ruis (een eerdere volledige meting gaf 1,16 bij "
    "1.000 en 1,08 bij 3.000). Meer metingen maken de mediaan betrouwbaarder (`make bench BENCH_RUNS=5,7,5`).",
    "- **Beleid lezen en controleren** (de catalogus) kost ongeveer 0,3 seconde bij 1.000 en 1 seconde bij "
    "3.000 documenten, vooral de YAML. Niets in het portaal doorzoekt per pagina alle documenten.",
    "- **Het menu.** Material zet het zichtbare menu in elke pagina. **Opgelost:** groepen per beginletter "
    "hebben nooit meer dan 40 documenten (een drukke letter wordt verder verdeeld, bijvoorbeeld "
    "*Meldprocedure a–k*), en het menu heeft geen vaste, altijd open secties meer (`navigation.sections` "
    "staat uit; met `navigation.prune` staat alleen het pad naar de huidige pagina open). Rollen, thema's "
    "en 'Over het portaal' stonden eerst in elke pagina: ruim 20 items.",
    "- **Witruimte.** Meer dan de helft van het menu was witruimte uit de templates van Material. "
    "**Opgelost:** Jinja's `lstrip_blocks` haalt de inspringing voor template-tags weg; regeleinden blijven, "
    "dus er plakt niets aan elkaar. Geen nabewerking per pagina nodig.",
    "- **De overzichtspagina's** (per rol, thema, soort en eigenaar, alle documenten, beoordelingsoverzicht) "
    "hebben samen duizenden regels. **Opgelost:** die lijsten zijn HTML-fragmenten die na Markdown worden "
    "ingevoegd (eerst 1,8 seconde Markdown bij 1.000), en lijstpagina's staan niet in de zoekindex: de "
    "documenten zelf zijn daar al.",
    "- **De controle** (`portaal check`). Bij 3.000 documenten gaat ongeveer een derde naar het lezen van "
    "de front matter, een achtste naar opstarten (Python, click, PyYAML en het portaal laden), een achtste "
    "naar de velden controleren en een tiende naar de links; de rest naar lezen, de HTML-controle, de beoordelingen "
    "en de tabel. **Versneld:** de front matter wordt direct uit de gebeurtenissen van de YAML-lezer "
    "opgebouwd (alleen bij iets ongewoons, zoals een anker, een label of een fout, leest de volledige "
    "lezer het bestand opnieuw, zodat meldingen gelijk blijven); de tabel per eigenaar zonder tabulate "
    "als alle cellen gewone tekst zijn; geen opruimronde van Python's geheugenbeheer tijdens de "
    "controle; de overzichten per rol, thema, soort en eigenaar pas als iemand ze vraagt.",
    "",
    "## Wat kan nog beter?",
    "",
    "- Voor de controle: minder modules laden bij het opstarten (de hele sitelaag laadt nu mee voor de "
    "linkcontrole), en de velden controleren met code die uit FIELDS wordt gemaakt.",
    "",
)


READER_MS_LIMIT = 1500
READER_KB_LIMIT = 400
CHECK_HALF_LIMIT = 0.95
EMPTY_LIMIT = 0.02


def search_section(data: dict[str, Any] | None) -> list[str]:
    """Findability and reader's speed, old search against new, from `python -m bench.reader`."""
    if not data:
        return []
    lines = ["## Zoeken: oud en nieuw", "",
             f"Oud: Materials zoekfunctie met de eigen Nederlandse laag (commit `{data['old_rev']}`). "
             "Nieuw: Pagefind met `zoeken.js`. Zelfde documenten, zelfde machine, om de beurt gemeten "
             "(mediaan).", ""]
    found = data.get("findability")
    if found:
        rows = []
        for half, label in (("tuning", "Afstemhelft"), ("check", "Controlehelft"),
                            ("vers", "Verse controleset"), ("all", "Alle vragen")):
            old, new = found["oud"][half], found["nieuw"][half]
            rows.append([label, number(new["queries"]),
                         f"{old['top3']} ({number(100 * old['top3'] / old['queries'], 1)} %)",
                         f"{new['top3']} ({number(100 * new['top3'] / new['queries'], 1)} %)",
                         f"{old['empty']} ({number(100 * old['empty'] / old['queries'], 1)} %)",
                         f"{new['empty']} ({number(100 * new['empty'] / new['queries'], 1)} %)"])
        lines += ["### Vindbaarheid", "",
                  "Vragen uit `tests/search_queries.yml` (de nieuwe vragen zijn geschreven vóór het afstemmen). "
                  "Goed = het juiste document bij de eerste drie.", "",
                  table(("Vragen", "Aantal", "Goed oud", "Goed nieuw", "Zonder resultaat oud",
                         "Zonder resultaat nieuw"), rows), ""]
        for half, label in (("check", "de controlehelft"), ("vers", "de verse controleset")):
            misses = [m for m in found["nieuw"]["misses"] if m["half"] == half]
            if misses:
                lines += [f"Gemist in {label} (nieuw): "
                          + "; ".join(f"\"{m['query']}\"" for m in misses) + ".", ""]
    rows = []
    for size in data["sizes"]:
        old, new = size["oud"], size["nieuw"]
        rows.append([number(size["policies"] + size["own"]), number(old["ms"]), number(new["ms"]),
                     kilobytes(old["bytes_total"]), kilobytes(new["bytes_total"]),
                     kilobytes(old["bytes_search"]), kilobytes(new["bytes_search"]), number(size["runs"])])
    lines += ["### Snelheid voor de lezer", "",
              f"Chromium zonder cache, bestanden gzip-gecomprimeerd zoals een webserver ze stuurt. De lezer "
              f"opent de startpagina en typt \"{data['query']}\" in het zoekveld. Tijd: van de eerste toets "
              "tot het eerste resultaat op het scherm, in milliseconden, gemeten met de klok van de pagina zelf "
              "(de toets en het eerste beeld waarin een resultaat staat; niet wanneer de testbrowser het "
              "opmerkt, want die kijkt met pauzes tot een halve seconde). Bytes: alles wat tot dat moment is "
              "binnengehaald "
              "(pagina en zoeken samen), en daarvan voor het zoeken (index, Pagefind, synoniemen, zoekworker).",
              "", table(("Documenten", "Tijd oud (ms)", "Tijd nieuw (ms)", "Bytes oud (KB)", "Bytes nieuw (KB)",
                         "Zoeken oud (KB)", "Zoeken nieuw (KB)", "Metingen"), rows), ""]
    largest = max(data["sizes"], key=lambda size: size["policies"])
    targets_rows = [[f"Tijd tot eerste resultaat ≤ {number(READER_MS_LIMIT)} ms bij {number(largest['policies'])}",
                     number(largest["nieuw"]["ms"]), yes_no(largest["nieuw"]["ms"] <= READER_MS_LIMIT)],
                    [f"Bytes tot eerste resultaat ≤ {READER_KB_LIMIT} KB bij {number(largest['policies'])}",
                     kilobytes(largest["nieuw"]["bytes_total"]),
                     yes_no(largest["nieuw"]["bytes_total"] <= READER_KB_LIMIT * KB)]]
    if found:
        check, everything = found["nieuw"]["check"], found["nieuw"]["all"]
        targets_rows += [["Controlehelft: juist document bij de eerste drie ≥ 95 %",
                          f"{number(100 * check['top3'] / check['queries'], 1)} %",
                          yes_no(check["top3"] >= CHECK_HALF_LIMIT * check["queries"])],
                         ["Verse controleset (ter informatie, zelfde grens): juist document bij de eerste drie",
                          f"{number(100 * found['nieuw']['vers']['top3'] / found['nieuw']['vers']['queries'], 1)} %",
                          yes_no(found["nieuw"]["vers"]["top3"]
                                 >= CHECK_HALF_LIMIT * found["nieuw"]["vers"]["queries"])],
                         ["Vragen zonder resultaat ≤ 2 %",
                          f"{number(100 * everything['empty'] / everything['queries'], 1)} %",
                          yes_no(everything["empty"] <= EMPTY_LIMIT * everything["queries"])]]
    lines += ["### Doelen zoeken", "", table(("Doel", "Gemeten", "Gehaald?"), targets_rows), ""]
    return lines


def render(results: Sequence[SizeResult], host: Machine, seed: int, search: dict[str, Any] | None = None) -> str:
    checker = results[0].checker if results else "?"
    lines = [
        "---",
        "title: Prestaties",
        # Not in the search index: the page quotes the test questions (misses, typos), so indexing it
        # would let the measurement change what it measures; no employee looks for build times.
        "search:",
        "  exclude: true",
        "---",
        "",
        "# Prestaties",
        "",
        "Hoe snel bouwt het portaal als er veel beleid is? Deze pagina laat het zien. "
        "De cijfers komen uit `make bench` (de code staat in de map `bench/`). "
        "Draai je `make bench` opnieuw, dan wordt deze pagina overschreven.",
        "",
        "## Hoe is er gemeten?",
        "",
        f"- **Machine:** {host.cpus} processorkernen, {number(host.memory_gb, 1)} GB geheugen, "
        f"{host.cpu_model}, Python {host.python}.",
        f"- **Software:** {host.packages}.",
        f"- **Datum:** {host.date.isoformat()}. Bouwdatum van het portaal (PORTAAL_TODAY): 2026-11-28.",
        *([f"- **Drukte:** gemiddelde belasting (load average, 5 minuten) aan het eind: "
           f"{number(host.load, 1)} op {host.cpus} kernen. "
           + ("Er draaide ander werk tegelijk: de tijden schommelen daardoor. Vergelijk vooral de "
              "verhoudingen; die zijn gemeten met portaal en kaal Material om de beurt."
              if host.load > host.cpus * 0.75 else "De machine was verder rustig.")]
          if host.load is not None else []),
        f"- **Testbeleid:** per omvang (kolom *Documenten*) nieuw gemaakte documenten van ongeveer "
        f"1.500 woorden (seed {seed}), plus de {results[0].own if results else 0} echte documenten van het "
        "portaal (de docs-pagina's linken ernaar), "
        "met koppen, lijsten, een tabel en links. Rollen, soorten, thema's en eigenaren komen uit de echte "
        "taxonomie. Beoordelingsdata liggen in het verleden en in de toekomst. Ongeveer 5% is concept "
        "(geen pagina) en 5% vervallen.",
        "- **Bouwen:** `mkdocs build --strict` als apart proces. Het portaal en kaal Material bouwen om de "
        "beurt. In de tabel staat de mediaan van de metingen.",
        "- **Kaal Material:** hetzelfde thema, dezelfde functies, Markdown-uitbreidingen en zoekfunctie. "
        "Maar zonder de plugin portaal, zonder macros en zonder eigen templates. De gepubliceerde documenten staan als "
        "gewone pagina's op dezelfde plek, met dezelfde Markdown. Het menu heeft dezelfde vorm (per soort, "
        "in groepen per beginletter).",
        "- **Wat het portaal extra doet:** het leest en controleert het beleid, maakt pagina's per rol, thema, "
        "soort en eigenaar, een overzicht van alle documenten en het beoordelingsoverzicht, en toont bij elk "
        "document de gegevens uit de front matter. De verhouding hieronder bevat dus al dat extra werk.",
        "",
        "## Bouwtijd",
        "",
        table(BUILD_HEAD, build_rows(results)),
        "",
        "## Omvang van de site",
        "",
        "Pagina's in KB, site en zoekindex in MB (portaal: de hele map `pagefind/`; kaal Material: "
        "`search/search_index.json`).",
        "",
        table(SITE_HEAD, site_rows(results)),
        "",
        "## Controle van het beleid",
        "",
        f"Gemeten: **{checker}**. "
        + ("Dat is het commando zelf, inclusief het opstarten van Python."
           if checker == "portaal check" else
           "Het commando `portaal check` bestond nog niet in deze versie. Daarom is dezelfde controle gemeten "
           "als aanroep van de code die het commando gebruikt: alle bestanden lezen en controleren "
           "(`load_catalog`) en de beoordelingsstatus berekenen (`Publication`).")
        + " De ondergrens is het minste wat elke controle moet doen: dezelfde bestanden lezen en de YAML "
        "lezen met de snelle C-lezer van PyYAML, zonder iets te controleren. Beide als apart proces, "
        "mediaan van vijf metingen. Processortijd is user + sys van het proces: eerlijker dan de wandklok "
        "als er ander werk op de machine draait. Python mag zijn bytecode bewaren, zoals bij een "
        "geïnstalleerd portaal.",
        "",
        table(CHECK_HEAD, check_rows(results)),
        "",
        "## Doelen",
        "",
        table(("Doel", "Gemeten", "Gehaald?"), [[t.text, t.measured, yes_no(t.met)] for t in targets(results)]),
        "",
        *search_section(search),
        *ANALYSIS,
    ]
    return "\n".join(lines)


ARCHIVE_START, ARCHIVE_END = "<!-- archive-bench:start -->", "<!-- archive-bench:end -->"
"""The section `python -m bench.archive` writes; a new main run keeps it."""


def write_page(path: Path, results: Sequence[SizeResult], host: Machine, seed: int,
               search: dict[str, Any] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = ""
    if ARCHIVE_START in old and ARCHIVE_END in old:
        kept = "\n\n" + old[old.index(ARCHIVE_START): old.index(ARCHIVE_END) + len(ARCHIVE_END)] + "\n"
    path.write_text(render(results, host, seed, search) + kept, encoding="utf-8")


def load_search(path: Path) -> dict[str, Any] | None:
    """The results of `python -m bench.reader`, when it ran."""
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data
