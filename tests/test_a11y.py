"""The accessible-name repairs applied to Material's rendered blocks."""

from __future__ import annotations

from portaal.site.a11y import name_nav_toggles

TOGGLE = ('<label class="md-nav__link " for="__nav_4" id="__nav_4_label" tabindex="">\n'
          '  <span class="md-nav__icon md-icon"></span>\n</label>')
TITLE = '<label class="md-nav__title" for="__nav_4">\n  <span class="md-nav__icon md-icon"></span>\n  P&amp;O\n</label>'


def test_icon_only_toggle_gets_the_section_title() -> None:
    named = name_nav_toggles(TOGGLE + TITLE)
    assert '<span class="portaal-visually-hidden">P&amp;O</span>' in named
    assert named.count("portaal-visually-hidden") == 1


def test_toggle_with_text_or_without_title_stays() -> None:
    with_text = TOGGLE.replace('<span class="md-nav__icon', 'Sectie <span class="md-nav__icon')
    assert name_nav_toggles(with_text + TITLE) == with_text + TITLE
    assert name_nav_toggles(TOGGLE) == TOGGLE
