"""Links in policy texts: to other documents, the glossary, pages in docs/, generated pages,
other files, and to places (anchors) in any of these pages.

The build (MkDocs with --strict and the `validation` of mkdocs.yml) stops on a link to a
file that is not in the site, a link that does not name a file (a folder, a page without
`.md`), and a link to an anchor that the target page does not have. These checks follow
the same rules (mkdocs/structure/pages.py of MkDocs 1.6) on the Markdown first, so
`portaal check` stops on them too, in Dutch, with the line. Anchor ids come from
`anchors.page_ids`, computed only for pages that are the target of an anchor link.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from . import layout
from .guidance import Term
from .model import Policy
from .problems import Problem

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^ {0,3}\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _blank(match: re.Match[str]) -> str:
    """Code keeps its line breaks, so the lines of links after it stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def targets(body: str) -> Iterator[tuple[int, str]]:
    """(line offset in `body`, link target) for every Markdown link outside code."""
    # str's own search is far faster than a regular expression's scan (and a one-character search the
    # fastest): most texts have no code and no reference definitions, and only a few links.
    inline, reference = _link_kinds(body)
    if not inline and not reference:
        return
    text = body
    tick = "`" in text
    if (tick and "```" in text) or ("~" in text and "~~~" in text):
        text = _FENCE.sub(_blank, text)
    if tick and "`" in text:
        text = _CODE_SPAN.sub(_blank, text)
    # blanking code only removes links, never adds one
    if inline:  # what _INLINE.finditer(text) finds: a match can only start at a "]("
        line, counted = 0, 0
        found = text.find("](")
        while found >= 0:
            match = _INLINE.match(text, found)
            if match is None:
                found = text.find("](", found + 1)
                continue
            start = match.start(1)
            line += text.count("\n", counted, start)
            counted = start
            yield line, match.group(1)
            found = text.find("](", match.end())
    if reference:
        line, counted = 0, 0
        for match in _REFERENCE.finditer(text):
            start = match.start(1)
            line += text.count("\n", counted, start)
            counted = start
            yield line, match.group(1)


def _link_kinds(body: str) -> tuple[bool, bool]:
    """Whether `body` has "](" (an inline link) and "]:" (a reference definition), from its "]"s only."""
    inline = reference = False
    closing = body.find("]")
    while closing >= 0:
        after = body[closing + 1 : closing + 2]
        if after == "(":
            inline = True
        elif after == ":":
            reference = True
        if inline and reference:
            break
        closing = body.find("]", closing + 1)
    return inline, reference


class Site:
    """The files of the built site a policy can link to, and the anchor ids of its pages.

    Everything is computed when first asked for: most checks never need the generated pages,
    and ids only for the few pages that are the target of an anchor link.
    """

    def __init__(self, policies: Iterable[Policy], docs: Path | None,
                 generated: Callable[[], Mapping[str, str]] | None = None,
                 generated_paths: Callable[[], Iterable[str]] | None = None,
                 policy_markdown: Callable[[Policy], str] | None = None) -> None:
        self._policies = {layout.policy_page(p.id): p for p in policies if not p.is_concept}
        self.docs = docs
        """The docs folder (None when unknown: then only links to documents are checked)."""
        self._generated = generated
        self._generated_paths = generated_paths
        self._policy_markdown = policy_markdown or (lambda policy: policy.body)
        """The Markdown of a policy's page (the site layer knows it exactly; the body will do otherwise)."""
        self._files: frozenset[str] | None = None
        self._markdown: Mapping[str, str] | None = None
        self._ids: dict[str, frozenset[str]] = {}

    @property
    def knows_generated(self) -> bool:
        """Whether the pages the site generates are known (else a link to an unknown page is not judged)."""
        return self._generated_paths is not None

    def is_policy(self, page: str) -> bool:
        return page in self._policies

    def has(self, page: str) -> bool:
        """Whether the built site has the file `page`; policy pages first, as they are most linked to."""
        return page in self._policies or page in self.files

    @property
    def files(self) -> frozenset[str]:
        """Every file the build has (paths from the site root, as MkDocs's src_uri)."""
        if self._files is None:
            found = set(self._policies) | set(self._generated_paths() if self._generated_paths else ())
            if self.docs is not None:
                found |= docs_files(self.docs)
            self._files = frozenset(found)
        return self._files

    def ids(self, page: str) -> frozenset[str] | None:
        """The anchor ids of a page (`beleid/x.md`, `over.md`); None when its Markdown is unknown."""
        if page not in self._ids:
            text = self._page_markdown(page)
            if text is None:
                return None
            from . import anchors  # only here: it loads Markdown, which most checks never need

            self._ids[page] = anchors.page_ids(text)
        return self._ids[page]

    def _page_markdown(self, page: str) -> str | None:
        policy = self._policies.get(page)
        if policy is not None:
            return self._policy_markdown(policy)
        if self.docs is not None and page in docs_files(self.docs):
            try:
                return (self.docs / page).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                return None
        if self._generated is not None:
            if self._markdown is None:
                self._markdown = self._generated()
            return self._markdown.get(page)
        return None


