"""`portaal herinneringen`: one mail per owner with overdue and due-soon documents,
written as .eml or sent to a real SMTP server on loopback (aiosmtpd, STARTTLS, login)."""

from __future__ import annotations

import email
import os
import re
import socket
import subprocess
import sys
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest
import yaml

from tests.helpers import run_cli, write_policy
from tests.mailserver import PASSWORD, USER, free_port, smtp_server

TODAY = "2026-11-28"
BASE = ["--today", TODAY, "--base-url", "https://integriteit.douane.example"]
MAIL_ENV = {"PORTAAL_MAIL_FROM": "Integriteitsportaal <portaal@douane.example>",
            "PORTAAL_MAIL_REPLY_TO": "Bureau Veiligheid en Integriteit <bvi@douane.example>"}


@pytest.fixture
def policies(policies: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Owners with overdue, due-soon, current and withdrawn documents; non-ASCII names and titles."""
    for key in ("PORTAAL_MAIL_FROM", "PORTAAL_MAIL_REPLY_TO", "PORTAAL_BASE_URL", "PORTAAL_SMTP_USER",
                "PORTAAL_SMTP_PASSWORD", "PORTAAL_TODAY"):
        monkeypatch.delenv(key, raising=False)
    path = policies / "taxonomie.yml"
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    taxonomy["owners"]["p-en-o"]["name"] = "Directie P&O – Zoë Ünal"
    taxonomy["owners"]["bvi"]["mailbox"] = "bvi-integriteit@douane.example"  # confirmed; the others are not
    path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # p-en-o: one overdue (2026-09-01), one due soon (2027-01-10)
    write_policy(policies, "privegebruik", title="Privégebruik <script>alert(1)</script> & “middelen”",
                 owner="p-en-o", effective="2025-09-01", reviewed="2025-09-01")
    write_policy(policies, "screening", title="Screening", owner="p-en-o", effective="2026-01-10",
                 reviewed="2026-01-10")
    # bvi: due soon (2026-12-15) and a withdrawn one that is long overdue (no review any more)
    write_policy(policies, "geschenken", title="Geschenken", owner="bvi", review_interval=None,
                 review_by="2026-12-15")
    write_policy(policies, "oud", title="Oud", owner="bvi", effective="2020-01-01", reviewed="2020-01-01",
                 status="vervallen")
    # veiligheid: current only, and a concept that would be overdue
    write_policy(policies, "toegang", title="Toegang", owner="veiligheid", reviewed="2026-11-01")
    write_policy(policies, "in-de-maak", title="In de maak", owner="veiligheid", effective="2020-01-01",
                 reviewed="2020-01-01", status="concept")
    return policies


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    return message


def parts(message: EmailMessage) -> tuple[str, str]:
    text, html = message.get_body(("plain",)), message.get_body(("html",))
    assert isinstance(text, EmailMessage) and isinstance(html, EmailMessage)
    return text.get_content(), html.get_content()


def test_dry_run_writes_one_message_per_owner_with_something_due(policies: Path, tmp_path: Path) -> None:
    result = run_cli("herinneringen", "--dry-run", str(tmp_path / "uit"), *BASE, env=MAIL_ENV)
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in (tmp_path / "uit").iterdir()) == ["bvi.eml", "p-en-o.eml"]
    assert "p-en-o: 1 verlopen, 1 binnenkort -> po-integriteit@douane.example (let op: mailbox nog niet " \
           "bevestigd in taxonomie.yml)" in result.stdout
    assert "bvi: 0 verlopen, 1 binnenkort -> bvi-integriteit@douane.example\n" in result.stdout

    message = parse((tmp_path / "uit" / "p-en-o.eml").read_bytes())
    assert message["To"] == "Directie P&O – Zoë Ünal <po-integriteit@douane.example>"
    assert message["From"] == "Integriteitsportaal <portaal@douane.example>"
    assert message["Reply-To"] == "Bureau Veiligheid en Integriteit <bvi@douane.example>"
    assert message["Subject"] == "Beleid opnieuw beoordelen: 1 verlopen en 1 binnenkort (Directie P&O – Zoë Ünal)"
    assert message["Message-ID"] == f"<herinnering.p-en-o.{TODAY}@douane.example>"
    assert message["Date"].datetime is not None and message["Date"].datetime.tzinfo is not None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert text.startswith("Beste collega's van Directie P&O – Zoë Ünal,")
    overdue, due = text.split("Verlopen (1)")[1].split("Binnenkort (1)")
    assert "- Privégebruik <script>alert(1)</script> & “middelen” (versie 1.0)" in overdue
    assert "Beoordelen uiterlijk: 1 september 2026 (88 dagen te laat)" in overdue
    assert "https://integriteit.douane.example/beleid/privegebruik/" in overdue
    assert "- Screening (versie 1.0)" in due and "10 januari 2027 (over 43 dagen)" in due
    assert "Gereviewd, geen wijziging" in text and "Nieuwe versie" in text
    assert "https://integriteit.douane.example/voor-beleidseigenaren/#de-reviewroutine" in text
    assert "https://integriteit.douane.example/beoordelingen/p-en-o.ics" in text
    # the HTML part escapes author text: the title is text, never markup
    assert "<script>" not in html
    assert ('<a href="https://integriteit.douane.example/beleid/privegebruik/">Privégebruik '
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; “middelen”</a>") in html
    assert "Directie P&amp;O – Zoë Ünal" in html

    bvi_text, _html = parts(parse((tmp_path / "uit" / "bvi.eml").read_bytes()))
    assert "Geschenken" in bvi_text and "Oud" not in bvi_text  # withdrawn: no review


def test_reply_to_defaults_to_the_sender_and_options_beat_the_environment(policies: Path, tmp_path: Path) -> None:
    result = run_cli("herinneringen", "--dry-run", str(tmp_path), *BASE, "--from", "Portaal <p@douane.example>",
                     env={"PORTAAL_MAIL_FROM": "ander@douane.example"})
    assert result.exit_code == 0, result.output
    message = parse((tmp_path / "bvi.eml").read_bytes())
    assert message["From"] == message["Reply-To"] == "Portaal <p@douane.example>"


def test_smtp_sends_one_message_per_owner_over_starttls(policies: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server(tmp_path) as (server, recorder, cert):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the throwaway certificate
        result = run_cli("herinneringen", "--smtp", f"127.0.0.1:{server.port}", *BASE,
                         env={**MAIL_ENV, "PORTAAL_SMTP_USER": USER, "PORTAAL_SMTP_PASSWORD": PASSWORD})
    assert result.exit_code == 0, result.output
    assert f"Verstuurd: 2 berichten via 127.0.0.1:{server.port}." in result.stdout
    assert sorted(r.rcpt_tos[0] for r in recorder.received) == ["bvi-integriteit@douane.example",
                                                                 "po-integriteit@douane.example"]
    assert all(len(r.rcpt_tos) == 1 and r.mail_from == "portaal@douane.example" for r in recorder.received)
    assert all(r.login == USER for r in recorder.received)
    arrived = next(r.message for r in recorder.received if r.rcpt_tos == ["po-integriteit@douane.example"])
    assert arrived["To"] == "Directie P&O – Zoë Ünal <po-integriteit@douane.example>"
    text, html = parts(arrived)
    assert "Privégebruik <script>alert(1)</script> & “middelen”" in text
    assert "Zoë Ünal" in html


def test_nothing_due_sends_nothing(policies: Path, tmp_path: Path) -> None:
    result = run_cli("herinneringen", "--dry-run", str(tmp_path / "uit"), "--today", "2020-01-01",
                     "--base-url", "https://portaal.example/", env=MAIL_ENV)
    assert result.exit_code == 0, result.output
    assert "Geen herinneringen: geen enkel document is verlopen of binnenkort te beoordelen." in result.stdout
    assert not list((tmp_path / "uit").iterdir())


def test_unreachable_server_is_a_dutch_error_without_traceback(policies: Path) -> None:
    port = free_port()  # nothing listens here
    # the installed command in its own process, as a pipeline runs it
    result = subprocess.run([str(Path(sys.executable).parent / "portaal"), "herinneringen", "--smtp",
                             f"127.0.0.1:{port}", *BASE], capture_output=True, text=True,
                            env={**os.environ, **MAIL_ENV}, check=False)
    assert result.returncode == 1
    assert result.stderr == (f"Fout: kan de mailserver 127.0.0.1:{port} niet bereiken (Connection refused); "
                             "controleer --smtp en of de server aanstaat. Er is niets verstuurd.\n")
    assert "p-en-o: 1 verlopen, 1 binnenkort" in result.stdout


def test_unknown_host_is_a_dutch_error(policies: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    result = run_cli("herinneringen", "--smtp", "smtp.bestaat-niet.example:587", *BASE, env=MAIL_ENV)
    assert result.exit_code == 1
    assert "Fout: de mailserver 'smtp.bestaat-niet.example' bestaat niet (onbekende naam)" in result.stderr


def test_server_without_starttls_gets_nothing(policies: Path, tmp_path: Path) -> None:
    with smtp_server(tmp_path, starttls=False) as (server, recorder, _cert):
        result = run_cli("herinneringen", "--smtp", f"127.0.0.1:{server.port}", *BASE, env=MAIL_ENV)
    assert result.exit_code == 1
    assert "biedt geen beveiligde verbinding (STARTTLS) aan; zonder versleuteling verstuurt het portaal niets" \
        in result.stderr
    assert recorder.received == []


def test_untrusted_certificate_and_wrong_password_are_dutch_errors(policies: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with smtp_server(tmp_path) as (server, recorder, cert):
        where = f"127.0.0.1:{server.port}"
        untrusted = run_cli("herinneringen", "--smtp", where, *BASE, env=MAIL_ENV)
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        wrong = run_cli("herinneringen", "--smtp", where, *BASE,
                        env={**MAIL_ENV, "PORTAAL_SMTP_USER": USER, "PORTAAL_SMTP_PASSWORD": "fout"})
    assert untrusted.exit_code == 1
    assert f"Fout: de beveiligde verbinding met de mailserver {where} is mislukt (" in untrusted.stderr
    assert "klopt het certificaat van de server?" in untrusted.stderr
    assert wrong.exit_code == 1
    assert f"Fout: de mailserver {where} weigert de inlog; controleer PORTAAL_SMTP_USER en PORTAAL_SMTP_PASSWORD" \
        in wrong.stderr
    assert recorder.received == []


@pytest.mark.parametrize(("args", "env", "message"), [
    # neither way chosen
    ([], MAIL_ENV, "kies --dry-run MAP (alleen schrijven) of --smtp SERVER:POORT (versturen)"),
    # no sender anywhere
    (["--dry-run", "uit"], {}, "geef de afzender met --from of PORTAAL_MAIL_FROM"),
    # a sender with a second recipient smuggled in
    (["--dry-run", "uit", "--from", "a@douane.example, b@elders.example"], {},
     "--from: verwacht één mailadres"),
    # a bad server
    (["--smtp", "smtp.example:poort"], MAIL_ENV, "verwacht de mailserver als SERVER:POORT"),
    # a password is missing
    (["--smtp", "smtp.example:587"], {**MAIL_ENV, "PORTAAL_SMTP_USER": "x"},
     "PORTAAL_SMTP_USER is gezet, PORTAAL_SMTP_PASSWORD niet"),
])
def test_wrong_usage_exits_2(policies: Path, args: list[str], env: dict[str, str], message: str) -> None:
    result = run_cli("herinneringen", "--today", TODAY, "--base-url", "https://portaal.example/", *args, env=env)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not Path("uit").exists()


def test_base_url_is_required(policies: Path) -> None:
    result = run_cli("herinneringen", "--dry-run", "uit", "--today", TODAY, env=MAIL_ENV)
    assert result.exit_code == 2
    assert "geef het adres van de site met --base-url of PORTAAL_BASE_URL" in result.stderr
    result = run_cli("herinneringen", "--dry-run", "uit", "--today", TODAY, env={**MAIL_ENV,
                                                                                  "PORTAAL_BASE_URL": "portaal"})
    assert "PORTAAL_BASE_URL: verwacht het adres van de site" in result.stderr


def test_a_bad_mailbox_stops_everything(policies: Path, tmp_path: Path) -> None:
    path = policies / "taxonomie.yml"
    taxonomy = yaml.safe_load(path.read_text(encoding="utf-8"))
    taxonomy["owners"]["bvi"]["mailbox"] = "bvi@douane.example\nBcc: lek@elders.example"
    path.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("herinneringen", "--dry-run", str(tmp_path / "uit"), *BASE, env=MAIL_ENV)
    assert result.exit_code == 1
    assert re.search(r"policies/taxonomie\.yml:\d+: owners\.bvi\.mailbox: verwacht één mailadres .*; gevonden "
                     r"'bvi@douane\.example Bcc: lek@elders\.example'\n", result.stderr)  # one line, with its line
    assert not (tmp_path / "uit").exists()  # p-en-o's message is not written either
    check = run_cli("check")  # the merge request's check says so too, before the nightly reminders run
    assert check.exit_code == 1 and "owners.bvi.mailbox: verwacht één mailadres" in check.output


def test_a_dry_run_folder_that_cannot_be_made_is_a_dutch_error(policies: Path, tmp_path: Path) -> None:
    (tmp_path / "bestand").write_text("geen map", encoding="utf-8")
    result = run_cli("herinneringen", "--dry-run", str(tmp_path / "bestand" / "uit"), *BASE, env=MAIL_ENV)
    assert result.exit_code == 1
    assert f"Fout: kan de berichten niet schrijven in '{tmp_path / 'bestand' / 'uit'}': Not a directory" \
        in result.stderr
