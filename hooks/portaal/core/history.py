"""Versions of each policy from the git history: the source of the version archive.

One `git log` over the policies folder and one `git cat-file --batch` for every file
version it names, once per build (never per page). Each commit on the first-parent line
of HEAD in which a document was adopted holds the text of a version; concepts never count.

A version ends where the next one starts (its `effective` date), or where the document
was withdrawn or deleted. Within one version number a changed text is a *revision*:
an editorial one when the newest history entry says `editorial: true`, otherwise a
silent one (the archive shows it, `portaal check` refuses it in a new change).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from .frontmatter import decode, load_plain
from .model import Policy, Status
from .schema import PLACEHOLDER, parse_date

GIT_TIMEOUT = 120
NO_HISTORY_FIX = "Haal de hele geschiedenis op: in GitLab CI 'GIT_DEPTH: 0', in GitHub Actions 'fetch-depth: 0'."

ADOPTED = Status.ADOPTED
WITHDRAWN = Status.WITHDRAWN


class GitError(Exception):
    """Git could not answer (not installed, not a repository, unknown ref)."""


@dataclass(frozen=True)
class State:
    """What one commit (or the working tree) holds for one document, leniently read."""

    day: dt.date
    commit: str
    """Short hash; empty for the working tree."""
    status: str
    version: str
    effective: dt.date | None
    title: str
    summary: str
    body: str
    adopted_by: str
    decision: str
    decision_date: str
    history: tuple[tuple[str, str, str, bool], ...]
    """(version, date, change, editorial), as written."""

    @property
    def text(self) -> str:
        """What counts as the text of the rule: title, summary and body (see `normalise`)."""
        return normalise(f"{self.title}\n{self.summary}\n{self.body}")


@dataclass(frozen=True)
class Entry:
    """One adopted text of a document in the archive."""

    policy_id: str
    version: str
    slug: str
    """Safe in a URL and in HTML: lower-case letters, digits and hyphens."""
    kind: str
    """'versie' (a new version), 'redactioneel' (editorial revision), 'stil' (changed without a record)."""
    valid_from: dt.date
    valid_to: dt.date | None
    """The day the next text took over (exclusive); None while it applies."""
    commit: str
    title: str
    summary: str
    body: str
    adopted_by: str
    decision: str
    decision_date: str
    change: str
    """The change summary from the history entry of this version (or revision)."""
    revision: int = 0

    @property
    def label(self) -> str:
        """How readers see this text: 'versie 2.1', 'versie 2.1 (redactionele wijziging 1)'."""
        if self.kind == "redactioneel":
            return f"versie {self.version} (redactionele wijziging {self.revision})"
        if self.kind == "stil":
            return f"versie {self.version} (gewijzigd zonder nieuwe versie, {self.revision})"
        return f"versie {self.version}"

    def applies_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


@dataclass(frozen=True)
class DocumentHistory:
    policy_id: str
    entries: tuple[Entry, ...]
    """Oldest first."""
    withdrawn_on: dt.date | None = None

    def on(self, day: dt.date) -> Entry | None:
        return next((entry for entry in self.entries if entry.applies_on(day)), None)

    @property
    def current(self) -> Entry | None:
        """The newest text, unless the document is withdrawn."""
        if not self.entries or self.entries[-1].valid_to is not None:
            return None
        return self.entries[-1]


@dataclass(frozen=True)
class Archive:
    documents: Mapping[str, DocumentHistory]
    complete: bool
    """False without git history (a tarball) or with a shallow clone."""
    reason: str = ""
    """Why it is incomplete, in Dutch."""
    commits: int = 0
    problems: tuple[str, ...] = field(default=())

    def get(self, policy_id: str) -> DocumentHistory | None:
        return self.documents.get(policy_id)

    @property
    def from_git(self) -> bool:
        """Whether the files come from a git repository: without one, each document has only its current
        version (a shallow clone may still have older ones)."""
        return self.reason != NO_REPOSITORY


def normalise(text: str) -> str:
    """Whitespace at line ends, line endings and blank lines around the text do not count."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def slugify(version: str) -> str:
    """'2.1' -> '2-1'; anything but letters and digits becomes one hyphen."""
    return re.sub(r"[^a-z0-9]+", "-", version.casefold()).strip("-") or "versie"


# -- reading git --------------------------------------------------------------------

def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise GitError(str(error)) from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


def repository_root(folder: Path) -> Path | None:
    """The top of the git work tree that holds `folder`, or None."""
    try:
        return Path(_git(folder, "rev-parse", "--show-toplevel").decode().strip())
    except GitError:
        return None


def is_shallow(root: Path) -> bool:
    try:
        return _git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
    except GitError:
        return False


