"""`portaal zoekrapport`: generated access logs in, a privacy-safe report out."""

from __future__ import annotations

import csv
import gzip
import io
import tracemalloc
from pathlib import Path

import pytest

from bench.searchlog import AGENTS, line, open_target, search_target, write_log
from portaal.cli import searchlog
from portaal.core.catalog import load_catalog
from tests.helpers import ROOT, run_cli

BASE = "/integriteit/"
OCT = (2026, 10, 5)
NOV = (2026, 11, 3)


def visitors(count: int, start: int = 1) -> list[str]:
    return [f"10.1.2.{number}" for number in range(start, start + count)]


def write(tmp_path: Path, lines: list[str], name: str = "access.log", gz: bool = False) -> Path:
    path = tmp_path / name
    data = "".join(lines).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def searches(query: str, ips: list[str], day: tuple[int, int, int] = NOV, results: int = 3,
             opened: str | None = None) -> list[str]:
    out = []
    for ip in ips:
        out.append(line(ip, day, search_target(BASE, query, results), user="jjansen"))
        if opened:
            out.append(line(ip, day, open_target(BASE, opened, query), user="jjansen"))
    return out


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A small log with every kind of search and line."""
    lines = [
        *searches("VOG aanvragen", visitors(6), opened="beleid/screening/"),
        *searches("vog   aanvragen", visitors(1)),  # the same visitor and day again: one search
        *searches("verlofregeling", visitors(5), results=0),  # nothing found
        *searches("cadeau", visitors(5)),  # results, nobody opened one
        *searches("naam van een collega", visitors(4)),  # too few visitors: never in the report
        line("10.9.9.9", NOV, "/intranet/nieuws/?q=kantine"),  # another site on the same server
        line("10.1.2.1", NOV, f"{BASE}beleid/screening/"),  # an ordinary page view
        line("10.1.2.1", NOV, search_target(BASE, "fout", 1), status=404),  # not served: not counted
        line("10.1.2.1", NOV, search_target(BASE, "post", 1), method="POST"),  # not a search
        "dit is geen logregel\n",
        '10.1.2.1 - - [31/Foo/2026:10:00:00 +0100] "GET /integriteit/zoekactie.txt?q=x&n=1 HTTP/1.1" 200 1 "-" "-"\n',
    ]
    return write(tmp_path, lines)


def report_for(*paths: Path, minimum: int = 5, period: str = "maand") -> searchlog.Report:
    return searchlog.collect(paths, BASE, period=period).report(minimum)


def rows(report: searchlog.Report) -> dict[str, searchlog.Row]:
    assert len(report.periods) == 1
    return {row.query: row for row in report.periods[0].rows}


def test_counts_searches_results_and_opened_documents(sample: Path) -> None:
    report = report_for(sample)
    found = rows(report)
    assert set(found) == {"vog aanvragen", "verlofregeling", "cadeau"}
    assert found["vog aanvragen"] == searchlog.Row("vog aanvragen", 6, 0, 6, 0, (("beleid/screening/", 6),))
    assert found["verlofregeling"] == searchlog.Row("verlofregeling", 5, 5, 0, 0, ())
    assert found["cadeau"] == searchlog.Row("cadeau", 5, 0, 0, 5, ())
    period = report.periods[0]
    assert [r.query for r in period.without_result(20)] == ["verlofregeling"]
    assert [r.query for r in period.nothing_opened(20)] == ["cadeau"]
    assert period.hidden == 1
    assert report.lines == 33
    assert report.malformed == 2
    assert report.other_sites == 1
    assert report.malformed_examples == (f"{sample}:32", f"{sample}:33")


def test_fewer_visitors_than_the_minimum_are_left_out(sample: Path) -> None:
    assert "naam van een collega" not in rows(report_for(sample, minimum=5))
    assert "naam van een collega" in rows(report_for(sample, minimum=4))


@pytest.mark.parametrize("output_format", ["tabel", "csv", "markdown"])
def test_no_addresses_names_browsers_or_times_in_any_format(sample: Path, output_format: str) -> None:
    result = run_cli("zoekrapport", str(sample), "--basis", BASE, "--format", output_format,
                     "--beleid", str(ROOT / "policies"))
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "vog aanvragen" in text
    for secret in ("10.1.2", "10.9.9.9", "jjansen", "Mozilla", "Chrome", ":10:", "+0100", "naam van een collega",
                   "intranet", "kantine"):
        assert secret not in text, secret


def test_table_output(sample: Path) -> None:
    result = run_cli("zoekrapport", str(sample), "--basis", BASE, "--beleid", str(ROOT / "policies"))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("== November 2026 ==\n\nMeest gezocht:\n")
    assert "Resultaat gevonden, niets geopend:" in out
    assert "vog aanvragen  Screening en meest risicovolle functies (beleid/screening/): 6" in out
    assert ("Privacy: alleen zoekvragen van minstens 5 verschillende bezoekers per periode; 1 zoekvraag "
            "weggelaten.") in out
    assert "Niet herkend als access log (combined): 2 regels" in out


def test_csv_is_excel_ready(sample: Path) -> None:
    result = run_cli("zoekrapport", str(sample), "--basis", BASE, "--format", "csv", "--beleid",
                     str(ROOT / "policies"))
    raw = result.stdout_bytes
    assert raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == ["periode", "zoekvraag", "zoekacties", "zonder resultaat", "resultaat geopend",
                        "niets geopend", "geopende pagina's", "voorstel"]
    assert ["2026-11", "vog aanvragen", "6", "0", "6", "0",
            "Screening en meest risicovolle functies (beleid/screening/): 6", ""] in table


def test_periods_per_week_and_month_and_a_date_window(tmp_path: Path) -> None:
    log = write(tmp_path, [*searches("vog", visitors(5), day=OCT), *searches("vog", visitors(5), day=NOV)])
    assert [p.title for p in report_for(log).periods] == ["Oktober 2026", "November 2026"]
    assert [p.key for p in report_for(log, period="week").periods] == ["2026-W41", "2026-W45"]
    everything = report_for(log, period="alles").periods
    assert [(p.title, p.rows[0].searches) for p in everything] == [("5 oktober 2026 tot en met 3 november 2026", 10)]
    result = run_cli("zoekrapport", str(log), "--basis", BASE, "--vanaf", "2026-11-01", "--format", "csv")
    assert "2026-10" not in result.stdout and "2026-11;vog;5" in result.stdout


def test_the_same_visitor_counts_once_per_day(tmp_path: Path) -> None:
    again = searches("vog", visitors(5)) * 3
    log = write(tmp_path, again + searches("vog", visitors(5), day=(2026, 11, 4)))
    assert rows(report_for(log))["vog"].searches == 10


def test_gzip_is_read_by_content_and_gives_the_same_report(sample: Path, tmp_path: Path) -> None:
    packed = tmp_path / "access.log.1"  # logrotate's name: no .gz, still gzip
    packed.write_bytes(gzip.compress(sample.read_bytes()))
    assert rows(report_for(packed)) == rows(report_for(sample))
    both = report_for(sample, packed)
    assert rows(both)["vog aanvragen"].searches == 6  # the same visitors on the same day
    assert both.lines == 66


def test_a_broken_gzip_file_is_a_dutch_error(tmp_path: Path) -> None:
    broken = tmp_path / "access.log.gz"
    broken.write_bytes(gzip.compress(b"".join(line("10.0.0.1", NOV, "/").encode() for _ in range(500)))[:200])
    result = run_cli("zoekrapport", str(broken))
    assert result.exit_code == 1
    assert f"Fout: {broken}: het bestand is beschadigd of niet helemaal gecomprimeerd" in result.stderr


def test_a_file_that_is_no_access_log_fails(tmp_path: Path) -> None:
    other = write(tmp_path, ["Beste collega,\n", "dit is een brief.\n"], name="brief.txt")
    result = run_cli("zoekrapport", str(other))
    assert result.exit_code == 1
    assert "Fout: geen enkele regel is een toegangslog in het combined- of common-formaat" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bestaat-niet.log"], "het bestand 'bestaat-niet.log' bestaat niet"),
        (["LOG", "--format", "pdf"], "'pdf' kan niet; kies uit: tabel, csv, markdown"),
        (["LOG", "--minimum", "0"], "ongeldige waarde voor '--minimum'"),
        (["LOG", "--periode", "dag"], "'dag' kan niet; kies uit: week, maand, alles"),
    ],
)
def test_wrong_usage_exits_2(sample: Path, args: list[str], message: str) -> None:
    args = [str(sample) if arg == "LOG" else arg for arg in args]
    result = run_cli("zoekrapport", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_other_formats_apache_common_vhost_and_escaped_quotes(tmp_path: Path) -> None:
    common = [f'10.1.2.{n} - - [03/Nov/2026:09:00:00 +0100] "GET {search_target(BASE, "vog", 2)} HTTP/1.1" 200 12\n'
              for n in range(1, 6)]
    quoted = [line(f"10.1.3.{n}", NOV, search_target(BASE, "vog", 2), agent='Zoeker \\"x\\" 1.0')
              for n in range(1, 6)]
    vhost = [f"portaal.example:443 {text}" for text in searches("cadeau", visitors(5))]
    other_vhost = [f"andere.example:443 {text}" for text in searches("kantine", visitors(5))]
    log = write(tmp_path, common + quoted + vhost + other_vhost)
    everything = rows(report_for(log))
    assert everything["vog"].searches == 10 and report_for(log).malformed == 0
    assert set(everything) == {"vog", "cadeau", "kantine"}
    only = searchlog.collect([log], BASE, host="portaal.example").report(5)
    assert set(rows(only)) == {"cadeau"}
    assert only.other_sites == 15


def test_hostile_searches_are_escaped_in_every_format(tmp_path: Path) -> None:
    hostile = ["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "[klik](javascript:alert(1)) | x",
               "terminal\x1b[31mrood"]
    lines = [text for query in hostile for text in searches(query, visitors(5), results=0)]
    log = write(tmp_path, lines)
    markdown = run_cli("zoekrapport", str(log), "--basis", BASE, "--format", "markdown").stdout
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "[klik](javascript" not in markdown and "\\[klik\\]\\(javascript:alert\\(1\\)\\) \\| x" in markdown
    table = run_cli("zoekrapport", str(log), "--basis", BASE).stdout
    assert "\x1b" not in table and "terminal [31mrood" in table
    raw = run_cli("zoekrapport", str(log), "--basis", BASE, "--format", "csv").stdout_bytes.decode("utf-8-sig")
    cells = [row[1] for row in csv.reader(io.StringIO(raw), delimiter=";")]
    assert "'=hyperlink(\"http://x\")" in cells  # a formula never starts a cell


def test_suggest_proposes_the_best_matching_document(tmp_path: Path) -> None:
    queries = ["wie bekijkt mijn zoekacties", "scnabeeld", "praktijkvoorbeelden", "verlofregeling"]
    log = write(tmp_path, [text for query in queries for text in searches(query, visitors(5), results=0)])
    report = searchlog.collect([log], BASE).report(5)
    catalog = load_catalog(ROOT / "policies")
    suggested = searchlog.with_suggestions(report, searchlog.Matcher(p for p in catalog if p.status == "vastgesteld"),
                                           20)
    found = {row.query: row.suggestion for row in suggested.periods[0].rows}
    assert found["wie bekijkt mijn zoekacties"] == "beleid/monitoring-loggegevens/"  # through its questions
    assert found["scnabeeld"] == "beleid/casus-scanbeeld-in-de-groepsapp/"  # a typo
    assert catalog.get(found["praktijkvoorbeelden"].split("/")[1]).type == "casus"  # a longer word form
    assert found["verlofregeling"] == ""  # nothing matches: no suggestion
    result = run_cli("zoekrapport", str(log), "--basis", BASE, "--suggest", "--beleid", str(ROOT / "policies"),
                     "--format", "markdown")
    assert result.exit_code == 0
    assert "| wie bekijkt mijn zoekacties | 5 | Monitoring van loggegevens \\(beleid/monitoring\\-loggegevens/\\) |" \
        in result.stdout


def collect_traced(log: Path) -> tuple[searchlog.Collector, int]:
    """The collector of one log and the peak of Python's memory while reading it."""
    tracemalloc.start()
    try:
        collector = searchlog.collect([log], BASE)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return collector, peak


