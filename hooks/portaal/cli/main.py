"""The `portaal` command: checks, exports and help for policy owners.

Thin glue: every verdict and every file format comes from the domain modules
(checks, exports, scaffold, schema, linkcheck). This module reads the clock
and the environment, parses options and turns results into exit codes.

Start-up counts (`portaal check` runs in every merge request): a command's heavy
modules are imported in its own body, and the commands that live in other modules
(`geldend`, `codeowners`, `nginx`) are imported only when called or listed
(`LAZY_COMMANDS`), so `portaal check` loads only what the check needs.
"""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from ..core.catalog import TAXONOMY_FILE, load_catalog, read_catalog
from ..core.history import GitError
from ..core.model import Policy, Status
from ..core.problems import CatalogError
from ..core.publication import Publication
from ..core.review import DEFAULT_DUE_SOON_DAYS
from ..core.schema import Field, json_schema, parse_date
from ..core.settings import SettingsError, today_from
from ..core.taxonomy import Taxonomy, load_taxonomy
from ..site.linktargets import site_targets
from . import checks, scaffold

EXIT_OK, EXIT_FAILED, EXIT_USAGE = checks.EXIT_OK, checks.EXIT_FAILED, checks.EXIT_USAGE
DEFAULT_FOLDER = "policies"
HELP_HELP = "Toon deze hulp en stop."


# -- Dutch framing for click ---------------------------------------------------

class DutchCommand(click.Command):
    """A click command whose help and usage lines are in Dutch."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[OPTIES]")
        super().__init__(*args, **kwargs)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_HELP
        return option

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="Gebruik: ")

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        records = [(record[0], _dutch_extra(record[1])) for param in self.get_params(ctx)
                   if isinstance(param, click.Option) and (record := param.get_help_record(ctx))]
        if records:
            with formatter.section("Opties"):
                formatter.write_dl(records)


_HELP_EXTRA = re.compile(r"\[([^\[\]]*)\]$")
_EXTRA_WORDS = (("default: ", "standaard: "), ("env var: ", "omgevingsvariabele: "), ("required", "verplicht"))


def _dutch_extra(text: str) -> str:
    """Click's note after an option's help ("[default: 5; x>=1]", "[required]") in Dutch."""
    def translate(match: re.Match[str]) -> str:
        parts = []
        for part in match[1].split("; "):
            for english, dutch in _EXTRA_WORDS:
                if part.startswith(english):
                    part = dutch + part[len(english):]
                    break
            parts.append(re.sub(r"^x>=(\S+)$", r"minstens \1", re.sub(r"^x<=(\S+)$", r"hoogstens \1", part)))
        return "[" + "; ".join(parts) + "]"
    return _HELP_EXTRA.sub(translate, text)


class DutchGroup(DutchCommand, click.Group):
    """A click group in Dutch that reports wrong usage in Dutch and exits with 2.

    `lazy_commands` (name -> "module:attribute") are commands in other modules, imported only
    when called or listed (click's documented lazy-loading pattern)."""

    command_class = DutchCommand
    group_class = type

    def __init__(self, *args: Any, lazy_commands: dict[str, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "OPDRACHT [ARGUMENTEN]...")
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                              list[str]]:
        if args and self.get_command(ctx, args[0]) is None:
            for name in self.lazy_commands:  # an unknown command: click suggests from every loaded one
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if commands:
            width = formatter.width - 6 - max(len(name) for name, _command in commands)
            with formatter.section("Opdrachten"):
                formatter.write_dl([(name, command.get_short_help_str(width)) for name, command in commands])

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            _show_usage_error(error)
            code = EXIT_USAGE
        except click.ClickException as error:
            click.echo(f"Fout: {error.format_message()}", err=True)
            code = error.exit_code
        except click.Abort:
            click.echo("Afgebroken.", err=True)
            code = EXIT_FAILED
        else:
            code = result if isinstance(result, int) else EXIT_OK
        if standalone_mode:
            sys.exit(code)
        return code


def _show_usage_error(error: click.UsageError) -> None:
    if isinstance(error, click.exceptions.NoArgsIsHelpError):
        click.echo(error.format_message(), err=True)
        return
    ctx = error.ctx
    if ctx is not None:
        click.echo(ctx.get_usage(), err=True)
        click.echo(f"Hulp: {ctx.command_path} --help\n", err=True)
    click.echo(f"Fout: {dutch_message(error)}", err=True)


_CLICK_MESSAGES = (
    (re.compile(r"No such command '(.+?)'\. \(Did you mean one of: (.+)\?\)"),
     r"onbekende opdracht '\1'; bedoel je een van: \2?"),
    (re.compile(r"No such command '(.+)'\."), r"onbekende opdracht '\1'"),
    (re.compile(r"Missing command\."), "geef een opdracht"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), r"onverwacht argument: \1"),
    (re.compile(r"Option '(.+)' requires an argument\."), r"de optie '\1' heeft een waarde nodig"),
)


