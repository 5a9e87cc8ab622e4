"""The README says what the code does."""

from __future__ import annotations

from portaal.site.schema_docs import front_matter_reference
from tests.helpers import ROOT


def test_readme_field_table_matches_the_schema() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- front-matter-reference:start -->\n") + len("<!-- front-matter-reference:start -->\n")
    end = readme.index("<!-- front-matter-reference:end -->")
    assert readme[start:end] == front_matter_reference()
