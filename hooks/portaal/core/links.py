"""Links in policy texts to other documents and to the glossary.

The build (MkDocs with --strict) stops on a link to a page that is not built or
an anchor that does not exist. These checks find the same links in the
Markdown first, so `portaal check` stops on them too, in Dutch, with the line.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from . import layout
from .guidance import Term
from .model import Policy
from .problems import Problem

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^ {0,3}\2[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_INLINE = re.compile(r"\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _blank(match: re.Match[str]) -> str:
    """Code keeps its line breaks, so the lines of links after it stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def targets(body: str) -> Iterator[tuple[int, str]]:
    """(line offset in `body`, link target) for every Markdown link outside code."""
    text = _CODE_SPAN.sub(_blank, _FENCE.sub(_blank, body))
    for pattern in (_INLINE, _REFERENCE):
        for match in pattern.finditer(text):
            yield text.count("\n", 0, match.start(1)), match.group(1)


def problems(policies: Iterable[Policy], files: Mapping[str, Path], glossary: Iterable[Term]) -> list[Problem]:
    """Links from published documents to documents that do not exist or are not published
    (concepts), and links to glossary terms that do not exist."""
    by_id = {policy.id: policy for policy in policies}
    anchors = {term.anchor for term in glossary}
    found = []
    for policy in by_id.values():
        if policy.is_concept:
            continue  # not built in production; in preview its links to other concepts work
        for offset, target in sorted(set(targets(policy.body))):
            message = _problem(target, by_id, files, anchors)
            if message:
                found.append(Problem(policy.source, f"in de tekst: {message}", line=policy.body_line + offset))
    return found


def _problem(target: str, by_id: Mapping[str, Policy], files: Mapping[str, Path], anchors: set[str]) -> str:
    if _SCHEME.match(target) or target.startswith("#"):
        return ""
    path, _, anchor = target.partition("#")
    if not path.endswith(".md"):
        return ""
    page = posixpath.normpath(path.lstrip("/") if path.startswith("/") else posixpath.join(layout.POLICY_DIR, path))
    folder, _, name = page.rpartition("/")
    if folder == layout.POLICY_DIR and name != "index.md":
        policy_id = name[: -len(".md")]
        policy = by_id.get(policy_id)
        if policy is None and policy_id.casefold() not in files:
            return f"de link '{target}' wijst naar een document dat niet bestaat"
        if policy is not None and policy.is_concept:
            return (f"de link '{target}' wijst naar een concept; dat wordt niet gepubliceerd, dus de link "
                    "werkt niet. Haal de link weg of stel het document eerst vast")
    if page == layout.GLOSSARY and anchor and anchor not in anchors:
        return f"de link '{target}' wijst naar een begrip dat niet in begrippen.yml staat"
    return ""
