"""Questions employees ask, as answered by a document, a route or a glossary term.

One rule for the `vragen:` front-matter field and the `vragen` lists in
`meldroutes.yml` and `begrippen.yml`: texts of at most QUESTION_MAX
characters, none twice within one list. A question that two places answer is
not an error but a warning (`shared_questions`): the search then cannot tell
which answer a colleague means.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .problems import describe_value, hidden_character

QUESTION_MAX = 120
"""The longest question, in characters: a question is a search, not a paragraph."""
EXAMPLE = "Mag ik een cadeau van een bedrijf aannemen?"


def question_key(question: str) -> str:
    """What makes two questions the same: case, spaces and a closing question mark do not count."""
    return " ".join(question.casefold().split()).rstrip(" ?!.")


def check_questions(value: Any) -> tuple[str, ...]:
    """The questions in `value`, spaces tidied; raise ValueError with a Dutch message when the list breaks
    the rule."""
    if isinstance(value, str):
        raise ValueError(f"verwacht een lijst van vragen, gevonden de tekst '{value}' (zet elke vraag op een "
                         "eigen regel die begint met '- ')")
    if not isinstance(value, list):
        raise ValueError(f"verwacht een lijst van vragen zoals ['{EXAMPLE}'], gevonden {describe_value(value)}")
    result: list[str] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"vraag {number}: verwacht een tekst, gevonden {describe_value(item)} (zet een vraag "
                             "met een dubbele punt tussen aanhalingstekens)")
        if (problem := hidden_character(item)) is not None:
            raise ValueError(f"vraag {number} {problem}")
        text = " ".join(item.split())
        if len(text) > QUESTION_MAX:
            start = text[:40].rsplit(" ", 1)[0]
            raise ValueError(f"vraag {number} is {len(text)} tekens lang, hoogstens {QUESTION_MAX} mag; schrijf "
                             f"hem korter, zoals een collega hem intypt: '{start}…'")
        key = question_key(text)
        if key in seen:
            raise ValueError(f"vraag {number} staat er al als vraag {seen[key]}: '{text}'")
        seen[key] = number
        result.append(text)
    return tuple(result)


def shared_questions(places: Iterable[tuple[str, Iterable[str]]]) -> list[tuple[str, list[str]]]:
    """Questions that more than one place answers: (question, [place, place, ...]) in the order found.

    `places` are (description of the place, its questions), for example ("policies/a.md", [...]).
    """
    where: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for place, found in places:
        for question in found:
            key = question_key(question)
            first.setdefault(key, question)
            holders = where.setdefault(key, [])
            if place not in holders:
                holders.append(place)
    return [(first[key], holders) for key, holders in where.items() if len(holders) > 1]
