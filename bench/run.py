"""The benchmark of issue #10: the app under gunicorn against the floor, on PostgreSQL.

    python bench/run.py [--duration 15] [--database-url URL] [--scale nation]

1. makes sure the database holds data (``init-db`` and ``generate-data`` when empty),
2. starts the app (``wsgi:app``) and the floor (``bench/floor.py``) under gunicorn with
   the same settings on 127.0.0.1,
3. signs in as an officer and picks real URLs from the data,
4. drives each endpoint with wrk (``-c16 -t2``; a Python client without wrk) for the
   given time after a short warm-up,
5. reads the workers' memory and stops the servers (also on errors and Ctrl-C),
6. in this process, times the need statement PDF against a bare ReportLab document with
   the same text, and profiles each endpoint (SQL statements and their time, EXPLAIN
   ANALYZE of the slowest, the app's own hot spots),
7. writes ``bench/results/<time>.json`` and ``.md``.

It prints the Markdown table and each target with PASS or FAIL, and exits 1 when a
target fails.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlencode

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests  # noqa: E402
from sqlalchemy import create_engine  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench import dataset, load, report, servers, sqlprofile  # noqa: E402
from bench.bench_pdf import compare  # noqa: E402
from bench.sample_need import sample_need  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/procure_bench"
DEMO_PASSWORD = "procure-demo-2026"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
TOKEN_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
# Limits no benchmark should meet: every request comes from 127.0.0.1.
UNLIMITED = "1000000 per minute"
SAMPLE_LABEL = "sample, ten pages (bench/sample_need.py)"


@dataclass(frozen=True)
class Endpoint:
    """One URL the benchmark drives; ``server`` is "app" or "floor"."""

    name: str
    path: str
    server: str
    signed_in: bool
    content_type: str
    # None: --connections. The search is timed one request at a time: its target is what
    # one search costs (the need list's throughput under load is a target of its own).
    connections: int | None = None


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=15,
                        help="seconds of load per endpoint (default 15)")
    parser.add_argument("--warmup", type=int, default=3,
                        help="seconds of load before each measurement (default 3)")
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
                        help="default: BENCH_DATABASE_URL, else the procure_bench database")
    parser.add_argument("--scale", choices=("demo", "tiny", "city", "nation"), default="nation",
                        help="data to generate when the database is empty (default nation)")
    parser.add_argument("--email", help="the officer to sign in as (default: an officer of "
                                        "the department with the most needs)")
    parser.add_argument("--password", default=DEMO_PASSWORD)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2 * len(os.sched_getaffinity(0)),
                        help="gunicorn workers (default two per core)")
    parser.add_argument("--client", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--pdf-runs", type=int, default=10,
                        help="builds per PDF timing (default 10)")
    parser.add_argument("--explain", type=int, default=5,
                        help="slowest statements to EXPLAIN ANALYZE (default 5)")
    parser.add_argument("--only", help="comma-separated endpoint names (the floors always run)")
    parser.add_argument("--no-export", action="store_true",
                        help="skip export-ocds of everything (ten minutes at nation scale)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    return parser.parse_args(argv)


def endpoints(targets: dataset.Targets) -> dict[str, Endpoint]:
    """The floor's two pages and the pages people use most, with real URLs."""
    reference = targets.need_reference
    found = [
        Endpoint(report.FLOOR_TABLE, "/table", "floor", False, "text/html"),
        Endpoint(report.FLOOR_DB, "/needs", "floor", False, "text/html"),
        Endpoint("dialogue_list", "/dialogues/", "app", False, "text/html"),
    ]
    if targets.dialogue_id:
        found.append(Endpoint("dialogue_page", f"/dialogues/{targets.dialogue_id}", "app",
                              False, "text/html"))
    found += [
        Endpoint("need_list", f"/needs/?{targets.need_list_query}", "app", True, "text/html"),
        Endpoint("need_page", f"/needs/{reference}", "app", True, "text/html"),
        Endpoint("dashboard", "/dashboard", "app", True, "text/html"),
        Endpoint("dashboard_filtered", f"/dashboard?{targets.dashboard_query}", "app", True,
                 "text/html"),
        Endpoint("need_pdf", f"/needs/{reference}/statement.pdf", "app", True,
                 "application/pdf"),
        Endpoint("dashboard_csv", f"/dashboard/needs-by-status.csv?{targets.dashboard_query}",
                 "app", True, "text/csv"),
        Endpoint("need_search", f"/needs/?{urlencode({'q': targets.rare_word})}", "app", True,
                 "text/html", connections=1),
        Endpoint("dialogues_api", "/api/v1/dialogues", "app", False, "application/json"),
        Endpoint("ocds_page", "/api/v1/ocds/releases.json", "app", False, "application/json"),
        Endpoint("atom_feed", "/dialogues/feed.atom", "app", False, "application/atom+xml"),
    ]
    return {endpoint.name: endpoint for endpoint in found}