_CLICK_VALUE_MESSAGES = (
    (re.compile(r"File '(.+)' does not exist\."), r"het bestand '\1' bestaat niet"),
    (re.compile(r"Directory '(.+)' does not exist\."), r"de map '\1' bestaat niet"),
    (re.compile(r"Path '(.+)' does not exist\."), r"'\1' bestaat niet"),
    (re.compile(r"File '(.+)' is a directory\."), r"'\1' is een map; geef een bestand"),
    (re.compile(r"Directory '(.+)' is a file\."), r"'\1' is een bestand; geef een map"),
    (re.compile(r"(.+) is not in the range x>=(.+)\."), r"\1 is te klein: minstens \2"),
    (re.compile(r"(.+) is not in the range x<=(.+)\."), r"\1 is te groot: hoogstens \2"),
    (re.compile(r"'(.*)' is not a valid integer(?: range)?\."), r"'\1' is geen geheel getal"),
)
"""Click's own texts about a value (paths, numbers), in Dutch."""


def _dutch_value_message(text: str) -> str:
    for pattern, dutch in _CLICK_VALUE_MESSAGES:
        if pattern.fullmatch(text):
            return pattern.sub(dutch, text)
    return text


def dutch_message(error: click.UsageError) -> str:
    """Click's usage errors in Dutch, as far as we know them; otherwise click's own text."""
    if isinstance(error, click.MissingParameter):
        hint = _param_hint(error)
        return f"{hint} ontbreekt" if hint else error.format_message()
    if isinstance(error, click.BadParameter):
        hint = _param_hint(error)
        message = _dutch_value_message(error.message)
        return f"ongeldige waarde voor {hint}: {message}" if hint else message
    if isinstance(error, click.NoSuchOption):
        message = f"onbekende optie '{error.option_name}'"
        if error.possibilities:
            message += f"; bedoel je {' of '.join(sorted(error.possibilities))}?"
        return message
    text = error.format_message()
    for pattern, dutch in _CLICK_MESSAGES:
        if pattern.fullmatch(text):
            return pattern.sub(dutch, text)
    return text


def _param_hint(error: click.BadParameter) -> str:
    if error.param_hint is not None:
        hint = error.param_hint
        return " / ".join(hint) if not isinstance(hint, str) else hint
    if error.param is not None and error.ctx is not None:
        return error.param.get_error_hint(error.ctx)
    return ""


class FolderType(click.ParamType[Path]):
    name = "map"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if not path.exists():
            self.fail(f"de map '{value}' bestaat niet", param, ctx)
        if not path.is_dir():
            self.fail(f"'{value}' is geen map", param, ctx)
        return path


class FileType(click.ParamType[Path]):
    name = "bestand"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = Path(value)
        if not path.exists():
            self.fail(f"het bestand '{value}' bestaat niet", param, ctx)
        if path.is_dir():
            self.fail(f"'{value}' is een map, geen bestand", param, ctx)
        return path


class DateType(click.ParamType[dt.date]):
    name = "datum"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_date(str(value))
        except ValueError:
            self.fail(f"verwacht een datum als 2026-06-30, gevonden '{value}'", param, ctx)


class DaysType(click.ParamType[int]):
    name = "dagen"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        text = str(value)
        if not text.isdigit() or int(text) > 3650:
            self.fail(f"verwacht een aantal dagen van 0 tot en met 3650, gevonden '{value}'", param, ctx)
        return int(text)


