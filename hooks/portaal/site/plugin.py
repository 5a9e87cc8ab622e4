"""MkDocs hooks of the Integriteitsportaal: thin glue around the `portaal` package.

on_config  -> settings; take the build lock, build into this build's staging folder
on_files   -> load the catalog once, add every generated page, register.json, the
              review calendars and the search synonyms as JSON,
              expand the nav, hand the portal to the macros
              (in `make preview`, a broken policy set gives Dutch error pages instead)
on_page_markdown -> the metadata view of a policy page, its summary as meta description;
                    the search view of every indexed page
on_env           -> template filters that repair accessible names; smaller pages
on_page_content  -> sanitise author HTML (policy bodies, theme introductions), keep a policy's
                    blocks for the archive, swap in the HTML lists, highlight placeholders,
                    make links relative
on_post_page / on_post_template -> phone numbers and mailboxes as links, table cells labelled;
                    keep the empty archive shells (one per folder depth)
on_post_build    -> before publish (without a real site_url no sitemap; the version archive
                    pages, the Pagefind index, CSP hashes and .gz files), then swap the
                    staging folder in (only if all succeeded)
on_build_error / on_shutdown -> throw the staging folder away, release the lock
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import CountHandler

from portaal import (
    a11y,
    archive,
    calendars,
    exports,
    history,
    layout,
    preview,
    sanitize,
    search,
    site,
    staging,
    webserver,
)
from portaal.catalog import load_catalog
from portaal.portal import Portal
from portaal.problems import CatalogError, Problem
from portaal.settings import SITE_URL_HELP, SettingsError, from_config

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_build: dict[str, Any] = {"command": "build"}
log = logging.getLogger("mkdocs.hooks.portaal")
archive_log = logging.getLogger("portaal.archief")
"""Not under `mkdocs.`: a missing history is a warning that does not stop `--strict` (README)."""


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
    _end_build(publish=False)  # anything a build in this process left behind
    _build.update(settings=settings, base=base, portal=None, policies={}, fragments={}, authored={})
    config.extra.setdefault("portaal", {})["due_soon_days"] = settings.due_soon_days
    if _build["command"] == "build":
        claim = staging.begin(Path(config.site_dir), on_wait=_say_waiting)
        _build["claim"] = claim
        config.site_dir = str(claim.staging)
    return config


def _say_waiting() -> None:
    print("INFO    -  Er draait al een build van dit portaal in deze map; deze build wacht tot die "
          "klaar is.", file=sys.stderr, flush=True)


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
    if settings.archive:
        published = [p for p in portal.visible if not p.is_concept]
        versions = history.read_archive(settings.policies_dir, published, settings.today)  # git, once per build
        if not versions.complete:
            archive_log.warning("Waarschuwing: het versiearchief is onvolledig: %s. %s", versions.reason,
                                history.NO_HISTORY_FIX)
        portal.archive = versions
    generated = site.pages(portal)
    try:  # review calendars per owner and for all owners, with full page addresses where site_url is set
        ics_files = calendars.calendar_files(portal, config.site_url or "")
    except CatalogError as error:
        raise PluginError(error.report()) from None
    own_files = [exports.REGISTER_PATH, layout.SEARCH_RECORD, search.SYNONYMS_JSON, search.VOCABULARY_JSON, *ics_files]
    clashes = sorted(path for path in [*generated, *own_files]
                     if files.get_file_from_path(path) is not None)
    if clashes:
        raise PluginError("Deze pagina's in docs/ hebben dezelfde plek als pagina's die het portaal "
                          f"maakt; geef ze een andere naam: {', '.join(clashes)}")
    for path, page in generated.items():
        inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, path, content=page.markdown, inclusion=inclusion))
    for depth in archive.DEPTHS if settings.archive else ():  # empty pages in Material's look, filled later
        files.append(File.generated(config, archive.shell_page(depth), content=archive.shell_markdown(),
                                    inclusion=InclusionLevel.NOT_IN_NAV))
    _build["known_pages"] = frozenset(f.src_uri for f in files.documentation_pages())
    _build["shells"] = {}
    _build["chunks"] = {}
    files.append(File.generated(config, exports.REGISTER_PATH, content=exports.register_json(portal)))
    files.append(File.generated(config, search.SYNONYMS_JSON, content=search.synonyms_json(catalog.synonyms)))
    files.append(File.generated(config, layout.SEARCH_RECORD, content=layout.SEARCH_RECORD_TEXT))
    for path, content in ics_files.items():
        files.append(File.generated(config, path, content=content))
    files.append(File.generated(config, search.VOCABULARY_JSON, content=search.vocabulary_json(portal)))
    _build["fragments"] = {path: page.fragments for path, page in generated.items() if page.fragments}
    absent = frozenset(layout.OPTIONAL_PAGES - generated.keys())
    config.nav = layout.expand_nav(config.nav or [], site.nav_sections(portal), absent)
    _build["portal"] = portal
    _build["policies"] = {layout.policy_page(p.id): p for p in portal.visible}
    _build["authored"] = {
        **{path: (p.source, p.body, p.body_line) for path, p in _build["policies"].items()},
        **{layout.theme_page(t.id): (portal.taxonomy.path, t.description, None)
           for t in portal.taxonomy.themes.values() if t.description},
    }
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
        edit = site.edit_url(config.repo_url, config.edit_uri, str(_build["base"] / policy.source), config.docs_dir)
        page.meta["portaal"] = site.policy_view(_build["portal"], policy, edit, config.site_url)
        page.meta["description"] = site.meta_description(policy)
        page.meta["zoek"] = search.policy_view(_build["portal"], policy)
    elif not (page.meta.get("search") or {}).get("exclude"):
        page.meta["zoek"] = search.CONTENT_PAGE
    return markdown


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Drop the indentation before template tags: Material's navigation is mostly
    # whitespace otherwise (a third of a page). Newlines stay, so nothing joins up.
    env.lstrip_blocks = True
    env.filters["portaal_search_box"] = search.insert_search_box
    env.filters["portaal_name_nav"] = a11y.name_nav_toggles
    return env


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    authored = _build["authored"].get(page.file.src_uri)
    if authored is not None:  # the catalog already refused these; a finding here means the renderings differ
        source, text, first_line = authored
        found = sanitize.locate(sanitize.findings(html), text, first_line or 1)
        if found:
            problems = [Problem(source, f"in de tekst: {f.message}", line=line if first_line else None)
                        for line, f in found]
            raise PluginError(CatalogError(problems).report())
        html = sanitize.clean(html, keep_comments=True)
    policy = _build["policies"].get(page.file.src_uri)
    if policy is not None and _build["portal"].archive is not None:  # keep its blocks for the archive
        html, _build["chunks"][policy.id] = archive.cut_rendered(html, site.policy_body(policy), page.url)
    return site.finish_html(html, page.url, _build["fragments"].get(page.file.src_uri, ()))


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if page.meta.get("portaal_archive_shell"):
        _build["shells"][page.url.count("/")] = archive.Shell.from_html(output, page.url)
    return site.finish_page(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return site.finish_page(output_content) if template_name.endswith(".html") else output_content


@event_priority(-100)  # after the sitemap is written
def on_post_build(config: MkDocsConfig) -> None:
    before_publish(config)
    if "claim" not in _build:
        return
    if config.strict and _strict_warnings():
        _end_build(publish=False)  # MkDocs (or ProperDocs) aborts next; keep the old site
        return
    _end_build(publish=True)


def before_publish(config: MkDocsConfig) -> None:
    """The last step on the complete staged site, before anyone can see it."""
    staged = Path(config.site_dir)
    portal = _build["portal"]
    site.drop_local_addresses(staged, config.site_url)
    if portal is not None and portal.archive is not None:
        _write_archive(config, portal)
    try:
        search.index_site(staged)
    except search.SearchIndexError as error:
        raise PluginError(str(error)) from None
    if "claim" in _build:  # a published build (not `mkdocs serve`): CSP hashes and .gz files for nginx
        webserver.prepare_site(staged)


def _strict_warnings() -> int:
    """Warnings counted for --strict: MkDocs counts on the `mkdocs` logger, ProperDocs on `properdocs`."""
    total = 0
    for name in ("mkdocs", "properdocs"):
        for handler in logging.getLogger(name).handlers:
            get_counts = getattr(handler, "get_counts", None)
            if isinstance(handler, CountHandler) or (type(handler).__name__ == "CountHandler" and get_counts):
                total += sum(count for _level, count in get_counts())  # type: ignore[misc]
    return total


def _end_build(publish: bool) -> None:
    claim = _build.pop("claim", None)
    if claim is None:
        return
    try:
        if publish:
            staging.publish(claim)
        else:
            staging.discard(claim)
    finally:
        claim.release()


def _write_archive(config: MkDocsConfig, portal: Portal) -> None:
    """Every archive page, spliced into the shell of its depth; then the shells go."""
    import markdown  # the same extensions and settings as MkDocs uses

    site_dir = Path(config.site_dir)
    renderer = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def render(text: str) -> str:  # old texts are author input: the same allow-list as current pages
        return sanitize.clean(str(renderer.reset().convert(text)), keep_comments=True)

    shells: dict[int, archive.Shell] = _build["shells"]
    published = [p for p in portal.visible if not p.is_concept]
    for page in archive.pages(portal, portal.archive, render, _build["known_pages"], published,
                              _build.pop("chunks", {})):
        target = site_dir / page.url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        content = site.finish_html(page.content, page.url)
        target.write_text(site.finish_page(shells[page.url.count("/")].fill(page, content)), encoding="utf-8")
    archive.remove_shells(site_dir)


def on_build_error(error: Exception) -> None:
    _end_build(publish=False)


def on_shutdown() -> None:
    _end_build(publish=False)
