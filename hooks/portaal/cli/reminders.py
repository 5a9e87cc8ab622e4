"""Reminder mail to policy owners: one message per owner mailbox with that owner's
overdue and due-soon documents, the address of each page, the review date and what
to do. Written with the standard library (email, smtplib); `portaal herinneringen`
writes the messages as .eml files or sends them over SMTP with STARTTLS.

Titles and names come from authors; the HTML part escapes them, every address is
checked and every header value has its whitespace collapsed, so no author text can
add a header or a recipient. The message is built with the compat32 classes
(MIMEMultipart, Header): Python 3.11's newer header folding drops the spaces
between encoded words ("P&O – Zoë" arrives as "P&O –Zoë"); Header encodes them
correctly.
"""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import socket
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.charset import QP, Charset
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.nonmultipart import MIMENonMultipart
from email.utils import format_datetime, formataddr, getaddresses
from pathlib import Path
from typing import cast

from ..core import layout
from ..core.model import Policy
from ..core.problems import CatalogError, Problem
from ..core.publication import Publication
from ..core.review import ReviewState
from ..core.taxonomy import MAILBOX, Owner, mailbox_address
from ..site import calendars
from ..site import html as markup
from ..site.text import days_phrase, dutch_date, plural

DEFAULT_PORT = 587
"""The submission port; the server must offer STARTTLS."""
TIMEOUT = 30.0
"""Seconds to wait for the mail server before giving up."""
GUIDE_PAGE = "voor-beleidseigenaren.md"
GUIDE_ANCHOR = "#de-reviewroutine"

_ADDRESS = MAILBOX
_URL = re.compile(r"https?://[^\s<>\"']+")


class ReminderError(Exception):
    """Sending failed or a setting is wrong; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class MailSettings:
    """Where the mail comes from and where the site lives; from options or the environment."""

    sender: tuple[str, str]
    """From: the portal's sending mailbox."""
    reply_to: tuple[str, str]
    """Reply-To: where an owner's answer goes (e.g. the integrity office)."""
    base_url: str
    """The site's address; pages in the mail are full addresses under it."""


@dataclass(frozen=True)
class Reminder:
    """The mail for one owner: who gets it and which documents it lists."""

    owner: Owner
    address: str
    """The owner's mailbox, without a [TE BEVESTIGEN: ...] around it."""
    unconfirmed: bool
    """The mailbox in the taxonomy is still marked [TE BEVESTIGEN: ...]."""
    overdue: tuple[Policy, ...]
    due_soon: tuple[Policy, ...]


def address(value: str, what: str) -> tuple[str, str]:
    """A mailbox given as 'name@domain' or 'Name <name@domain>'; ReminderError when it is not one."""
    found = getaddresses([value])
    name, addr_spec = found[0] if len(found) == 1 else ("", "")
    if not _ADDRESS.fullmatch(addr_spec) or any(char in value for char in "\r\n"):
        raise ReminderError(f"{what}: verwacht één mailadres, zoals portaal@douane.example of "
                            f"'Integriteitsportaal <portaal@douane.example>', gevonden '{value}'")
    return " ".join(name.split()), addr_spec


def base_url(value: str, what: str) -> str:
    """The site's address, ending in '/'; ReminderError unless it is an http(s) address."""
    if not _URL.fullmatch(value):
        raise ReminderError(f"{what}: verwacht het adres van de site, zoals https://integriteit.douane.example/, "
                            f"gevonden '{value}'")
    return value.rstrip("/") + "/"


def server(value: str) -> tuple[str, int]:
    """'HOST:PORT' (or 'HOST', port 587) of the mail server."""
    host, _, port = value.rpartition(":") if ":" in value else (value, "", str(DEFAULT_PORT))
    if not host or not port.isdigit() or not 0 < int(port) < 65536 or any(c.isspace() for c in host):
        raise ReminderError(f"verwacht de mailserver als SERVER:POORT, zoals smtp.douane.example:587, "
                            f"gevonden '{value}'")
    return host.strip("[]"), int(port)