class ChoiceType(click.Choice[str]):
    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        return f"'{value}' kan niet; kies uit: {', '.join(map(str, self.choices))}"


FOLDER = FolderType()
DATE = DateType()
DAYS = DaysType()


def _folder_argument(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("folder", metavar="[PAD]", type=FOLDER, default=DEFAULT_FOLDER)(function)


def _today_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--today", type=DATE, metavar="DATUM",
                        help="Doe alsof het deze dag is (JJJJ-MM-DD). Zonder deze optie: PORTAAL_TODAY, "
                             "anders vandaag.")(function)


def _output_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), metavar="BESTAND",
                        help="Schrijf naar dit bestand in plaats van naar het scherm.")(function)


_SITE_URL = re.compile(r"https?://[^\s<>\"'/]+(?:/[^\s<>\"']*)?")


def _site_address(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """An empty value (addresses relative to the site) or an http(s) address."""
    if value and not _SITE_URL.fullmatch(value):
        raise click.BadParameter(f"verwacht het adres van de site, zoals https://integriteit.douane.example/, "
                                 f"gevonden '{value}'")
    return value


def _base_url_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--base-url", default="", metavar="URL", callback=_site_address,
                        help="Maak de adressen van pagina's volledig, bijvoorbeeld "
                             "https://integriteit.douane.example/ (standaard: ten opzichte van de site).")(function)


def _base_url_option_for_mail(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--base-url", metavar="URL",
                        help="Adres van de site, voor de links in de mail (bijvoorbeeld "
                             "https://integriteit.douane.example/). Standaard: PORTAAL_BASE_URL.")(function)


def _today(given: dt.date | None) -> dt.date:
    if given is not None:
        return given
    try:
        return today_from(os.environ, dt.date.today)
    except SettingsError as error:
        raise click.UsageError(str(error)) from None


_WRITE_ERRORS = {errno.ENOENT: "die map bestaat niet", errno.EISDIR: "dat is een map",
                 errno.EACCES: "daar mag je niet schrijven", errno.EPERM: "daar mag je niet schrijven",
                 errno.ENOSPC: "de schijf is vol", errno.EROFS: "daar kan niemand schrijven (alleen lezen)"}


