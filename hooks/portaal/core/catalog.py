"""Loading the whole policy set once, and checking it as a whole."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from . import links, sanitize
from .frontmatter import FrontMatterError, decode, split
from .guidance import (
    GLOSSARY_FILE,
    ROUTES_FILE,
    SYNONYMS_FILE,
    RouteFinder,
    Synonyms,
    Term,
    load_glossary,
    load_routes,
    load_synonyms,
)
from .model import Policy
from .problems import CatalogError, Problem, display_path, read_error, unusual_file
from .questions import shared_questions
from .schema import validate
from .taxonomy import Taxonomy, load_taxonomy

LinkTargets = Callable[["Catalog", "Path | None", dt.date], links.Site]
"""What a policy can link to in the built site, generated pages included: site/linktargets.py
makes it (the core does not know the site's pages); without it only documents and docs/ count."""

TAXONOMY_FILE = "taxonomie.yml"

T = TypeVar("T")


@dataclass(frozen=True)
class Catalog:
    """Every policy in the set, valid, sorted by title."""

    taxonomy: Taxonomy
    policies: tuple[Policy, ...]
    routes: RouteFinder | None = None
    """The route finder "Waar meld ik wat?" (`meldroutes.yml`; None only when the file has problems)."""
    glossary: tuple[Term, ...] = ()
    """The glossary (`begrippen.yml`)."""
    synonyms: Synonyms = field(default_factory=Synonyms)
    """Search synonyms from `synoniemen.yml` (none when the file is missing)."""
    warnings: tuple[Problem, ...] = ()
    """Things an owner should look at that do not stop the build (a question answered in two places)."""

    def __iter__(self) -> Iterator[Policy]:
        return iter(self.policies)

    def __len__(self) -> int:
        return len(self.policies)

    def get(self, policy_id: str) -> Policy:
        return self._by_id[policy_id]

    @cached_property
    def _by_id(self) -> dict[str, Policy]:
        return {policy.id: policy for policy in self.policies}


def policy_files(folder: Path) -> list[Path]:
    """The policy files: every `*.md` below `folder`, except names starting with `_` or `.`
    (and anything in folders named so)."""
    found = []
    for parent, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(("_", "."))]
        found += [os.path.join(parent, name) for name in names
                  if name.endswith(".md") and not name.startswith(("_", "."))]
    return [Path(path) for path in sorted(found)]


def folders_named_as_documents(folder: Path) -> list[Path]:
    """Folders below `folder` whose name ends in `.md`: they look like documents but are not read."""
    found = []
    for parent, folders, _names in os.walk(folder):
        folders[:] = [name for name in folders if not name.startswith(("_", "."))]
        found += [Path(parent, name) for name in folders if name.endswith(".md")]
    return sorted(found)


def resolved_policy_files(folder: Path) -> list[tuple[Path, Path]]:
    """Each policy file with its absolute, symlink-free path (`path.resolve()`). The folder is resolved
    once: os.walk does not enter symlinked folders, so only a symlinked file needs its own resolve."""
    root = folder.resolve()
    return [(path, path.resolve() if path.is_symlink() else root / path.relative_to(folder))
            for path in policy_files(folder)]


def load_catalog(folder: Path, taxonomy_path: Path | None = None, base: Path | None = None,
                 docs: Path | None = None, today: dt.date | None = None,
                 targets: LinkTargets | None = None) -> Catalog:
    """Read, validate and cross-check every policy; raise CatalogError listing all problems.
    `docs`: the docs folder (default: docs_dir of the mkdocs.yml beside `folder`); `today`: the
    build's date (generated pages, which links may point at, depend on it)."""
    catalog, problems = read_catalog(folder, taxonomy_path, base, docs, today, targets)
    if problems:
        raise CatalogError(problems)
    return catalog


