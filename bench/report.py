"""The targets of issues #10 and #19 checked against a run's figures, and the run as
Markdown."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from bench.load import LoadResult

# The pages people use most: at least half the bare SQLAlchemy page's throughput and
# a p99 under 150 ms each.
LIST_AND_DETAIL = ("dialogue_list", "dialogue_page", "need_list", "need_page",
                   "dialogues_api", "atom_feed")
DASHBOARDS = ("dashboard", "dashboard_filtered")
FLOOR_TABLE, FLOOR_DB = "floor_table", "floor_sqlalchemy"

MIN_SHARE_OF_FLOOR = 0.5
PAGE_P99_MS = 150
DASHBOARD_P99_MS = 500
PDF_MAX_RATIO = 1.5
WORKER_RSS_MB = 250
SEARCH_P50_MS = 50
COLD_FIGURES_MS = 200
OCDS_FIRST_BYTE_MS = 1000
EXPORT_RSS_MB = 250


@dataclass(frozen=True)
class Check:
    """One target, what was measured, and whether it was met."""

    target: str
    measured: str
    passed: bool

    @property
    def verdict(self) -> str:
        return "PASS" if self.passed else "FAIL"

    def as_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}


def share_of(results: dict[str, LoadResult], name: str, floor: str) -> float | None:
    if floor not in results or not results[floor].rps:
        return None
    return results[name].rps / results[floor].rps


def _p99_check(name: str, result: LoadResult, limit_ms: float) -> Check:
    target = f"{name}: p99 < {limit_ms} ms"
    if not result.requests:
        # No answer within the run has no percentile: too slow, not fast.
        return Check(target, "no request finished within the run", False)
    return Check(target, f"{result.p99_ms:.0f} ms", result.p99_ms < limit_ms)


def adjacent_share(results: dict[str, LoadResult], adjacent: dict[str, LoadResult],
                   name: str) -> tuple[float | None, float | None]:
    """The endpoint's req/s over the floor's of the round just before it (the floor's
    first round when there was none), and that floor's req/s."""
    floor = adjacent.get(name) or results.get(FLOOR_DB)
    if floor is None or not floor.rps:
        return None, None
    return results[name].rps / floor.rps, floor.rps


def checks(results: dict[str, LoadResult], pdf_sample: dict, app_rss_mb: list[float],
           adjacent: dict[str, LoadResult] | None = None, cold_ms: dict | None = None,
           export: dict | None = None, ocds_first_byte_ms: float | None = None) -> list[Check]:
    """Every target of the issues that this run measured."""
    adjacent = adjacent or {}
    found = []
    for name in LIST_AND_DETAIL:
        if name not in results:
            continue
        share, floor_rps = adjacent_share(results, adjacent, name)
        if share is not None:
            found.append(Check(
                f"{name}: ≥ {MIN_SHARE_OF_FLOOR:g} × the SQLAlchemy floor's req/s",
                f"{results[name].rps:.0f} req/s = {share:.2f} × {floor_rps:.0f} (adjacent)",
                share >= MIN_SHARE_OF_FLOOR))
        found.append(_p99_check(name, results[name], PAGE_P99_MS))
    if "need_search" in results:
        result = results["need_search"]
        found.append(Check(f"need search for a rare word, one request at a time: "
                           f"p50 < {SEARCH_P50_MS} ms",
                           f"{result.p50_ms:.0f} ms", bool(result.requests)
                           and result.p50_ms < SEARCH_P50_MS))
    for name, ms in (cold_ms or {}).items():
        found.append(Check(f"{name}: figures not yet kept < {COLD_FIGURES_MS} ms",
                           f"{ms:.0f} ms", ms < COLD_FIGURES_MS))
    if ocds_first_byte_ms is not None:
        found.append(Check(f"OCDS API: first byte < {OCDS_FIRST_BYTE_MS} ms",
                           f"{ocds_first_byte_ms:.0f} ms",
                           ocds_first_byte_ms < OCDS_FIRST_BYTE_MS))
    if export:
        found.append(Check(f"export-ocds of everything: completes, peak RSS < {EXPORT_RSS_MB} MB",
                           f"{export['seconds']:.0f} s, {export['peak_rss_mb']:.0f} MB, "
                           f"{export['bytes'] / 1e6:.0f} MB gzip",
                           export["peak_rss_mb"] < EXPORT_RSS_MB))
    for name in DASHBOARDS:
        if name in results:
            found.append(_p99_check(name, results[name], DASHBOARD_P99_MS))
    if pdf_sample:
        found.append(Check(
            f"ten-page need statement PDF: ≤ {PDF_MAX_RATIO:g} × bare ReportLab like for like",
            f"{pdf_sample['statement_ms']:.0f} ms / {pdf_sample['like_ms']:.0f} ms = "
            f"{pdf_sample['like_ratio']:.2f} ×", pdf_sample["like_ratio"] <= PDF_MAX_RATIO))
    failing = {name: result.error_count for name, result in results.items() if result.error_count}
    total = sum(result.requests for result in results.values())
    found.append(Check("zero errors",
                       ", ".join(f"{name}: {count}" for name, count in failing.items())
                       or f"0 in {total} requests", not failing))
    if app_rss_mb:
        found.append(Check(f"every app worker < {WORKER_RSS_MB} MB RSS after the run",
                           f"max {max(app_rss_mb):.0f} MB of {len(app_rss_mb)} workers",
                           max(app_rss_mb) < WORKER_RSS_MB))
    return found