def _write(data: str | bytes, output: Path | None) -> None:
    """The command's output, to standard output or the file `output`; when that cannot be written, a Dutch
    message and exit code 2 (no traceback). A reader that stops early (`| head`) ends it quietly."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if output is None:
            stream = sys.stdout.buffer
            stream.write(raw)
            stream.flush()
        else:
            output.write_bytes(raw)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        raise click.exceptions.Exit(EXIT_OK) from None
    except OSError as error:
        where = "de uitvoer (standaarduitvoer)" if output is None else f"'{output}'"
        reason = _WRITE_ERRORS.get(error.errno or 0, error.strerror or str(error))
        click.echo(f"Fout: kan niet schrijven naar {where}: {reason}. Er is niets geschreven.", err=True)
        raise click.exceptions.Exit(EXIT_USAGE) from None
    if output is not None:
        click.echo(f"Geschreven: {output}", err=True)


def _portal(folder: Path, today: dt.date, due_soon_days: int = DEFAULT_DUE_SOON_DAYS) -> Publication:
    try:
        catalog = load_catalog(folder, targets=site_targets)
    except CatalogError as error:
        click.echo(error.report(), err=True)
        click.echo("Los eerst deze problemen op; 'portaal check' laat ze ook zien.", err=True)
        raise click.exceptions.Exit(EXIT_FAILED) from None
    return Publication(catalog, today, due_soon_days)


def _taxonomy(folder: Path) -> Taxonomy:
    try:
        return load_taxonomy(folder / TAXONOMY_FILE)
    except CatalogError as error:
        click.echo(error.report(), err=True)
        raise click.exceptions.Exit(EXIT_FAILED) from None


# -- commands ---------------------------------------------------------------------

LAZY_COMMANDS = {
    "geldend": "portaal.cli.archive:geldend",
    "codeowners": "portaal.cli.archive:codeowners_command",
    "nginx": "portaal.cli.nginx:nginx_command",
}
"""Commands in their own modules, with their own heavy imports (tabulate, the archive, the web server)."""


@click.group(cls=DutchGroup, context_settings={"help_option_names": ["-h", "--help"]},
             lazy_commands=LAZY_COMMANDS)
def portaal() -> None:
    """Integriteitsportaal van de Douane: beleid controleren, exporteren en nieuwe documenten maken.

    Voer de opdrachten uit in de map van het portaal (waar mkdocs.yml staat).
    """


@portaal.command()
@_folder_argument
@click.option("--format", "output_format", type=ChoiceType(["tekst", "json", "junit"]), default="tekst",
              help="tekst (standaard): tabel per eigenaar; json: voor scripts; junit: voor CI-systemen.")
@_today_option
@click.option("--due-soon-days", type=DAYS, default=DEFAULT_DUE_SOON_DAYS, metavar="DAGEN",
              help=f"Binnen hoeveel dagen een beoordeling 'binnenkort' is (standaard {DEFAULT_DUE_SOON_DAYS}).")
@click.option("--overdue-as-warning", is_flag=True,
              help="Meld verlopen beoordelingen, maar laat de controle er niet op falen.")
@_output_option
@click.option("--tegen", "against", metavar="REF", default=None,
              help="Vergelijk vastgestelde teksten met deze git-ref (de doeltak van een merge request, "
                   "bijvoorbeeld origin/main) in plaats van met de laatste commit.")
def check(folder: Path, output_format: str, today: dt.date | None, due_soon_days: int, overdue_as_warning: bool,
          output: Path | None, against: str | None) -> int:
    """Controleer alle beleidsdocumenten in PAD (standaard: policies).

    Meldt alle fouten in de front matter in één keer, en per document of de
    beoordeling actueel, binnenkort of verlopen is.

    \b
    Uitkomst (exitcode):
      0  alles in orde
      1  fouten, of een verlopen beoordeling (niet met --overdue-as-warning)
      2  verkeerd gebruik (onbekende optie, map bestaat niet)
    """
    with checks.without_cycle_collector():
        try:
            report = checks.run_check(folder, _today(today), due_soon_days, overdue_as_warning=overdue_as_warning,
                                      against=against)
        except GitError as error:
            raise click.BadParameter(f"git kan '{against}' niet vergelijken: {error}",
                                     param_hint="'--tegen'") from None
        renderers: dict[str, Callable[[checks.CheckReport], str]] = {
            "tekst": checks.render_text, "json": checks.render_json, "junit": checks.render_junit}
        render = renderers[output_format]
        _write(render(report), output)
    return report.exit_code


@portaal.group(cls=DutchGroup)
def export() -> None:
    """Exporteer het gepubliceerde beleid: register (JSON), inventaris (CSV) of beoordelingskalender (ICS)."""


@export.command("register")
@_folder_argument
@_today_option
@_base_url_option
@_output_option
def export_register(folder: Path, today: dt.date | None, base_url: str, output: Path | None) -> int:
    """Register van alle gepubliceerde documenten met gegevens en adres (JSON).

    De site publiceert hetzelfde register als register.json.
    """
    from ..core.history import read_archive
    from ..site import exports  # only here: keeps `portaal check` quick to start
    portal = _portal(folder, _today(today))
    portal.archive = read_archive(folder, [p for p in portal.visible if not p.is_concept], portal.today)
    _write(exports.register_json(portal, base_url), output)
    return EXIT_OK


@export.command("csv")
@_folder_argument
@_today_option
@_base_url_option
@_output_option
def export_csv(folder: Path, today: dt.date | None, base_url: str, output: Path | None) -> int:
    """Inventaris van het gepubliceerde beleid voor Excel (CSV met ';', UTF-8)."""
    from ..site import exports  # only here: keeps `portaal check` quick to start
    _write(exports.inventory_csv(_portal(folder, _today(today)), base_url), output)
    return EXIT_OK


@export.command("ics")
@_folder_argument
@_today_option
@click.option("--owner", metavar="EIGENAAR", help="Alleen de documenten van deze eigenaar (id uit de taxonomie).")
@_base_url_option
@_output_option
def export_ics(folder: Path, today: dt.date | None, owner: str | None, base_url: str, output: Path | None) -> int:
    """Beoordelingskalender: per document een afspraak op de dag van de volgende beoordeling (iCalendar)."""
    from ..site import exports  # only here: keeps `portaal check` quick to start
    portal = _portal(folder, _today(today))
    if owner is not None and owner not in portal.taxonomy.owners:
        raise click.BadParameter(f"onbekende eigenaar '{owner}'; kies uit: {', '.join(portal.taxonomy.owners)}",
                                 param_hint="'--owner'")
    _write(exports.review_calendar(portal, owner, base_url), output)
    return EXIT_OK


@portaal.command("herinneringen")
@_folder_argument
@click.option("--dry-run", "dry_run", type=click.Path(file_okay=False, path_type=Path), metavar="MAP",
              help="Verstuur niets: schrijf elk bericht als MAP/<eigenaar>.eml.")
@click.option("--smtp", metavar="SERVER:POORT",
              help="Verstuur via deze mailserver (STARTTLS verplicht; poort standaard 587). Inloggen met "
                   "PORTAAL_SMTP_USER en PORTAAL_SMTP_PASSWORD uit de omgeving.")
@click.option("--from", "sender", metavar="ADRES", help="Afzender (From). Standaard: PORTAAL_MAIL_FROM.")
@click.option("--reply-to", metavar="ADRES",
              help="Adres voor antwoorden (Reply-To). Standaard: PORTAAL_MAIL_REPLY_TO, anders de afzender.")
@_base_url_option_for_mail
@_today_option
@click.option("--due-soon-days", type=DAYS, default=DEFAULT_DUE_SOON_DAYS, metavar="DAGEN",
              help=f"Binnen hoeveel dagen een beoordeling 'binnenkort' is (standaard {DEFAULT_DUE_SOON_DAYS}).")
def herinneringen(folder: Path, dry_run: Path | None, smtp: str | None, sender: str | None, reply_to: str | None,
                  base_url: str | None, today: dt.date | None, due_soon_days: int) -> int:
    """Mail elke eigenaar de documenten die verlopen of binnenkort te beoordelen zijn.

    Eén bericht per eigenaar (mailbox uit taxonomie.yml), in tekst en HTML, met
    het adres van elk document en wat je moet doen. Eigenaren zonder zulke
    documenten krijgen niets.

    \b
    Uitkomst (exitcode):
      0  verstuurd of geschreven (of niets te versturen)
      1  fouten in het beleid, of versturen mislukt
      2  verkeerd gebruik (optie ontbreekt of is fout)
    """
    from . import reminders  # only here: keeps `portaal check` quick to start
    if (dry_run is None) == (smtp is None):
        raise click.UsageError("kies --dry-run MAP (alleen schrijven) of --smtp SERVER:POORT (versturen)")
    try:
        host, port = reminders.server(smtp) if smtp is not None else ("", 0)
        settings = reminders.mail_settings(sender, reply_to, base_url, os.environ)
        user, password = reminders.credentials(os.environ)
    except reminders.ReminderError as error:
        raise click.UsageError(str(error)) from None
    portal = _portal(folder, _today(today), due_soon_days)
    try:
        found = reminders.collect(portal)
    except CatalogError as error:
        click.echo(error.report(), err=True)
        return EXIT_FAILED
    now = dt.datetime.now(dt.UTC)
    messages = [(reminder, reminders.compose(reminder, portal, settings, now)) for reminder in found]
    for reminder, _message in messages:
        note = " (let op: mailbox nog niet bevestigd in taxonomie.yml)" if reminder.unconfirmed else ""
        click.echo(f"{reminder.owner.id}: {len(reminder.overdue)} verlopen, {len(reminder.due_soon)} binnenkort"
                   f" -> {reminder.address}{note}")
    if dry_run is not None:
        try:
            written = reminders.write_eml(messages, dry_run)
        except OSError as error:
            click.echo(f"Fout: kan de berichten niet schrijven in '{dry_run}': {error.strerror or error}", err=True)
            return EXIT_FAILED
        for path in written:
            click.echo(f"Geschreven: {path}")
    elif messages:
        try:
            sent = reminders.send([message for _reminder, message in messages], host, port, user, password)
        except reminders.ReminderError as error:
            click.echo(f"Fout: {error}", err=True)
            return EXIT_FAILED
        click.echo(f"Verstuurd: {sent} {'bericht' if sent == 1 else 'berichten'} via {host}:{port}.")
    if not messages:
        click.echo("Geen herinneringen: geen enkel document is verlopen of binnenkort te beoordelen.")
    return EXIT_OK


@portaal.command()
@_folder_argument
@_output_option
def schema(folder: Path, output: Path | None) -> int:
    """Schrijf het JSON Schema van de front matter (met de waarden uit de taxonomie in PAD)."""
    data = json_schema(_taxonomy(folder))
    _write(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    return EXIT_OK


@portaal.command()
@_folder_argument
@click.option("--docs", "docs_folder", type=FOLDER, default=Path("docs"), show_default=True, metavar="MAP",
              help="Zoek ook in de vaste pagina's in deze map.")
@click.option("--strict", is_flag=True, help="Eindig met code 1 als er nog gegevens te bevestigen zijn.")
def placeholders(folder: Path, docs_folder: Path, strict: bool) -> int:
    """Toon alle gegevens die de eigenaar nog moet bevestigen ([TE BEVESTIGEN: ...])."""
    from ..core import placeholders as placeholder_search  # only here: keeps `portaal check` quick to start
    files = sorted([*folder.glob("*.md"), *folder.glob("*.yml"), *docs_folder.rglob("*.md")])
    found, unreadable = placeholder_search.scan(files)
    for item in found:
        click.echo(checks.terminal_safe(f"{item.path}:{item.line}: {item.text}"))
    for problem in unreadable:
        click.echo(f"Fout: {problem}", err=True)
    noun = "gegeven" if len(found) == 1 else "gegevens"
    click.echo(f"{len(found)} {noun} te bevestigen in {len({item.path for item in found})} bestanden.")
    if unreadable:
        click.echo(f"{len(unreadable)} {'bestand' if len(unreadable) == 1 else 'bestanden'} niet gelezen; "
                   "daar kunnen nog gegevens te bevestigen staan.", err=True)
        return EXIT_FAILED
    return EXIT_FAILED if strict and found else EXIT_OK


@portaal.command("linkcheck")
@click.option("--site", type=FOLDER, metavar="MAP",
              help="Controleer deze al gebouwde site. Zonder deze optie bouwt de opdracht de site eerst.")
@click.option("--config", "mkdocs_config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default="mkdocs.yml", metavar="BESTAND", help="Instellingen van de site (standaard mkdocs.yml).")
@click.option("--linkcheckerrc", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              default=".ci/linkcheckerrc", metavar="BESTAND",
              help="Instellingen van LinkChecker, met [AnchorCheck] (standaard .ci/linkcheckerrc).")
def linkcheck_command(site: Path | None, mkdocs_config: Path, linkcheckerrc: Path) -> int:
    """Zoek kapotte links en ankers in de site met LinkChecker (via http://127.0.0.1)."""
    from . import linkcheck  # only here: keeps `portaal check` quick to start
    try:
        if site is None:
            result = linkcheck.check_project(mkdocs_config, linkcheckerrc)
        else:
            result = linkcheck.check_folder(site, linkcheckerrc)
    except linkcheck.LinkcheckError as error:
        click.echo(f"Fout: {error}", err=True)
        return EXIT_FAILED
    click.echo(result.output)
    click.echo("Geen kapotte links of ankers gevonden." if result.ok else "Er zijn kapotte links of ankers.")
    return EXIT_OK if result.ok else EXIT_FAILED


@portaal.command("zoekrapport")
@click.argument("logs", metavar="LOGBESTAND...", nargs=-1, required=True, type=FileType())
@click.option("--periode", type=ChoiceType(["week", "maand", "alles"]), default="maand", show_default=True,
              help="Tel per week, per maand of over de hele periode.")
@click.option("--minimum", type=click.IntRange(min=1), default=5, show_default=True, metavar="AANTAL",
              help="Laat zoekvragen weg van minder dan dit aantal verschillende bezoekers per periode.")
@click.option("--format", "output_format", type=ChoiceType(["tabel", "csv", "markdown"]), default="tabel",
              show_default=True, help="tabel: op het scherm; csv: voor Excel; markdown: een pagina om te lezen.")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True, metavar="AANTAL",
              help="Zoveel regels per lijst (tabel en markdown).")
