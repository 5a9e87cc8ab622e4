"""Navigation groups: bounded in size whatever the titles are."""

from __future__ import annotations

import pytest

from portaal.site import nav


def entries(titles: list[str]) -> list[tuple[str, str]]:
    ordered = sorted(titles, key=str.casefold)
    return [(title, f"beleid/{number}.md") for number, title in enumerate(ordered)]


def groups(titles: list[str], limit: int) -> list[tuple[str, list[str]]]:
    result = []
    for group in nav.chunk(entries(titles), limit):
        (label, members), = group.items()
        result.append((label, [next(iter(member)) for member in members]))
    return result


def test_few_entries_stay_a_flat_list() -> None:
    assert nav.chunk(entries(["Beta", "Alfa"]), 3) == [{"Alfa": "beleid/0.md"}, {"Beta": "beleid/1.md"}]


def test_groups_break_between_letters_and_are_named_after_them() -> None:
    assert groups(["Alfa", "Anker", "Beta", "Delta", "Echo"], 3) == [
        ("A–B", ["Alfa", "Anker", "Beta"]),
        ("D–E", ["Delta", "Echo"]),
    ]


def test_a_crowded_letter_is_split_by_longer_beginnings() -> None:
    titles = ["Meldprocedure " + letter for letter in "abcdef"] + ["Mandaat", "Alfa", "Zulu"]
    assert groups(titles, 3) == [
        ("A–Meldprocedure a", ["Alfa", "Mandaat", "Meldprocedure a"]),
        ("Meldprocedure b–d", ["Meldprocedure b", "Meldprocedure c", "Meldprocedure d"]),
        ("Meldprocedure e–Z", ["Meldprocedure e", "Meldprocedure f", "Zulu"]),
    ]


@pytest.mark.parametrize("titles", [
    # one letter for everything, as with "Casus: ..." titles
    [f"Casus {number}" for number in range(500)],
    # identical titles cannot be told apart: counting is all that is left
    ["Gedragscode"] * 130,
    # a realistic spread
    [f"{word} {number}" for number in range(60) for word in ("Melden", "Omgaan met", "Regeling", "De casus")],
])
def test_no_group_exceeds_the_limit_and_nothing_is_lost(titles: list[str]) -> None:
    found = groups(titles, 40)
    assert all(len(members) <= 40 for _, members in found)
    assert [title for _, members in found for title in members] == sorted(titles, key=str.casefold)


def test_group_names_are_html_like_the_titles() -> None:
    titles = ["P&amp;O " + letter for letter in "abcd"]
    assert next(label for label, _ in groups(titles, 2)) == "P&amp;o a–b"
