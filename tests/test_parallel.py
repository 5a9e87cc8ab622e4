"""The policy pages' Markdown on two cores (hooks/portaal/site/parallel.py): a copy of the build renders part
of the pages, and the site is the same as when MkDocs renders them all itself. These builds run as their own
`mkdocs build` process, as users run it (pytest's own process has more than one thread, where the build
renders alone)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import make_project, pagefind_fragments, write_policy

HELPED = re.compile(r"De Markdown van (\d+) van de (\d+) beleidspagina's is op een tweede processorkern gemaakt\.")
BUILT = re.compile(r"De sjablonen van (\d+) van de (\d+) beleidspagina's zijn op een tweede processorkern gemaakt\.")
PAGEFIND_NAMED_BY_HASH = re.compile(r"^pagefind(-archief)?/(filter/|pagefind-entry\.json|pagefind\.[^/]*pf_meta)")
"""Pagefind names some files by a hash that differs between two builds of the same site, helper or not."""

MARKER_EXTENSION = '''
import logging, os, signal, time
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

BUILD = os.getpid()  # imported when the build loads its configuration, before the helper forks


class Marker(Preprocessor):
    def run(self, lines):
        if any("MARKEER" in line for line in lines):
            with open(os.environ["MARKER_LOG"], "a", encoding="utf-8") as log:
                log.write("build\\n" if os.getpid() == BUILD else "helper\\n")
            if os.environ.get("MARKER_KILLS") and os.getpid() != BUILD:
                os.kill(os.getpid(), signal.SIGKILL)
            if os.environ.get("MARKER_HANGS") and os.getpid() != BUILD:
                time.sleep(3600)
            if os.environ.get("MARKER_RAISES"):
                raise ValueError("markering kapot")
            if os.environ.get("MARKER_WARNS"):
                logging.getLogger("mkdocs.markeer").warning("markering gevonden")
        return lines


class MarkerExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Marker(md), "markeer", 40)


def makeExtension(**kwargs):
    return MarkerExtension(**kwargs)
'''


# The project's hook also runs the copies at the build's own priority (`parallel.NICE` = 0). At nice 19 a copy
# gets next to no processor time while other tests keep both cores busy: then it may make no page at all, or
# start one and give it back. These tests are about what happens to the pages, not about the scheduler; the
# bench measures the copies at nice 19.
TEMPLATE_HOOK = '''
import logging, os, signal, time

from portaal.site import parallel

BUILD = os.getpid()
parallel.NICE = 0  # loaded with the configuration, before a copy starts (see above)


def on_page_context(context, page, config, nav):
    if page.file.src_uri.startswith("beleid/doc-"):
        with open(os.environ["MARKER_LOG"].replace(".log", "-sjabloon.log"), "a", encoding="utf-8") as log:
            log.write("build\\n" if os.getpid() == BUILD else "helper\\n")
        if os.environ.get("TEMPLATE_KILLS") and os.getpid() != BUILD:
            os.kill(os.getpid(), signal.SIGKILL)
        if os.environ.get("TEMPLATE_WARNS"):
            logging.getLogger("mkdocs.sjabloon").warning("sjabloon gemarkeerd")
    return context
'''


DOCUMENTS = 40
"""Enough pages, each long enough, that the helpers start before MkDocs is through them, also on a busy machine."""
FILLER = "".join(f"Alinea {number} van de tekst, met wat woorden om om te zetten.\n\n" for number in range(30))


def _project(tmp_path: Path, documents: int = DOCUMENTS, parallel: bool = True) -> Path:
    (tmp_path / ("aan" if parallel else "uit")).mkdir(parents=True)
    project = make_project(tmp_path / ("aan" if parallel else "uit"), {
        f"doc-{number:02d}": {"title": f"Document {number}"} for number in range(documents)})
    for number in range(documents):  # a heading for the table of contents, and a link to an anchor elsewhere
        previous = max(number - 1, 0)
        write_policy(project / "policies", f"doc-{number:02d}",
                     body=f"## Deel {number}\n\nZie [het vorige](doc-{previous:02d}.md#deel-{previous}).\n\n"
                          f"MARKEER de tekst van document {number}.\n\n{FILLER}",
                     title=f"Document {number}")
    (project / "markeer.py").write_text(MARKER_EXTENSION, encoding="utf-8")
    (project / "sjabloon.py").write_text(TEMPLATE_HOOK, encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("markdown_extensions:\n", "markdown_extensions:\n  - markeer\n", 1)
    config += "\nhooks:\n  - sjabloon.py\n"
    if not parallel:
        config = config.replace("  - portaal:\n", "  - portaal:\n      parallel: false\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    return project


def _build(project: Path, strict: bool = True, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PORTAAL_TODAY": "2026-11-28", "NO_MKDOCS_2_WARNING": "1",
                   "PYTHONPATH": str(project), "MARKER_LOG": str(project / "markeer.log"), **env}
    command = [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else [])]
    return subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, check=False,
                          timeout=300)


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and not PAGEFIND_NAMED_BY_HASH.match(path.relative_to(site).as_posix())}


def _renderers(project: Path, step: str = "markeer") -> list[str]:
    """Who rendered each marked page ('build' or 'helper'), in order of rendering: its Markdown, or with
    `step="markeer-sjabloon"` its template."""
    return (project / f"{step}.log").read_text(encoding="utf-8").split()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The same project built with and without the helper; the helper's build output."""
    tmp_path = tmp_path_factory.mktemp("parallel")
    helped, alone = _project(tmp_path), _project(tmp_path, parallel=False)
    result = _build(helped)
    assert result.returncode == 0, result.stderr
    assert _build(alone).returncode == 0
    return helped, alone, result.stderr


