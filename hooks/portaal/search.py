"""Dutch search: word stems and synonyms for Material's lunr search.

Material's search matches typed words as prefixes and does not stem Dutch
("meldingen" does not find "melden"). The portal fixes that in two halves that
share one rule set:

- at build time, `enrich_index` adds two fields to each entry of
  `search/search_index.json`: `variants` (the spellings of the stems of the
  entry's own words that a prefix search would miss, such as "persoon" for
  "personen") and, for policy pages, `keywords` (the title and front-matter
  keywords, their synonyms from `synoniemen.yml`, and their stem spellings);
- in the browser, `docs/assets/javascripts/search-nl.js` replaces each typed
  word by its stem before Material's search worker sees the query. A stem is
  always a prefix of the typed word and Material adds its own `*`, so a search
  finds at least what the typed prefix found.

`stem` and `rewrite_query` are implemented twice, here and in `search-nl.js`;
the test suite runs both on the same word list and requires identical results.
Change the rules in both places or not at all.
"""

from __future__ import annotations

import functools
import html
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import layout
from .datafile import load_data
from .model import Policy
from .problems import CatalogError, Problem, display_path

SYNONYMS_FILE = "synoniemen.yml"
INDEX_FILE = Path("search") / "search_index.json"

KEYWORD_BOOST = 100.0
"""Weight of a keyword or synonym match: far above body text (1), below a title (1000)."""
VARIANT_BOOST = 1.0
"""Weight of a stem found in the text: the same as the text itself."""

MIN_STEM = 3
"""A suffix is only removed when at least this many letters remain."""

DIMINUTIVES = ("etjes", "etje", "tjes", "tje", "pjes", "pje", "jes", "je")
DERIVATIONS = ("heden", "heid", "ingen", "ing")
VOWELS = "aeiouy"
DOUBLE_VOWELS = ("aa", "ee", "oo", "uu")
PARTICIPLE_ENDINGS = ("dt", "rd", "gd")
SWAPS = {"f": "v", "v": "f", "s": "z", "z": "s"}
"""Last letters that alternate between forms: verlof/verloven, reis/reizen."""
"""Verb endings whose last letter goes: meldt, benaderd, bedreigd."""

_TAG = re.compile(r"<[^>]*>")
_WORD = re.compile(r"[^\W_]+")
_PLAIN_TERM = re.compile(r"^[^\W_]+(?:-[^\W_]+)*$")


class _DropMarks(dict[int, int | None]):
    """A `str.translate` table that drops combining marks (Unicode category M); learns each
    character once, so folding long texts costs one C-level lookup per character."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = value
        return value


_DROP_MARKS = _DropMarks()


def fold(text: str) -> str:
    """Lower case without diacritics: 'Geïnformeerd' -> 'geinformeerd' (as `fold` in search-nl.js)."""
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    return unicodedata.normalize("NFKD", lowered).translate(_DROP_MARKS)


def _strip(word: str, suffix: str) -> str | None:
    if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
        return word[: -len(suffix)]
    return None


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch search stem of one word: always a prefix of the folded word.

    A light, predictable stemmer: fold, then strip at most one diminutive
    (cadeautje), one derivation (melding, veiligheid), a plural -s and an
    -en/-e ending or the last letter of -dt/-rd/-gd, and finally one of a
    doubled last consonant (meldde -> meld). It only ever cuts letters off the
    end, so what someone has typed so far still matches as a prefix.
    """
    w = fold(word)
    if len(w) <= MIN_STEM or not w.isalpha():
        return w
    for group in (DIMINUTIVES, DERIVATIONS):
        for suffix in group:
            rest = _strip(w, suffix)
            if rest is not None:
                w = rest
                break
    if w.endswith("s") and not w.endswith("ss"):
        w = _strip(w, "s") or w
    for suffix in ("en", "e"):
        rest = _strip(w, suffix)
        if rest is not None and rest[-1] not in VOWELS:
            w = rest
            break
    else:
        if w.endswith(PARTICIPLE_ENDINGS) and len(w) > MIN_STEM + 1:
            w = w[:-1]
    if len(w) > MIN_STEM and w[-1] == w[-2] and w[-1] not in VOWELS:
        w = w[:-1]
    return w