@click.option("--suggest", is_flag=True,
              help="Stel bij elke vaak gezochte vraag zonder resultaat het document voor dat het best past.")
@click.option("--beleid", "folder", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FOLDER,
              show_default=True, metavar="MAP", help="Map met beleid: voor titels en voorstellen.")
@click.option("--basis", default="/", show_default=True, metavar="PAD",
              help="Het pad van het portaal op de webserver, zoals /integriteit/. Andere adressen tellen niet mee.")
@click.option("--host", default=None, metavar="NAAM",
              help="Alleen regels van deze site (voor logs met de sitenaam vooraan, zoals Apache vhost_combined).")
@click.option("--vanaf", type=DATE, default=None, metavar="DATUM", help="Alleen vanaf deze dag (JJJJ-MM-DD).")
@click.option("--tot", type=DATE, default=None, metavar="DATUM", help="Alleen tot en met deze dag (JJJJ-MM-DD).")
@_output_option
def zoekrapport(logs: tuple[Path, ...], periode: str, minimum: int, output_format: str, top: int, suggest: bool,
                folder: Path, basis: str, host: str | None, vanaf: dt.date | None, tot: dt.date | None,
                output: Path | None) -> int:
    """Wat collega's zochten: een rapport uit de toegangslogs van de webserver (ook .gz).

    Meest gezocht, zonder resultaat, niets geopend en welke documenten na het
    zoeken geopend zijn. Zonder adressen, namen, browsers of tijden; alleen
    zoekvragen van minstens --minimum verschillende bezoekers.
    """
    from . import searchlog  # only here: keeps `portaal check` quick to start
    if vanaf is not None and tot is not None and vanaf > tot:
        raise click.BadParameter(f"{vanaf.isoformat()} ligt na --tot {tot.isoformat()}; geen dag past daartussen",
                                 param_hint="'--vanaf'")
    try:
        collector = searchlog.collect(logs, basis, host, periode, vanaf, tot)
    except searchlog.SearchLogError as error:
        click.echo(f"Fout: {error}", err=True)
        return EXIT_FAILED
    if not collector.lines:
        click.echo("Fout: de logbestanden zijn leeg; er is niets te tellen. Is dit het goede bestand?", err=True)
        return EXIT_FAILED
    if collector.lines and collector.malformed == collector.lines:
        click.echo("Fout: geen enkele regel is een toegangslog in het combined- of common-formaat van nginx of "
                   "Apache; is dit het goede bestand?", err=True)
        return EXIT_FAILED
    if suggest and not folder.is_dir():
        raise click.BadParameter(f"de map '{folder}' bestaat niet; --suggest heeft het beleid nodig",
                                 param_hint="'--beleid'")
    policies = _portal(folder, _today(None)).catalog.policies if suggest else _titles_only(folder)
    report = collector.report(minimum, searchlog.page_titles(policies))
    if suggest:
        report = searchlog.with_suggestions(
            report, searchlog.Matcher(p for p in policies if p.status is Status.ADOPTED), top)
    renderers: dict[str, Callable[[], str | bytes]] = {
        "tabel": lambda: searchlog.render_table(report, top),
        "csv": lambda: searchlog.render_csv(report),
        "markdown": lambda: searchlog.render_markdown(report, top),
    }
    _write(renderers[output_format](), output)
    if output_format == "csv":  # the table itself has no room for them: what was skipped, and the privacy rule
        for line in searchlog.summary(report):
            click.echo(line, err=True)
    return EXIT_OK


