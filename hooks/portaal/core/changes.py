"""No silent change: an adopted text that changed since the last committed version (or
since the target branch of a merge request) needs a new version or an editorial record.

The rule (README, "Geen stille wijziging"): the text is the title, the summary and the
body (whitespace at line ends and around the text does not count). When an adopted
document's text differs from the committed one:

- with a new `version`, the newest `history` entry must be that version;
- with the same `version`, the newest `history` entry must be new and say
  `editorial: true` (a redactional change: spelling, layout, a broken link);
- otherwise it is an error. Metadata (review dates, keywords, the approval fields)
  may change without a new version. A concept, or a document that was not adopted
  in the committed version, is not compared.
"""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog, resolved_policy_files
from .history import ADOPTED, GitError, State, _git, _state, read_blobs, repository_root, state_of
from .problems import Problem


def base_commit(root: Path, ref: str) -> str:
    """HEAD itself, or for another ref the point where HEAD left it (as `git diff REF...HEAD`)."""
    if ref == "HEAD":
        return _git(root, "rev-parse", "--verify", "HEAD^{commit}").decode().strip()
    _git(root, "rev-parse", "--verify", f"{ref}^{{commit}}")
    return _git(root, "merge-base", ref, "HEAD").decode().strip()


def silent_changes(folder: Path, catalog: Catalog, ref: str = "HEAD", strict_ref: bool = False) -> list[Problem]:
    """Problems for adopted documents whose text changed without a new version or editorial record.

    Without git (or without any commit) there is nothing to compare: no problems, unless
    `strict_ref` (a ref was asked for explicitly), then GitError.
    """
    root = repository_root(folder)
    if root is None:
        if strict_ref:
            raise GitError("de map staat niet in een git-repository")
        return []
    try:
        commit = base_commit(root, ref)
    except GitError:
        if strict_ref:
            raise
        return []
    paths = {path.stem: resolved for path, resolved in resolved_policy_files(folder)}
    adopted = [p for p in catalog if p.status == ADOPTED and p.id in paths]
    top = root.resolve()
    names = {p.id: f"{commit}:{paths[p.id].relative_to(top).as_posix()}" for p in adopted}
    blobs = read_blobs(root, names.values())
    problems = []
    shown_ref = "de laatste commit" if ref == "HEAD" else f"{ref} (vanaf {commit[:8]})"
    for policy in adopted:
        data = blobs.get(names[policy.id])
        old = _state(data, policy.effective, commit[:8]) if data is not None else None
        if old is None or old.status != ADOPTED:
            continue
        message = verdict(old, state_of(policy, policy.effective), shown_ref)
        if message:
            problems.append(Problem(policy.source, message, "version"))
    return problems


def verdict(old: State, new: State, shown_ref: str) -> str:
    """Why a change from `old` to `new` is not allowed, or '' when it is."""
    if old.text == new.text:
        return ""
    top = new.history[0] if new.history else None
    if new.version != old.version:
        if top is None or top[0] != new.version:
            return (f"de tekst is veranderd sinds {shown_ref} en version is nu '{new.version}', maar history "
                    f"heeft geen regel voor die versie; zet bovenaan history: version \"{new.version}\", date en "
                    "change")
        return ""
    if top is not None and top[3] and top not in old.history:
        return ""
    return (f"de tekst is veranderd sinds {shown_ref}, maar version is nog '{new.version}' en history heeft geen "
            "nieuwe regel: een vastgesteld document verandert niet stil. Verhoog version en zet een regel "
            "bovenaan history; is het alleen een redactionele wijziging (spelling, opmaak, een link), zet dan "
            f"bovenaan history een regel met version \"{new.version}\", date, change en editorial: true")