def test_the_helper_renders_part_of_the_policy_pages(both: tuple[Path, Path, str]) -> None:
    helped, alone, output = both
    found = HELPED.search(output)
    assert found is not None, output
    assert int(found.group(2)) == DOCUMENTS
    renderers = _renderers(helped)
    assert len(renderers) == DOCUMENTS  # each page once
    assert renderers.count("helper") == int(found.group(1)) > 0
    assert _renderers(alone) == ["build"] * DOCUMENTS
    built = BUILT.search(output)
    assert built is not None, output
    assert int(built.group(2)) == DOCUMENTS
    templates = _renderers(helped, "markeer-sjabloon")
    assert templates.count("helper") == int(built.group(1)) > 0
    assert templates.count("build") == DOCUMENTS  # MkDocs still runs the page's events; its template renders nothing
    assert "Page skipped" not in output  # MkDocs' line for such a page is left out


def test_every_file_is_the_same_as_when_mkdocs_renders_alone(both: tuple[Path, Path, str]) -> None:
    helped, alone, _output = both
    with_helper, without = _files(helped / "site"), _files(alone / "site")
    assert with_helper.keys() == without.keys()
    assert [path for path in with_helper if with_helper[path] != without[path]] == []
    assert pagefind_fragments(helped / "site") == pagefind_fragments(alone / "site")
    page = (helped / "site" / "beleid" / "doc-05" / "index.html").read_text(encoding="utf-8")
    assert 'href="#deel-5"' in page  # the table of contents the helper made
    assert 'href="../doc-04/#deel-4"' in page  # the link to an anchor on another page


def test_a_page_that_logs_in_the_helper_is_rendered_again_by_the_build_and_its_warning_counts(
        tmp_path: Path) -> None:
    project = _project(tmp_path)
    site_before = project / "site"
    result = _build(project, MARKER_WARNS="1")
    assert result.returncode == 1
    assert result.stderr.count("WARNING -  markering gevonden") == DOCUMENTS  # each page's warning once, none lost
    assert f"Aborted with {DOCUMENTS} warnings in strict mode!" in result.stdout + result.stderr
    renderers = _renderers(project)
    assert renderers.count("helper") > 0  # the helper tried pages ...
    assert renderers.count("build") == DOCUMENTS  # ... and the build rendered every page itself
    assert not site_before.exists()