def sign_in(base_url: str, emails: tuple[str, ...], password: str) -> tuple[str, str]:
    """Sign in through the login form as the first of ``emails`` that can; returns the
    e-mail and the Cookie header that carries the session.

    The cookie is carried by hand: the app's cookies are Secure (production), and
    requests would not send them over the benchmark's plain HTTP.
    """
    for email in emails:
        login = requests.get(base_url + "/login", timeout=30)
        match = TOKEN_PATTERN.search(login.text)
        if not match:
            raise RuntimeError("no CSRF token on the sign-in page")
        answer = requests.post(base_url + "/login", timeout=30, allow_redirects=False,
                               headers={"Cookie": _cookie_header(login)}, data={
                                   "csrf_token": match.group(1), "email": email,
                                   "password": password, "next": ""})
        cookie = _cookie_header(answer)
        if answer.status_code == 303 and requests.get(
                base_url + "/needs/", headers={"Cookie": cookie}, timeout=30,
                allow_redirects=False).status_code == 200:
            return email, cookie
    raise RuntimeError(f"could not sign in as any of {', '.join(emails)}")


def _cookie_header(response: requests.Response) -> str:
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in response.cookies)


def check_answers(endpoints_: dict[str, Endpoint], base_urls: dict[str, str],
                  cookie: str) -> None:
    """Every URL answers 200 with the expected type before any load is measured."""
    for endpoint in endpoints_.values():
        headers = {"Cookie": cookie} if endpoint.signed_in else {}
        answer = requests.get(base_urls[endpoint.server] + endpoint.path, headers=headers,
                              timeout=60, allow_redirects=False)
        if answer.status_code != 200 or \
                not answer.headers.get("Content-Type", "").startswith(endpoint.content_type):
            raise RuntimeError(f"{endpoint.name} {endpoint.path} answered {answer.status_code} "
                               f"{answer.headers.get('Content-Type')}")


def drive(endpoint: Endpoint, url: str, cookie: str, args: argparse.Namespace,
          wrk: str | None) -> load.LoadResult:
    headers = {"Cookie": cookie} if endpoint.signed_in else {}
    connections = endpoint.connections or args.connections

    def run(seconds: int) -> load.LoadResult:
        if wrk:
            return load.run_wrk(wrk, url, headers, seconds, connections,
                                min(args.threads, connections))
        return load.run_python(url, headers, seconds, connections)

    if args.warmup:
        run(args.warmup)
    return run(args.duration)


