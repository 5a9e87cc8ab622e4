"""Macros for pages in docs/: the same index builders the generated pages use.

The hook hands over the portal (loaded once per build) as the variable
`portaal_site`; each macro reads it when a page is rendered.
"""

from __future__ import annotations

from typing import Any

from portaal import indexes
from portaal.portal import Portal
from portaal.text import inline


def define_env(env: Any) -> None:
    def portal() -> Portal:
        return env.variables["portaal_site"]  # type: ignore[no-any-return]

    @env.macro  # type: ignore[untyped-decorator]
    def role_index(role_id: str) -> str:
        """Every document for a role, grouped by type."""
        return indexes.role_index(portal(), role_id)

    @env.macro  # type: ignore[untyped-decorator]
    def role_overview() -> str:
        """The roles with their descriptions, as links."""
        return indexes.role_overview(portal())

    @env.macro  # type: ignore[untyped-decorator]
    def theme_index(theme_id: str) -> str:
        return indexes.theme_index(portal(), theme_id)

    @env.macro  # type: ignore[untyped-decorator]
    def type_index(type_id: str) -> str:
        return indexes.type_index(portal(), type_id)

    @env.macro  # type: ignore[untyped-decorator]
    def owner_index(owner_id: str) -> str:
        return indexes.owner_index(portal(), owner_id)

    @env.macro  # type: ignore[untyped-decorator]
    def review_dashboard() -> str:
        return indexes.review_dashboard(portal())

    @env.macro  # type: ignore[untyped-decorator]
    def recent_changes(limit: int = 5) -> str:
        """The newest changes to published documents."""
        return indexes.recent_changes(portal(), limit)

    @env.macro  # type: ignore[untyped-decorator]
    def contact_phone(contact_id: str) -> str:
        """The phone number of a contact point from meldroutes.yml (one place to change it)."""
        return inline(indexes.contact(portal(), contact_id).phone)

    @env.macro  # type: ignore[untyped-decorator]
    def front_matter_reference() -> str:
        """The table of front-matter fields, from the schema."""
        return indexes.front_matter_reference()
