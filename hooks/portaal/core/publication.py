"""What the portal publishes on one day: the visible policies, their review
state and every index, computed once per build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .catalog import Catalog
from .history import Archive
from .model import Policy
from .review import DEFAULT_DUE_SOON_DAYS, Review, ReviewState, assess
from .taxonomy import Taxonomy


@dataclass(frozen=True)
class RoleEntry:
    """A policy on a role's page, and the role through which it applies."""

    policy: Policy
    via: str
    """The role named in the policy's audience: the role itself or one it inherits from."""


@dataclass
class Publication:
    catalog: Catalog
    today: dt.date
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS
    preview: bool = False
    """Show concept documents (clearly marked) as well."""
    archive: Archive | None = None
    """The versions of each published document from git (history.read_archive), when read."""

    visible: list[Policy] = field(init=False)
    """Every policy that gets a page: published ones, and concepts in preview."""
    listed: list[Policy] = field(init=False)
    """Visible and not withdrawn: what the indexes list."""
    reviews: dict[str, Review] = field(init=False)
    by_role: dict[str, list[RoleEntry]] = field(init=False)
    by_theme: dict[str, list[Policy]] = field(init=False)
    by_type: dict[str, list[Policy]] = field(init=False)
    by_owner: dict[str, list[Policy]] = field(init=False)
    successors: dict[str, list[Policy]] = field(init=False)
    visible_ids: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        taxonomy = self.catalog.taxonomy
        self.visible = [p for p in self.catalog if self.preview or not p.is_concept]
        self.visible_ids = frozenset(p.id for p in self.visible)
        self.listed = [p for p in self.visible if not p.is_withdrawn]
        self.reviews = {p.id: assess(p.next_review, self.today, self.due_soon_days) for p in self.listed}
        self.by_role = {role: [] for role in taxonomy.roles}
        self.by_theme = {theme: [] for theme in taxonomy.themes}
        self.by_type = {doc_type: [] for doc_type in taxonomy.types}
        self.by_owner = {owner: [] for owner in taxonomy.owners}
        lineages = {role: taxonomy.lineage(role) for role in taxonomy.roles}
        for policy in self.listed:
            audience = set(policy.audience)
            for role, lineage in lineages.items():
                via = next((ancestor for ancestor in lineage if ancestor in audience), None)
                if via is not None:
                    self.by_role[role].append(RoleEntry(policy, via))
            for theme in policy.themes:
                self.by_theme[theme].append(policy)
            self.by_type[policy.type].append(policy)
            self.by_owner[policy.owner].append(policy)
        successors: dict[str, list[Policy]] = defaultdict(list)
        for policy in self.visible:
            for old in policy.supersedes:
                successors[old].append(policy)
        self.successors = dict(successors)

    @property
    def taxonomy(self) -> Taxonomy:
        return self.catalog.taxonomy

    def review(self, policy: Policy) -> Review | None:
        """The review position of a listed policy; None for withdrawn ones."""
        return self.reviews.get(policy.id)

    def in_state(self, state: ReviewState) -> list[Policy]:
        """Listed policies in a review state, most urgent first."""
        found = [p for p in self.listed if self.reviews[p.id].state is state]
        return sorted(found, key=lambda p: (p.next_review, p.title.casefold()))
