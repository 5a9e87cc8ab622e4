"""The archive's commands: `portaal geldend` and `portaal codeowners` (listed in main.LAZY_COMMANDS:
imported only when called or listed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..core.history import read_archive
from . import codeowners as owners_file
from . import in_force
from .main import (
    DATE,
    DEFAULT_FOLDER,
    EXIT_FAILED,
    EXIT_OK,
    FOLDER,
    ChoiceType,
    DutchCommand,
    _base_url_option,
    _folder_argument,
    _output_option,
    _portal,
    _today,
    _write,
)


@click.command(cls=DutchCommand)
@click.argument("policy_id", metavar="[ID]", required=False)
@click.option("--datum", "day", type=DATE, required=True, metavar="JJJJ-MM-DD",
              help="De dag waarvoor je wilt weten welke versie gold.")
@click.option("--map", "folder", type=FOLDER, default=DEFAULT_FOLDER, show_default=True, metavar="PAD",
              help="De map met beleid.")
@click.option("--format", "output_format", type=ChoiceType(["tekst", "json"]), default="tekst",
              help="tekst (standaard) of json.")
@_base_url_option
@_output_option
def geldend(policy_id: str | None, day: dt.date, folder: Path, output_format: str, base_url: str,
            output: Path | None) -> int:
    """Welke versie van elk document (of van document ID) gold op --datum, met het adres in het archief.

    Leest de versies uit de git-geschiedenis, net als de versiepagina's van de site.
    """
    portal = _portal(folder, _today(None))
    if policy_id is not None and policy_id not in portal.visible_ids:
        raise click.BadParameter(f"geen gepubliceerd document met kenmerk '{policy_id}'", param_hint="'ID'")
    published = [p for p in portal.visible if not p.is_concept]
    archive = read_archive(folder, published, portal.today)
    found = in_force.answers(portal, archive, day, policy_id)
    if output_format == "json":
        data = {"version": 1, "date": day.isoformat(), "complete": archive.complete, "documents": [
            {"id": a.policy_id, "title": a.title, "version": a.entry.version if a.entry else None,
             "label": a.entry.label if a.entry else None,
             "valid_from": a.entry.valid_from.isoformat() if a.entry else None,
             "valid_to": a.entry.valid_to.isoformat() if a.entry and a.entry.valid_to else None,
             "note": a.note, "url": f"{base_url.rstrip('/')}/{a.url}" if base_url else a.url} for a in found]}
        _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    else:
        _write(in_force.render_text(found, day, archive, base_url), output)
    return EXIT_OK


@click.command("codeowners", cls=DutchCommand)
@_folder_argument
@_output_option
def codeowners_command(folder: Path, output: Path | None) -> int:
    """Schrijf CODEOWNERS uit de eigenaren in de taxonomie (group), zodat een wijziging in een document
    de goedkeuring van zijn eigenaar nodig heeft. Standaard in de hoofdmap van de git-repository."""
    portal = _portal(folder, _today(None))
    if not owners_file.in_use(portal.catalog):
        click.echo("Geen enkele eigenaar in de taxonomie heeft een groep (group); er valt niets te schrijven.",
                   err=True)
        return EXIT_FAILED
    target = output or owners_file.repository_folder(folder) / owners_file.FILE_NAME
    _write(owners_file.render(portal.catalog, folder), target)
    return EXIT_OK
