"""The MkDocs plugin of the Integriteitsportaal: thin glue around the `portaal` package."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import os
import shutil
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import CountHandler

from ..core import frontmatter, history, layout, sanitize
from ..core.catalog import load_catalog
from ..core.model import Policy
from ..core.problems import CatalogError, Problem
from ..core.publication import Publication
from ..core.settings import SITE_URL_HELP, Settings, SettingsError
from . import (a11y, archive, archive_writer, blockmarks, calendars, exports, macros, nav, parallel, preview, search,
               staging, views, webserver)
from . import pages as site
from .config import PortaalConfig, moved_settings, settings_from
from .linktargets import site_targets

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = logging.getLogger("mkdocs.plugins.portaal")
archive_log = logging.getLogger("portaal.archief")
"""Not under `mkdocs.`: a missing history is a warning that does not stop `--strict` (README)."""

Authored = tuple[str, str, "int | None"]
"""An author's text on a page: its file, the text and its first line in the file (None: unknown)."""


class PortaalPlugin(BasePlugin[PortaalConfig]):  # type: ignore[no-untyped-call]
    """`plugins: - portaal:` in mkdocs.yml (entry point `portaal` in pyproject.toml).

    on_startup       -> remember the command: `serve` keeps its local address and builds in place
    on_config        -> settings (options + environment); take the build lock and build into
                        this build's staging folder; register the docs pages' macros and the
                        archive's block markers (blockmarks.py)
    on_files         -> read the policy set once, add every generated page, register.json and the
                        search synonyms as JSON, expand the nav
                        (in `make preview`, a broken policy set gives Dutch error pages instead);
                        start the version archive's writer (its own process, archive_writer.py),
                        which reads the git history
    on_nav (last)    -> fork a copy that renders part of the policy pages' Markdown (parallel.py)
    on_page_markdown -> a policy's summary as its meta description (Material reads `description`);
                        an empty text for a page the copy rendered
    on_env           -> template filters that repair accessible names and finish the text (numbers
                        and mailboxes as links, table cells labelled); smaller pages; the
                        site-wide view for all templates (due-soon days, withdrawn pages); the
                        list of versions from the archive's writer (for the pages and register.json);
                        fork a copy that writes part of the policy pages in their template
    on_page_content  -> sanitise author HTML (policy bodies, theme introductions), hand a policy's
                        blocks to the archive's writer, swap in the HTML lists, highlight
                        placeholders, make links relative (for a page the copy rendered, the copy did
                        all but the handing over)
    on_page_context  -> the policy view and the search view of the page, for the templates (for a page
                        the copy wrote: `portaal_elsewhere`, main.html renders nothing); an
                        indexed page goes to Pagefind's service once written (search.StreamIndexing)
    on_post_page     -> the empty archive shells (one per folder depth, rendered first) to the writer;
                        every other page gets its .gz once written (webserver.Packer)
    on_post_template -> phone numbers and mailboxes as links, table cells labelled (on pages from
                        templates; on every other page the template filter `portaal_finish` does this
                        on the content and the footer, not on the menu)
    on_post_build    -> before publish (without a real site_url no sitemap; the review calendars, the
                        version archive pages, the Pagefind index, CSP hashes and .gz files), then swap the
                        staging folder in (only if all succeeded and --strict saw no warning)
    on_build_error / on_shutdown -> throw the staging folder away, release the lock

    State lives for one build (reset in on_config), except `command` and `paths`: `mkdocs serve`
    keeps the plugin between rebuilds, and the error pages of a broken preview use the page
    addresses of the last good build.
    """

    def __init__(self) -> None:
        self.command = "build"
        self.dirty = False
        """`--dirty`: MkDocs renders only changed pages; Pagefind then reads the whole site at the end."""
        self.paths: list[str] = []
        """Every page of the last good build, where a broken preview shows its error page."""
        self._reset()

    def _reset(self) -> None:
        self.base = Path()
        self.settings: Settings | None = None
        self.publication: Publication | None = None
        self.policies: dict[str, Policy] = {}
        """Policy page path (src_uri) -> its policy."""
        self.fragments: dict[str, tuple[str, ...]] = {}
        """Generated page path -> the HTML fragments swapped in after Markdown."""
        self.authored: dict[str, Authored] = {}
        """Page path -> the author's text on it, sanitised and checked after Markdown."""
        self.known_pages: frozenset[str] = frozenset()
        self.shells: dict[int, archive.Shell] = {}
        """Folder depth -> the empty archive page rendered by Material."""
        self.archive_writer: archive_writer.Writer | None = None
        """The process that writes the version archive while MkDocs renders (archive_writer.py)."""
        self.register: File | None = None
        """register.json (its list of versions comes from the archive's writer, in on_env)."""
        self.claim: staging.Build | None = None
        self.indexed: list[str] = []
        """Site paths (dest_uri) of the pages in the search index: Pagefind reads only those."""
        self.search_index: search.StreamIndexing | None = None
        """Pagefind, reading the indexed pages while MkDocs renders the others."""
        self.packer: webserver.Packer | None = None
        """The .gz files of the pages, made while MkDocs renders (a published build only)."""
        self.helper: parallel.Helper | None = None
        """A copy of the build rendering part of the policy pages' Markdown (parallel.py)."""
        self.rendered: dict[str, parallel.Rendered] = {}
        """Policy page path -> the helper's rendering, between on_page_markdown and on_page_content."""
        self.builder: parallel.Helper | None = None
        """A copy of the build putting part of the policy pages in their template and writing them."""
        self.elsewhere: set[str] = set()
        """Policy page paths the builder wrote: MkDocs renders them as nothing."""
        self.in_helper = False
        """True in a copy of the build (parallel.py): it renders and writes, nothing more."""
        self.nav: Navigation | None = None
        self.skipped: parallel.SkippedPages | None = None
        """Leaves out MkDocs' "Page skipped" line for each page the builder wrote (until the build ends)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        moved = moved_settings(config.extra)
        if moved:
            raise PluginError(moved)
        self._end_build(publish=False)  # anything a build in this process left behind
        self._reset()
        self.base = Path(config.config_file_path).parent
        try:
            settings = settings_from(self.config, self.base, os.environ, dt.date.today, config.site_url)
        except SettingsError as error:
            raise PluginError(str(error)) from None
        if self.command != "serve":  # `mkdocs serve` sets its own local address
            config.site_url = settings.site_url
            if settings.site_url is None:
                log.info("Geen adres van het portaal bekend (site_url): canonieke links en sitemap weggelaten; %s.",
                         SITE_URL_HELP)
        self.settings = settings
        if not any(isinstance(extension, blockmarks.BlockMarkers) for extension in config.markdown_extensions):
            config.markdown_extensions.append(blockmarks.BlockMarkers())  # the archive's block markers
        macros.register(config, self._published)
        if self.command == "build":
            self.claim = staging.begin(Path(config.site_dir), on_wait=_say_waiting)
            config.site_dir = str(self.claim.staging)
        return config

    def _published(self) -> Publication:
        if self.publication is None:  # pragma: no cover - macros run on pages, after on_files
            raise PluginError("het portaal is nog niet geladen")
        return self.publication

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        settings = self._settings()
        try:
            catalog = load_catalog(settings.policies_dir, base=self.base, docs=Path(config.docs_dir),
                                   today=settings.today, targets=site_targets)
        except CatalogError as error:
            if settings.preview and self.command == "serve":
                return self._error_pages(files, config, error)
            raise PluginError(error.report()) from None
        if not config.use_directory_urls:
            raise PluginError("mkdocs.yml: use_directory_urls: het portaal werkt alleen met 'true'")
        for warning in catalog.warnings:  # INFO, not WARNING: a warning must not stop `mkdocs build --strict`
            log.info("Waarschuwing: %s", warning)
        publication = Publication(catalog, settings.today, settings.due_soon_days, settings.preview)
        if settings.archive:
            # The history itself is read by the archive's writer (its own process), which hands it back before
            # MkDocs writes pages (on_env); until then the archive is known to come, without its versions.
            complete, reason = history.completeness(settings.policies_dir)
            if not complete:
                archive_log.warning("Waarschuwing: het versiearchief is onvolledig: %s. %s", reason,
                                    history.NO_HISTORY_FIX)
            publication.archive = history.Archive({}, complete, reason)
        generated = site.pages(publication)
        try:  # review calendars per owner and for all owners: written in before_publish, while Pagefind runs
            ics_files = calendars.calendar_paths(publication)
        except CatalogError as error:
            raise PluginError(error.report()) from None
        own_files = [exports.REGISTER_PATH, layout.SEARCH_RECORD, search.SYNONYMS_JSON, search.VOCABULARY_JSON,
                     *ics_files]
        clashes = sorted(path for path in [*generated, *own_files]
                         if files.get_file_from_path(path) is not None)
        if clashes:
            raise PluginError("Deze pagina's in docs/ hebben dezelfde plek als pagina's die het portaal "
                              f"maakt; geef ze een andere naam: {', '.join(clashes)}")
        for path, page in generated.items():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, path, content=page.markdown, inclusion=inclusion))
        # Empty pages in Material's look, filled by the archive's writer; first of all pages, so MkDocs renders
        # them first and the writer can start writing while MkDocs renders the rest. Without any document to
        # archive (the archive switched off, or only concepts): no shells and no writer.
        shells = [File.generated(config, archive.shell_page(depth), content=archive.shell_markdown(),
                                 inclusion=InclusionLevel.NOT_IN_NAV)
                  for depth in archive.DEPTHS if site.has_archive(publication)]
        if shells:
            files = type(files)([*shells, *files])
        self.known_pages = frozenset(f.src_uri for f in files.documentation_pages())
        # With an archive, the register gets its list of versions in on_env (from the archive's writer).
        self.register = File.generated(config, exports.REGISTER_PATH,
                                       content="" if shells else exports.register_json(publication))
        files.append(self.register)
        files.append(File.generated(config, search.SYNONYMS_JSON, content=search.synonyms_json(catalog.synonyms)))
        files.append(File.generated(config, layout.SEARCH_RECORD, content=layout.SEARCH_RECORD_TEXT))
        files.append(File.generated(config, search.VOCABULARY_JSON, content=search.vocabulary_json(publication)))
        self.fragments = {path: page.fragments for path, page in generated.items() if page.fragments}
        absent = frozenset(layout.OPTIONAL_PAGES - generated.keys())
        config.nav = nav.expand_nav(config.nav or [], site.nav_sections(publication), absent)
        self.publication = publication
        self.policies = {layout.policy_page(p.id): p for p in publication.visible}
        self.authored = {
            **{path: (p.source, p.body, p.body_line) for path, p in self.policies.items()},
            **{layout.theme_page(t.id): (publication.taxonomy.path, t.description, None)
               for t in publication.taxonomy.themes.values() if t.description},
        }
        self.paths = [*generated, *(f.src_uri for f in files.documentation_pages())]
        if shells:
            self._start_archive(config, settings)
        return files

    def _start_archive(self, config: MkDocsConfig, settings: Settings) -> None:
        waiting = _archive_folder(Path(config.site_dir))
        shutil.rmtree(waiting, ignore_errors=True)
        publication = self.publication
        if publication is None:  # pragma: no cover - set just before
            raise PluginError("het portaal is nog niet geladen")
        job = archive_writer.Job(publication, settings, list(config.markdown_extensions), dict(config.mdx_configs),
                                 self.known_pages, waiting)
        try:
            self.archive_writer = archive_writer.Writer.start(job)
        except archive_writer.ArchiveError as error:
            raise PluginError(str(error)) from None

    def _settings(self) -> Settings:
        if self.settings is None:  # pragma: no cover - MkDocs always calls on_config first
            raise PluginError("het portaal is niet ingesteld (on_config is niet aangeroepen)")
        return self.settings

    def _error_pages(self, files: Files, config: MkDocsConfig, error: CatalogError) -> Files:
        """Preview of a broken policy set: every page, at its own address, lists the problems in Dutch.
        The next save rebuilds, and the page the owner looks at comes back."""
        log.error(error.report())
        markdown = preview.error_page(error.problems)
        paths = preview.page_paths(self._settings().policies_dir, [f.src_uri for f in files.documentation_pages()],
                                   self.paths)
        kept = [f for f in files if not f.is_documentation_page()]
        result = type(files)(kept)
        for path in paths:
            result.append(File.generated(config, path, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        config.nav = []
        return result

    @event_priority(-100)  # after every other plugin's: the helper forks with the final pages and menu
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        if self.config.parallel and self.policies and parallel.usable(self.command, self.dirty):
            self.helper = parallel.Helper.start(self._policy_files(files),
                                                partial(self._render_in_helper, config=config, files=files))
        return nav

    def _policy_files(self, files: Files) -> list[File]:
        """The policy pages MkDocs will render, in its order."""
        return [f for f in files.documentation_pages(inclusion=InclusionLevel.is_included) if f.src_uri in self.policies]

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        policy = self.policies.get(page.file.src_uri)
        if policy is not None:  # Material's own front-matter field for <meta name="description">
            page.meta["description"] = site.meta_description(policy)
            rendered = self.helper.take(page.file.src_uri) if self.helper is not None else None
            if rendered is not None:  # rendered by the helper: nothing left for MkDocs to render
                self.rendered[page.file.src_uri] = rendered
                return ""
        elif not page.meta and (error := frontmatter.unreadable_block(markdown)) is not None:
            where = f", regel {error.line}" if error.line else ""
            source = os.path.relpath(page.file.abs_src_path or page.file.src_uri, self.base).replace(os.sep, "/")
            raise PluginError(f"{source}{where}: {error.message}")
        return markdown

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # Drop the indentation before template tags: Material's navigation is mostly
        # whitespace otherwise (a third of a page). Newlines stay, so nothing joins up.
        env.lstrip_blocks = True
        env.filters["portaal_search_box"] = search.insert_search_box
        env.filters["portaal_name_nav"] = a11y.name_nav_toggles
        env.filters["portaal_name_header"] = a11y.name_header
        env.filters["portaal_finish"] = site.finish_page
        settings = self._settings()
        env.globals["portaal_site"] = views.site_view(self.publication, settings.due_soon_days, settings.archive)
        helper, self.helper = self.helper, None
        if helper is not None:  # every page's Markdown is rendered
            helper.finish()
            log.info("De Markdown van %d van de %d beleidspagina's is op een tweede processorkern gemaakt.",
                     helper.taken, len(helper.index))
        if self.archive_writer is not None and self.publication is not None and self.register is not None:
            # MkDocs writes pages from here on: the current pages and the register need the list of versions
            try:
                self.publication.archive = self.archive_writer.history()
            except archive_writer.ArchiveError as error:
                raise PluginError(str(error)) from None
            self.register.content_string = exports.register_json(self.publication)
        if helper is not None and self.nav is not None and parallel.usable(self.command, self.dirty):
            # the same for the templates: a copy writes policy pages from the end of the list
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
            self.builder = parallel.Helper.start(self._policy_files(files), partial(
                self._build_in_helper, config=config, doc_files=doc_files, nav=self.nav, env=env))
            if self.builder is not None:
                self.skipped = parallel.SkippedPages(self.elsewhere)
                _log_filter(self.skipped, add=True)
        return env

    def _build_in_helper(self, file: File, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation,
                         env: Environment) -> bool:
        self.in_helper = True  # this process is the copy: it writes the page, the build indexes and packs it
        return parallel.build(file, config, doc_files, nav, env)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        rendered = self.rendered.pop(page.file.src_uri, None)
        if rendered is not None:  # the helper rendered it, and did what follows here too
            html = parallel.apply(rendered, page, files)
            self._to_archive(page, rendered.parts)
            return html
        html, parts = self._finish_content(page, html)
        self._to_archive(page, parts)
        return html

    def _finish_content(self, page: Page, html: str) -> tuple[str, list[str]]:
        """A page's HTML after Markdown, finished: author HTML checked and sanitised, a policy's blocks cut out
        for the archive (returned), the HTML lists swapped in, placeholders marked, links relative."""
        authored = self.authored.get(page.file.src_uri)
        if authored is not None:  # the catalog already refused these; a finding here means the renderings differ
            source, text, first_line = authored
            found = sanitize.locate(sanitize.findings(html), text, first_line or 1) \
                if sanitize.may_need_cleaning(text) else []
            if found:
                problems = [Problem(source, f"in de tekst: {f.message}", line=line if first_line else None)
                            for line, f in found]
                raise PluginError(CatalogError(problems).report())
            html = sanitize.clean(html, keep_comments=True)
        parts: list[str] = []
        if page.file.src_uri in self.policies:
            html, parts = archive.cut_marked(html)
        return site.finish_html(html, page.url, self.fragments.get(page.file.src_uri, ())), parts

    def _to_archive(self, page: Page, parts: list[str]) -> None:
        policy = self.policies.get(page.file.src_uri)
        if policy is not None and self.archive_writer is not None and not policy.is_concept:
            self.archive_writer.send_current(policy.id, parts, page.url)  # the archive reuses the page's blocks

    def _render_in_helper(self, file: File, config: MkDocsConfig, files: Files) -> parallel.Rendered:
        """In the Markdown helper: the page rendered and finished as on_page_content would (a finding in the
        author's HTML raises: the build renders that page again and stops with its own message)."""
        rendered = parallel.render(file, config, files)
        assert file.page is not None  # noqa: S101 - render made it
        html, parts = self._finish_content(file.page, rendered.content)
        return dataclasses.replace(rendered, content=html, parts=parts)

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        """`portaal_policy` (a policy page's view) and `portaal_search` (what the search index reads)."""
        extra: dict[str, Any] = context  # type: ignore[assignment]
        policy = self.policies.get(page.file.src_uri)
        publication = self.publication
        if policy is not None and publication is not None:
            extra["portaal_search"] = search.policy_view(publication, policy)
            if self.builder is not None and self.builder.take(page.file.src_uri) is not None:
                extra["portaal_elsewhere"] = True  # written by the builder: the template renders nothing (main.html)
                self.elsewhere.add(page.file.src_uri)
            else:
                edit = views.edit_url(config.repo_url, config.edit_uri, str(self.base / policy.source),
                                      config.docs_dir)
                extra["portaal_policy"] = views.policy_view(publication, policy, edit, config.site_url)
        elif not (page.meta.get("search") or {}).get("exclude"):
            extra["portaal_search"] = search.CONTENT_PAGE
        if extra.get("portaal_search") and not self.in_helper:  # the build indexes the pages the copy wrote
            self.indexed.append(page.file.dest_uri)
            if not self.dirty:  # with --dirty the unchanged pages are not rendered: start_index reads them all
                if self.search_index is None:
                    self.search_index = search.StreamIndexing(Path(config.site_dir))
                self.search_index.written(page.file.dest_uri)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.elsewhere:
            # The builder wrote it. Nothing for MkDocs to write, also when a main.html of the site's own does not
            # render such a page as nothing (then the build only did the work twice).
            output = ""
        if page.meta.get("portaal_archive_shell"):  # each archive page finishes only its content
            self.shells[page.url.count("/")] = archive.Shell.from_html(output, page.url)
            if self.archive_writer is not None and self.shells.keys() >= set(archive.DEPTHS):
                self.archive_writer.send_shells(self.shells)
        elif self.claim is not None and not self.in_helper:  # its .gz once written (by MkDocs or the builder)
            if self.packer is None:
                self.packer = webserver.Packer()
            self.packer.written(Path(page.file.abs_dest_path))
        return output

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        return site.finish_page(output_content) if template_name.endswith(".html") else output_content

    @event_priority(-100)  # after the sitemap is written
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.before_publish(config)
        if self.claim is None:
            return
        if config.strict and _strict_warnings():
            self._end_build(publish=False)  # MkDocs (or ProperDocs) aborts next; keep the old site
            return
        self._end_build(publish=True)

    def before_publish(self, config: MkDocsConfig) -> None:
        """The last step on the complete staged site, before anyone can see it. Pagefind's service has read
        the indexed pages while MkDocs rendered (search.StreamIndexing) and now writes the index, while this
        process writes the review calendars, the last .gz files (the pages have theirs: webserver.Packer) and
        the CSP hashes; the version archive has been written meanwhile by its own process (archive_writer.py,
        started in on_files), into a folder beside the site:

            search index files (current pages)  ||  calendars, .gz files and CSP hashes
            the archive (with its own index) moves into the site; .gz files of the search indexes

        The archive's pages (old versions, comparisons: most of the site, rarely read) get no .gz file:
        nginx compresses them when they are asked for (`gzip on` in deploy/nginx/). Nor are they read for
        the CSP: each is a shell Material rendered (still in the site when the hashes are taken) around
        sanitised text, so it runs no inline script the shells do not.
        """
        builder, self.builder = self.builder, None
        if builder is not None:  # every page is written
            builder.finish()
            log.info("De sjablonen van %d van de %d beleidspagina's zijn op een tweede processorkern gemaakt.",
                     builder.taken, len(builder.index))
        staged = Path(config.site_dir)
        site.drop_local_addresses(staged, config.site_url)
        published = self.claim is not None  # a published build (not `mkdocs serve`): CSP hashes and .gz files
        waiting = _archive_folder(staged)  # beside the site: out of the current index
        writer, self.archive_writer = self.archive_writer, None
        packer, self.packer = self.packer, None
        streamed, self.search_index = self.search_index, None
        indexing = streamed if streamed is not None else search.start_index(staged, self.indexed)
        try:
            publication = self.publication
            if publication is not None:  # review calendars, with full page addresses where site_url is set
                for path, content in calendars.calendar_files(publication, config.site_url or "").items():
                    (staged / path).parent.mkdir(parents=True, exist_ok=True)
                    (staged / path).write_bytes(content)
            if published:
                packed = packer.finish() if packer is not None else frozenset()
                webserver.compress_files(staged, skip={search.BUNDLE_DIR, search.ARCHIVE_BUNDLE}, packed=packed)
                webserver.write_csp(staged)
            indexing.wait()  # only now may the archive pages join the site: old versions never enter this index
            if writer is not None:
                writer.wait()
                if waiting.is_dir():
                    _move_into(waiting, staged)
                archive.remove_shells(staged)  # not pages: out of the site and the sitemap, even with no archive
        except (search.SearchIndexError, archive_writer.ArchiveError) as error:
            raise PluginError(str(error)) from None
        finally:
            indexing.stop()
            if packer is not None:
                packer.stop()
            if writer is not None:
                writer.stop()
            shutil.rmtree(waiting, ignore_errors=True)
        if published:
            for bundle in (search.BUNDLE_DIR, search.ARCHIVE_BUNDLE):
                if (staged / bundle).is_dir():
                    webserver.compress_files(staged / bundle)

    def on_build_error(self, *, error: Exception) -> None:
        self._end_build(publish=False)

    def on_shutdown(self) -> None:
        self._end_build(publish=False)

    def _end_build(self, publish: bool) -> None:
        for helper in (self.helper, self.builder):
            if helper is not None:
                helper.stop()
        self.helper = self.builder = None
        skipped, self.skipped = self.skipped, None
        if skipped is not None:
            _log_filter(skipped, add=False)
        writer, self.archive_writer = self.archive_writer, None
        if writer is not None:
            writer.stop()
        packer, self.packer = self.packer, None
        if packer is not None:
            packer.stop()
        streamed, self.search_index = self.search_index, None
        if streamed is not None:
            streamed.stop()
        claim, self.claim = self.claim, None
        if claim is None:
            return
        try:
            if publish:
                staging.publish(claim)
            else:
                staging.discard(claim)
        finally:
            claim.release()


_ARCHIVE_WAITS = "-archief"
"""Beside the staged site (`.portaal-staging-…-archief`, removed with stale staging folders): the archive
pages wait there while Pagefind indexes the current pages, then they move to their place."""


def _archive_folder(staged: Path) -> Path:
    return staged.parent / f"{staged.name}{_ARCHIVE_WAITS}"


def _move_into(source: Path, target: Path) -> None:
    """Everything below `source` to the same place below `target` (a folder `target` does not have
    moves whole); then `source` goes."""
    for path in source.iterdir():
        destination = target / path.name
        if path.is_dir() and destination.is_dir():
            _move_into(path, destination)
        else:
            path.replace(destination)
    source.rmdir()


def _log_filter(skipped: parallel.SkippedPages, add: bool) -> None:
    """Add or remove the filter on MkDocs' build logger (ProperDocs logs on its own name)."""
    for name in ("mkdocs.commands.build", "properdocs.commands.build"):
        logger = logging.getLogger(name)
        if add:
            logger.addFilter(skipped)
        else:
            logger.removeFilter(skipped)


def _say_waiting() -> None:
    print("INFO    -  Er draait al een build van dit portaal in deze map; deze build wacht tot die "
          "klaar is.", file=sys.stderr, flush=True)


def _strict_warnings() -> int:
    """Warnings counted for --strict: MkDocs counts on the `mkdocs` logger, ProperDocs on `properdocs`."""
    total = 0
    for name in ("mkdocs", "properdocs"):
        for handler in logging.getLogger(name).handlers:
            get_counts = getattr(handler, "get_counts", None)
            if isinstance(handler, CountHandler) or (type(handler).__name__ == "CountHandler" and get_counts):
                total += sum(count for _level, count in get_counts())  # type: ignore[misc]
    return total
