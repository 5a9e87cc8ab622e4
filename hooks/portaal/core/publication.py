"""What the portal publishes on one day: the visible policies, their review
state and every index, computed once per build."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

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
    visible_ids: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.visible = [p for p in self.catalog if self.preview or not p.is_concept]
        self.visible_ids = frozenset(p.id for p in self.visible)
        self.listed = [p for p in self.visible if not p.is_withdrawn]
        self.reviews = {p.id: assess(p.next_review, self.today, self.due_soon_days) for p in self.listed}

    # The indexes below are made when first asked for: `portaal check` needs none of them.

    @cached_property
    def by_role(self) -> dict[str, list[RoleEntry]]:
        """The listed policies per role: those for the role itself or a role it inherits from."""
        taxonomy = self.taxonomy
        by_role: dict[str, list[RoleEntry]] = {role: [] for role in taxonomy.roles}
        lineages = {role: taxonomy.lineage(role) for role in taxonomy.roles}
        for policy in self.listed:
            audience = set(policy.audience)
            for role, lineage in lineages.items():
                via = next((ancestor for ancestor in lineage if ancestor in audience), None)
                if via is not None:
                    by_role[role].append(RoleEntry(policy, via))
        return by_role

    @cached_property
    def by_theme(self) -> dict[str, list[Policy]]:
        by_theme: dict[str, list[Policy]] = {theme: [] for theme in self.taxonomy.themes}
        for policy in self.listed:
            for theme in policy.themes:
                by_theme[theme].append(policy)
        return by_theme

    @cached_property
    def by_type(self) -> dict[str, list[Policy]]:
        by_type: dict[str, list[Policy]] = {doc_type: [] for doc_type in self.taxonomy.types}
        for policy in self.listed:
            by_type[policy.type].append(policy)
        return by_type

    @cached_property
    def by_owner(self) -> dict[str, list[Policy]]:
        by_owner: dict[str, list[Policy]] = {owner: [] for owner in self.taxonomy.owners}
        for policy in self.listed:
            by_owner[policy.owner].append(policy)
        return by_owner

    @cached_property
    def successors(self) -> dict[str, list[Policy]]:
        """For a document id: the visible documents that supersede it."""
        successors: dict[str, list[Policy]] = defaultdict(list)
        for policy in self.visible:
            for old in policy.supersedes:
                successors[old].append(policy)
        return dict(successors)

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