def test_a_large_log_is_read_as_a_stream(tmp_path: Path) -> None:
    """Memory stays far below the size of the log: lines are counted, not kept."""
    log = write_log(tmp_path / "groot.log.gz", 50_000, gz=True)
    size = sum(len(text) for text in searchlog.read_lines(log))
    collector, peak = collect_traced(log)
    assert collector.lines == 50_000
    assert collector.report(5).periods
    assert peak < size / 4, (peak, size)


@pytest.mark.parametrize("gz", [False, True])
def test_one_huge_line_is_a_wrong_line_read_in_pieces(tmp_path: Path, gz: bool) -> None:
    """A single line of 20 MB (a broken or hostile log) is never held whole, and the lines after it count."""
    search = searches("geschenken", visitors(5))
    huge = line("10.0.0.9", NOV, search_target(BASE, "x" * (20 << 20), 1))
    log = write(tmp_path, [search[0], huge, *search[1:]], gz=gz)
    collector, peak = collect_traced(log)
    assert peak < 2 << 20, peak
    assert (collector.lines, collector.malformed) == (len(search) + 1, 1)
    assert collector.malformed_examples == [f"{log}:2"]
    assert "geschenken" in rows(collector.report(5))


def test_the_generated_log_lines_are_recognised() -> None:
    collector = searchlog.Collector(BASE)
    for text in (line("10.0.0.1", NOV, "/", agent=AGENTS[1]), line("10.0.0.1", NOV, search_target(BASE, "a", 1))):
        collector.add(text)
    assert collector.malformed == 0