def mail_settings(sender: str | None, reply_to: str | None, site: str | None,
                  environ: Mapping[str, str]) -> MailSettings:
    """From, Reply-To and the site's address: the options, else PORTAAL_MAIL_FROM,
    PORTAAL_MAIL_REPLY_TO (else the sender) and PORTAAL_BASE_URL."""
    from_value = sender or environ.get("PORTAAL_MAIL_FROM", "")
    if not from_value:
        raise ReminderError("geef de afzender met --from of PORTAAL_MAIL_FROM")
    url_value = site or environ.get("PORTAAL_BASE_URL", "")
    if not url_value:
        raise ReminderError("geef het adres van de site met --base-url of PORTAAL_BASE_URL")
    from_address = address(from_value, "--from" if sender else "PORTAAL_MAIL_FROM")
    reply_value = reply_to or environ.get("PORTAAL_MAIL_REPLY_TO", "")
    reply_address = address(reply_value, "--reply-to" if reply_to else "PORTAAL_MAIL_REPLY_TO") \
        if reply_value else from_address
    return MailSettings(from_address, reply_address, base_url(url_value, "--base-url" if site else "PORTAAL_BASE_URL"))


def credentials(environ: Mapping[str, str]) -> tuple[str, str]:
    """PORTAAL_SMTP_USER and PORTAAL_SMTP_PASSWORD: only from the environment (a CI secret)."""
    user, password = environ.get("PORTAAL_SMTP_USER", ""), environ.get("PORTAAL_SMTP_PASSWORD", "")
    if user and not password:
        raise ReminderError("PORTAAL_SMTP_USER is gezet, PORTAAL_SMTP_PASSWORD niet")
    return user, password


def owner_mailbox(owner: Owner) -> tuple[str, bool]:
    """The address in an owner's mailbox field, and whether it is still to be confirmed."""
    return mailbox_address(owner.mailbox)


def collect(portal: Publication) -> list[Reminder]:
    """A reminder for every owner with overdue or due-soon documents, in taxonomy order.

    Every mailbox that would get mail is checked first; CatalogError lists all bad ones,
    so nothing is written or sent when one of them is wrong.
    """
    taxonomy = portal.taxonomy
    overdue, due_soon = portal.in_state(ReviewState.OVERDUE), portal.in_state(ReviewState.DUE_SOON)
    found: list[Reminder] = []
    problems: list[Problem] = []
    for owner in taxonomy.owners.values():
        own_overdue = tuple(p for p in overdue if p.owner == owner.id)
        own_due_soon = tuple(p for p in due_soon if p.owner == owner.id)
        if not own_overdue and not own_due_soon:
            continue
        mailbox, unconfirmed = owner_mailbox(owner)
        if not _ADDRESS.fullmatch(mailbox):
            problems.append(Problem(taxonomy.path, f"verwacht één mailadres (zoals bvi@douane.example) om de "
                                    f"herinnering naartoe te sturen, gevonden '{owner.mailbox}'",
                                    f"owners.{owner.id}.mailbox"))
            continue
        found.append(Reminder(owner, mailbox, unconfirmed, own_overdue, own_due_soon))
    if problems:
        raise CatalogError(problems)
    return found


def _page(settings: MailSettings, path: str) -> str:
    return settings.base_url + layout.url_of(path)


def subject(reminder: Reminder) -> str:
    parts = []
    if reminder.overdue:
        parts.append(f"{len(reminder.overdue)} verlopen")
    if reminder.due_soon:
        parts.append(f"{len(reminder.due_soon)} binnenkort")
    return f"Beleid opnieuw beoordelen: {' en '.join(parts)} ({' '.join(reminder.owner.name.split())})"


def _lines(portal: Publication, settings: MailSettings, policies: Sequence[Policy]) -> list[tuple[Policy, str, str]]:
    """(policy, review date and how far it is, page address) for each document."""
    result = []
    for policy in policies:
        review = portal.reviews[policy.id]
        when = f"{dutch_date(review.next_review)} ({days_phrase(review.days_left)})"
        result.append((policy, when, _page(settings, layout.policy_page(policy.id))))
    return result


WHAT_TO_DO = (
    "Lees het document kritisch. Klopt het nog met de praktijk? Zijn de contactgegevens en links nog goed? "
    "Daarna zijn er twee mogelijkheden:",
    "Gereviewd, geen wijziging: de inhoud klopt nog. Zet 'reviewed' op de datum van vandaag. "
    "Het versienummer blijft gelijk.",
    "Nieuwe versie: de inhoud verandert. Verhoog 'version', zet een nieuwe regel bovenaan 'history' en zet "
    "'effective' en 'reviewed' op de datum waarop de nieuwe versie geldt.",
)


