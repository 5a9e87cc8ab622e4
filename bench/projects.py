"""The two sites the benchmark builds from one synthetic policy set.

- the portal: a copy of this repository's mkdocs.yml, docs and overrides (the
  portaal plugin is the installed package); policies/ holds the data files (taxonomy, route finder, glossary),
  the portal's own documents and the synthetic ones;
- plain Material: the same theme, features, Markdown extensions and
  validation, with Material's own search plugin (the portal searches with
  Pagefind instead), without the portaal plugin, macros or theme overrides. The published policies
  are plain pages at the same place (docs/beleid/<id>.md, same Markdown) and
  the navigation has the same shape as the portal's (sections per type, split
  by initial letter), so the comparison measures what the portal adds rather
  than a flat navigation that no real site would use.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from portaal.core import layout
from portaal.core.catalog import load_catalog
from portaal.core.publication import Publication
from portaal.site import indexes
from portaal.site import pages as site

from .corpus import TODAY, SyntheticPolicy
from .corpus import write as write_policies

ROOT = Path(__file__).resolve().parent.parent
"""The repository whose portal is measured."""

PORTAL_ONLY_KEYS = ("watch", "extra_css", "extra_javascript")


def portal_project(folder: Path, policies: Sequence[SyntheticPolicy], root: Path = ROOT) -> Path:
    """A copy of the portal with `policies` as its policy set; returns the folder."""
    _fresh(folder)
    for name in ("docs", "overrides"):  # no code: the portaal plugin is the installed package
        shutil.copytree(root / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(root / "policies", folder / "policies", ignore=shutil.ignore_patterns("*.md"))
    write_policies(policies, folder / "policies")
    return folder


def plain_project(folder: Path, policies: Sequence[SyntheticPolicy], portal: Path, root: Path = ROOT) -> Path:
    """Plain Material on the same Markdown, with the portal's navigation shape; returns the folder."""
    _fresh(folder)
    docs = folder / "docs"
    (docs / layout.POLICY_DIR).mkdir(parents=True)
    (docs / "index.md").write_text("# Integriteitsportaal Douane\n\nAl het integriteitsbeleid op één plek.\n",
                                   encoding="utf-8")
    for policy in policies:
        if policy.published:
            (docs / layout.policy_page(policy.id)).write_text(policy.plain_page(), encoding="utf-8")
    # the real documents link to terms in the glossary: plain Material gets the same page as content
    portal_view = Publication(load_catalog(portal / "policies"), TODAY)
    (docs / layout.GLOSSARY).write_text(indexes.glossary_page(portal_view), encoding="utf-8")
    config = plain_config(root / "mkdocs.yml", plain_nav(portal_view))
    # withdrawn documents are in no menu (like the portal): reachable by address only
    config["not_in_nav"] = "\n".join(f"/{layout.policy_page(p.id)}" for p in portal_view.visible if p.is_withdrawn)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                       encoding="utf-8")
    return folder


def plain_config(portal_config: Path, nav: list[Any]) -> dict[str, Any]:
    """The portal's mkdocs.yml without its plugins (portaal, macros), overrides and portal settings."""
    config: dict[str, Any] = yaml.safe_load(portal_config.read_text(encoding="utf-8"))
    for key in PORTAL_ONLY_KEYS:
        config.pop(key, None)
    config["theme"] = {key: value for key, value in config["theme"].items() if key != "custom_dir"}
    extra = {key: value for key, value in (config.get("extra") or {}).items() if key != "portaal"}
    config["extra"] = extra
    config["plugins"] = [{"search": {"lang": "nl"}}] + [
        plugin for plugin in config.get("plugins", [])
        if (next(iter(plugin)) if isinstance(plugin, dict) else plugin) not in ("portaal", "macros", "search")]
    config["docs_dir"] = "docs"
    config["nav"] = nav
    return config


def plain_nav(portal: Publication) -> list[Any]:
    """The portal's policy navigation, without the generated index pages plain Material lacks."""
    sections = site.nav_sections(portal)[layout.index_page(layout.POLICY_DIR)]
    policy_sections = []
    for section in sections:
        assert isinstance(section, dict)
        (title, children), = section.items()
        policy_sections.append({title: [child for child in children if not isinstance(child, str)]})
    return [{"Startpagina": "index.md"}, {"Beleid": policy_sections}, {"Begrippenlijst": layout.GLOSSARY}]


def _fresh(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
