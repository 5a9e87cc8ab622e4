"""`portaal check`: a verdict on the whole policy set, for people and for CI.

The same catalog and review logic as the build; this module only collects the
results per file and writes them as a table, JSON or JUnit XML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import changes
from ..core.catalog import policy_files, read_catalog
from ..core.model import Policy
from ..core.problems import CatalogError, Problem, display_path
from ..core.publication import Publication
from ..core.review import DEFAULT_DUE_SOON_DAYS, Review, ReviewState
from ..core.schema import STATUSES
from ..core.taxonomy import Taxonomy
from ..site.linktargets import site_targets
from ..site.text import days_phrase, plural
from . import codeowners

REPORT_VERSION = 1
"""Version of the JSON shape; raised only when a key changes meaning or disappears."""

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class DocumentResult:
    """One policy file: what was found in it and, when valid, its review position."""

    file: str
    policy: Policy | None
    review: Review | None
    """None for invalid, concept and withdrawn documents."""
    problems: tuple[Problem, ...]

    @property
    def overdue(self) -> bool:
        return self.review is not None and self.review.state is ReviewState.OVERDUE


@dataclass(frozen=True)
class CheckReport:
    today: dt.date
    due_soon_days: int
    folder: str
    documents: tuple[DocumentResult, ...]
    problems: tuple[Problem, ...]
    """Every problem, also those outside policy files (the taxonomy)."""
    other_problems: tuple[Problem, ...]
    """Problems that belong to no policy file."""
    taxonomy: Taxonomy | None
    overdue_as_warning: bool = False
    warnings: tuple[Problem, ...] = ()
    """Things to look at that do not make the check fail (a question answered in two places)."""

    @property
    def invalid(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.problems]

    def in_state(self, state: ReviewState) -> list[DocumentResult]:
        return [d for d in self.documents if d.review is not None and d.review.state is state]

    @property
    def unreviewed(self) -> list[DocumentResult]:
        """Valid documents without a review date that counts: concepts and withdrawn ones."""
        return [d for d in self.documents if d.policy is not None and d.review is None]

    @property
    def exit_code(self) -> int:
        if self.problems:
            return EXIT_FAILED
        if self.in_state(ReviewState.OVERDUE) and not self.overdue_as_warning:
            return EXIT_FAILED
        return EXIT_OK


def run_check(folder: Path, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
              base: Path | None = None, overdue_as_warning: bool = False, against: str | None = None) -> CheckReport:
    """Check every policy file in `folder` on `today`; adopted texts against git `against`
    (default: the last commit; see changes.py). Raises GitError when `against` is given and unknown."""
    with without_cycle_collector():
        return _run_check(folder, today, due_soon_days, base, overdue_as_warning, against)


@contextlib.contextmanager
def without_cycle_collector() -> Iterator[None]:
    """Python's cycle collector off for a while. Reading thousands of documents makes many objects
    and no reference cycles: the collector would walk all of them again and again (about a twentieth
    of the check's time), also while the report is written (the command keeps it off until then).
    Afterwards those objects count as old (freeze, then unfreeze: they join the oldest generation
    without being walked), so the collector's next small round does not walk them all at once."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _run_check(folder: Path, today: dt.date, due_soon_days: int, base: Path | None, overdue_as_warning: bool,
               against: str | None) -> CheckReport:
    shown_folder = display_path(folder, base)
    try:
        catalog, problems = read_catalog(folder, base=base, today=today, targets=site_targets)
    except CatalogError as error:
        return CheckReport(today, due_soon_days, shown_folder, (), tuple(error.problems),
                           tuple(error.problems), None, overdue_as_warning)
    problems += changes.silent_changes(folder, catalog, against or "HEAD", strict_ref=against is not None)
    problems += codeowners.check(catalog, folder, base)
    portal = Publication(catalog, today, due_soon_days)
    by_source = {policy.source: policy for policy in catalog}
    problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    documents = []
    files = [display_path(path, base) for path in policy_files(folder)]
    for file in files:
        policy = by_source.get(file)
        found = tuple(by_file.get(file, ()))
        review = portal.review(policy) if policy is not None and policy.id in portal.visible_ids else None
        documents.append(DocumentResult(file, None if found else policy, None if found else review, found))
    known = set(files)
    others = tuple(p for p in problems if p.path not in known)
    return CheckReport(today, due_soon_days, shown_folder, tuple(documents), tuple(problems), others,
                       catalog.taxonomy, overdue_as_warning, catalog.warnings)


