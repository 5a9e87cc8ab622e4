"""Collapsing the navigation's whitespace: smaller pages, same rendering."""

from __future__ import annotations

from pathlib import Path

from portaal import compact
from tests.helpers import build, make_project

PAGE = """<body>
<pre>  keep
    this  </pre>
<nav class="md-nav md-nav--primary" aria-label="Navigatie">
  <ul>
    <li>
      <nav class="md-nav">
        <a href="x/">   Een   titel
        </a>
      </nav>
    </li>
  </ul>
</nav>
<p>na   de   navigatie</p>
</body>"""


def test_only_the_primary_navigation_is_collapsed() -> None:
    assert compact.navigation(PAGE) == PAGE.replace(
        PAGE[PAGE.index('<nav class="md-nav md-nav--primary"'): PAGE.index("<p>")],
        '<nav class="md-nav md-nav--primary" aria-label="Navigatie"> <ul> <li> <nav class="md-nav"> '
        '<a href="x/"> Een titel </a> </nav> </li> </ul> </nav>\n',
    )


def test_pages_without_or_with_a_broken_navigation_stay_as_they_are() -> None:
    assert compact.navigation("<p>  a  </p>") == "<p>  a  </p>"
    broken = '<nav class="md-nav md-nav--primary">  <nav>  </nav>'
    assert compact.navigation(broken) == broken


def test_built_pages_have_a_compact_navigation_with_the_same_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"gedragscode-test": {"title": "Gedragscode test"}})
    html = (build(project) / "beleid" / "gedragscode-test" / "index.html").read_text(encoding="utf-8")
    start = html.index('<nav class="md-nav md-nav--primary"')
    navigation = html[start:].split("\n", 1)[0]  # compacted: the whole navigation on one line
    assert navigation.endswith("</nav>") and navigation.count("<nav") == navigation.count("</nav>") > 1
    assert "  " not in navigation
    assert "Gedragscode test" in navigation
