"""MkDocs hooks of the Integriteitsportaal: thin glue around the `portaal` package.

on_config  -> settings, build into a staging folder
on_files   -> load the catalog once, add every generated page, register.json and the
              review calendars,
              expand the nav, hand the portal to the macros
              (in `make preview`, a broken policy set gives Dutch error pages instead)
on_page_markdown -> the metadata view of a policy page, its summary as meta description
on_env           -> template filters that repair accessible names; smaller pages
on_page_content  -> swap in the HTML lists, highlight placeholders, make links relative
on_post_page / on_post_template -> phone numbers and mailboxes as links, table cells labelled
on_post_build    -> Dutch stems and synonyms into the search index; without a real site_url no
                    sitemap; then swap the staging folder in (only if the build succeeded)
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import CountHandler

from portaal import a11y, calendars, exports, layout, preview, search, site, staging
from portaal.catalog import load_catalog
from portaal.portal import Portal
from portaal.problems import CatalogError
from portaal.settings import SITE_URL_HELP, SettingsError, from_config

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_build: dict[str, Any] = {"command": "build"}
log = logging.getLogger("mkdocs.hooks.portaal")


def on_startup(command: str, dirty: bool) -> None:
    _build["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    base = Path(config.config_file_path).parent
    try:
        settings = from_config(config.extra, base, os.environ, dt.date.today, config.site_url)
    except SettingsError as error:
        raise PluginError(str(error)) from None
    if _build["command"] != "serve":  # `mkdocs serve` sets its own local address
        config.site_url = settings.site_url
        if settings.site_url is None:
            log.info("Geen adres van het portaal bekend (site_url): canonieke links en sitemap weggelaten; %s.",
                     SITE_URL_HELP)
    _build.update(settings=settings, base=base, portal=None, policies={}, fragments={})
    _build.pop("staging", None)
    if "variants" in _build:  # left by a build that stopped early
        _build.pop("variants").close()
    config.extra.setdefault("portaal", {})["due_soon_days"] = settings.due_soon_days
    config.extra["portaal"]["dutch_search"] = settings.dutch_search
    if _build["command"] == "build":
        site_dir = Path(config.site_dir)
        _build["site_dir"] = site_dir
        _build["staging"] = staging.staging_for(site_dir)
        config.site_dir = str(_build["staging"])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    settings = _build["settings"]
    try:
        catalog = load_catalog(settings.policies_dir, base=_build["base"])
    except CatalogError as error:
        if settings.preview and _build["command"] == "serve":
            return _error_pages(files, config, error)
        raise PluginError(error.report()) from None
    if not config.use_directory_urls:
        raise PluginError("mkdocs.yml: use_directory_urls: het portaal werkt alleen met 'true'")
    for warning in catalog.warnings:  # INFO, not WARNING: a warning must not stop `mkdocs build --strict`
        log.info("Waarschuwing: %s", warning)
    portal = Portal(catalog, settings.today, settings.due_soon_days, settings.preview)
    generated = site.pages(portal)
    try:  # review calendars per owner and for all owners, with full page addresses where site_url is set
        ics_files = calendars.calendar_files(portal, config.site_url or "")
    except CatalogError as error:
        raise PluginError(error.report()) from None
    clashes = sorted(path for path in [*generated, exports.REGISTER_PATH, layout.SEARCH_RECORD, *ics_files]
                     if files.get_file_from_path(path) is not None)
    if clashes:
        raise PluginError("Deze pagina's in docs/ hebben dezelfde plek als pagina's die het portaal "
                          f"maakt; geef ze een andere naam: {', '.join(clashes)}")
    for path, page in generated.items():
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=page.markdown, inclusion=inclusion))
    files.append(File.generated(config, exports.REGISTER_PATH, content=exports.register_json(portal)))
    files.append(File.generated(config, layout.SEARCH_RECORD, content=layout.SEARCH_RECORD_TEXT))
    for path, content in ics_files.items():
        files.append(File.generated(config, path, content=content))
    _build["fragments"] = {path: page.fragments for path, page in generated.items() if page.fragments}
    absent = frozenset(layout.OPTIONAL_PAGES - generated.keys())
    config.nav = layout.expand_nav(config.nav or [], site.nav_sections(portal), absent)
    _build["portal"] = portal
    _build["policies"] = {layout.policy_page(p.id): p for p in portal.visible}
    if settings.dutch_search:  # stems of every policy's words, on the other core while pages render
        _build["variants"] = search.VariantsJob(search.policy_texts(portal.visible),
                                                in_background=_build["command"] == "build")
    config.plugins["macros"].register_variables({"portaal_site": portal})  # type: ignore[attr-defined]
    _build["paths"] = [*generated, *(f.src_uri for f in files.documentation_pages())]
    return files


def _error_pages(files: Files, config: MkDocsConfig, error: CatalogError) -> Files:
    """Preview of a broken policy set: every page, at its own address, lists the problems in Dutch.
    The next save rebuilds, and the page the owner looks at comes back."""
    log.error(error.report())
    settings = _build["settings"]
    markdown = preview.error_page(error.problems)
    paths = preview.page_paths(settings.policies_dir, [f.src_uri for f in files.documentation_pages()],
                               _build.get("paths", []))
    kept = [f for f in files if not f.is_documentation_page()]
    result = type(files)(kept)
    for path in paths:
        result.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    config.nav = []
    return result


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    policy = _build["policies"].get(page.file.src_uri)
    if policy is not None:
        page.meta["portaal"] = site.policy_view(_build["portal"], policy, config.site_url)
        page.meta["description"] = site.meta_description(policy)
    return markdown


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Drop the indentation before template tags: Material's navigation is mostly
    # whitespace otherwise (a third of a page). Newlines stay, so nothing joins up.
    env.lstrip_blocks = True
    env.filters["portaal_name_search"] = a11y.name_search_dialog
    env.filters["portaal_name_nav"] = a11y.name_nav_toggles
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return site.finish_html(html, page.url, _build["fragments"].get(page.file.src_uri, ()))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return site.finish_page(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return site.finish_page(output_content) if template_name.endswith(".html") else output_content


@event_priority(-100)  # after search and sitemap have written their files
def on_post_build(config: MkDocsConfig) -> None:
    settings = _build["settings"]
    portal = _build["portal"]
    if settings.dutch_search and portal is not None:
        search.enrich_site(Path(config.site_dir), portal.visible, portal.catalog.synonyms,
                           _build.pop("variants").result())
    site.drop_local_addresses(Path(config.site_dir), config.site_url)
    if "staging" not in _build:
        return
    counter = next((h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)), None)
    if config.strict and counter is not None and counter.get_counts():
        staging.discard(_build["staging"])  # mkdocs aborts next; keep the old site
        return
    staging.publish(_build["staging"], _build["site_dir"])


def on_build_error(error: Exception) -> None:
    if "variants" in _build:
        _build.pop("variants").close()
    if "staging" in _build:
        staging.discard(_build["staging"])