# -- human output ---------------------------------------------------------------

def summary_line(report: CheckReport) -> str:
    count = len(report.documents)
    parts = []
    if report.problems:
        bad = len(report.invalid)
        parts.append(plural(len(report.problems), "probleem", "problemen")
                     + (f" in {plural(bad, 'document', 'documenten')}" if bad else ""))
    for state, word in ((ReviewState.OVERDUE, "verlopen"), (ReviewState.DUE_SOON, "binnenkort"),
                        (ReviewState.CURRENT, "actueel")):
        parts.append(f"{len(report.in_state(state))} {word}")
    if report.unreviewed:
        parts.append(f"{len(report.unreviewed)} concept of vervallen")
    if report.warnings:
        parts.append(plural(len(report.warnings), "waarschuwing", "waarschuwingen"))
    if report.exit_code == EXIT_OK:
        verdict = "In orde"
        if report.in_state(ReviewState.OVERDUE):
            verdict += " (verlopen beoordelingen zijn alleen een waarschuwing)"
    else:
        verdict = "Niet in orde"
    return (f"{plural(count, 'document', 'documenten')} gecontroleerd op {report.today.isoformat()}: "
            f"{', '.join(parts)}. {verdict}.")


def render_text(report: CheckReport) -> str:
    out: list[str] = []
    if report.problems:
        out.append(f"Fouten ({len(report.problems)}):")
        out += [f"  {problem}" for problem in report.problems]
        out.append("")
    if report.warnings:
        out.append(f"Waarschuwingen ({len(report.warnings)}; de controle faalt er niet op):")
        out += [f"  {warning}" for warning in report.warnings]
        out.append("")
    taxonomy = report.taxonomy
    if taxonomy is not None:
        valid = [d for d in report.documents if d.policy is not None]
        for owner in taxonomy.owners.values():
            rows = [d for d in valid if d.policy is not None and d.policy.owner == owner.id]
            if not rows:
                continue
            out.append(f"{owner.name} ({owner.id})")
            out += _table(["Bestand", "Kenmerk", "Status", "Beoordeling", "Volgende beoordeling", "Dagen"],
                          [_row(d) for d in rows])
            out.append("")
    out.append(summary_line(report))
    return terminal_safe("\n".join(out)) + "\n"


def _row(document: DocumentResult) -> list[str]:
    policy = document.policy
    assert policy is not None
    review = document.review
    if review is None:
        return [document.file, policy.id, policy.status.value, "-", "-", "-"]
    return [document.file, policy.id, policy.status.value, review.state.value, review.next_review.isoformat(),
            days_phrase(review.days_left)]


def _table(head: list[str], rows: Iterable[list[str]]) -> list[str]:
    """A plain-text table, indented under its owner's heading."""
    table = list(rows)
    text = _simple_table(head, table)
    if text is None:
        from tabulate import tabulate  # only here: most tables never need it, and it is slow to load

        text = tabulate(table, headers=head, tablefmt="simple", disable_numparse=True)
    return ["  " + line.rstrip() for line in text.splitlines()]


def _simple_table(head: list[str], rows: list[list[str]]) -> str | None:
    """What tabulate's "simple" format makes of these rows, for the usual cells only: printable ASCII
    without spaces around it, so that a cell's width is its length (tabulate takes thousands of
    function calls to find that out); None for anything else (tabulate then judges)."""
    if not rows or any(len(row) != len(head) for row in rows):
        return None
    for row in rows:
        for cell in row:
            if type(cell) is not str or not (cell.isascii() and cell.isprintable()) or cell != cell.strip():
                return None
    widths = [max(len(name) + 2, *map(len, column)) for name, column in zip(head, zip(*rows, strict=True), strict=True)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(head, widths, strict=True)),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