def test_csv_names_the_lines_it_skipped_and_the_privacy_rule_beside_the_table(sample: Path) -> None:
    result = run_cli("zoekrapport", str(sample), "--basis", BASE, "--format", "csv")
    assert result.exit_code == 0
    assert "Niet herkend als access log (combined): 2 regels" in result.stderr
    assert "Privacy: alleen zoekvragen van minstens 5 verschillende bezoekers" in result.stderr
    assert "Niet herkend" not in result.stdout  # the CSV itself stays a clean table


def test_suggest_shows_a_dash_when_no_document_fits_any_search(tmp_path: Path) -> None:
    log = write(tmp_path, searches("verlofregeling", visitors(5), results=0))
    for output_format, expected in (("tabel", "Voorstel"), ("markdown", "Voorstel: past bij")):
        result = run_cli("zoekrapport", str(log), "--basis", BASE, "--suggest", "--beleid", str(ROOT / "policies"),
                         "--format", output_format)
        assert result.exit_code == 0, result.output
        assert expected in result.stdout
        section = result.stdout.rsplit("Zonder resultaat", 1)[1]  # its own section, after the most searched
        row = next(text for text in section.splitlines() if "verlofregeling" in text)
        assert row.rstrip(" |").endswith("-"), row


@pytest.mark.parametrize("gz", [False, True])
def test_an_empty_log_is_an_error_not_an_empty_report(tmp_path: Path, gz: bool) -> None:
    log = write(tmp_path, [], name="leeg.log.gz" if gz else "leeg.log", gz=gz)
    result = run_cli("zoekrapport", str(log), "--basis", BASE)
    assert result.exit_code == 1
    assert "Fout: de logbestanden zijn leeg" in result.output


def test_a_date_window_that_ends_before_it_starts_is_refused(sample: Path) -> None:
    result = run_cli("zoekrapport", str(sample), "--vanaf", "2026-12-01", "--tot", "2026-01-01")
    assert result.exit_code == 2
    assert "Fout: ongeldige waarde voor '--vanaf': 2026-12-01 ligt na --tot 2026-01-01" in result.output
