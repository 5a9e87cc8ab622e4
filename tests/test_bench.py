"""The benchmark machinery works: one tiny run (20 synthetic documents, one build each).

No timing assertions: machines are noisy. The numbers only have to exist and
make sense relative to each other.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench import corpus, measure, report, run
from bench.projects import ROOT
from portaal.core.catalog import load_catalog
from portaal.core.taxonomy import load_taxonomy
from tests.helpers import write_taxonomy


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bench")


@pytest.fixture(scope="module")
def results(work: Path) -> list[run.SizeResult]:
    return run.bench([20], [1], seed=7, work=work, say=lambda _: None)


def test_synthetic_policies_are_valid_varied_and_deterministic(tmp_path: Path) -> None:
    taxonomy = load_taxonomy(ROOT / "policies" / "taxonomie.yml")
    policies = corpus.generate(60, taxonomy, seed=3)
    assert [p.text() for p in policies] == [p.text() for p in corpus.generate(60, taxonomy, seed=3)]
    corpus.write(policies, tmp_path)
    write_taxonomy(tmp_path)
    catalog = load_catalog(tmp_path)
    assert len(catalog) == 60
    assert len({p.type for p in catalog}) >= 4
    assert len({p.owner for p in catalog}) >= 3
    assert any(p.next_review < corpus.TODAY for p in catalog)
    assert any(p.next_review > corpus.TODAY for p in catalog)
    words = [len(p.body.split()) for p in catalog]
    assert min(words) >= corpus.TARGET_WORDS
    assert all("|---|" in p.body and "\n## " in p.body and "\n- " in p.body for p in catalog)


def test_synthetic_policies_keep_the_date_rules_at_benchmark_size(tmp_path: Path) -> None:
    # the date rules refuse a next review before the date a document took effect; at 3,000 generated
    # policies about one in 150 broke that rule, and `make bench` stopped at its first build
    taxonomy = load_taxonomy(ROOT / "policies" / "taxonomie.yml")
    corpus.write(corpus.generate(600, taxonomy, seed=1), tmp_path)
    write_taxonomy(tmp_path)
    catalog = load_catalog(tmp_path)
    assert len(catalog) == 600
    assert any(p.review_by is not None and p.review_by < corpus.TODAY for p in catalog)


def test_one_tiny_run_measures_everything(results: list[run.SizeResult]) -> None:
    result, = results
    assert result.policies == 20
    assert result.own > 0  # the portal's own documents are part of the set
    assert len(result.portal_seconds) == len(result.plain_seconds) == 1
    assert result.portal_time > 0 and result.plain_time > 0 and result.build_ratio > 0
    assert min(result.portal_peak_mb + result.plain_peak_mb) > 10
    for stats in (result.portal_site, result.plain_site):
        assert 0 < stats.median_html_bytes <= stats.largest_html_bytes < stats.total_bytes
        assert 0 < stats.search_index_bytes < stats.total_bytes
    # the portal has every synthetic and own published document, plus its index pages
    assert result.portal_site.html_pages > result.published > result.policies
    assert result.check_time > 0 and result.floor_time > 0
    assert len(result.check_seconds) == len(result.floor_seconds) == run.CHECK_RUNS


def test_saved_results_render_the_same_page_again(work: Path, results: list[run.SizeResult]) -> None:
    host = report.machine(dt.date(2026, 11, 28))
    report.save_machine(work / "machine.json", host)
    assert report.load_machine(work / "machine.json") == host
    assert run.load_results(work / "results.json") == results


def test_the_page_has_every_table_and_column(results: list[run.SizeResult]) -> None:
    host = report.machine(dt.date(2026, 11, 28))
    page = report.render(results, host, seed=7)
    for head in (report.BUILD_HEAD, report.SITE_HEAD, report.CHECK_HEAD):
        header = "| " + " | ".join(head) + " |"
        assert header in page
        row = page.split(header, 1)[1].splitlines()[2]
        assert row.startswith("| 20 |") and row.count("|") == len(head) + 1
    assert f"{host.cpus} processorkernen" in page and "Python 3." in page and "2026-11-28" in page
    assert "| Mediaan HTML-pagina ≤ 60 KB bij elke omvang |" in page
    assert "{{" not in page and "{%" not in page  # the page is rendered by the macros plugin


@pytest.mark.parametrize(("value", "shown"), [
    (1234.5, "1.234,5"),  # thousands with a dot, decimals with a comma
    (0.25, "0,25"),
])
def test_dutch_numbers(value: float, shown: str) -> None:
    assert report.number(value, 1 if value > 1 else 2) == shown


@pytest.mark.parametrize(("sizes", "runs", "expected"), [
    ("300,1000 3000", "2", [2, 2, 2]),  # one count for all sizes
    ("300,1000", "3,1", [3, 1]),  # one count per size
])
def test_run_counts(sizes: str, runs: str, expected: list[int]) -> None:
    assert run.runs_per_size(run.parse_list(sizes), run.parse_list(runs)) == expected


def test_run_counts_must_match_the_sizes() -> None:
    with pytest.raises(ValueError, match=r"give one run count or one per size \(3\), not 2"):
        run.runs_per_size([1, 2, 3], [1, 2])


def test_every_version_of_the_archive_bench_keeps_the_date_rules(tmp_path: Path) -> None:
    # a new version takes effect on a later day; a next review set before that day is refused by the checker
    import random

    from bench import archive
    taxonomy = load_taxonomy(ROOT / "policies" / "taxonomie.yml")
    write_taxonomy(tmp_path)
    for number, _day, current in archive.versions(corpus.generate(300, taxonomy, seed=1), random.Random(1)):
        corpus.write(current, tmp_path)
        assert len(load_catalog(tmp_path)) == 300, number


def test_archive_bench_builds_with_and_without_the_archive(tmp_path: Path) -> None:
    from bench import archive

    found, = archive.bench([8], 1, seed=7, work=tmp_path)
    assert found.with_archive[0] > 0 and found.without_archive[0] > 0
    # five versions per adopted document: list, five texts and four comparisons each
    assert found.html_pages_with > found.html_pages_without + 8 * 5
    page = tmp_path / "prestaties.md"
    page.write_text("# Prestaties\n", encoding="utf-8")
    archive.write_section(page, archive.render([found], report.machine()))
    archive.write_section(page, archive.render([found], report.machine(), 0.25))  # replaced, not added twice
    text = page.read_text(encoding="utf-8")
    assert text.count(archive.START) == 1 and text.count("| 8 |") == 2
    # what the archive adds on disk: the site's own count of files and folders, and the kernel's time for it
    assert found.entries_with > found.entries_without + 8 * 10
    assert len(found.system_with) == len(found.system_without) == 1
    assert f"| {found.entries_with - found.entries_without} |" in text
    assert "één pagina van 20 kB 0,25 ms processortijd" in text


def test_creating_files_is_measured_on_the_disk_it_is_asked_for(tmp_path: Path) -> None:
    from bench import archive

    cost = archive.creation_cost(tmp_path, count=50)
    assert cost > 0
    assert list(tmp_path.iterdir()) == []  # the measurement leaves nothing behind


def test_removing_a_site_removes_the_build_its_link_points_to(tmp_path: Path) -> None:
    """The portal publishes `site` as a link to its latest build; a cold benchmark build must not
    find (and then spend time removing) the previous one."""
    build = tmp_path / ".portaal-site-site-1"
    (build / "beleid").mkdir(parents=True)
    (build / "beleid" / "index.html").write_text("<p>oud</p>", encoding="utf-8")
    (tmp_path / "site").symlink_to(build.name, target_is_directory=True)
    plain = tmp_path / "plain-site"
    (plain / "sub").mkdir(parents=True)
    measure.remove(tmp_path / "site")
    measure.remove(plain)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