def http_pdf_median_ms(url: str, cookie: str, runs: int) -> float:
    """Median time of downloading the statement PDF, one request after another."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = requests.get(url, headers={"Cookie": cookie}, timeout=60)
        answer.raise_for_status()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def first_byte_ms(url: str) -> float:
    """Milliseconds until the first byte of an answer, on a quiet server."""
    started = time.perf_counter()
    with requests.get(url, stream=True, timeout=120) as response:
        next(response.iter_content(1))
        return round((time.perf_counter() - started) * 1000, 1)


def ocds_export(env: dict[str, str], work: Path) -> dict:
    """``export-ocds`` of the whole database to a compressed file: its time and the
    process's peak memory (from the kernel's accounting of that one child)."""
    out = work / "releases.json.gz"
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "flask", "--app", "procure", "export-ocds",
                              "--out", str(out)], cwd=servers.ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    output = child.stdout.read().decode(errors="replace").strip() if child.stdout else ""
    if child.returncode:
        raise RuntimeError(f"export-ocds failed: {output[-500:]}")
    return {"seconds": round(time.perf_counter() - started, 1),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
            "bytes": out.stat().st_size, "output": output.splitlines()[-1:]}


def in_process_app(url: str, secret: str):
    """The app in this process, for PDF and SQL timings without the load."""
    from procure import create_app

    # Nothing kept for anonymous visitors: the in-process figures are what building each
    # page costs (under load the public pages are built once per PUBLIC_CACHE_SECONDS).
    return create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret,
                       "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                       "SESSION_COOKIE_SECURE": False, "PUBLIC_CACHE_SECONDS": 0})


def real_statement_pdf(app, reference: str, runs: int) -> dict:
    """The benchmarked need's own statement against a bare document of its text."""
    from procure.needs.queries import by_reference
    from procure.needs.statement import statement_document

    with app.test_request_context():
        document = statement_document(by_reference(reference))
        return compare(document, runs)


def cold_figures_ms(app, targets: dataset.Targets) -> dict[str, float]:
    """What computing the dashboards' figures costs when none are kept (once per
    FIGURES_CACHE_SECONDS per selection under load): the best of three, in process."""
    from procure.metrics import figures
    from procure.metrics.queries import Filters

    query = {key: values[0] for key, values in parse_qs(targets.dashboard_query).items()}
    selections = {"dashboard": Filters(department_id=targets.department_id),
                  "dashboard_whole_city": Filters(),
                  "dashboard_filtered": Filters(
                      year=int(query["year"]) if "year" in query else None,
                      department_id=targets.department_id,
                      cpv_division=query.get("division"))}
    timings = {}
    with app.app_context():
        for name, filters in selections.items():
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                figures.compute(filters)
                runs.append((time.perf_counter() - started) * 1000)
            timings[name] = round(min(runs), 1)
    return timings


def profile_sql(app, email: str, password: str, paths: dict[str, str],
                explain: int) -> tuple[dict, list[dict]]:
    """Statements per endpoint and the slowest ones' plans (see bench/sqlprofile.py)."""
    from procure.extensions import db

    client = app.test_client()
    answer = client.post("/login", data={"email": email, "password": password, "next": ""})
    if answer.status_code != 303:
        raise RuntimeError(f"in-process sign-in answered {answer.status_code}")
    with app.app_context():
        engine = db.engine
    # No app context may stay open around the requests: each request must get its own,
    # so its session ends with it, as under gunicorn (a shared session would answer
    # later requests from its identity map without SQL).
    profiles = sqlprofile.profile_endpoints(client, engine, paths)
    summary = {name: {
        "request_ms": round(profile.request_ms, 1), "statements": len(profile.statements),
        "sql_ms": round(profile.sql_ms, 1),
        "slowest": [{"ms": round(s.ms, 1), "sql": s.short()}
                    for s in sorted(profile.statements, key=lambda s: -s.ms)[:3]],
        "hot_spots": [{"where": where, "ms": ms} for where, ms in profile.hot_spots]}
        for name, profile in profiles.items()}
    slow = [{"endpoint": name, "ms": round(statement.ms, 1), "sql": statement.sql,
             "parameters": repr(statement.parameters)[:500],
             "plan": sqlprofile.explain_analyze(engine, statement)}
            for name, statement in sqlprofile.slowest(profiles, explain)]
    return summary, slow