def read_blobs(root: Path, names: Iterable[str]) -> dict[str, bytes | None]:
    """Contents of objects (`<sha>` or `<ref>:<path>`) in one `git cat-file --batch`; None if missing."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in wanted).encode())
    result: dict[str, bytes | None] = {}
    position = 0
    for name in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) >= 2 and header[-1] == b"missing":
            result[name] = None
            continue
        size = int(header[2])
        result[name] = out[position:position + size] if header[1] == b"blob" else None
        position += size + 1
    return result


@dataclass(frozen=True)
class _Change:
    day: dt.date
    commit: str
    path: str
    blob: str | None
    """None when the file was deleted."""


def _log(root: Path, prefix: str, ref: str) -> tuple[list[_Change], int]:
    """Every change to a policy file under `prefix`, oldest first, on the first-parent line of `ref`."""
    out = _git(root, "-c", "core.quotePath=false", "log", "--first-parent", "--reverse", "-m",
               "--format=%x01%H %cs", "--raw", "--no-abbrev", "--no-renames", ref, "--", prefix or ".")
    changes: list[_Change] = []
    commits = 0
    day, commit = dt.date.min, ""
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("\x01"):
            commit, date_text = line[1:].split(" ", 1)
            commit = commit[:8]
            day = dt.date.fromisoformat(date_text.strip())
            commits += 1
        elif line.startswith(":") and "\t" in line:
            info, path = line.split("\t", 1)
            parts = info.split()
            if len(parts) < 5 or not _is_policy_path(path, prefix):
                continue
            blob = None if parts[4].startswith("D") else parts[3]
            changes.append(_Change(day, commit, path, blob))
    return changes, commits


def _is_policy_path(path: str, prefix: str) -> bool:
    pure = PurePosixPath(path)
    inside = pure.parts[len(PurePosixPath(prefix).parts):] if prefix else pure.parts
    return (pure.suffix == ".md" and bool(inside)
            and not any(part.startswith(("_", ".")) for part in inside))


def _text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split()) if value is not None else ""


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""Old versions are only read, never judged: what the quick way does not read (anchors, tags, a key
twice), PyYAML's own safe C loader reads (dates become dates; `_text` writes both the same)."""


def _lenient_load(raw: str) -> Any:
    return yaml.load(raw, Loader=_FAST_LOADER)  # noqa: S506 - a safe loader


def _split(data: bytes) -> tuple[dict[str, Any], str] | None:
    """Front matter and body of an old file version; None when it cannot be read.
    Lighter than frontmatter.split (no line numbers: nothing is reported about old versions)."""
    try:
        text = decode(data)
        first = _FENCE.match(text)
        closing = _FENCE.search(text, first.end()) if first is not None else None
        if first is None or closing is None:
            return None
        meta = load_plain(text[first.end():closing.start()], _lenient_load)
    except Exception:  # noqa: BLE001 - an unreadable old version simply is no version
        return None
    return (meta, text[closing.end() + 1:]) if isinstance(meta, dict) else None


def _state(data: bytes, day: dt.date, commit: str) -> State | None:
    """A file version read leniently: old versions need not pass today's checks."""
    found = _split(data)
    if found is None:
        return None
    meta, body = found
    effective: dt.date | None = None
    try:
        effective = parse_date(_text(meta.get("effective", "")))
    except ValueError:
        effective = None
    history: list[tuple[str, str, str, bool]] = []
    raw_history = meta.get("history")
    for item in raw_history if isinstance(raw_history, list) else []:
        if isinstance(item, dict):
            history.append((_text(item.get("version")), _text(item.get("date")), _text(item.get("change")),
                            item.get("editorial") is True))
    return State(day, commit, _text(meta.get("status")), _text(meta.get("version")), effective,
                 _text(meta.get("title")), _text(meta.get("summary")), body,
                 _text(meta.get("adopted_by")), _text(meta.get("decision")), _text(meta.get("decision_date")),
                 tuple(history))


def state_of(policy: Policy, day: dt.date) -> State:
    """The working-tree state of a validated policy."""
    decision_date = policy.decision_date
    return State(
        day, "", policy.status, policy.version, policy.effective, policy.title, policy.summary, policy.body,
        policy.adopted_by or "", policy.decision or "",
        decision_date.isoformat() if isinstance(decision_date, dt.date) else (decision_date or ""),
        tuple((h.version, h.date.isoformat(), h.change, h.editorial) for h in policy.history))


def read_states(root: Path, prefix: str, ref: str = "HEAD") -> tuple[dict[str, list[State]], int]:
    """Every committed state of every policy file, by id, oldest first."""
    changes, commits = _log(root, prefix, ref)
    blobs = read_blobs(root, (change.blob for change in changes if change.blob))
    states: dict[str, list[State]] = {}
    for change in changes:
        policy_id = PurePosixPath(change.path).stem
        data = blobs.get(change.blob) if change.blob else None
        state = _state(data, change.day, change.commit) if data is not None else None
        states.setdefault(policy_id, []).append(state or _gone(change.day, change.commit))
    return states, commits


def _gone(day: dt.date, commit: str) -> State:
    """A deleted (or unreadable) file: it ends whatever applied."""
    return State(day, commit, "", "", None, "", "", "", "", "", "", ())


# -- from states to versions ------------------------------------------------------------