def _titles_only(folder: Path) -> tuple[Policy, ...]:
    """The valid policies for their titles; a broken policy set only costs its titles here."""
    if not folder.is_dir():
        return ()
    try:
        return read_catalog(folder)[0].policies
    except CatalogError:
        return ()


def _new_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """An option per scaffold field, generated from the schema's declaration."""
    for field in reversed(scaffold.fields()):
        extra = " Meerdere: scheid met komma's." if field.kind in scaffold.LIST_KINDS else ""
        function = click.option(f"--{field.name.replace('_', '-')}", field.name, metavar=field.kind.upper(),
                                help=f"{field.label}: {field.description}{extra}")(function)
    return function


@portaal.command()
@_folder_argument
@_new_options
@_today_option
@click.option("--no-input", is_flag=True, help="Vraag niets; neem voor wat ontbreekt de standaardwaarde.")
def new(folder: Path, today: dt.date | None, no_input: bool, **given: str | None) -> int:
    """Maak een nieuw beleidsdocument met geldige front matter.

    Geef de gegevens als opties, of beantwoord de vragen. Het nieuwe document
    krijgt status 'concept' (niet gepubliceerd) tot je iets anders kiest. Bij
    status 'vastgesteld' horen ook --adopted-by, --decision en --decision-date.
    """
    if given.get("review_by") is not None and given.get("review_interval") is not None:
        raise click.UsageError("geef --review-by of --review-interval, niet allebei: een vaste datum voor de "
                               "volgende beoordeling, of een termijn in maanden")
    taxonomy = _taxonomy(folder)
    known = scaffold.existing_ids(folder)
    answers: dict[str, Any] = {}
    missing: list[str] = []
    for field in scaffold.fields():
        raw = given.get(field.name)
        if raw is None:
            if not scaffold.asked(field, answers):
                continue
            default = scaffold.defaults(taxonomy, _today(today), str(answers.get("title", ""))).get(field.name, "")
            if no_input:
                if not default:
                    missing.append(f"--{field.name.replace('_', '-')}")
                    continue
                raw = default
            else:
                raw = _ask(field, default, taxonomy, known)
        answers[field.name] = scaffold.parse_answer(field, raw)
    if missing:
        raise click.UsageError(f"geef ook {', '.join(missing)} (of laat --no-input weg om de vragen te krijgen)")
    try:
        path, text = scaffold.scaffold(folder, answers, taxonomy)
    except scaffold.ScaffoldError as error:
        raise click.UsageError("het document is niet gemaakt:\n" + "\n".join(
            f"  {field}: {message}" if field else f"  {message}" for field, message in error.problems)) from None
    path.write_text(text, encoding="utf-8")
    click.echo(f"Nieuw document: {path}")
    _refresh_codeowners(folder)
    click.echo(f"Vul de tekst aan en controleer met: portaal check {folder}")
    for warning in scaffold.redundant_audience(answers.get("audience") or [], taxonomy):
        click.echo(f"Let op: audience: {warning}", err=True)
    return EXIT_OK