@dataclass
class UnderLoad:
    """What the servers measured: per endpoint under load, then memory and one PDF."""

    email: str
    results: dict[str, load.LoadResult]
    # The SQLAlchemy floor measured just before each app endpoint: ratios from adjacent
    # rounds, so a load that rises during the run biases none of them.
    adjacent_floor: dict[str, load.LoadResult]
    load_average: dict[str, float]
    memory_mb: dict[str, list[float]]
    http_pdf_ms: float
    ocds_first_byte_ms: float


def measure_under_load(args: argparse.Namespace, targets: dataset.Targets,
                       chosen: dict[str, Endpoint], work: Path, wrk: str | None) -> UnderLoad:
    """Start both servers, drive every endpoint, read memory; always stop the servers."""
    results: dict[str, load.LoadResult] = {}
    load_average: dict[str, float] = {}
    started: list[servers.Server] = []
    try:
        app = servers.start_gunicorn("app", "wsgi:app", {}, args.workers, work)
        started.append(app)
        floor = servers.start_gunicorn("floor", "bench.floor:create_app()", {}, args.workers,
                                       work)
        started.append(floor)
        servers.wait_ready(app, "/healthz")
        servers.wait_ready(floor, "/table")
        by_name = {"app": (app, "/healthz"), "floor": (floor, "/table")}
        email, cookie = sign_in(app.base_url, targets.officer_emails, args.password)
        check_answers(chosen, {name: server.base_url for name, (server, _) in by_name.items()},
                      cookie)
        adjacent: dict[str, load.LoadResult] = {}
        floor_db = chosen.get(report.FLOOR_DB)
        for endpoint in chosen.values():
            server, quick_path = by_name[endpoint.server]
            if endpoint.server == "app" and floor_db is not None:
                # The floor again right before each app endpoint (floor, app, floor, app):
                # each ratio compares two rounds under the same load.
                servers.wait_idle(floor, "/table")
                adjacent[endpoint.name] = drive(floor_db, floor.base_url + floor_db.path,
                                                cookie, args, wrk)
            servers.wait_idle(server, quick_path)
            load_average[endpoint.name] = round(os.getloadavg()[0], 2)
            print(f"driving {endpoint.name} {endpoint.path} (load {load_average[endpoint.name]}) "
                  "...", flush=True)
            results[endpoint.name] = drive(endpoint, server.base_url + endpoint.path, cookie,
                                           args, wrk)
        memory = {name: [round(servers.rss_mb(pid), 1) for pid in servers.worker_pids(server)]
                  for name, (server, _) in by_name.items()}
        pdf_path = f"/needs/{targets.need_reference}/statement.pdf"
        http_pdf_ms = http_pdf_median_ms(app.base_url + pdf_path, cookie, args.pdf_runs)
        first_byte = first_byte_ms(app.base_url + "/api/v1/ocds/releases.json")
        return UnderLoad(email, results, adjacent, load_average, memory, http_pdf_ms,
                         first_byte)
    except Exception:
        print(f"the servers' logs are kept in {work}", file=sys.stderr)
        raise
    finally:
        for server in reversed(started):
            servers.stop(server)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A TERM (not only Ctrl-C) must reach the finally that stops the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = datetime.now(timezone.utc)
    work = Path(tempfile.mkdtemp(prefix="procure-bench-"))
    secret = secrets.token_hex(32)
    url = args.database_url
    # The production settings of wsgi.py, with limits that never throttle one client.
    os.environ.update({
        "PROCURE_ENV": "production", "SECRET_KEY": secret, "DATABASE_URL": url,
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "http://127.0.0.1"),
        "PROCURE_INSTANCE_PATH": str(work / "instance"), "LOGIN_RATE_LIMIT": UNLIMITED,
        "OPEN_DATA_RATE_LIMIT": UNLIMITED, "REGISTER_RATE_LIMIT": UNLIMITED,
        "PASSWORD_RESET_RATE_LIMIT": UNLIMITED, "QUESTION_RATE_LIMIT": UNLIMITED})

    generated = dataset.ensure_data(url, args.scale, dict(os.environ))
    engine = create_engine(url)
    try:
        targets = dataset.pick_targets(engine, args.email)
        rows = dataset.row_counts(engine)
    finally:
        engine.dispose()
    chosen = endpoints(targets)
    if args.only:
        wanted = set(args.only.split(","))
        chosen = {name: e for name, e in chosen.items() if e.server == "floor" or name in wanted}
    wrk = None if args.client == "python" else load.find_wrk()
    if args.client == "wrk" and not wrk:
        raise SystemExit("wrk is not installed and could not be installed")

    measured = measure_under_load(args, targets, chosen, work, wrk)

    print("timing PDFs and profiling SQL in process ...", flush=True)
    pdf_builds, sql, slow, cold, export, failure = {}, {}, [], {}, {}, None
    try:
        local = in_process_app(url, secret)
        pdf_builds[SAMPLE_LABEL] = compare(sample_need(), args.pdf_runs)
        pdf_builds[targets.need_reference] = real_statement_pdf(local, targets.need_reference,
                                                                args.pdf_runs)
        app_paths = {name: e.path for name, e in chosen.items() if e.server == "app"}
        sql, slow = profile_sql(local, measured.email, args.password, app_paths, args.explain)
        cold = cold_figures_ms(local, targets)
        if not args.no_export:
            print("exporting the whole OCDS package ...", flush=True)
            export = ocds_export(dict(os.environ), work)
    except Exception as error:  # the load figures are worth writing all the same
        failure = f"{type(error).__name__}: {error}"
        print(f"the in-process measurements failed: {failure}", file=sys.stderr)

    found = report.checks(measured.results, pdf_builds.get(SAMPLE_LABEL, {}),
                          measured.memory_mb["app"], measured.adjacent_floor, cold, export,
                          measured.ocds_first_byte_ms)
    if failure:
        found.append(report.Check("in-process PDF timings and SQL profile", failure, False))
    run = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "settings": {"database": make_url(url).render_as_string(hide_password=True),
                     "workers": args.workers, "cores": len(os.sched_getaffinity(0)),
                     "client": "wrk" if wrk else "python", "connections": args.connections,
                     "threads": args.threads, "duration": args.duration,
                     "warmup": args.warmup},
        "data": {"rows": rows, "generated_now": generated, "officer": measured.email,
                 "need": targets.need_reference, "dialogue": targets.dialogue_id},
        "paths": {name: e.path for name, e in chosen.items()},
        "endpoints": {name: result.as_dict() for name, result in measured.results.items()},
        "adjacent_floor": {name: result.as_dict()
                           for name, result in measured.adjacent_floor.items()},
        "ocds_export": export, "ocds_first_byte_ms": measured.ocds_first_byte_ms,
        "load_average": measured.load_average,
        "checks": [check.as_dict() for check in found],
        "pdf": {"builds": pdf_builds, "http_median_ms": round(measured.http_pdf_ms, 1),
                "http_runs": args.pdf_runs,
                "http_path": f"/needs/{targets.need_reference}/statement.pdf"},
        "memory_mb": measured.memory_mb,
        "sql": sql,
        "figures_cold_ms": cold,
        "slow_statements": slow,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / started.strftime("%Y%m%d-%H%M%S")
    stem.with_suffix(".json").write_text(json.dumps(run, indent=2, ensure_ascii=False) + "\n")
    stem.with_suffix(".md").write_text(report.markdown(run, measured.results, found,
                                                       adjacent=measured.adjacent_floor))
    print()
    print(report.markdown(run, measured.results, found, with_plans=False,
                          adjacent=measured.adjacent_floor))
    print(f"Written: {stem}.json and {stem}.md (with the slowest statements' plans)")
    shutil.rmtree(work, ignore_errors=True)  # kept after a failure: the servers' logs
    return 0 if all(check.passed for check in found) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted: every server this run started is stopped", file=sys.stderr)
        sys.exit(130)
