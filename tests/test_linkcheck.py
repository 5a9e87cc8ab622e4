"""LinkChecker over HTTP: fails on a broken link and a broken anchor, passes on the portal."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from portaal.cli import linkcheck
from portaal.cli.main import portaal
from tests.helpers import ROOT

CONFIG = ROOT / ".ci" / "linkcheckerrc"
BROKEN_SITE = Path(__file__).parent / "fixtures" / "linkcheck-broken"


@pytest.fixture(scope="session")
def portal_site(real_site: Path) -> Path:
    """The real portal, built once per test session (tests/conftest.py)."""
    return real_site


def test_config_turns_on_anchor_checking() -> None:
    text = CONFIG.read_text(encoding="utf-8")
    assert "[AnchorCheck]" in text and "checkextern=0" in text


def test_broken_link_and_anchor_fail() -> None:
    result = linkcheck.check_folder(BROKEN_SITE, CONFIG)
    assert result.returncode == 1
    assert "Real URL   http://127.0.0.1:" in result.output  # checked over HTTP
    assert "bestaat-niet/'" in result.output and "Error: 404" in result.output
    assert "Anchor `bestaat-niet' (decoded: `bestaat-niet')\n           not found" in result.output
    assert "1 warning found. 1 error found." in result.output  # the good link and anchor pass


def test_cli_linkcheck_exits_1_on_the_broken_site() -> None:
    result = CliRunner().invoke(portaal, ["linkcheck", "--site", str(BROKEN_SITE), "--linkcheckerrc", str(CONFIG)])
    assert result.exit_code == 1
    assert result.stdout.endswith("Er zijn kapotte links of ankers.\n")


def test_the_portal_has_no_broken_links(portal_site: Path) -> None:
    assert (portal_site / "register.json").is_file()
    result = linkcheck.check_folder(portal_site, CONFIG)
    assert result.ok, result.output
    assert "0 warnings found. 0 errors found." in result.output


def test_build_failure_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nnav: [", encoding="utf-8")
    with pytest.raises(linkcheck.LinkcheckError, match="de site kon niet worden gebouwd"):
        linkcheck.build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
