"""The accessible-name repairs applied to Material's rendered blocks."""

from __future__ import annotations

import pytest

from portaal.site.a11y import MaterialMarkupError, name_nav_toggles

TOGGLE = ('<label class="md-nav__link " for="__nav_4" id="__nav_4_label" tabindex="">\n'
          '  <span class="md-nav__icon md-icon"></span>\n</label>')
TITLE = '<label class="md-nav__title" for="__nav_4">\n  <span class="md-nav__icon md-icon"></span>\n  P&amp;O\n</label>'


def test_icon_only_toggle_gets_the_section_title() -> None:
    named = name_nav_toggles(TOGGLE + TITLE)
    assert '<span class="portaal-visually-hidden">P&amp;O</span>' in named
    assert named.count("portaal-visually-hidden") == 1


def test_toggle_with_text_stays() -> None:
    with_text = TOGGLE.replace('<span class="md-nav__icon', 'Sectie <span class="md-nav__icon')
    assert name_nav_toggles(with_text + TITLE) == with_text + TITLE
    assert name_nav_toggles("<nav></nav>") == "<nav></nav>"


def test_a_toggle_without_its_section_title_stops_the_build() -> None:
    with pytest.raises(MaterialMarkupError, match="__nav_4 heeft geen sectietitel"):
        name_nav_toggles(TOGGLE)


@pytest.mark.parametrize("changed", [
    TOGGLE.replace('id="__nav_4_label" ', ""),                       # attributes moved
    TOGGLE.replace("md-nav__icon md-icon", "icon icon--chevron"),  # another icon
    TOGGLE.replace('<span class="md-nav__icon md-icon"></span>', '<svg aria-hidden="true"></svg>'),
])
def test_an_icon_only_toggle_it_no_longer_recognises_stops_the_build(changed: str) -> None:
    with pytest.raises(MaterialMarkupError, match="__nav_4 hebben alleen een icoon"):
        name_nav_toggles(changed + TITLE)


def test_the_header_gets_a_dutch_name_and_a_menu_button() -> None:
    from portaal.site.a11y import DRAWER_BUTTON, name_header

    header = ('<nav class="md-header__inner md-grid" aria-label="Header"><label class="md-header__button md-icon" '
              'for="__drawer"><svg></svg></label></nav>')
    named = name_header(header)
    assert 'aria-label="Kopbalk"' in named and DRAWER_BUTTON in named
    assert 'tabindex="0" data-portaal-menu><span class="portaal-visually-hidden">Menu</span>' in named
    with pytest.raises(MaterialMarkupError, match="menuknop"):
        name_header(header.replace('for="__drawer"', 'for="__lade"'))
