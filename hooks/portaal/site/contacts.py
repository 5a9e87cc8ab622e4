"""Phone numbers and mailboxes as links a phone can tap: `tel:` and `mailto:`.

One place for the whole site: the text of every built page (its content and
footer, through the template filter `portaal_finish`; the menu holds only links)
goes through `link_contacts`, so a number in a policy text, in a docs page, in a
data file (meldroutes.yml, taxonomie.yml) or in a template becomes a link alike. The page
is already escaped HTML; this only wraps text that matches, and builds each
`href` from the digits (phone) or from a strict address pattern (mail), escaped
once more. Never touched: tags and their attributes, text inside links, code,
scripts and styles, and placeholders (`[TE BEVESTIGEN: …]`, marked here with
`placeholders.mark`): a number the owner has not confirmed is not dialled.
"""

from __future__ import annotations

import html
import re

from . import html as markup
from ..core import placeholders

PHONE = re.compile(
    r"""(?<![\w+/.,:@&#=-])                      # not part of a word, address, amount or date
    (?:
        (?P<intl>(?:\+|00)31[ \u00a0]?(?:\(0\)[ \u00a0]?)?[1-9](?:[ \u00a0-]?\d){8})
      | (?P<service>0[89]0[0-9][ \u00a0-]?\d{3}(?:\d|(?:[ \u00a0]?\d){4}))   # 0800-1234, 0900-123 4567
      | (?P<national>\(?0[1-9]\d{0,2}\)?(?:[ \u00a0-]?\d){6,8})
      | (?P<emergency>112)
    )
    (?![\w@-]|[.,:/]\d)""",
    re.VERBOSE,
)
"""Dutch phone numbers as people write them: 088-151 2000, (088) 151 20 00, +31 88 151 2000, 0800-1234, 112."""

MAIL = re.compile(r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                  r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w@-])")
"""A mailbox: name@domain.tld (a full stop after it ends the sentence, not the address)."""

_TOKEN = re.compile(rf"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>|{placeholders.HTML_TAG}", re.S | re.I)
"""A comment, script, style or tag (a '>' inside a quoted attribute value does not end the tag)."""
_PHONE_START = re.compile(r"[+(0](?<!\w0)\d?(?:[ \u00a0()-]{0,2}\d){6}")
"""What every number but 112 starts with: +, ( or a 0 that starts a word, then at least six more digits
with at most two of ' ()-' between them. A character class first: one fast pass over the page."""
_SPLIT = re.compile(f"({_TOKEN.pattern})", re.S | re.I)
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_SKIPPED = frozenset({"a", "code", "pre", "kbd", "samp", "textarea", "title", "head", "button", "select",
                      "option", "svg"})
_OPENS_SKIPPED = re.compile(f"<(?:{'|'.join(sorted(_SKIPPED))}|mark)(?![A-Za-z0-9-])", re.I)
"""A start tag after which text is left alone (a placeholder's <mark> only with its class)."""
_PLACEHOLDER_CLASS = "portaal-placeholder"
_MAY_MATCH = re.compile(r"[\d@\[]")
"""A number needs a digit, a mailbox an @, a placeholder a [: a text without any of them stays as it is."""


def tel_href(number: str) -> str | None:
    """'088-151 2000' -> 'tel:+31881512000'; None when it is not a whole Dutch number."""
    digits = re.sub(r"\D", "", number.replace("(0)", ""))
    if digits == "112":
        return "tel:112"
    if number.lstrip().startswith("+"):
        national = digits[2:] if digits.startswith("31") else ""
    elif digits.startswith("0031"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        return None
    service = national[:3] in ("800", "900", "906", "909")
    if len(national) != 9 and not (service and len(national) in (7, 10)):
        return None
    return f"tel:+31{national}"


def _link_text(text: str) -> str:
    """Wrap the numbers and mailboxes in one escaped text node."""
    def mail(match: re.Match[str]) -> str:
        address = match.group(0)
        return f'<a href="mailto:{markup.escape(html.unescape(address))}">{address}</a>'

    def phone(match: re.Match[str]) -> str:
        href = tel_href(match.group(0))
        if href is None:
            return match.group(0)
        return f'<a class="portaal-tel" href="{markup.escape(href)}">{match.group(0)}</a>'

    parts = []
    for piece in re.split(f"({MAIL.pattern})", text):
        if piece and MAIL.fullmatch(piece):
            parts.append(mail(MAIL.fullmatch(piece)))  # type: ignore[arg-type]
        else:
            parts.append(PHONE.sub(phone, piece))
    return "".join(parts)


def _text_node(text: str) -> str:
    """Placeholders marked (and left as they are), everything else linked."""
    if _MAY_MATCH.search(text) is None:
        return text
    out = []
    position = 0
    for match in placeholders.PATTERN.finditer(text):
        out += [_link_text(text[position:match.start()]), placeholders.mark(match.group(0))]
        position = match.end()
    out.append(_link_text(text[position:]))
    return "".join(out)


def _may_change(markup: str) -> bool:
    """False when `markup` holds nothing `link_contacts` changes: no @, no placeholder, no 112 and
    nothing that starts like a phone number (a test holds this to the full walk)."""
    return ("@" in markup or placeholders.OPENING in markup or "112" in markup
            or _PHONE_START.search(markup) is not None)


def link_contacts(markup: str) -> str:
    """Every phone number and mailbox in the text of an HTML page as a tel:/mailto: link, and
    every placeholder marked (also those that came from a template, such as an owner's mailbox)."""
    return _walk(markup) if _may_change(markup) else markup


def _walk(markup: str) -> str:
    """`link_contacts` without the shortcut: every text outside links, code and placeholders."""
    parts = _SPLIT.split(markup)  # text, tag, text, tag, ..., text
    skipping: list[str] = []
    for index in range(0, len(parts), 2):
        if not skipping:
            parts[index] = _text_node(parts[index])
        if index + 1 == len(parts):
            break
        tag = parts[index + 1]
        if not skipping and _OPENS_SKIPPED.match(tag) is None:  # most tags: nothing to remember
            continue
        name_match = _TAG_NAME.match(tag)
        if name_match is None or tag.endswith("/>"):
            continue
        name = name_match.group(1).lower()
        if tag.startswith("</"):
            if skipping and skipping[-1] == name:
                skipping.pop()
        elif name in _SKIPPED or (name == "mark" and _PLACEHOLDER_CLASS in tag) or (skipping and name == skipping[-1]):
            skipping.append(name)
    return "".join(parts)
