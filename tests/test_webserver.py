"""deploy/nginx/ and the CSP the build computes, without a browser."""

from __future__ import annotations

import base64
import hashlib
import subprocess
from pathlib import Path

import pytest

from portaal.site import webserver
from tests.helpers import ROOT, run_cli


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_inline_scripts_get_a_hash_and_nothing_else_does() -> None:
    pages = ['<script>var a=1</script><script src="x.js"></script>',
             '<script id="__config" type="application/json">{"a": 1}</script><SCRIPT>var a=1</SCRIPT>',
             "<script>\nvar b=2\n</script>"]
    assert webserver.inline_script_hashes(pages) == sorted([_hash("var a=1"), _hash("\nvar b=2\n")])


def test_the_policy_is_strict_for_scripts() -> None:
    policy = webserver.content_security_policy(["'sha256-abc'"])
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval' 'sha256-abc'"
    assert (directives["object-src"], directives["base-uri"], directives["frame-ancestors"]) == (
        "'none'", "'self'", "'none'")
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(directives["script-src"].split())


@pytest.mark.parametrize(("site_url", "prefix"), [("http://x/", "/"), ("http://x/integriteit/", "/integriteit/"),
                                                  ("http://x/integriteit", "/integriteit/"), ("", "/"),
                                                  ("https://x/a/b/", "/a/b/")])
def test_the_prefix_comes_from_site_url(site_url: str, prefix: str) -> None:
    assert webserver.url_prefix(site_url) == prefix


@pytest.mark.parametrize(("site", "prefix"), [(Path("/srv/a b"), "/"), (Path("/srv/a;b"), "/"),
                                              (Path("/srv/site"), "/a b/"), (Path("/srv/site"), "/x;y/")])
def test_values_that_would_break_the_config_are_refused(site: Path, prefix: str) -> None:
    with pytest.raises(ValueError, match="nginx"):
        webserver.render_config("@SITE@ @PREFIX@ @LISTEN@", site, prefix, "127.0.0.1:8080")


@pytest.mark.parametrize("prefix", ["/", "/integriteit/"])
def test_the_shipped_config_is_valid_nginx(tmp_path: Path, prefix: str) -> None:
    if not webserver.NGINX.exists():
        pytest.skip("nginx ontbreekt")
    site = tmp_path / "site"
    site.mkdir()
    (site / webserver.CSP_FILE).write_text('add_header Content-Security-Policy "default-src \'self\'" always;\n',
                                           encoding="utf-8")
    run = tmp_path / "run"
    conf = webserver.write_local_config(run, site, prefix, webserver.free_port(), ROOT / "deploy" / "nginx")
    result = subprocess.run([str(webserver.NGINX), "-t", "-p", str(run), "-c", str(conf)], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    server = (run / "server.conf").read_text(encoding="utf-8")
    assert ("return 302 /integriteit/" in server) == (prefix != "/")
    assert "autoindex off" in server and "gzip_static on" in server


def test_portaal_nginx_prints_the_config_for_a_built_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    site = tmp_path / "site"
    site.mkdir()
    result = run_cli("nginx", "--site", str(site))
    assert result.exit_code == 1 and "is geen gebouwde site" in result.output
    (site / "index.html").write_text("<p>x</p>", encoding="utf-8")
    webserver.write_csp(site)
    webserver.compress_files(site)
    result = run_cli("nginx", "--site", str(site), "--listen", "127.0.0.1:9999")
    assert result.exit_code == 0, result.output
    assert f"alias {site.absolute()}/;" in result.output and "listen 127.0.0.1:9999;" in result.output
    assert (site / "index.html.gz").exists() is False  # too small to gain from compression