def _change_for(state: State, version: str, editorial: bool | None = None) -> str:
    for entry_version, _date, change, is_editorial in state.history:
        if entry_version == version and (editorial is None or is_editorial == editorial):
            return change
    return ""


def _editorial_date(state: State, previous: State) -> dt.date | None:
    """The date of a new editorial history entry, when the newest entry is one."""
    if not state.history or not state.history[0][3] or state.history[0] in previous.history:
        return None
    try:
        return parse_date(state.history[0][1])
    except ValueError:
        return state.day


def versions(policy_id: str, states: Iterable[State]) -> DocumentHistory:
    """The adopted texts of one document from its states, oldest first."""
    entries: list[Entry] = []
    last: State | None = None
    withdrawn_on: dt.date | None = None
    used: set[str] = set()

    def close(day: dt.date) -> None:
        if entries and entries[-1].valid_to is None:
            entries[-1] = replace(entries[-1], valid_to=max(day, entries[-1].valid_from))

    for state in states:
        if state.status != ADOPTED:
            if state.status == WITHDRAWN or not state.status:  # withdrawn or deleted ends it
                if entries and entries[-1].valid_to is None:
                    close(state.day)
                    withdrawn_on = state.day if state.status == WITHDRAWN else withdrawn_on
                last = None
            continue  # a concept never enters the archive
        open_entry = entries[-1] if entries and entries[-1].valid_to is None else None
        if open_entry is not None and last is not None and state.version == open_entry.version:
            if state.text == last.text:  # metadata only: keep the text, take the newest approval data
                entries[-1] = replace(open_entry, adopted_by=state.adopted_by, decision=state.decision,
                                      decision_date=state.decision_date)
                last = state
                continue
            editorial_day = _editorial_date(state, last)
            kind = "redactioneel" if editorial_day is not None else "stil"
            start = max(editorial_day or state.day, open_entry.valid_from)
            revision = open_entry.revision + 1
            change = state.history[0][2] if editorial_day is not None else ""
            base = f"{slugify(state.version)}-r{revision}"
        else:
            kind, revision = "versie", 0
            start = state.effective or state.day
            if entries:
                start = max(start, entries[-1].valid_from)
            change = _change_for(state, state.version, editorial=False)
            base = slugify(state.version)
        close(start)
        slug = base
        number = 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        entries.append(Entry(policy_id, state.version, slug, kind, start, None, state.commit, state.title,
                             state.summary, state.body, state.adopted_by, state.decision, state.decision_date,
                             change, revision))
        withdrawn_on = None
        last = state
    return DocumentHistory(policy_id, tuple(entries), withdrawn_on)


NO_REPOSITORY = "de bestanden komen niet uit een git-repository (bijvoorbeeld een tarball)"
SHALLOW = "de git-clone is ondiep (shallow): oudere versies ontbreken"


def completeness(policies_dir: Path) -> tuple[bool, str]:
    """Whether the archive of `policies_dir` can be complete, and why not (Dutch), without reading the
    history itself: as `read_archive` decides it."""
    root = repository_root(policies_dir.resolve())
    if root is None:
        return False, NO_REPOSITORY
    if is_shallow(root):
        return False, SHALLOW
    return True, ""


def read_archive(policies_dir: Path, current: Iterable[Policy], today: dt.date) -> Archive:
    """The archive of every document: its committed states plus the working tree (newest).

    Without git or with a shallow clone the archive is marked incomplete; it then holds what
    history there is (at least the current text of each adopted document).
    """
    folder = policies_dir.resolve()
    root = repository_root(folder)
    states: dict[str, list[State]] = {}
    commits = 0
    complete, reason = True, ""
    if root is None:
        complete, reason = False, NO_REPOSITORY
    else:
        prefix = folder.relative_to(root.resolve()).as_posix() if folder != root.resolve() else ""
        try:
            states, commits = read_states(root, prefix)
        except GitError:
            states, commits = {}, 0  # a repository without commits yet
        if is_shallow(root):
            complete, reason = False, SHALLOW
    documents = {}
    for policy in current:
        found = list(states.get(policy.id, []))
        mine = state_of(policy, today)
        if not found or _differs(found[-1], mine):
            found.append(mine)
        documents[policy.id] = versions(policy.id, found)
    return Archive(documents, complete, reason, commits)


def without_texts(archive: Archive) -> Archive:
    """The archive without the texts of its versions (title, summary, body): what a current page and
    the register need of it, small enough to hand from one process to another."""
    return replace(archive, documents={
        policy_id: replace(document, entries=tuple(replace(entry, title="", summary="", body="")
                                                   for entry in document.entries))
        for policy_id, document in archive.documents.items()})


def _differs(committed: State, working: State) -> bool:
    return (committed.status, committed.version, committed.text, committed.adopted_by, committed.decision,
            committed.decision_date, committed.history) != (
        working.status, working.version, working.text, working.adopted_by, working.decision,
        working.decision_date, working.history)


def is_confirmed(value: str) -> bool:
    return bool(value) and PLACEHOLDER.match(value) is None
