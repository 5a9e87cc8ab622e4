"""The site through nginx with deploy/nginx/ (strict CSP): every page loads without a CSP
violation or JavaScript error, search works, and the portal also works under /integriteit/.

And a hostile site: policies and data files full of script, built with the check switched
off so that only the sanitiser and the escaping stand between them and the reader. Every
page is opened; not one script from the hostile content may run.
"""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from portaal.core import links, sanitize
from portaal.core import taxonomy as taxonomy_module
from portaal.site import webserver
from tests.browser.conftest import TODAY, Tab, copy_project, require, serve
from tests.browser.searching import search, wait_until_ready
from tests.helpers import build, write_policy
from tests.hostile import HOSTILE_BODIES, HOSTILE_VALUES, PWN

WATCH = """(() => {
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", event => {
    window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile);
  });
})();"""
"""An init script: every CSP violation the page reports."""


@pytest.fixture(scope="module")
def nginx_url(portal_site: Path) -> Iterator[str]:
    require(webserver.NGINX.exists(), f"nginx ontbreekt ({webserver.NGINX}); 'apt-get install nginx'")
    with webserver.serve(portal_site, "/") as url:
        yield url


def pages_of(site: Path) -> list[str]:
    """Every HTML page of the site, as a URL path under the site root."""
    paths = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


def visit_every_page(tab: Tab, site: Path, console: list[str]) -> dict[str, list[str]]:
    """Open each page; return the CSP violations per page (empty lists are left out)."""
    violations: dict[str, list[str]] = {}
    for path in pages_of(site):
        response = tab.page.goto(tab.base + path)
        assert response is not None
        assert response.status == 200, path
        tab.page.wait_for_load_state("load")
        found = tab.page.evaluate("() => window.__csp")
        if found:
            violations[path] = found
    assert not [line for line in console if "Content Security Policy" in line or "Content-Security-Policy" in line]
    return violations


def _tab(tab_factory: Any, base: str) -> tuple[Tab, list[str]]:
    tab: Tab = tab_factory(base, viewport={"width": 1280, "height": 800})
    tab.page.context.add_init_script(WATCH)
    console: list[str] = []
    tab.page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    return tab, console


def test_every_page_through_nginx_has_no_csp_violation(tab_factory: Any, nginx_url: str, portal_site: Path) -> None:
    tab, console = _tab(tab_factory, nginx_url)
    violations = visit_every_page(tab, portal_site, console)
    assert violations == {}
    assert len(pages_of(portal_site)) > 50
    print(f"{len(pages_of(portal_site))} pagina's via nginx: 0 CSP-schendingen, 0 JavaScript-fouten")


def test_search_works_under_the_csp(tab_factory: Any, nginx_url: str) -> None:
    tab, _console = _tab(tab_factory, nginx_url)
    tab.open("")
    wait_until_ready(tab.page)
    assert search(tab.page, "geschenk"), "de zoekfunctie vindt niets onder de CSP"
    assert tab.page.evaluate("() => window.__csp") == []