def read_catalog(folder: Path, taxonomy_path: Path | None = None, base: Path | None = None,
                 docs: Path | None = None, today: dt.date | None = None,
                 targets: LinkTargets | None = None) -> tuple[Catalog, list[Problem]]:
    """The valid policies and the problems of the others; raise CatalogError only when nothing can be
    checked (no folder, broken taxonomy)."""
    if not folder.is_dir():
        raise CatalogError([Problem(display_path(folder, base), "deze map bestaat niet")])
    taxonomy = load_taxonomy(taxonomy_path or folder / TAXONOMY_FILE, base)
    problems: list[Problem] = []
    policies: list[Policy] = []
    lines_of: dict[str, dict[str, int]] = {}
    files = policy_files(folder)
    project = folder.resolve().parent
    stems: dict[str, Path] = {}
    # Where names differ only in case, the all-lowercase one (the only valid id) is read.
    for path in sorted(files, key=lambda p: (p.name.casefold(), p.name != p.name.lower(), p)):
        shown = display_path(path, base)
        twin = stems.setdefault(path.stem.casefold(), path)
        if twin is not path:
            problems.append(Problem(shown, (
                f"heeft dezelfde naam als {display_path(twin, base)}; een kenmerk (id) moet uniek zijn, ook in "
                "verschillende mappen") if twin.stem == path.stem else (
                f"de naam verschilt alleen in hoofdletters van {display_path(twin, base)}; een kenmerk (id) moet "
                "ook zonder op hoofdletters te letten uniek zijn")))
            continue
        if (unusual := unusual_file(path, project)) is not None:
            problems.append(Problem(shown, unusual))
            continue
        policy, found, lines = _load_one(path, shown, taxonomy)
        problems += found
        if policy is not None:
            policies.append(policy)
            lines_of[policy.source] = lines
    problems += [Problem(display_path(path, base), "dit is een map, geen document; geef de map een naam zonder .md")
                 for path in folders_named_as_documents(folder)]
    problems += _cross_check(policies, taxonomy, lines_of, frozenset(stems))
    ids = {policy.id for policy in policies} | set(stems)  # an invalid document is reported by itself
    for rec in taxonomy.recommendations.values():
        problems += [Problem(taxonomy.path, f"verwijst naar '{doc}', maar dat document bestaat niet",
                             f"recommendations.{rec.id}.documents", rec.line)
                     for doc in rec.documents if doc not in ids]
    no_routes: RouteFinder | None = None
    concepts = frozenset(policy.id for policy in policies if policy.is_concept)  # not on the site: no route to them
    routes = _guidance(folder / ROUTES_FILE, load_routes, no_routes, ids, base, problems, concepts)
    no_terms: tuple[Term, ...] = ()
    glossary = _guidance(folder / GLOSSARY_FILE, load_glossary, no_terms, ids, base, problems, concepts)
    synonyms = Synonyms()
    try:
        synonyms = load_synonyms(folder / SYNONYMS_FILE, base)
    except CatalogError as error:
        problems += error.problems
    ordered = tuple(sorted(policies, key=lambda p: (p.title.casefold(), p.id)))
    warnings = _question_warnings(ordered, routes, glossary, folder, base, lines_of)
    catalog = Catalog(taxonomy, ordered, routes, glossary, synonyms, tuple(warnings))
    docs_folder = links.docs_folder(folder) if docs is None else docs
    site = (targets(catalog, docs_folder, today or dt.date.today()) if targets is not None  # noqa: DTZ011 - a local date, as the CLI
            else links.Site(catalog.policies, docs_folder))
    problems += links.problems(policies, stems, glossary, site)
    return catalog, problems


def _question_warnings(policies: tuple[Policy, ...], routes: RouteFinder | None, glossary: tuple[Term, ...],
                       folder: Path, base: Path | None, lines_of: dict[str, dict[str, int]]) -> list[Problem]:
    """A warning for every question that more than one document, route or term answers, naming all of them."""
    places: dict[str, tuple[str, str, int | None]] = {}  # label -> (file, field, line)
    answered: list[tuple[str, tuple[str, ...]]] = []
    for policy in sorted(policies, key=lambda p: p.source):
        places[policy.source] = (policy.source, "vragen", lines_of.get(policy.source, {}).get("vragen"))
        answered.append((policy.source, policy.vragen))
    routes_file = display_path(folder / ROUTES_FILE, base)
    for number, route in enumerate(routes.routes if routes else (), start=1):
        label = f"{routes_file} (routes[{number}])"
        places[label] = (routes_file, f"routes[{number}].vragen", None)
        answered.append((label, route.vragen))
    glossary_file = display_path(folder / GLOSSARY_FILE, base)
    for term in glossary:
        label = f"{glossary_file} (begrip '{term.term}')"
        places[label] = (glossary_file, "vragen", None)
        answered.append((label, term.vragen))
    warnings = []
    for question, holders in shared_questions(answered):
        path, where, line = places[holders[0]]
        others = " en ".join(holders[1:])
        warnings.append(Problem(path, f"de vraag '{question}' staat ook bij {others}; laat één document de "
                                      "vraag beantwoorden, anders weet de zoekfunctie niet welk antwoord je "
                                      "bedoelt", where, line))
    return warnings


