"""The benchmark's verdicts (bench/report.py): each target of issue #10 passes or fails
on the figures a run measured."""
from __future__ import annotations

from bench.load import LoadResult
from bench.report import checks, markdown


def measured(requests: int, p99_ms: float, seconds: float = 10.0, **errors) -> LoadResult:
    return LoadResult(client="wrk", requests=requests, seconds=seconds, p50_ms=p99_ms / 2,
                      p90_ms=p99_ms * 0.9, p99_ms=p99_ms, max_ms=p99_ms * 1.2, errors=errors)


def verdicts(results, pdf=None, rss=(120.0,)) -> dict[str, str]:
    return {check.target: check.verdict for check in checks(results, pdf or {}, list(rss))}


def test_pages_need_half_the_floors_throughput_and_a_fast_p99():
    found = verdicts({"floor_sqlalchemy": measured(2000, 40),
                      "need_list": measured(1000, 149),  # 100 req/s against 200: exactly half
                      "need_page": measured(999, 80),
                      "dialogue_list": measured(1500, 150)})

    assert found["need_list: ≥ 0.5 × the SQLAlchemy floor's req/s"] == "PASS"
    assert found["need_list: p99 < 150 ms"] == "PASS"
    assert found["need_page: ≥ 0.5 × the SQLAlchemy floor's req/s"] == "FAIL"
    assert found["need_page: p99 < 150 ms"] == "PASS"
    assert found["dialogue_list: p99 < 150 ms"] == "FAIL"


def test_a_run_where_no_request_finished_fails_instead_of_passing_with_zero():
    found = verdicts({"floor_sqlalchemy": measured(2000, 40), "dashboard": measured(0, 0)})

    assert found["dashboard: p99 < 500 ms"] == "FAIL"


def test_any_error_anywhere_fails_zero_errors_and_names_the_endpoint():
    results = {"floor_sqlalchemy": measured(2000, 40), "need_pdf": measured(50, 900, not_200=3)}
    found = checks(results, {}, [120.0])

    zero_errors = next(check for check in found if check.target == "zero errors")
    assert zero_errors.verdict == "FAIL" and "need_pdf: 3" in zero_errors.measured


def test_pdf_ratio_and_worker_memory_limits():
    # The target is to the like-for-like document: 3 × the flat bare one does not fail.
    pdf = {"statement_ms": 75.0, "like_ms": 50.0, "like_ratio": 1.5, "bare_ms": 25.0,
           "ratio": 3.0, "statement_pages": 10, "bare_pages": 5}
    found = verdicts({"floor_sqlalchemy": measured(2000, 40)}, pdf, rss=(120.0, 251.0))

    assert found["ten-page need statement PDF: ≤ 1.5 × bare ReportLab like for like"] == "PASS"
    assert found["every app worker < 250 MB RSS after the run"] == "FAIL"
    slower = dict(pdf, statement_ms=80.0, like_ratio=1.6)
    assert verdicts({}, slower)["ten-page need statement PDF: ≤ 1.5 × bare ReportLab like for like"] == "FAIL"


def test_markdown_shows_each_endpoint_with_its_ratio_to_the_floors():
    results = {"floor_table": measured(4000, 20), "floor_sqlalchemy": measured(2000, 40),
               "need_page": measured(500, 120)}
    run = {
        "started": "2026-03-05T10:00:00+00:00",
        "settings": {"database": "postgresql+psycopg://postgres@127.0.0.1/procure_bench",
                     "workers": 4, "cores": 2, "client": "wrk", "connections": 16,
                     "threads": 2, "duration": 10, "warmup": 3},
        "data": {"rows": {"needs": 200000}, "officer": "officer1@utb.example"},
        "paths": {"floor_table": "/table", "floor_sqlalchemy": "/needs",
                  "need_page": "/needs/UTB-2026-001"},
        "load_average": {"need_page": 1.5},
        "pdf": {"builds": {}, "http_median_ms": 80.0, "http_runs": 10,
                "http_path": "/needs/UTB-2026-001/statement.pdf"},
        "memory_mb": {"app": [120.0]}, "sql": {}, "slow_statements": [],
    }

    text = markdown(run, results, checks(results, {}, [120.0]))

    assert ("| need_page | `/needs/UTB-2026-001` | 50.0 | 60.0 | 120.0 | 0 | 0.12 | – | 0.25 "
            "| 1.5 |") in text
    assert "| need_page: p99 < 150 ms | 120 ms | **PASS** |" in text


def test_each_ratio_is_to_the_floor_measured_right_before_the_endpoint():
    """A load that rises during the run lowers the floor's later rounds too: the ratio
    uses the adjacent round, not the first one."""
    results = {"floor_sqlalchemy": measured(2000, 40), "need_page": measured(500, 120),
               "need_list": measured(500, 120)}
    adjacent = {"need_page": measured(1000, 60), "need_list": measured(2000, 40)}
    found = {check.target: check for check in checks(results, {}, [120.0], adjacent)}

    page = found["need_page: ≥ 0.5 × the SQLAlchemy floor's req/s"]
    assert page.verdict == "PASS" and "0.50 × 100 (adjacent)" in page.measured
    assert found["need_list: ≥ 0.5 × the SQLAlchemy floor's req/s"].verdict == "FAIL"


def test_search_cold_figures_and_the_ocds_export_have_their_targets():
    results = {"floor_sqlalchemy": measured(2000, 40), "need_search": measured(500, 120)}
    found = {check.target: check.verdict for check in checks(
        results, {}, [120.0], cold_ms={"dashboard": 150.0, "dashboard_whole_city": 250.0},
        export={"seconds": 80.0, "peak_rss_mb": 260.0, "bytes": 90e6},
        ocds_first_byte_ms=300.0)}

    search = "need search for a rare word, one request at a time: p50 < 50 ms"
    assert found[search] == "FAIL"  # 60 ms
    assert found["dashboard: figures not yet kept < 200 ms"] == "PASS"
    assert found["dashboard_whole_city: figures not yet kept < 200 ms"] == "FAIL"
    assert found["OCDS API: first byte < 1000 ms"] == "PASS"
    assert found["export-ocds of everything: completes, peak RSS < 250 MB"] == "FAIL"