def test_nginx_sends_the_security_headers_and_precompressed_files(nginx_url: str, portal_site: Path) -> None:
    request = urllib.request.Request(nginx_url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        headers = response.headers
        assert headers["Content-Encoding"] == "gzip"
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    for directive in ("object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'"):
        assert directive in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    bundle = next(p for p in (portal_site / "assets" / "javascripts").glob("bundle.*.min.js"))
    with urllib.request.urlopen(nginx_url + f"assets/javascripts/{bundle.name}") as response:
        assert "immutable" in response.headers["Cache-Control"]
    for hidden, status in ((webserver.CSP_FILE, 404), ("assets/", 403), ("bestaat-niet/", 404)):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(nginx_url + hidden)
        error.value.close()
        assert error.value.code == status, hidden
        if hidden == "bestaat-niet/":
            assert "Content-Security-Policy" in error.value.headers
    # the version archive has no .gz files: nginx compresses those pages when they are asked for
    old_version = next(portal_site.glob("beleid/*/versies/*/index.html"))
    assert not Path(f"{old_version}.gz").exists()
    address = nginx_url + old_version.parent.relative_to(portal_site).as_posix() + "/"
    with urllib.request.urlopen(urllib.request.Request(address, headers={"Accept-Encoding": "gzip"})) as response:
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Content-Security-Policy" in response.headers


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("subpad"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nsite_url:" not in text
    # a real address: a local one counts as unknown (README, site_url) and would give no sub-path
    config.write_text(text + "\nsite_url: https://intranet.douane.example/integriteit/\n", encoding="utf-8")
    return build(project, today=TODAY)


def test_the_portal_under_a_sub_path(tab_factory: Any, sub_path_site: Path) -> None:
    require(webserver.NGINX.exists(), "nginx ontbreekt")
    with webserver.serve(sub_path_site, "/integriteit/") as url:
        assert url.endswith("/integriteit/")
        tab, _console = _tab(tab_factory, url)
        for path in ("", "beleid/gedragscode-douane/", "waar-meld-ik-wat/", "bestaat-niet/"):
            response = tab.page.goto(url + path)
            assert response is not None and response.status == (404 if path == "bestaat-niet/" else 200), path
            tab.page.wait_for_load_state("load")
            # the stylesheet loaded from under the prefix (also on the 404 page)
            assert tab.page.evaluate("() => getComputedStyle(document.body).getPropertyValue('--md-primary-fg-color')")
            assert tab.page.evaluate("() => window.__csp") == []
        assert "Deze pagina bestaat niet" in tab.page.locator("article h1").inner_text()  # the portal's Dutch 404
        with urllib.request.urlopen(url.replace("/integriteit/", "/")) as response:
            assert response.url == url  # the root sends readers to the portal


# -- the hostile site -----------------------------------------------------------------


def _hostile_project(target: Path) -> Path:
    project = copy_project(target)
    folder = project / "policies"
    for number in range(0, len(HOSTILE_BODIES), 8):  # eight hostile texts per page
        bodies = "\n\nTussenregel.\n\n".join(HOSTILE_BODIES[number : number + 8])
        write_policy(folder, f"kwaad-{number:02d}", title=f"Kwaad {number}", owner="bvi", audience=["bvi"],
                     body=f"Voor de test.\n\n{bodies}\n\nNa de test.\n")
    for number, value in enumerate(HOSTILE_VALUES):
        write_policy(folder, f"waarde-{number:02d}", title=f"{value} {number}", summary=value, keywords=[value],
                     owner="bvi", audience=["bvi"], version=value[:20].strip() or "1",
                     history=[{"version": value[:20].strip() or "1", "date": "2026-01-01", "change": value}])
    taxonomy = yaml.safe_load((folder / "taxonomie.yml").read_text(encoding="utf-8"))
    taxonomy["roles"]["bvi"].update(name=HOSTILE_VALUES[0], description=HOSTILE_VALUES[1])
    taxonomy["owners"]["bvi"].update(name=HOSTILE_VALUES[2], mailbox=HOSTILE_VALUES[5])
    theme = taxonomy["themes"]["actueel-beleid"]
    theme.update(name=HOSTILE_VALUES[6], goal=HOSTILE_VALUES[7], description="\n\n".join(HOSTILE_BODIES))
    taxonomy["types"]["gedragscode"].update(plural=HOSTILE_VALUES[0])
    (folder / "taxonomie.yml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    routes = yaml.safe_load((folder / "meldroutes.yml").read_text(encoding="utf-8"))
    first = next(iter(routes["contacts"]))
    routes["contacts"][first].update(name=HOSTILE_VALUES[0], phone=HOSTILE_VALUES[1], mail=HOSTILE_VALUES[2],
                                     hours=HOSTILE_VALUES[3])
    routes["routes"][0].update(situation=HOSTILE_VALUES[6], channel=HOSTILE_VALUES[4])
    (folder / "meldroutes.yml").write_text(yaml.safe_dump(routes, allow_unicode=True, sort_keys=False),
                                           encoding="utf-8")
    glossary = yaml.safe_load((folder / "begrippen.yml").read_text(encoding="utf-8"))
    glossary.append({"term": f"Kwaad {HOSTILE_VALUES[0]}", "definition": HOSTILE_VALUES[1]})
    (folder / "begrippen.yml").write_text(yaml.safe_dump(glossary, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Built with the check switched off (findings always empty): only cleaning and escaping remain."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sanitize, "findings", lambda html, **_options: [])
        patch.setattr(links, "problems", lambda *args, **kwargs: [])  # the link half of the check
        patch.setattr(taxonomy_module, "MAILBOX", re.compile(".*", re.S))  # a hostile mailbox reaches the pages
        # not strict: MkDocs warns about '&#x6A;avascript:' links, which the check would have refused
        site = build(_hostile_project(tmp_path_factory.mktemp("kwaad")), today=TODAY, strict=False)
    yield site
    shutil.rmtree(site.resolve(), ignore_errors=True)




def test_no_script_from_hostile_content_runs_on_any_page(tab_factory: Any, hostile_site: Path) -> None:
    pages = pages_of(hostile_site)
    assert any(p.startswith("beleid/kwaad-") for p in pages)
    ran: dict[str, int] = {}
    foreign: dict[str, list[str]] = {}
    for base in serve(hostile_site):  # plain HTTP, no CSP: the sanitiser alone
        tab, _console = _tab(tab_factory, base)
        for path in pages:
            tab.open(path)
            tab.page.wait_for_load_state("load")
            tab.page.mouse.move(300, 300)
            tab.page.mouse.move(600, 500)
            count = tab.page.evaluate("() => window.__pwned || 0")
            if count:
                ran[path] = count
            found = tab.page.evaluate("""() => [
                ...[...document.scripts].filter(s => s.src ? !/assets\\/javascripts\\//.test(s.src)
                    : !/^(__md_scope|var target)/.test(s.textContent.trim()) && s.type !== "application/json")
                    .map(s => "script: " + (s.src || s.textContent.slice(0, 40))),
                ...[...document.querySelectorAll("*")].flatMap(e => [...e.attributes]
                    .filter(a => /^on/i.test(a.name) || /^\\s*(javascript|vbscript|data):/i.test(a.value))
                    .map(a => e.tagName + " " + a.name + "=" + a.value.slice(0, 40))),
                // the portal's own forms (404 search) carry data-portaal-form, which the sanitiser never lets through
                ...[...document.querySelectorAll(".md-content :is(iframe, object, embed, form, input, svg, math)"
                    + ":not([data-portaal-form], [data-portaal-form] *), "
                    + "base, meta[http-equiv], iframe, object, embed")]
                    .map(e => "element: " + e.tagName),
            ]""")
            if found:
                foreign[path] = found
        print(f"{len(HOSTILE_BODIES)} kwaadaardige teksten, {len(HOSTILE_VALUES)} kwaadaardige waarden, "
              f"{len(pages)} pagina's: {sum(ran.values())} scripts uitgevoerd")
    assert ran == {}
    assert foreign == {}
    written = (hostile_site / "beleid" / "kwaad-00" / "index.html").read_text(encoding="utf-8")
    assert "Voor de test." in written and f"<script>{PWN}" not in written  # at most shown as text


def test_the_hostile_site_through_nginx_has_no_csp_violation(tab_factory: Any, hostile_site: Path) -> None:
    require(webserver.NGINX.exists(), "nginx ontbreekt")
    with webserver.serve(hostile_site, "/") as url:
        tab, console = _tab(tab_factory, url)
        assert visit_every_page(tab, hostile_site, console) == {}