def _guidance(path: Path, loader: Callable[[Path, Path | None], tuple[T, list[tuple[str, str, int]]]], empty: T,
              ids: set[str], base: Path | None, problems: list[Problem], concepts: frozenset[str] = frozenset()) -> T:
    """An optional data file beside the policies; its problems and dangling references join `problems`."""
    if not path.exists():
        problems.append(Problem(display_path(path, base), f"dit bestand ontbreekt; het portaal heeft het nodig "
                                                          f"(pagina's in docs/ gebruiken het). Zet {path.name} terug"))
        return empty
    try:
        value, refs = loader(path, base)
    except CatalogError as error:
        problems += error.problems
        return empty
    problems += _dangling(refs, ids, display_path(path, base))
    problems += [Problem(display_path(path, base), f"verwijst naar '{target}', maar dat is een concept en staat niet "
                         "op de site; verwijs naar een vastgesteld document of laat de verwijzing weg", where, line)
                 for target, where, line in refs if target in concepts]
    return value


def _dangling(refs: list[tuple[str, str, int]], ids: set[str], shown: str) -> list[Problem]:
    return [Problem(shown, f"verwijst naar '{target}', maar dat document bestaat niet", where, line)
            for target, where, line in refs if target and target not in ids]


def _load_one(path: Path, shown: str, taxonomy: Taxonomy) -> tuple[Policy | None, list[Problem], dict[str, int]]:
    try:
        document = split(decode(path.read_bytes()))
    except OSError as error:
        return None, [Problem(shown, read_error(error))], {}
    except FrontMatterError as error:
        return None, [Problem(shown, error.message, line=error.line)], {}
    values, found = validate(document.meta, taxonomy)
    problems = [Problem(shown, p.message, p.field, document.lines.get(p.field), p.code) for p in found]
    if "id" in values and values["id"] != path.stem:
        problems.append(Problem(shown, f"moet gelijk zijn aan de bestandsnaam '{path.stem}', gevonden "
                                       f"'{values['id']}'", "id", document.lines.get("id")))
    problems += [Problem(shown, f"in de tekst: {message}", line=line)
                 for line, message in sanitize.text_problems(document.body, document.body_line)]
    if problems:
        return None, problems, document.lines
    return Policy.from_values(values, shown, document.body, document.body_line), [], document.lines


def cross_check_new(policy: Policy, taxonomy: Taxonomy, existing_ids: frozenset[str]) -> list[Problem]:
    """What `portaal check` would refuse in a new document beside the existing ones (by id):
    references to itself or to nothing, a classification the portal may not publish."""
    return _cross_check([policy], taxonomy, {}, existing_ids)


def _cross_check(policies: list[Policy], taxonomy: Taxonomy, lines_of: dict[str, dict[str, int]],
                 file_ids: frozenset[str] = frozenset()) -> list[Problem]:
    problems = []
    seen: dict[str, Policy] = {}
    for policy in policies:
        lines = lines_of.get(policy.source, {})
        twin = seen.get(policy.id.casefold())
        if twin is not None:
            problems.append(Problem(policy.source, f"het kenmerk '{policy.id}' wordt al gebruikt in {twin.source}",
                                    "id", lines.get("id")))
        else:
            seen[policy.id.casefold()] = policy
    for policy in policies:
        lines = lines_of.get(policy.source, {})
        for ref in ("related", "supersedes"):
            for target in getattr(policy, ref):
                if target == policy.id:
                    problems.append(Problem(policy.source, "een document kan niet naar zichzelf verwijzen",
                                            ref, lines.get(ref)))
                elif target.casefold() not in seen and target.casefold() not in file_ids:
                    problems.append(Problem(policy.source, f"verwijst naar '{target}', maar dat document "
                                                           "bestaat niet", ref, lines.get(ref)))
        if not taxonomy.publishable(policy.classification):
            problems.append(Problem(
                policy.source,
                f"'{policy.classification}' is hoger dan het portaal mag publiceren (hoogste niveau: "
                f"'{taxonomy.publish_max}'); publiceer dit document niet in het portaal",
                "classification", lines.get("classification")))
    return problems