def _ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def endpoint_table(results: dict[str, LoadResult], paths: dict[str, str],
                   load: dict[str, float], adjacent: dict[str, LoadResult] | None = None) -> str:
    """One row per endpoint; ``load`` is the machine's 1-minute load average before
    each measurement (other work on the machine shows there); the SQLAlchemy floor's
    ratio is to its round just before the endpoint's."""
    adjacent = adjacent or {}
    lines = ["| endpoint | URL | req/s | p50 ms | p99 ms | errors | × Jinja floor "
             "| adjacent floor req/s | × SQLAlchemy floor | load |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, result in results.items():
        errors = ", ".join(f"{kind} {count}" for kind, count in result.errors.items()) or "0"
        share, floor_rps = adjacent_share(results, adjacent, name)
        lines.append(
            f"| {name} | `{paths[name]}` | {result.rps:.1f} | {result.p50_ms:.1f} "
            f"| {result.p99_ms:.1f} | {errors} | {_ratio(share_of(results, name, FLOOR_TABLE))} "
            f"| {f'{floor_rps:.0f}' if name in adjacent else '–'} | {_ratio(share)} "
            f"| {load.get(name, 0):.1f} |")
    return "\n".join(lines)


def checks_table(found: list[Check]) -> str:
    lines = ["| target | measured | result |", "|---|---|---|"]
    lines += [f"| {check.target} | {check.measured} | **{check.verdict}** |" for check in found]
    return "\n".join(lines)


def pdf_table(rows: dict[str, dict]) -> str:
    lines = ["| document | statement ms | pages | like for like ms | pages | ratio "
             "| bare ReportLab ms | pages | ratio "
             "| bare in the statement's type ms | pages | ratio |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label, figures in rows.items():
        like = (f"{figures['like_ms']:.1f} | {figures['like_pages']} | {figures['like_ratio']:.2f}"
                if "like_ms" in figures else "– | – | –")
        same_type = (f"{figures['same_type_ms']:.1f} | {figures['same_type_pages']} "
                     f"| {figures['same_type_ratio']:.2f}" if "same_type_ms" in figures
                     else "– | – | –")
        lines.append(f"| {label} | {figures['statement_ms']:.1f} | {figures['statement_pages']} "
                     f"| {like} | {figures['bare_ms']:.1f} | {figures['bare_pages']} "
                     f"| {figures['ratio']:.2f} | {same_type} |")
    return "\n".join(lines)


def sql_table(sql: dict[str, dict]) -> str:
    lines = ["| endpoint | request ms | statements | SQL ms | slowest statement |",
             "|---|---:|---:|---:|---|"]
    for name, figures in sql.items():
        top = figures["slowest"][0] if figures["slowest"] else None
        slowest = f"{top['ms']:.1f} ms `{top['sql'][:90]}`" if top else "–"
        lines.append(f"| {name} | {figures['request_ms']:.1f} | {figures['statements']} "
                     f"| {figures['sql_ms']:.1f} | {slowest} |")
    return "\n".join(lines)


def hot_spots(sql: dict[str, dict]) -> str:
    parts = []
    for name, figures in sql.items():
        spots = "\n".join(f"- {spot['ms']:.1f} ms `{spot['where']}`"
                          for spot in figures["hot_spots"])
        parts.append(f"### {name}\n\n{spots}")
    return "\n\n".join(parts)


def busy_machine_warning(run: dict) -> str:
    """A warning when other work competed for the cores (load above the core count)."""
    cores, highest = run["settings"]["cores"], max(run["load_average"].values(), default=0)
    if highest <= cores:
        return f"The machine was quiet enough: load average at most {highest:.1f} on {cores} cores."
    return (f"**The machine was busy**: load average up to {highest:.1f} on {cores} cores, so "
            "the app, the floor and wrk got a share of the cores only. The absolute figures "
            "are low and the ratios noisy; the single-request times below are steadier.")


def markdown(run: dict, results: dict[str, LoadResult], found: list[Check],
             with_plans: bool = True, adjacent: dict[str, LoadResult] | None = None) -> str:
    """The run (its JSON, the load results and the checks) as Markdown: endpoints,
    targets, PDF, memory, SQL, and with ``with_plans`` the slowest statements' plans."""
    settings = run["settings"]
    counts = ", ".join(f"{table} {count}" for table, count in run["data"]["rows"].items())
    parts = [
        f"# Benchmark {run['started']}",
        f"{settings['database']} ({counts}). gunicorn -w {settings['workers']} on "
        f"{settings['cores']} cores; {settings['client']} -c{settings['connections']} "
        f"-t{settings['threads']}, {settings['duration']} s per endpoint after "
        f"{settings['warmup']} s warm-up; signed in as {run['data']['officer']}.",
        busy_machine_warning(run),
        endpoint_table(results, run["paths"], run["load_average"], adjacent),
        "## Targets", checks_table(found),
        "## Need statement PDF",
        pdf_table(run["pdf"]["builds"]) if run["pdf"]["builds"] else "Not measured.",
        f"Over HTTP: {run['pdf']['http_median_ms']:.0f} ms median per statement "
        f"({run['pdf']['http_runs']} downloads one after another of "
        f"`{run['pdf']['http_path']}`).",
        "## Worker memory after the run (RSS)",
        "\n".join(f"- {name}: " + ", ".join(f"{mb:.0f} MB" for mb in values)
                  for name, values in run["memory_mb"].items()),
        "## Time and SQL per endpoint (one request, in process, fastest of three)",
        sql_table(run["sql"]) if run["sql"] else "Not measured.",
    ]
    if run.get("figures_cold_ms"):
        parts += ["## The dashboards' figures without the cache (in process, best of three)",
                  "\n".join(f"- {name}: {ms:.0f} ms (under load, once per "
                            "`FIGURES_CACHE_SECONDS` per selection)"
                            for name, ms in run["figures_cold_ms"].items())]
    if with_plans:
        parts += ["## Where the time goes (cProfile of one request, cumulative)",
                  hot_spots(run["sql"])]
    if with_plans and run["slow_statements"]:
        parts.append("## Slowest statements with EXPLAIN ANALYZE")
        for number, item in enumerate(run["slow_statements"], start=1):
            parts.append(f"### {number}. {item['endpoint']}: {item['ms']:.1f} ms\n\n"
                         f"```sql\n{item['sql']}\n```\n\nparameters: `{item['parameters']}`"
                         f"\n\n```\n{item['plan']}\n```")
    return "\n\n".join(parts) + "\n"