# -- JSON -----------------------------------------------------------------------

def _problem_json(problem: Problem) -> dict[str, Any]:
    return {"file": problem.path, "field": problem.field or None, "line": problem.line, "message": problem.message}


def report_json(report: CheckReport) -> dict[str, Any]:
    """The report as plain data; the shape is REPORT_SCHEMA."""
    documents = []
    for document in report.documents:
        policy, review = document.policy, document.review
        documents.append({
            "file": document.file,
            "id": policy.id if policy else None,
            "title": policy.title if policy else None,
            "owner": policy.owner if policy else None,
            "status": policy.status if policy else None,
            "next_review": policy.next_review.isoformat() if policy else None,
            "review_state": review.state.value if review else None,
            "days_left": review.days_left if review else None,
            "ok": not document.problems and not (document.overdue and not report.overdue_as_warning),
            "problems": [_problem_json(p) for p in document.problems],
        })
    return {
        "version": REPORT_VERSION,
        "today": report.today.isoformat(),
        "due_soon_days": report.due_soon_days,
        "folder": report.folder,
        "overdue_as_warning": report.overdue_as_warning,
        "exit_code": report.exit_code,
        "summary": {
            "documents": len(report.documents),
            "invalid": len(report.invalid),
            "problems": len(report.problems),
            "overdue": len(report.in_state(ReviewState.OVERDUE)),
            "due_soon": len(report.in_state(ReviewState.DUE_SOON)),
            "current": len(report.in_state(ReviewState.CURRENT)),
            "unreviewed": len(report.unreviewed),
            "warnings": len(report.warnings),
        },
        "documents": documents,
        "problems": [_problem_json(p) for p in report.problems],
        "warnings": [_problem_json(p) for p in report.warnings],
    }


def render_json(report: CheckReport) -> str:
    return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"


_NULLABLE_STRING = {"type": ["string", "null"]}
_PROBLEM = {
    "type": "object",
    "additionalProperties": False,
    "required": ["file", "field", "line", "message"],
    "properties": {
        "file": {"type": "string"},
        "field": _NULLABLE_STRING,
        "line": {"type": ["integer", "null"]},
        "message": {"type": "string"},
    },
}
REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Uitvoer van portaal check --format json (version 1)",
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "today", "due_soon_days", "folder", "overdue_as_warning", "exit_code", "summary",
                 "documents", "problems", "warnings"],
    "properties": {
        "version": {"const": REPORT_VERSION},
        "today": {"type": "string", "format": "date"},
        "due_soon_days": {"type": "integer", "minimum": 0},
        "folder": {"type": "string"},
        "overdue_as_warning": {"type": "boolean"},
        "exit_code": {"enum": [EXIT_OK, EXIT_FAILED]},
        "summary": {
            "type": "object",
            "additionalProperties": False,
            "required": ["documents", "invalid", "problems", "overdue", "due_soon", "current", "unreviewed",
                         "warnings"],
            "properties": {key: {"type": "integer", "minimum": 0} for key in
                           ("documents", "invalid", "problems", "overdue", "due_soon", "current", "unreviewed",
                            "warnings")},
        },
        "documents": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["file", "id", "title", "owner", "status", "next_review", "review_state", "days_left",
                         "ok", "problems"],
            "properties": {
                "file": {"type": "string"},
                "id": _NULLABLE_STRING,
                "title": _NULLABLE_STRING,
                "owner": _NULLABLE_STRING,
                "status": {"enum": [*STATUSES, None]},
                "next_review": _NULLABLE_STRING,
                "review_state": {"enum": [*(state.value for state in ReviewState), None]},
                "days_left": {"type": ["integer", "null"]},
                "ok": {"type": "boolean"},
                "problems": {"type": "array", "items": _PROBLEM},
            },
        }},
        "problems": {"type": "array", "items": _PROBLEM},
        "warnings": {"type": "array", "items": _PROBLEM},
    },
}
"""The documented shape of the JSON report."""


