"""`portaal codeowners`, the check that keeps the committed CODEOWNERS in step, and `portaal new` beside them."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli, write_policy

TODAY = "2026-11-28"
STALE = "CODEOWNERS: is niet meer gelijk aan de eigenaren"


def test_codeowners_names_each_document_with_its_owners_group_and_check_holds_it_to_that(policies: Path) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01", owner="bvi")
    write_policy(policies, "screening-test", reviewed="2026-06-01", owner="p-en-o")
    result = run_cli("codeowners", str(policies))
    assert result.exit_code == 0, result.output
    lines = (policies.parent / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    assert "/policies/gedragscode-test.md @douane-integriteit/bvi" in lines
    assert "/policies/screening-test.md @douane-integriteit/p-en-o" in lines
    assert run_cli("check", "--today", TODAY).exit_code == 0

    write_policy(policies, "screening-test", reviewed="2026-06-01", owner="bvi")  # another owner
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1 and STALE in result.output


def test_a_document_that_cannot_be_read_is_its_own_problem_not_a_stale_codeowners(policies: Path) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    write_policy(policies, "screening-test", reviewed="2026-06-01")
    assert run_cli("codeowners", str(policies)).exit_code == 0
    write_policy(policies, "screening-test", reviewed="2026-06-01", effective="2026-02-30")
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 1
    assert "effective" in result.output and "CODEOWNERS" not in result.output
    assert "1 probleem in 1 document" in result.output


def test_a_new_document_joins_the_committed_codeowners_so_check_passes_as_it_is(policies: Path) -> None:
    write_policy(policies, "gedragscode-test", reviewed="2026-06-01")
    assert run_cli("codeowners", str(policies)).exit_code == 0
    result = run_cli("new", str(policies), "--no-input", "--title", "Test document", "--owner", "p-en-o",
                     "--type", "beleid", "--summary", "Kort.", "--audience", "alle-medewerkers",
                     "--themes", "actueel-beleid", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Bijgewerkt:" in result.output and "CODEOWNERS" in result.output
    text = (policies.parent / "CODEOWNERS").read_text(encoding="utf-8")
    assert "/policies/test-document.md @douane-integriteit/p-en-o" in text
    result = run_cli("check", "--today", TODAY)
    assert result.exit_code == 0, result.output


def test_without_a_committed_codeowners_a_new_document_writes_none(policies: Path) -> None:
    result = run_cli("new", str(policies), "--no-input", "--title", "Test document", "--owner", "bvi",
                     "--type", "beleid", "--summary", "Kort.", "--audience", "alle-medewerkers",
                     "--themes", "actueel-beleid", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert not (policies.parent / "CODEOWNERS").exists() and "Bijgewerkt" not in result.output


def test_new_refuses_both_a_review_date_and_a_review_interval(policies: Path) -> None:
    result = run_cli("new", str(policies), "--no-input", "--title", "Test document", "--owner", "bvi",
                     "--type", "beleid", "--summary", "Kort.", "--audience", "alle-medewerkers",
                     "--themes", "actueel-beleid", "--review-by", "2027-01-01", "--review-interval", "12")
    assert result.exit_code == 2
    assert "Fout: geef --review-by of --review-interval, niet allebei" in result.output
    assert not (policies / "test-document.md").exists()