@functools.lru_cache(maxsize=65536)
def alternates(word_stem: str) -> tuple[str, ...]:
    """Spellings of a stem that other forms of the word have (index side only).

    Dutch changes more than the ending: persoon/personen, verlof/verloven,
    reis/reizen. The index stores these spellings too, so the stem of any form
    the reader types finds the document: person -> persoon, verlov -> verlof.
    """
    result = [word_stem]
    if len(word_stem) < MIN_STEM or not word_stem.isalpha():
        return tuple(result)
    last = word_stem[-1]
    if last in SWAPS:
        result.append(word_stem[:-1] + SWAPS[last])
    for form in list(result):
        if form[-3:-1] in DOUBLE_VOWELS and form[-1] not in VOWELS:
            result.append(form[:-2] + form[-1])
        elif form[-2] in "aeou" and form[-1] not in VOWELS and form[-3] not in VOWELS:
            result.append(form[:-1] + form[-2:])
    return tuple(dict.fromkeys(result))


def words(text: str) -> list[str]:
    """The folded words of a text that may contain HTML."""
    plain = html.unescape(_TAG.sub(" ", text)) if ("<" in text or "&" in text) else text
    if plain.isascii():
        return _WORD.findall(plain.lower())
    plain = unicodedata.normalize("NFC", plain)  # a letter and its accent as one character
    return [word for token in _WORD.findall(plain) for word in _fold_token(token)]


@functools.lru_cache(maxsize=65536)
def _fold_token(token: str) -> tuple[str, ...]:
    """A token folded; folding can split it (a ligature or symbol that decomposes to non-letters)."""
    return tuple(_WORD.findall(fold(token)))


def rewrite_query(query: str) -> str:
    """What the browser sends to Material's search for a typed query.

    Each plain word (letters and digits, possibly joined by hyphens) becomes its
    stem; anything with search syntax (quotes, +, -, *, ~, ^, field:) stays as
    typed. Mirrors `rewrite` in search-nl.js.
    """
    if '"' in query:
        return query
    terms: list[str] = []
    for term in query.split():
        if _PLAIN_TERM.match(term):
            terms.extend(stem(part) for part in term.split("-"))
        else:
            terms.append(term)
    return " ".join(terms)


@dataclass(frozen=True)
class Synonyms:
    """Groups of words that mean the same for searching."""

    groups: tuple[tuple[str, ...], ...] = ()

    def expand(self, found: Iterable[str]) -> list[str]:
        """`found` plus every word that shares a group with one of them, by stem."""
        result = list(found)
        stems = {stem(word) for word in result}
        for group in self.groups:
            if any(stem(member) in stems for member in group):
                result.extend(group)
        return list(dict.fromkeys(result))


def load_synonyms(path: Path, base: Path | None = None) -> Synonyms:
    """Read `synoniemen.yml`; a missing file means no synonyms. Raise CatalogError on a bad file."""
    if not path.exists():
        return Synonyms()
    shown = display_path(path, base)
    data = load_data(path, base)
    groups_raw = data.get("groepen") if isinstance(data, dict) else None
    if not isinstance(groups_raw, list):
        raise CatalogError([Problem(shown, "verwacht 'groepen:' met daaronder een lijst van groepen, "
                                           "bijvoorbeeld '- [omkoping, corruptie]'", line=getattr(data, "line", 1))])
    problems: list[Problem] = []
    groups: list[tuple[str, ...]] = []
    for number, group in enumerate(groups_raw, start=1):
        if (not isinstance(group, list) or len(group) < 2
                or not all(isinstance(word, str) and word.strip() for word in group)):
            problems.append(Problem(shown, f"verwacht een lijst van minstens twee woorden, gevonden {group!r}",
                                    field=f"groepen {number}", line=_line(groups_raw, number)))
            continue
        groups.append(tuple(word.strip() for word in group))
    if problems:
        raise CatalogError(problems)
    return Synonyms(tuple(groups))


def _line(items: object, number: int) -> int:
    """The line of the `number`th item of a list from a data file (1 when unknown)."""
    lines = getattr(items, "lines", [])
    return int(lines[number - 1]) if 0 < number <= len(lines) else 1


def policy_keywords(policies: Iterable[Policy]) -> dict[str, tuple[str, ...]]:
    """Search-index location of each policy page -> its title and keywords."""
    return {layout.url_of(layout.policy_page(p.id)): (p.title, *p.keywords) for p in policies}