def text_body(reminder: Reminder, portal: Publication, settings: MailSettings) -> str:
    owner = reminder.owner
    count = len(reminder.overdue) + len(reminder.due_soon)
    out = [f"Beste collega's van {owner.name},", "",
           f"Jullie zijn eigenaar van beleid op het Integriteitsportaal. "
           f"{plural(count, 'document moet', 'documenten moeten')} opnieuw beoordeeld worden.", ""]
    for heading, policies in ((f"Verlopen ({len(reminder.overdue)}): de datum is voorbij", reminder.overdue),
                              (f"Binnenkort ({len(reminder.due_soon)}): binnen {portal.due_soon_days} dagen",
                               reminder.due_soon)):
        if policies:
            out += [heading, ""]
            for policy, when, url in _lines(portal, settings, policies):
                out += [f"- {policy.title} (versie {policy.version})", f"  Beoordelen uiterlijk: {when}",
                        f"  {url}", ""]
    out += ["Wat moet je doen?", WHAT_TO_DO[0], f"1. {WHAT_TO_DO[1]}", f"2. {WHAT_TO_DO[2]}", "",
            f"Uitleg: {_page(settings, GUIDE_PAGE)}{GUIDE_ANCHOR}",
            f"Alle beoordelingen: {_page(settings, layout.DASHBOARD)}",
            f"Jullie beoordelingen in je agenda: {settings.base_url}{calendars.calendar_path(owner.id)}", "",
            "Dit bericht is automatisch verstuurd door het Integriteitsportaal. "
            "Vragen? Beantwoord dit bericht.", ""]
    return "\n".join(out)


def html_body(reminder: Reminder, portal: Publication, settings: MailSettings) -> str:
    esc = markup.escape

    def link(url: str, text: str) -> str:
        return f'<a href="{esc(url)}">{esc(text)}</a>'

    owner = reminder.owner
    count = len(reminder.overdue) + len(reminder.due_soon)
    out = ['<!DOCTYPE html>', '<html lang="nl">', '<head><meta charset="utf-8">',
           f"<title>{esc(subject(reminder))}</title></head>", "<body>",
           f"<p>Beste collega's van {esc(owner.name)},</p>",
           "<p>Jullie zijn eigenaar van beleid op het Integriteitsportaal. "
           f"{esc(plural(count, 'document moet', 'documenten moeten'))} opnieuw beoordeeld worden.</p>"]
    for heading, policies in ((f"Verlopen ({len(reminder.overdue)}): de datum is voorbij", reminder.overdue),
                              (f"Binnenkort ({len(reminder.due_soon)}): binnen {portal.due_soon_days} dagen",
                               reminder.due_soon)):
        if policies:
            out += [f"<h2>{esc(heading)}</h2>", '<table border="1" cellpadding="4" cellspacing="0">',
                    "<tr><th>Document</th><th>Versie</th><th>Beoordelen uiterlijk</th></tr>"]
            out += [f"<tr><td>{link(url, policy.title)}</td><td>{esc(policy.version)}</td><td>{esc(when)}</td></tr>"
                    for policy, when, url in _lines(portal, settings, policies)]
            out.append("</table>")
    out += ["<h2>Wat moet je doen?</h2>", f"<p>{esc(WHAT_TO_DO[0])}</p>",
            f"<ol><li>{esc(WHAT_TO_DO[1])}</li><li>{esc(WHAT_TO_DO[2])}</li></ol>",
            f"<p>Uitleg: {link(_page(settings, GUIDE_PAGE) + GUIDE_ANCHOR, 'Voor beleidseigenaren')}<br>",
            f"Alle beoordelingen: {link(_page(settings, layout.DASHBOARD), 'Beoordelingsoverzicht')}<br>",
            "Jullie beoordelingen in je agenda: "
            f"{link(settings.base_url + calendars.calendar_path(owner.id), 'agenda (.ics)')}</p>",
            "<p>Dit bericht is automatisch verstuurd door het Integriteitsportaal. "
            "Vragen? Beantwoord dit bericht.</p>", "</body>", "</html>", ""]
    return "\n".join(out)