# -- JUnit XML ------------------------------------------------------------------

def render_junit(report: CheckReport) -> str:
    """One test case per policy file (plus one per other file with problems); errors and
    overdue reviews are failures, unless overdue counts as a warning."""
    import xml.etree.ElementTree as ET  # only here: most checks write text

    cases: list[ET.Element] = []
    warned = {warning.path for warning in report.warnings}
    for document in report.documents:
        case = ET.Element("testcase", classname=_classname(document), name=document.file, file=document.file)
        notes = [f"Waarschuwing: {warning}" for warning in report.warnings if warning.path == document.file]
        if document.problems:
            failure = ET.SubElement(case, "failure", type="fout",
                                    message=plural(len(document.problems), "probleem", "problemen"))
            failure.text = "\n".join(str(problem) for problem in document.problems)
        elif document.review is not None and document.review.state is not ReviewState.CURRENT:
            text = _review_text(document.review)
            if document.overdue and not report.overdue_as_warning:
                failure = ET.SubElement(case, "failure", type="verlopen", message=text)
                failure.text = text
            else:
                notes.insert(0, f"Waarschuwing: {text}")
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
        cases.append(case)
    files = {document.file for document in report.documents}
    extra_files = [*(p.path for p in report.other_problems), *(w for w in sorted(warned) if w not in files)]
    for file in dict.fromkeys(extra_files):
        found = [p for p in report.other_problems if p.path == file]
        case = ET.Element("testcase", classname="portaal", name=file, file=file)
        if found:
            failure = ET.SubElement(case, "failure", type="fout",
                                    message=plural(len(found), "probleem", "problemen"))
            failure.text = "\n".join(str(problem) for problem in found)
        notes = [f"Waarschuwing: {warning}" for warning in report.warnings if warning.path == file]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(notes)
        cases.append(case)
    failures = sum(1 for case in cases if case.find("failure") is not None)
    attributes = {"name": "portaal check", "tests": str(len(cases)), "failures": str(failures), "errors": "0",
                  "skipped": "0", "timestamp": report.today.isoformat()}
    suites = ET.Element("testsuites", {key: attributes[key] for key in ("name", "tests", "failures", "errors")})
    suite = ET.SubElement(suites, "testsuite", attributes)
    properties = ET.SubElement(suite, "properties")
    for name, value in (("today", report.today.isoformat()), ("due_soon_days", str(report.due_soon_days)),
                        ("folder", report.folder)):
        ET.SubElement(properties, "property", name=name, value=value)
    suite.extend(cases)
    ET.indent(suites)
    text = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + _not_xml().sub("\ufffd", text) + "\n"


@functools.cache
def _not_xml() -> re.Pattern[str]:
    """Characters XML 1.0 forbids anywhere (control characters, lone surrogates, U+FFFE/U+FFFF);
    they can only come from values, so they are replaced by U+FFFD. Compiled only for JUnit: its
    wide character ranges take several milliseconds to compile, at every start."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters a terminal could act on (colours, clearing the screen); line breaks and tabs stay."""


def terminal_safe(text: str) -> str:
    """`text` for a terminal: every control character it could act on as U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def _classname(document: DocumentResult) -> str:
    owner = document.policy.owner if document.policy else "onbekend"
    return f"beleid.{owner}"


def _review_text(review: Review) -> str:
    if review.state is ReviewState.OVERDUE:
        return f"beoordeling verlopen: {days_phrase(review.days_left)} (uiterlijk {review.next_review.isoformat()})"
    return f"beoordeling binnenkort: {days_phrase(review.days_left)} (uiterlijk {review.next_review.isoformat()})"
