"""`portaal zoekrapport`: what colleagues searched for, read from the web server's access log.

The search UI records a finished search in an ordinary request to the portal's own
web server, so the access log holds it and no script sends anything anywhere else
(URL convention, version 1; the README says the same):

- a finished search (after a pause in typing, or Enter):
  ``GET <base>zoekactie.txt?q=<query>&n=<number of results>`` (``n=0``: nothing found);
- an opened result: the result link is the page with ``?q=<query>``
  (``GET <base>beleid/screening/?q=vog``; an anchor after ``#`` never reaches the server).

`<query>` is the typed text, percent-encoded (``encodeURIComponent``; ``+`` also means a space).

Privacy: a visitor is the combination of address, user name and browser, kept only
as a number in memory to count distinct visitors. A report shows no address, user
name, browser or time of day, only days grouped per week or month, and leaves out
every search made by fewer than `minimum` distinct visitors in that period.

Logs are read line by line (plain or gzip, found by content, not by name); memory
grows with the number of distinct searches, not with the size of the log.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from tabulate import tabulate

from ..core import layout
from ..core.model import Policy
from ..core.problems import read_error
from ..site.exports import _cell as csv_cell
from ..site.text import MONTHS, dutch_date, inline, plural

SEARCH_FILE = layout.SEARCH_RECORD
PERIODS = ("week", "maand", "alles")
DEFAULT_MINIMUM = 5
QUERY_MAX = 100
"""Longer searches are cut (they are pasted text, not searches)."""

_QUOTED = r'"[^"\\]*(?:\\.[^"\\]*)*"'
"""A quoted log field; nginx and Apache write a quote inside as \\x22 or \\"."""
_LINE_TAIL = (
    r"(?P<ip>\S+) \S+ (?P<user>\S+) "
    r"\[(?P<day>\d{2})/(?P<month>[A-Z][a-z]{2})/(?P<year>\d{4}):[^\]]*\] "
    r'"(?P<method>[A-Z]+) (?P<target>[^\s"]+)[^"]*" (?P<status>\d{3}) \S+'
    rf"(?: {_QUOTED} \"(?P<agent>[^\"\\]*(?:\\.[^\"\\]*)*)\")?"
)
_LINE = re.compile(_LINE_TAIL)
"""nginx and Apache `combined` (and `common`, without referrer and browser)."""
_QUICK = re.compile(r'(?:[^\s\[]+ )?\S+ \S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:[^\]]*\] "')
"""Enough of a log line to tell it from something else, for lines without a search."""
_VHOST_LINE = re.compile(r"(?P<vhost>[^\s\[]+) " + _LINE_TAIL)
"""Apache `vhost_combined`: the site name (and port) first."""
_MONTH_NUMBER = {name: number for number, name in enumerate(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1)}
_GZIP_MAGIC = b"\x1f\x8b"
_UNIT = 1_000_000
"""A search unit (one visitor, one day) packed in one int: visitor * _UNIT + day ordinal."""


class SearchLogError(Exception):
    """A log file cannot be read; the message is Dutch and names the file."""


# -- reading ----------------------------------------------------------------------

MAX_LINE = 64 * 1024
"""Bytes: a longer line is counted as a wrong line and never held whole (web servers refuse requests of more
than 8 to 16 kB, so such a line is no search)."""


def read_lines(path: Path) -> Iterator[str]:
    """The lines of one log, decoded, one at a time; gzip is recognised by its first bytes, not its name. A line
    longer than MAX_LINE is given as "" (a wrong line), read in pieces."""
    try:
        raw = path.open("rb")
    except OSError as error:
        raise SearchLogError(f"{path}: {read_error(error)}") from None
    with raw:
        stream: io.BufferedIOBase = gzip.GzipFile(fileobj=raw, mode="rb") if raw.peek(2)[:2] == _GZIP_MAGIC else raw
        try:
            while line := stream.readline(MAX_LINE + 1):
                if len(line) > MAX_LINE:  # no request of a web server is this long: skip it, as a wrong line
                    while line and not line.endswith(b"\n"):
                        line = stream.readline(MAX_LINE)
                    yield ""
                    continue
                yield line.decode("utf-8", errors="replace")
        except (OSError, EOFError) as error:  # a broken or cut-off gzip file
            raise SearchLogError(f"{path}: het bestand is beschadigd of niet helemaal gecomprimeerd "
                                 f"({error})") from None
        finally:
            stream.close()


