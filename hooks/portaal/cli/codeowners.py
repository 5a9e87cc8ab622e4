"""`portaal codeowners`: a CODEOWNERS file from the taxonomy's owners, so a change to a
document needs its owner's approval on the merge request (GitLab and GitHub read it)."""

from __future__ import annotations

from pathlib import Path

from ..core.catalog import TAXONOMY_FILE, Catalog, resolved_policy_files
from ..core.history import repository_root
from ..core.problems import Problem, display_path

FILE_NAME = "CODEOWNERS"
HEADER = ("# Gemaakt door `portaal codeowners` uit {taxonomy}. Wijzig dit bestand niet met de hand:\n"
          "# pas de groep (group) van een eigenaar aan in de taxonomie en draai de opdracht opnieuw.\n")


def repository_folder(folder: Path) -> Path:
    """Where CODEOWNERS lives: the top of the git repository, or the portal's folder without git."""
    return repository_root(folder) or folder.resolve().parent


def render(catalog: Catalog, folder: Path) -> str:
    """One line per policy file: its path from the repository root and its owner's group."""
    root = repository_folder(folder).resolve()
    owners = catalog.taxonomy.owners
    by_id = {policy.id: policy for policy in catalog}
    taxonomy = (folder / TAXONOMY_FILE).resolve()
    lines = [HEADER.format(taxonomy=_from_root(taxonomy, root))]
    for path, resolved in resolved_policy_files(folder):
        policy = by_id.get(path.stem)
        if policy is None or not owners[policy.owner].group:
            continue
        lines.append(f"{_from_root(resolved, root)} {owners[policy.owner].group}\n")
    return "".join(lines)


def _from_root(path: Path, root: Path) -> str:
    try:
        return "/" + path.relative_to(root).as_posix()
    except ValueError:
        return "/" + path.name


def in_use(catalog: Catalog) -> bool:
    return any(owner.group for owner in catalog.taxonomy.owners.values())


def complete(catalog: Catalog, folder: Path) -> bool:
    """Every policy file was read: `render` would leave out a document whose own errors are reported."""
    known = {policy.id for policy in catalog}
    return all(path.stem in known for path, _resolved in resolved_policy_files(folder))


def check(catalog: Catalog, folder: Path, base: Path | None = None) -> list[Problem]:
    """A committed CODEOWNERS that no longer matches the taxonomy is a problem; no file, no check. While a
    document cannot be read, its own error is the problem: CODEOWNERS is judged once every document is."""
    path = repository_folder(folder) / FILE_NAME
    if not path.exists() or not in_use(catalog) or not complete(catalog, folder):
        return []
    if path.read_text(encoding="utf-8") == render(catalog, folder):
        return []
    return [Problem(display_path(path, base), "is niet meer gelijk aan de eigenaren in de taxonomie en de "
                                              "documenten; maak het opnieuw met 'portaal codeowners' en commit het")]


def refresh(catalog: Catalog, folder: Path) -> Path | None:
    """Rewrite a committed CODEOWNERS that no longer matches (after `portaal new` added a document); the
    path when it was rewritten. No file, no owner with a group, or an unreadable document: nothing."""
    path = repository_folder(folder) / FILE_NAME
    if not path.exists() or not in_use(catalog) or not complete(catalog, folder):
        return None
    text = render(catalog, folder)
    if path.read_text(encoding="utf-8") == text:
        return None
    path.write_text(text, encoding="utf-8")
    return path