def test_without_strict_the_warnings_show_once_and_the_site_is_the_same(tmp_path: Path) -> None:
    helped, alone = _project(tmp_path), _project(tmp_path, parallel=False)
    result = _build(helped, strict=False, MARKER_WARNS="1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("markering gevonden") == DOCUMENTS
    assert f"De Markdown van 0 van de {DOCUMENTS} beleidspagina's" in result.stderr
    assert _build(alone, strict=False, MARKER_WARNS="1").returncode == 0
    assert _files(helped / "site") == _files(alone / "site")


def test_a_helper_that_dies_leaves_the_rest_to_the_build(tmp_path: Path) -> None:
    helped, alone = _project(tmp_path), _project(tmp_path, parallel=False)
    result = _build(helped, MARKER_KILLS="1")
    assert result.returncode == 0, result.stderr
    assert f"De Markdown van 0 van de {DOCUMENTS} beleidspagina's" in result.stderr
    renderers = _renderers(helped)
    assert renderers.count("helper") == 1  # the helper died on its first page ...
    assert renderers.count("build") == DOCUMENTS  # ... and the build rendered every page
    assert _build(alone, MARKER_KILLS="1").returncode == 0
    assert _files(helped / "site") == _files(alone / "site")


def test_a_helper_that_hangs_is_ended_and_the_build_renders_the_rest(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _build(project, MARKER_HANGS="1")
    assert result.returncode == 0, result.stderr  # and it returned: no helper left holding its output open
    assert f"De Markdown van 0 van de {DOCUMENTS} beleidspagina's" in result.stderr
    renderers = _renderers(project)
    assert renderers.count("helper") == 1
    assert renderers.count("build") == DOCUMENTS
    assert (project / "site" / "beleid" / "doc-11" / "index.html").is_file()


def test_a_build_that_fails_while_the_helper_renders_stops_it_and_keeps_no_site(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _build(project, MARKER_RAISES="1")  # returns only once every process that holds its output ended
    assert result.returncode == 1
    assert "markering kapot" in result.stdout + result.stderr
    assert not (project / "site").exists()
    assert not list(project.glob(".portaal-staging-*"))


def test_a_page_whose_template_logs_in_the_helper_is_written_again_by_the_build(tmp_path: Path) -> None:
    helped, alone = _project(tmp_path), _project(tmp_path, parallel=False)
    result = _build(helped, strict=False, TEMPLATE_WARNS="1")
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("sjabloon gemarkeerd") == DOCUMENTS  # each page's warning once
    assert f"De sjablonen van 0 van de {DOCUMENTS} beleidspagina's" in result.stderr
    assert _renderers(helped, "markeer-sjabloon").count("helper") > 0
    assert _build(alone, strict=False, TEMPLATE_WARNS="1").returncode == 0
    assert _files(helped / "site") == _files(alone / "site")
    strict = _build(_project(tmp_path / "strikt"), TEMPLATE_WARNS="1")
    assert strict.returncode == 1
    assert strict.stderr.count("sjabloon gemarkeerd") == DOCUMENTS


def test_a_template_helper_that_dies_leaves_the_rest_to_the_build(tmp_path: Path) -> None:
    helped, alone = _project(tmp_path), _project(tmp_path, parallel=False)
    result = _build(helped, TEMPLATE_KILLS="1")
    assert result.returncode == 0, result.stderr
    assert f"De sjablonen van 0 van de {DOCUMENTS} beleidspagina's" in result.stderr
    assert _renderers(helped, "markeer-sjabloon").count("helper") == 1
    assert _build(alone, TEMPLATE_KILLS="1").returncode == 0
    assert _files(helped / "site") == _files(alone / "site")