def normalise_query(text: str) -> str:
    """The search as one spelling: no control characters, single spaces, lower case, at most QUERY_MAX."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(char).startswith(("C", "Z")) else char for char in text)
    text = " ".join(text.casefold().split())
    if len(text) > QUERY_MAX:
        text = text[:QUERY_MAX].rstrip() + "…"
    return text


@functools.lru_cache(maxsize=65536)
def _search_parameters(query_string: str) -> tuple[str, int]:
    """The normalised search and the number of results (-1 when not given) from `?q=…&n=…`."""
    params = parse_qs(query_string)
    count = params.get("n", [""])[0]
    return normalise_query(params.get("q", [""])[0]), int(count) if count.isdigit() else -1


def period_of(day: dt.date, period: str) -> str:
    if period == "week":
        year, week, _weekday = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "maand":
        return f"{day.year}-{day.month:02d}"
    return "alles"


def period_title(key: str, first: dt.date, last: dt.date) -> str:
    if "-W" in key:
        year, week = key.split("-W")
        return f"Week {int(week)} van {year}"
    if key != "alles":
        year, month = key.split("-")
        return f"{MONTHS[int(month) - 1].capitalize()} {year}"
    return f"{dutch_date(first)} tot en met {dutch_date(last)}"


@dataclass
class _Query:
    """What happened to one search in one period. Visitors are numbers; they never leave this object."""

    searched: dict[int, int] = field(default_factory=dict)
    """unit -> number of results of the last finished search of that unit."""
    opened: dict[str, set[int]] = field(default_factory=dict)
    """page -> units that opened it with this search."""
    visitors: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Row:
    """One search in one period, as the report shows it."""

    query: str
    searches: int
    """Distinct (visitor, day) pairs that finished this search; a reload does not count twice."""
    no_result: int
    """Of those, how many found nothing."""
    opened: int
    """Of those with a result, how many opened a result."""
    not_opened: int
    """Of those with a result, how many opened nothing."""
    documents: tuple[tuple[str, int], ...]
    """Pages opened from this search, most opened first."""
    suggestion: str = ""


@dataclass(frozen=True)
class Period:
    key: str
    title: str
    first: dt.date
    last: dt.date
    rows: tuple[Row, ...]
    hidden: int
    """Searches left out because fewer than `minimum` visitors made them."""

    def most_searched(self, top: int) -> list[Row]:
        return sorted(self.rows, key=lambda r: (-r.searches, r.query))[:top]

    def without_result(self, top: int) -> list[Row]:
        return sorted((r for r in self.rows if r.no_result), key=lambda r: (-r.no_result, r.query))[:top]

    def nothing_opened(self, top: int) -> list[Row]:
        """Searches with results after which nobody opened one."""
        rows = [r for r in self.rows if r.searches > r.no_result and r.opened == 0]
        return sorted(rows, key=lambda r: (-r.not_opened, r.query))[:top]

    def with_documents(self, top: int) -> list[Row]:
        return sorted((r for r in self.rows if r.documents), key=lambda r: (-r.opened, r.query))[:top]


@dataclass(frozen=True)
class Report:
    periods: tuple[Period, ...]
    files: int
    lines: int
    malformed: int
    malformed_examples: tuple[str, ...]
    """Where the first unreadable lines are ('file:line'); never their content."""
    other_sites: int
    minimum: int
    period: str
    titles: dict[str, str] = field(default_factory=dict)
    """Page path -> title, for pages the catalog knows."""
    suggested: bool = False
    """`--suggest` asked for a proposal per search without result (`-` where nothing fits)."""

    @property
    def recognised(self) -> int:
        return self.lines - self.malformed


class Collector:
    """Counts searches line by line; `report()` applies the privacy rules."""

    def __init__(self, base: str = "/", host: str | None = None, period: str = "maand",
                 since: dt.date | None = None, until: dt.date | None = None) -> None:
        self.base = "/" + base.strip("/") + "/" if base.strip("/") else "/"
        self.host = host.casefold() if host else None
        self.period = period
        self.since, self.until = since, until
        self.queries: dict[tuple[str, str], _Query] = {}
        self.days: dict[str, list[dt.date]] = {}
        self.visitor_ids: dict[tuple[str, str, str], int] = {}
        self.files = self.lines = self.malformed = self.other_sites = 0
        self.malformed_examples: list[str] = []
        self._dates: dict[tuple[str, str, str], dt.date | None] = {}

    def read(self, path: Path) -> None:
        self.files += 1
        for number, line in enumerate(read_lines(path), start=1):
            self.add(line, f"{path}:{number}")

    def add(self, line: str, where: str = "") -> None:
        self.lines += 1
        if "q=" not in line:  # no search in it: only check that it looks like a log line (fast)
            if not _QUICK.match(line):
                self._malformed(where)
            return
        match = _LINE.match(line) or _VHOST_LINE.match(line)
        day = self._date(match) if match else None
        if match is None or day is None:
            self._malformed(where)
            return
        if self.host is not None and (match.groupdict().get("vhost") or "").split(":")[0].casefold() != self.host:
            self.other_sites += 1
            return
        target = match["target"]
        path, _sep, query_string = target.partition("?")
        if not path.startswith(self.base):
            self.other_sites += 1
            return
        if "q=" not in query_string or match["method"] not in ("GET", "HEAD"):
            return
        status = match["status"]
        if not (status.startswith("2") or status == "304"):
            return
        if (self.since and day < self.since) or (self.until and day > self.until):
            return
        query, results = _search_parameters(query_string)
        if not query:
            return
        page = unquote(path[len(self.base):])
        if page.endswith("index.html"):
            page = page[: -len("index.html")]
        visitor = self.visitor_ids.setdefault((match["ip"], match["user"], match["agent"] or ""),
                                              len(self.visitor_ids))
        unit = visitor * _UNIT + day.toordinal()
        key = period_of(day, self.period)
        days = self.days.setdefault(key, [day, day])
        days[0], days[1] = min(days[0], day), max(days[1], day)
        record = self.queries.get((key, query))
        if record is None:
            record = self.queries[(key, query)] = _Query()
        record.visitors.add(visitor)
        if page == SEARCH_FILE:
            record.searched[unit] = results
        else:
            record.opened.setdefault(page, set()).add(unit)

    def _malformed(self, where: str) -> None:
        self.malformed += 1
        if len(self.malformed_examples) < 5 and where:
            self.malformed_examples.append(where)

    def _date(self, match: re.Match[str]) -> dt.date | None:
        key = (match["year"], match["month"], match["day"])
        if key not in self._dates:
            month = _MONTH_NUMBER.get(match["month"])
            try:
                self._dates[key] = dt.date(int(match["year"]), month, int(match["day"])) if month else None
            except ValueError:
                self._dates[key] = None
        return self._dates[key]

    def report(self, minimum: int = DEFAULT_MINIMUM, titles: dict[str, str] | None = None) -> Report:
        grouped: dict[str, list[Row]] = {}
        hidden: Counter[str] = Counter()
        for (key, query), record in self.queries.items():
            grouped.setdefault(key, [])
            if len(record.visitors) < minimum:
                hidden[key] += 1
                continue
            grouped[key].append(_row(query, record))
        periods = []
        for key, rows in sorted(grouped.items()):
            first, last = self.days[key]
            periods.append(Period(key, period_title(key, first, last), first, last, tuple(rows), hidden[key]))
        return Report(tuple(periods), self.files, self.lines, self.malformed, tuple(self.malformed_examples),
                      self.other_sites, minimum, self.period, titles or {})


def _row(query: str, record: _Query) -> Row:
    opened_units = set().union(*record.opened.values()) if record.opened else set()
    with_result = {unit for unit, count in record.searched.items() if count != 0}
    documents = sorted(((page, len(units)) for page, units in record.opened.items()), key=lambda d: (-d[1], d[0]))
    return Row(
        query=query,
        searches=len(record.searched),
        no_result=sum(1 for count in record.searched.values() if count == 0),
        opened=len(with_result & opened_units),
        not_opened=len(with_result - opened_units),
        documents=tuple(documents),
    )


def collect(paths: Sequence[Path], base: str = "/", host: str | None = None, period: str = "maand",
            since: dt.date | None = None, until: dt.date | None = None) -> Collector:
    collector = Collector(base, host, period, since, until)
    for path in paths:
        collector.read(path)
    return collector


# -- suggestions -------------------------------------------------------------------

_STOPWORDS = frozenset((
    "de", "het", "een", "en", "of", "van", "in", "op", "te", "ik", "je", "jij", "mijn", "mij", "me", "wat", "wie",
    "waar", "hoe", "is", "zijn", "ben", "bij", "met", "voor", "aan", "als", "dat", "die", "dit", "er", "niet",
    "mag", "moet", "kan", "wil", "heb", "heeft", "wordt", "word", "naar", "om", "ook", "nog", "dan", "over", "uit",
    "door", "zo"))
_FIELD_WEIGHTS = (("title", 3.0), ("vragen", 3.0), ("keywords", 3.0), ("summary", 2.0), ("body", 1.0))


def words(text: str) -> list[str]:
    """Lower-case words without accents, for matching."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return [word for word in re.findall(r"[^\W_]+", plain) if len(word) > 1]