def docs_files(docs: Path) -> frozenset[str]:
    """The files of the docs folder MkDocs publishes: all but names starting with '.'."""
    return _docs_files(str(docs))


_DOCS_CACHE: dict[str, tuple[float, frozenset[str]]] = {}


def _docs_files(docs: str) -> frozenset[str]:
    try:
        stamp = os.stat(docs).st_mtime
    except OSError:
        return frozenset()
    cached = _DOCS_CACHE.get(docs)
    found: set[str] = set()
    if cached is not None and cached[0] == stamp:
        return cached[1]
    for parent, folders, names in os.walk(docs):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = os.path.relpath(parent, docs).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found |= {prefix + name for name in names if not name.startswith(".")}
    result = frozenset(found)
    _DOCS_CACHE[docs] = (stamp, result)
    return result


class _AnyTag(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name; only docs_dir matters here."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    return None


_AnyTag.add_multi_constructor("", _any_tag)


def docs_folder(policies: Path) -> Path | None:
    """The docs folder of the portal whose policies are in `policies`: docs_dir of the mkdocs.yml
    beside that folder (or in the working folder); None without one."""
    for config in (policies.parent / "mkdocs.yml", Path("mkdocs.yml")):
        if config.is_file():
            try:
                data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTag)  # noqa: S506 - safe loader
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                return None
            docs_dir = data.get("docs_dir", "docs") if isinstance(data, dict) else "docs"
            return config.parent / (docs_dir if isinstance(docs_dir, str) else "docs")
    return None


def problems(policies: Iterable[Policy], files: Mapping[str, Path], glossary: Iterable[Term],
             site: Site | None = None) -> list[Problem]:
    """Every link in a published document that the build refuses: to documents that do not exist or
    are not published (concepts), to glossary terms that do not exist, and (with `site`) to files the
    site does not have, to something that is not a file, and to anchors the target page lacks."""
    by_id = {policy.id: policy for policy in policies}
    terms = {term.anchor for term in glossary}
    found = []
    # Most documents link to the same few pages: a verdict that does not depend on the linking document
    # (all but links to a place in the document itself) is judged once per folder and target.
    judged: dict[tuple[str, str], str] = {}
    for policy in by_id.values():
        if policy.is_concept:
            continue  # not built in production; in preview its links to other concepts work
        own = layout.policy_page(policy.id)
        folder = posixpath.dirname(own)
        for offset, target in sorted(set(targets(policy.body))):
            message = judged.get((folder, target))
            if message is None:
                message, same_everywhere = _problem(own, target, by_id, files, terms, site)
                if same_everywhere:
                    judged[folder, target] = message
            if message:
                found.append(Problem(policy.source, f"in de tekst: {message}", line=policy.body_line + offset))
    return found