def variants(entry_words: Sequence[str]) -> list[str]:
    """Spellings of the words' stems that a prefix search on the words themselves would miss."""
    found: set[str] = set()
    for word in set(entry_words):
        found.update(_word_variants(word))
    return sorted(found)


@functools.lru_cache(maxsize=65536)
def _word_variants(word: str) -> tuple[str, ...]:
    return tuple(form for form in alternates(stem(word)) if not word.startswith(form))


def keyword_terms(phrases: Iterable[str], synonyms: Synonyms) -> list[str]:
    """The words of the keywords and title, their synonyms, and the stems of all of them."""
    found = [word for phrase in phrases for word in words(phrase)]
    expanded = [word for phrase in synonyms.expand(found) for word in words(phrase)]
    forms = [form for word in expanded for form in alternates(stem(word))]
    return list(dict.fromkeys([*expanded, *forms]))


def page_variants(texts: Mapping[str, str]) -> dict[str, str]:
    """Location of a page -> the variants of all its words (see `variants`), space-separated."""
    return {location: " ".join(variants(words(text))) for location, text in texts.items()}


def policy_texts(policies: Iterable[Policy]) -> dict[str, str]:
    """Location of each policy page -> its title and Markdown body, the words its variants come from."""
    return {layout.url_of(layout.policy_page(p.id)): f"{p.title}\n{p.body}" for p in policies}


class VariantsJob:
    """`page_variants` of the policies, worked out by a second Python process (`python -m portaal.search`)
    while MkDocs renders the pages: a build uses one processor core, and stemming every word would
    otherwise add to the build time. If that process fails, the work is done here after all."""

    def __init__(self, texts: Mapping[str, str], in_background: bool) -> None:
        self._texts = dict(texts)
        self._process: subprocess.Popen[bytes] | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        if in_background:
            self._folder = tempfile.TemporaryDirectory(prefix="portaal-zoeken-")
            source, self._target = Path(self._folder.name, "pages.json"), Path(self._folder.name, "variants.json")
            source.write_text(json.dumps(self._texts, ensure_ascii=False), encoding="utf-8")
            self._process = subprocess.Popen(
                [sys.executable, "-m", "portaal.search", str(source), str(self._target)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )

    def result(self) -> dict[str, str]:
        try:
            if self._process is not None and self._process.wait() == 0:
                try:
                    found: dict[str, str] = json.loads(self._target.read_text(encoding="utf-8"))
                    return found
                except (OSError, ValueError):
                    pass  # worked out below instead
            return page_variants(self._texts)
        finally:
            self.close()

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait()
        self._process = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def main(argv: Sequence[str]) -> int:
    """`python -m portaal.search PAGES.json VARIANTS.json`: the work of a VariantsJob."""
    source, target = (Path(arg) for arg in argv)
    texts = json.loads(source.read_text(encoding="utf-8"))
    target.write_text(json.dumps(page_variants(texts), ensure_ascii=False), encoding="utf-8")
    return 0


def enrich_index(index: dict[str, Any], keywords: Mapping[str, Sequence[str]], synonyms: Synonyms,
                 known_variants: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Add the `variants` and `keywords` fields to Material's search index (in place; returned).

    Pages in `known_variants` get their variants on the page's own entry (a match opens the page);
    every other entry gets the variants of its own text.
    """
    known = known_variants or {}
    fields = index.setdefault("config", {}).setdefault("fields", {})
    fields["variants"] = {"boost": VARIANT_BOOST}
    fields["keywords"] = {"boost": KEYWORD_BOOST}
    for entry in index.get("docs", []):
        location = entry.get("location", "")
        if location in known:
            found_text = known[location]
        elif location.split("#", 1)[0] in known:
            found_text = ""  # a section of such a page: the page's entry has them
        else:
            found_text = " ".join(variants(words(entry.get("title", "")) + words(entry.get("text", ""))))
        if found_text:
            entry["variants"] = found_text
        phrases = keywords.get(location)
        if phrases:
            entry["keywords"] = " ".join(keyword_terms(phrases, synonyms))
    return index


def enrich_site(site_dir: Path, policies: Iterable[Policy], synonyms: Synonyms,
                known_variants: Mapping[str, str] | None = None) -> None:
    """Rewrite the search index that Material's search plugin wrote into `site_dir`."""
    path = site_dir / INDEX_FILE
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    enrich_index(index, policy_keywords(policies), synonyms, known_variants)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