class Matcher:
    """The published document whose text best matches a search, for `--suggest`.

    Each search word is matched against the words of every document: the same word
    counts fully, a word that starts with the other (at least four letters in common:
    "melding", "meldingen") for 0.8 times the share of letters in common, a typo (one letter
    off, two for words of eight letters or more) for 0.6.
    A match weighs more when the word is rarer among the documents (idf) and when it
    is in the title, questions or keywords (3) or the summary (2) rather than the text
    (1). The document with the highest sum wins; no match, no suggestion.
    """

    def __init__(self, policies: Iterable[Policy]) -> None:
        self.policies = list(policies)
        self.weights: dict[str, dict[int, float]] = {}
        for index, policy in enumerate(self.policies):
            texts = {"title": policy.title, "vragen": " ".join(policy.vragen),
                     "keywords": " ".join(policy.keywords), "summary": policy.summary, "body": policy.body}
            for name, weight in _FIELD_WEIGHTS:
                for word in set(words(texts[name])):
                    per_doc = self.weights.setdefault(word, {})
                    per_doc[index] = max(per_doc.get(index, 0.0), weight)
        self.vocabulary = sorted(self.weights)
        count = max(len(self.policies), 1)
        self.idf = {word: math.log(1 + count / len(docs)) for word, docs in self.weights.items()}

    def _variants(self, word: str) -> list[tuple[str, float]]:
        found = {word: 1.0} if word in self.weights else {}
        if len(word) >= 4:  # the longer the shared start, the better ("praktijkvoorbeeld" over "praktijk")
            for other in self.vocabulary:
                if other != word and len(other) >= 4 and (other.startswith(word) or word.startswith(other)):
                    found.setdefault(other, 0.8 * min(len(word), len(other)) / max(len(word), len(other)))
        if len(word) >= 5:
            allowed = 1 if len(word) < 8 else 2
            for other, _distance, _index in process.extract(word, self.vocabulary, scorer=Levenshtein.distance,
                                                             score_cutoff=allowed, limit=None):
                found.setdefault(other, 0.6)
        return list(found.items())

    def best(self, query: str) -> Policy | None:
        scores: Counter[int] = Counter()
        for word in dict.fromkeys(words(query)):
            if word in _STOPWORDS:
                continue
            best_per_doc: dict[int, float] = {}
            for variant, factor in self._variants(word):
                for index, weight in self.weights[variant].items():
                    score = factor * weight * self.idf[variant]
                    best_per_doc[index] = max(best_per_doc.get(index, 0.0), score)
            scores.update(best_per_doc)
        if not scores:
            return None
        index, _score = min(scores.items(), key=lambda item: (-item[1], self.policies[item[0]].title))
        return self.policies[index]