def _problem(own: str, target: str, by_id: Mapping[str, Policy], files: Mapping[str, Path],
             terms: set[str], site: Site | None) -> tuple[str, bool]:
    """What is wrong with a link in the page `own` ('' for nothing), and whether every page in the same
    folder gets the same verdict for the same target."""
    try:
        scheme, netloc, path, _query, anchor = urlsplit(target)
    except ValueError:  # MkDocs stops with a traceback on these ('http://[x')
        return f"de link '{target}' is geen geldig adres; controleer hoe het geschreven is", True
    if scheme or netloc:
        return "", True  # another site, mail or phone; the sanitiser judges the scheme
    if not path:
        if not anchor or site is None:
            return "", False
        ids = site.ids(own)
        if ids is None or anchor in ids:
            return "", False
        return (f"de link '{target}' wijst naar een plek in dit document die niet bestaat: er is geen kop "
                f"of id '{anchor}'"), False
    return _page_problem(own, target, path, anchor, by_id, files, terms, site), True


def _page_problem(own: str, target: str, path: str, anchor: str, by_id: Mapping[str, Policy],
                  files: Mapping[str, Path], terms: set[str], site: Site | None) -> str:
    """What is wrong with a link to another page (or file) `path`; '' for nothing."""
    page = _site_path(posixpath.dirname(own), path)
    folder, _, name = page.rpartition("/")
    if folder == layout.POLICY_DIR and name.endswith(".md") and name != "index.md":
        policy_id = name[: -len(".md")]
        target_policy = by_id.get(policy_id)
        if target_policy is None and policy_id.casefold() not in files:
            return f"de link '{target}' wijst naar een document dat niet bestaat"
        if target_policy is not None and target_policy.is_concept:
            return (f"de link '{target}' wijst naar een concept; dat wordt niet gepubliceerd, dus de link "
                    "werkt niet. Haal de link weg of stel het document eerst vast")
        if target_policy is None:
            return ""  # the document itself has problems; they are reported with it
    if page == layout.GLOSSARY and anchor and anchor not in terms:
        return f"de link '{target}' wijst naar een begrip dat niet in begrippen.yml staat"
    if site is None or (site.docs is None and not site.is_policy(page)):
        return ""
    if not site.has(page) and not site.knows_generated:
        return ""  # perhaps a generated page: only the site layer knows them (catalog.LinkTargets)
    if not site.has(page):
        if not posixpath.splitext(path)[1] and not path.startswith(("/", "\\")):
            return (f"de link '{target}' wijst niet naar een bestand. Link naar een pagina met de naam van "
                    f"het bestand, met .md aan het eind{_did_you_mean(page, anchor, site)}")
        return (f"de link '{target}' wijst naar '{page}', maar die pagina of dat bestand bestaat niet in "
                f"het portaal{_did_you_mean(page, anchor, site)}")
    if anchor and page.endswith(".md"):
        ids = site.ids(page)
        if ids is not None and anchor not in ids:
            return (f"de link '{target}' wijst naar een plek in {page} die niet bestaat: er is geen kop of id "
                    f"'{anchor}'")
    return ""


@functools.lru_cache(maxsize=8192)
def _site_path(folder: str, path: str) -> str:
    """The site path a link's `path` in a page in `folder` points to (most texts link to the same few pages)."""
    return posixpath.normpath(posixpath.join(folder, unquote(path)).lstrip("/"))


def _did_you_mean(page: str, anchor: str, site: Site) -> str:
    for guess in (page + ".md", posixpath.join(page, "index.md"), page.removesuffix(".html") + ".md"):
        if site.has(guess):
            suggestion = posixpath.relpath(guess, layout.POLICY_DIR) + ("#" + anchor if anchor else "")
            return f", bijvoorbeeld '{suggestion}'"
    return ""