def compose(reminder: Reminder, portal: Publication, settings: MailSettings, now: dt.datetime) -> Message:
    """The message for one owner: plain text and HTML, Dutch, with Date and a Message-ID
    that is the same for a rerun on the same day (so a retried job can be recognised)."""
    message = MIMEMultipart("alternative")
    message["Subject"] = cast("str", _header(subject(reminder)))  # a Header is allowed; typeshed says str
    message["From"] = _mailbox(settings.sender)
    message["To"] = _mailbox((reminder.owner.name, reminder.address))
    message["Reply-To"] = _mailbox(settings.reply_to)
    message["Date"] = format_datetime(now)
    domain = settings.sender[1].rpartition("@")[2]
    message["Message-ID"] = f"<herinnering.{_safe(reminder.owner.id)}.{portal.today.isoformat()}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office answers
    message["Content-Language"] = "nl"
    for subtype, body in (("plain", text_body(reminder, portal, settings)),
                          ("html", html_body(reminder, portal, settings))):
        part = MIMENonMultipart("text", subtype)
        part.set_payload(body, _UTF8)
        message.attach(part)
    return message


_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP  # readable in the source of the message, unlike base64


def _header(value: str) -> str | Header:
    text = " ".join(value.split())
    return text if text.isascii() else Header(text, "utf-8")


def _mailbox(mailbox: tuple[str, str]) -> str:
    return formataddr((" ".join(mailbox[0].split()), mailbox[1]), charset="utf-8")


def _safe(owner_id: str) -> str:
    """An owner id as a file name and Message-ID part."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", owner_id) or "_"


def eml_name(reminder: Reminder) -> str:
    return f"{_safe(reminder.owner.id)}.eml"


def write_eml(messages: Sequence[tuple[Reminder, Message]], folder: Path) -> list[Path]:
    """Write each message as `<owner>.eml` in `folder` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for reminder, message in messages:
        path = folder / eml_name(reminder)
        path.write_bytes(message.as_bytes())
        written.append(path)
    return written


def send(messages: Sequence[Message], host: str, port: int, username: str = "", password: str = "",
         timeout: float = TIMEOUT) -> int:
    """Send over SMTP with STARTTLS (the certificate is checked); log in when a username is given.

    Returns how many were sent; ReminderError says in Dutch what went wrong and how many went out.
    """
    where = f"{host}:{port}"
    sent = 0
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as smtp:
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise ReminderError(f"de mailserver {where} biedt geen beveiligde verbinding (STARTTLS) aan; "
                                    "zonder versleuteling verstuurt het portaal niets")
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
            if username:
                smtp.login(username, password)
            for message in messages:
                smtp.send_message(message)
                sent += 1
    except ReminderError:
        raise
    except smtplib.SMTPAuthenticationError:
        raise ReminderError(f"de mailserver {where} weigert de inlog; controleer PORTAAL_SMTP_USER en "
                            "PORTAAL_SMTP_PASSWORD" + _progress(sent, messages)) from None
    except smtplib.SMTPRecipientsRefused as error:
        refused = ", ".join(sorted(error.recipients))
        raise ReminderError(f"de mailserver {where} weigert het adres {refused}" + _progress(sent, messages)) from None
    except ssl.SSLError as error:
        reason = getattr(error, "verify_message", "") or error.reason or str(error)
        raise ReminderError(f"de beveiligde verbinding met de mailserver {where} is mislukt ({reason}); "
                            "klopt het certificaat van de server?" + _progress(sent, messages)) from None
    except smtplib.SMTPException as error:
        raise ReminderError(f"de mailserver {where} gaf een fout: {error}" + _progress(sent, messages)) from None
    except TimeoutError:
        raise ReminderError(f"de mailserver {where} antwoordt niet (na {timeout:.0f} seconden)"
                            + _progress(sent, messages)) from None
    except socket.gaierror:
        raise ReminderError(f"de mailserver '{host}' bestaat niet (onbekende naam); controleer --smtp") from None
    except OSError as error:
        raise ReminderError(f"kan de mailserver {where} niet bereiken ({error.strerror or error}); "
                            "controleer --smtp en of de server aanstaat" + _progress(sent, messages)) from None
    return sent


def _progress(sent: int, messages: Sequence[Message]) -> str:
    return f". {sent} van {len(messages)} berichten zijn verstuurd." if sent else ". Er is niets verstuurd."

