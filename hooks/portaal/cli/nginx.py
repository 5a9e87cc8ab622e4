"""`portaal nginx`: the server configuration from deploy/nginx/, filled in for this site,
or a loopback nginx that serves the built site (`make serve-nginx`)."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType

import click
import yaml

from ..site import webserver
from .main import DutchCommand


def _site_url(mkdocs_config: Path) -> str:
    try:
        data = yaml.safe_load(mkdocs_config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise click.ClickException(f"{mkdocs_config} is niet te lezen: {error}") from None
    return str((data or {}).get("site_url") or "/") if isinstance(data, dict) else "/"


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.command("nginx", cls=DutchCommand)
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default="site", metavar="MAP",
              help="De gebouwde site (standaard: site).")
@click.option("--config", "mkdocs_config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default="mkdocs.yml", metavar="BESTAND", help="Voor site_url: het pad waaronder het portaal staat.")
@click.option("--listen", default="127.0.0.1:8080", metavar="ADRES",
              help="Waar nginx luistert, voor de configuratie (standaard 127.0.0.1:8080).")
@click.option("--serve", is_flag=True,
              help="Start nginx zelf op 127.0.0.1 (vrije poort) tot je Ctrl+C geeft, in plaats van de "
                   "configuratie te tonen.")
def nginx_command(site: Path, mkdocs_config: Path, listen: str, serve: bool) -> int:
    """Toon de nginx-configuratie voor deze site, of serveer de site met nginx (--serve)."""
    prefix = webserver.url_prefix(_site_url(mkdocs_config))
    if not (site / "index.html").is_file() or not (site / webserver.CSP_FILE).is_file():
        raise click.ClickException(f"'{site}' is geen gebouwde site; draai eerst 'make site'")
    try:
        if not serve:
            template = (webserver.DEPLOY / webserver.SERVER_TEMPLATE).read_text(encoding="utf-8")
            click.echo(webserver.render_config(template, site.absolute(), prefix, listen), nl=False)
            return 0
        signal.signal(signal.SIGTERM, _stop)
        with webserver.serve(site, prefix) as url:
            click.echo(f"Het portaal staat op {url} (nginx; stoppen met Ctrl+C).", err=True)
            try:
                signal.pause()
            except KeyboardInterrupt:
                click.echo("Gestopt.", err=True)
    except (ValueError, RuntimeError, OSError) as error:
        click.echo(f"Fout: {error}", err=True)
        sys.exit(1)
    return 0