def _refresh_codeowners(folder: Path) -> None:
    """A committed CODEOWNERS gets the new document's line, so `portaal check` passes as it is."""
    from . import codeowners  # only here: keeps `portaal check` quick to start
    try:
        catalog = read_catalog(folder)[0]
        refreshed = codeowners.refresh(catalog, folder)
    except (CatalogError, OSError):
        return  # `portaal check` names the problem
    if refreshed is not None:
        click.echo(f"Bijgewerkt: {refreshed} (de eigenaar van het nieuwe document); commit het mee.")


def _ask(field: Field, default: str, taxonomy: Taxonomy, known: dict[str, Path]) -> str:
    """Ask for one field until the answer is valid."""
    if field.collection:
        many = " (meerdere: scheid met komma's)" if field.kind in scaffold.LIST_KINDS else ""
        options = scaffold.choices(field.collection, taxonomy)
        width = max(len(key) for key, _name in options)
        click.echo(f"Kies uit (typ het kenmerk links){many}:")
        for key, name in options:
            click.echo(f"  {key.ljust(width)}  {name}")
    while True:
        text = str(click.prompt(f"{field.label} ({field.name})", default=default or None, show_default=True))
        value = scaffold.parse_answer(field, text)
        problem = scaffold.check_answer(field, value, taxonomy)
        if problem is None and field.name == "id" and text.strip().casefold() in known:
            problem = f"het kenmerk '{text.strip()}' bestaat al; kies een ander kenmerk"
        if problem is None and not text.strip():
            problem = "vul iets in"
        if problem is None:
            return text
        click.echo(f"Fout: {problem}", err=True)


def main() -> None:
    """Entry point of the installed `portaal` command."""
    portaal.main(prog_name="portaal")