def with_suggestions(report: Report, matcher: Matcher, top: int) -> Report:
    """The report with a proposed document for every frequent search without result."""
    periods = []
    for period in report.periods:
        wanted = {row.query for row in period.without_result(top)}
        rows = tuple(
            replace(row, suggestion=_suggestion(matcher, row.query)) if row.query in wanted else row
            for row in period.rows)
        periods.append(replace(period, rows=rows))
    return replace(report, periods=tuple(periods), suggested=True)


def _suggestion(matcher: Matcher, query: str) -> str:
    policy = matcher.best(query)
    return policy_path(policy.id) if policy else ""


def policy_path(policy_id: str) -> str:
    return layout.url_of(layout.policy_page(policy_id))


def page_titles(policies: Iterable[Policy]) -> dict[str, str]:
    return {policy_path(policy.id): policy.title for policy in policies}


# -- output ------------------------------------------------------------------------

def _page(report: Report, page: str) -> str:
    title = report.titles.get(page)
    return f"{title} ({page})" if title else page


def _documents(report: Report, row: Row) -> str:
    return "; ".join(f"{_page(report, page)}: {count}" for page, count in row.documents)


def summary(report: Report) -> list[str]:
    """The report's footnotes, in Dutch."""
    lines = [f"Gelezen: {plural(report.lines, 'regel', 'regels')} uit {plural(report.files, 'bestand', 'bestanden')}."]
    if report.malformed:
        where = f" (eerste: {', '.join(report.malformed_examples)})" if report.malformed_examples else ""
        lines.append(f"Niet herkend als access log (combined): {plural(report.malformed, 'regel', 'regels')}{where}.")
    if report.other_sites:
        lines.append(f"Zoekacties van andere sites of adressen, overgeslagen: "
                     f"{plural(report.other_sites, 'regel', 'regels')}.")
    hidden = sum(period.hidden for period in report.periods)
    lines.append(f"Privacy: alleen zoekvragen van minstens {report.minimum} verschillende bezoekers per periode; "
                 f"{plural(hidden, 'zoekvraag', 'zoekvragen')} weggelaten. Geen adressen, namen, browsers of "
                 "tijden in dit rapport.")
    return lines


