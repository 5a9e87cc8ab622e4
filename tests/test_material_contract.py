"""The Material contract: everything the portal takes from Material for MkDocs, checked against the
INSTALLED package (its templates, stylesheets and JavaScript) and against the real site it renders.

An upgrade of mkdocs-material that moves or renames one of these fails this one test, with a
message in Dutch and English naming each item that moved, instead of changing the site silently.
What the portal depends on, and where:

- the templates it overrides (overrides/*.html, sitemap.xml) and the blocks it fills (`{% block %}`
  in overrides/), in Material's base.html;
- the icons the templates include (`.icons/...`);
- the partials those blocks render: partials/header.html (the search box goes before its `</nav>`,
  hooks/portaal/site/search.py) and partials/nav.html, nav-item.html (section toggles and titles that
  hooks/portaal/a11y.py names);
- every Material class, CSS variable, `data-md-*` attribute and `__md_*` global named in
  overrides/, docs/assets/, hooks/ or tests/ (found by scanning them: a new one is covered at once);
- Material's JavaScript: its bundle (`document$`, used by docs/assets/javascripts/portaal.js) and the
  classes it adds at run time (md-typeset__scrollwrap, md-typeset__table);
- the theme settings in mkdocs.yml: every `theme.features` entry, `language: nl`, `palette.primary:
  custom`, `font: false`, `extra.generator: false`;
- the page description Material prints from `page.meta.description` (hooks/portaal/site/pages.py escapes it);
- Material's inline scripts, whose hashes the nginx CSP allows (hooks/portaal/site/webserver.py): only the
  known kinds, each from a Material partial;
- Material's source maps under assets/ (hooks/portaal/site/pages.py deletes them from the site).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import mkdocs.commands
import yaml

from portaal.site import a11y, search
from tests.helpers import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
MKDOCS_TEMPLATES = Path(mkdocs.commands.__file__ or "").parent.parent / "templates"
SCANNED = [*(ROOT / "overrides").rglob("*.*"), *(ROOT / "docs" / "assets").rglob("*.*"),
           *(ROOT / "hooks").rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
"""Where the portal names Material's classes, variables, attributes and globals."""
MATERIAL_NAME = re.compile(r"(?<![\w-])(?:--)?md-[a-z0-9]+(?:[_-]+[a-z0-9]+)*|data-md-[a-z-]+|__md_[a-z]+")
NOT_MATERIAL = {"md-in-html"}
"""Names that look like Material's but are not (the md_in_html Markdown extension)."""
INLINE_SCRIPTS = {
    "partials/javascripts/base.html": "__md_scope=new URL(",
    "partials/javascripts/content.html": "var target=document.getElementById(location.hash.slice(1))",
}
"""The inline scripts Material writes into the portal's pages: the partial and how its script starts."""
SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def _corpus() -> str:
    """Material's templates, stylesheets and JavaScript as one text (source maps left out)."""
    return "\n".join(_read(p) for p in sorted(MATERIAL.rglob("*"))
                     if p.is_file() and p.suffix in {".html", ".css", ".js", ".yml"})


def _blocks(template: str) -> set[str]:
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader([str(MATERIAL), str(MKDOCS_TEMPLATES)]))
    source, _name, _uptodate = environment.loader.get_source(environment, template)  # type: ignore[union-attr]
    return {node.name for node in environment.parse(source).find_all(jinja2.nodes.Block)}


def _used_names() -> dict[str, set[str]]:
    """Every Material name in the portal's files: name -> the files that use it."""
    used: dict[str, set[str]] = {}
    for path in SCANNED:
        if path.resolve() == Path(__file__).resolve():
            continue
        for name in MATERIAL_NAME.findall(_read(path)):
            name = name.removeprefix("--")
            if name not in NOT_MATERIAL:
                used.setdefault(name, set()).add(path.relative_to(ROOT).as_posix())
    return used


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).as_posix().startswith("assets/"))


