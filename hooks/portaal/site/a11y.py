"""Accessibility repairs to the HTML Material renders, applied from template blocks.

Material's templates leave a thing without an accessible name. The portal
repairs it by filtering the output of the block (overrides/main.html), so no
Material template has to be copied: with `navigation.indexes`, a section's
expand toggle holds only an icon, so every section's `<nav aria-labelledby=...>`
gets the same empty name (axe: landmark-unique). The toggle gets the section
title as hidden text. (Material's search dialog, which had no name either, is
replaced by the portal's own search: hooks/portaal/search.py.)

The repair depends on Material's markup. When that changes so that an icon-only
toggle is no longer recognised, or its section title no longer found, the filter
raises MaterialMarkupError and the build stops: a silent miss would publish
unnamed navigation. tests/test_material_contract.py checks the same markup
against the installed Material.
"""

from __future__ import annotations

import re

_NAV_TITLE = re.compile(r'<label class="md-nav__title" for="(__nav[\w]*)">(.*?)</label>', re.S)
_EMPTY_TOGGLE = re.compile(
    r'(<label class="md-nav__link[^"]*" for="(__nav[\w]*)" id="\2_label"[^>]*>)'
    r'(\s*<span class="md-nav__icon md-icon"></span>\s*</label>)'
)
_TAG = re.compile(r"<[^>]*>")
_ANY_TOGGLE = re.compile(r'<label\b(?=[^>]*\bclass="md-nav__link)[^>]*\bfor="(__nav[\w]*)"[^>]*>(.*?)</label>', re.S)
"""Any section toggle, however its attributes or icon are written: the check that nothing was missed."""


class MaterialMarkupError(ValueError):
    """Material's navigation markup is not what the repair expects; the message is Dutch."""


def name_nav_toggles(markup: str) -> str:
    """Put the section title, visually hidden, into each icon-only section toggle."""
    titles = {target: " ".join(_TAG.sub(" ", text).split()) for target, text in _NAV_TITLE.findall(markup)}

    def named(match: re.Match[str]) -> str:
        title = titles.get(match.group(2))
        if not title:
            raise MaterialMarkupError(
                f"Materials navigatie is veranderd: de knop van sectie {match.group(2)} heeft geen "
                f'sectietitel (<label class="md-nav__title" for="{match.group(2)}">) meer; '
                "hooks/portaal/a11y.py kan de knop geen naam geven")
        # the title text was already escaped by Material's template
        return f'{match.group(1)}<span class="portaal-visually-hidden">{title}</span>{match.group(3)}'

    repaired = _EMPTY_TOGGLE.sub(named, markup)
    unnamed = [target for target, inner in _ANY_TOGGLE.findall(repaired) if not _TAG.sub("", inner).strip()]
    if unnamed:
        raise MaterialMarkupError(
            f"Materials navigatie is veranderd: de knoppen van sectie {', '.join(unnamed)} hebben alleen een "
            "icoon en hooks/portaal/a11y.py herkent ze niet meer, dus krijgen ze geen naam")
    return repaired


HEADER_NAME = ('aria-label="Header"', 'aria-label="Kopbalk"')
"""Material's Dutch translation leaves the header bar's name in English."""
_DRAWER_BUTTON = '<label class="md-header__button md-icon" for="__drawer">'
DRAWER_BUTTON = ('<label class="md-header__button md-icon" for="__drawer" tabindex="0" data-portaal-menu>'
                 '<span class="portaal-visually-hidden">Menu</span>')
"""The menu button of a narrow screen: a label with only an icon, that no keyboard reached. Named by hidden text
and in the tab order, as Material's own section toggles are (a label may take neither a button's role nor an
aria-label); Material clicks a focused label on Enter, portaal.js on the space bar. Without JavaScript it
still opens the menu by a tap."""


def name_header(markup: str) -> str:
    """Material's header bar with a Dutch name and a menu button a keyboard and a screen reader can use."""
    if HEADER_NAME[0] not in markup or _DRAWER_BUTTON not in markup:
        raise MaterialMarkupError(
            "Materials kopbalk is veranderd: hooks/portaal/site/a11y.py vindt de naam van de kopbalk of de "
            "menuknop niet meer, dus krijgen ze geen Nederlandse naam en geen toetsenbordbediening")
    return markup.replace(HEADER_NAME[0], HEADER_NAME[1], 1).replace(_DRAWER_BUTTON, DRAWER_BUTTON, 1)