_TABLE_HEAD = ["Zoekvraag", "Zoekacties", "Zonder resultaat", "Resultaat geopend", "Niets geopend"]


def _numbers(row: Row) -> list[str | int]:
    return [row.searches, row.no_result, row.opened, row.not_opened]


def render_table(report: Report, top: int = 20) -> str:
    out: list[str] = []
    for period in report.periods:
        out += [f"== {period.title} ==", ""]
        out += _text_section("Meest gezocht", _TABLE_HEAD,
                             [[_plain(r.query), *_numbers(r)] for r in period.most_searched(top)])
        suggest = report.suggested
        head = ["Zoekvraag", "Zoekacties zonder resultaat"] + (["Voorstel"] if suggest else [])
        rows: list[list[str | int]] = []
        for r in period.without_result(top):
            rows.append([_plain(r.query), r.no_result, *([_page(report, r.suggestion) or "-"] if suggest else [])])
        out += _text_section("Zonder resultaat", head, rows)
        out += _text_section("Resultaat gevonden, niets geopend", ["Zoekvraag", "Zoekacties"],
                             [[_plain(r.query), r.not_opened] for r in period.nothing_opened(top)])
        out += _text_section("Geopend na het zoeken", ["Zoekvraag", "Geopend (aantal keer)"],
                             [[_plain(r.query), _plain(_documents(report, r))] for r in period.with_documents(top)])
    if not report.periods:
        out += ["Geen zoekacties gevonden.", ""]
    out += summary(report)
    return "\n".join(out) + "\n"