def test_everything_the_portal_takes_from_material_is_in_the_installed_package(real_site: Path) -> None:
    corpus = _corpus()
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    theme = config["theme"]
    base_blocks = _blocks("base.html")
    pages = _pages(real_site)
    home = _read(real_site / "index.html")
    broken: list[str] = []

    def check(item: str, ok: object, moved: str) -> None:
        """Record a contract item; `moved` says in Dutch and English what changed."""
        checked.append(item)
        if not ok:
            broken.append(f"- {item}: {moved}")

    checked: list[str] = []

    # templates the portal overrides, and the blocks it fills
    for override in sorted((ROOT / "overrides").glob("*.*")):
        name = override.name
        check(f"template {name}", (MATERIAL / name).is_file() or (MKDOCS_TEMPLATES / name).is_file(),
              "Material (of MkDocs) levert dit template niet meer; de override vervangt niets / "
              "Material (or MkDocs) no longer ships this template; the override replaces nothing")
        for block in sorted(set(re.findall(r"{%-?\s*block\s+(\w+)", _read(override)))):
            check(f"block {block} ({name})", block in base_blocks,
                  f"base.html heeft geen {{% block {block} %}} meer / base.html no longer has this block")
    check("block header renders partials/header.html",
          '{% include "partials/header.html" %}' in _read(MATERIAL / "base.html"),
          "base.html neemt de kopbalk niet meer op / base.html no longer includes the header partial")
    check("block site_nav renders partials/nav.html",
          '{% include "partials/nav.html" %}' in _read(MATERIAL / "base.html"),
          "base.html neemt de navigatie niet meer op / base.html no longer includes the nav partial")

    for override in sorted((ROOT / "overrides").rglob("*.html")):
        for icon in sorted(set(re.findall(r'{%-?\s*include\s+"(\.icons/[^"]+)"', _read(override)))):
            check(f"icon {icon} ({override.relative_to(ROOT).as_posix()})",
                  (MATERIAL / icon).is_file(),
                  "Material levert dit icoon niet meer / Material no longer ships this icon")

    # the search box in the header bar (hooks/portaal/site/search.py)
    check(f"partials/header.html ends its bar with {search.HEADER_END}",
          search.HEADER_END in _read(MATERIAL / "partials" / "header.html"),
          "het zoekveld kan niet meer in de kopbalk / the search box has no place in the header bar")
    check("search box inside the header bar on every page",
          all(re.search(r'<nav class="md-header__inner[^"]*".*?<form class="portaal-zoekveld".*?</nav>',
                                _read(page), re.S) for page in pages),
          "het zoekveld staat niet in Materials kopbalk / the search box is not inside Material's header bar")

    # the section toggles and titles that hooks/portaal/a11y.py names
    nav_item = _read(MATERIAL / "partials" / "nav-item.html")
    check("partials/nav-item.html: icon-only section toggle with id {{ path }}_label",
          re.search(r'<label class="md-nav__link[^"]*" for="\{\{ path \}\}" id="\{\{ path \}\}_label"',
                            nav_item) and '<span class="md-nav__icon md-icon"></span>' in nav_item,
          "de sectieknop ziet er anders uit / the section toggle markup changed (a11y.py)")
    check("partials/nav-item.html: section title label",
          '<label class="md-nav__title" for="{{ path }}">' in nav_item,
          "de sectietitel ziet er anders uit / the section title markup changed (a11y.py)")
    toggles = [inner for page in pages for _target, inner in a11y._ANY_TOGGLE.findall(_read(page))]
    named = sum("portaal-visually-hidden" in inner for inner in toggles)
    check("a11y.py names the section toggles of the real site",
          named > 0 and all(re.sub(r"<[^>]*>", "", inner).strip() for inner in toggles),
          "er staan knoppen zonder naam in de navigatie / unnamed section toggles in the navigation")

    # the header bar's name and the menu button that hooks/portaal/site/a11y.py names and makes a button;
    # the skip link it hides, and the container block the skip target goes in
    header = _read(MATERIAL / "partials" / "header.html")
    check("partials/header.html: the bar's name and the menu button (a11y.name_header)",
          "aria-label=\"{{ lang.t('header') }}\"" in header and a11y._DRAWER_BUTTON in header,
          "de kopbalk of de menuknop ziet er anders uit / the header bar or menu button markup changed (a11y.py)")
    base = _read(MATERIAL / "base.html")
    check("base.html: Material's skip link and the container block",
          '<div data-md-component="skip">' in base and "{% block container %}" in base,
          "Materials skiplink of containerblok is weg / Material's skip link or container block changed")
    check("every page: one Dutch header name and a menu button",
          all(a11y.HEADER_NAME[1] in _read(page) and "data-portaal-menu" in _read(page) for page in pages),
          "een pagina zonder Nederlandse kopbalk of menuknop / a page without the Dutch header or menu button")

    # every Material class, variable, attribute and global the portal names
    for name, users in sorted(_used_names().items()):
        check(name, name in corpus,
              f"komt niet meer voor in Material, gebruikt in {', '.join(sorted(users))} / "
              f"no longer in Material, used in these files")
    check("Material's JavaScript bundle", list((MATERIAL / "assets" / "javascripts").glob("bundle.*.min.js")),
          "geen bundle.*.min.js meer / no bundle.*.min.js any more")
    check("document$ (docs/assets/javascripts/portaal.js)", "document$" in corpus,
          "Materials paginawissel-observable is weg / Material's document$ observable is gone")

    # the theme settings in mkdocs.yml
    for feature in theme.get("features", []):
        check(f"theme.features: {feature}",
              f'"{feature}"' in corpus or f"'{feature}'" in corpus,
              "Material kent deze functie niet meer / Material no longer knows this feature")
    check(f"theme.language: {theme['language']}",
          (MATERIAL / "partials" / "languages" / f"{theme['language']}.html").is_file(),
          "Material heeft deze taal niet meer / Material no longer has this language")
    check(f"theme.palette.primary: {theme['palette']['primary']}",
          f'data-md-color-primary="{theme["palette"]["primary"]}"' in home,
          "de kleur staat niet meer op de pagina / the colour setting no longer reaches the page")
    check("theme.font: false (no web fonts)",
          "config.theme.font != false" in _read(MATERIAL / "base.html") and "fonts.g" not in home,
          "Material laadt lettertypen van buiten / Material loads outside fonts")
    check("extra.generator: false",
          "config.extra.generator == false" in _read(MATERIAL / "partials" / "copyright.html")
          and "Made with" not in home,
          "de 'Made with Material'-link komt terug / the 'Made with Material' link is back")
    check("page.meta.description (hooks/portaal/site/pages.py)",
          '<meta name="description" content="{{ page.meta.description }}">' in _read(MATERIAL / "base.html"),
          "Material drukt de beschrijving anders af / Material prints the description differently")

    # the inline scripts the CSP allows by hash (hooks/portaal/site/webserver.py)
    for partial, start in INLINE_SCRIPTS.items():
        check(f"inline script of {partial}", start in _read(MATERIAL / partial),
              "dit inline script is veranderd / this inline script changed")
    unknown = sorted({match["body"][:60] for page in pages for match in SCRIPT.finditer(_read(page))
                      if match["body"].strip() and "application/json" not in match["attrs"]
                      and not match["body"].startswith(tuple(INLINE_SCRIPTS.values()))})
    check("only known inline scripts in the site", not unknown,
          f"nieuwe inline scripts: {unknown} / new inline scripts (CSP)")

    # Material's source maps, which the build removes
    check("source maps under assets/ (removed from the site)",
          list((MATERIAL / "assets").rglob("*.map")) and not list((real_site / "assets").rglob("*.map")),
          "Material levert geen .map-bestanden meer, of ze staan in de site / source maps changed")

    print(f"\nMaterial-contract: {len(checked)} punten gecontroleerd")
    for item in checked:
        print("  " + item)
    assert not broken, (
        "Material is veranderd; het portaal hangt af van wat hieronder is verschoven of verdwenen. "
        "Material changed; the portal depends on what moved or disappeared below:\n" + "\n".join(broken))