def _plain(text: str) -> str:
    return "".join(char if char.isprintable() else " " for char in text)


def _text_section(title: str, head: list[str], rows: list[list[str | int]]) -> list[str]:
    if not rows:
        return [f"{title}: geen.", ""]
    table = tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True)
    return [f"{title}:", *("  " + line.rstrip() for line in table.splitlines()), ""]


def render_csv(report: Report) -> bytes:
    """One row per search and period, for Excel: UTF-8 with BOM, ';', CRLF, no formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["periode", "zoekvraag", "zoekacties", "zonder resultaat", "resultaat geopend",
                     "niets geopend", "geopende pagina's", "voorstel"])
    for period in report.periods:
        for row in sorted(period.rows, key=lambda r: (-r.searches, r.query)):
            writer.writerow([period.key, csv_cell(row.query), *_numbers(row), csv_cell(_documents(report, row)),
                             csv_cell(row.suggestion)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _md_link(report: Report, page: str) -> str:
    return inline(_page(report, page))


def render_markdown(report: Report, top: int = 20) -> str:
    """A page an owner can read; every search is escaped (anyone can put anything in a log)."""
    out = ["# Wat collega's zochten", "",
           "Uit het toegangslog van de webserver, gemaakt met `portaal zoekrapport`. Een zoekactie is één "
           "bezoeker op één dag die naar deze woorden zocht.", ""]
    for period in report.periods:
        out += [f"## {inline(period.title)}", ""]
        out += _md_section("Meest gezocht", [*_TABLE_HEAD], [
            [inline(r.query), *map(str, _numbers(r))] for r in period.most_searched(top)])
        suggest = report.suggested
        out += _md_section(
            "Zonder resultaat",
            ["Zoekvraag", "Zoekacties zonder resultaat", *(["Voorstel: past bij"] if suggest else [])],
            [[inline(r.query), str(r.no_result), *([_md_link(report, r.suggestion) if r.suggestion else "-"]
                                                   if suggest else [])]
             for r in period.without_result(top)],
            "Voeg een vraag of synoniem toe aan het document dat het antwoord geeft." if suggest else "")
        out += _md_section("Resultaat gevonden, niets geopend", ["Zoekvraag", "Zoekacties"],
                           [[inline(r.query), str(r.not_opened)] for r in period.nothing_opened(top)])
        out += _md_section("Geopend na het zoeken", ["Zoekvraag", "Geopend (aantal keer)"],
                           [[inline(r.query), inline(_documents(report, r))] for r in period.with_documents(top)])
    if not report.periods:
        out += ["Geen zoekacties gevonden.", ""]
    out += ["## Over dit rapport", "", *(f"- {inline(line)}" for line in summary(report))]
    return "\n".join(out) + "\n"


def _md_section(title: str, head: list[str], rows: list[list[str]], note: str = "") -> list[str]:
    out = [f"### {title}", ""]
    if not rows:
        return [*out, "Geen.", ""]
    if note:
        out += [note, ""]
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return [*out, ""]
