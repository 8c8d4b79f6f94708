"""Time the dashboard's queries one by one, without the figures cache.

The dashboard keeps a selection's figures for FIGURES_CACHE_SECONDS, so under load
``bench/run.py`` measures kept figures. This prints what computing them costs, query
by query (the best of three), on the benchmark's data: for the largest department
(what its officers see), that department in its busiest year and CPV division, the
whole instance (an admin without filters) and the whole instance in one year.

    python bench/dashboard_queries.py [--database-url URL]

The database must hold data already (``bench/run.py`` or ``generate-data`` fills it).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("PROCURE_INSTANCE_PATH", tempfile.mkdtemp(prefix="procure-bench-"))

from sqlalchemy import func, select  # noqa: E402

from bench.run import DEFAULT_DATABASE_URL  # noqa: E402
from procure import create_app  # noqa: E402
from procure.extensions import db  # noqa: E402
from procure.metrics import figures, queries  # noqa: E402
from procure.metrics.queries import Filters  # noqa: E402
from procure.needs.models import Need  # noqa: E402

QUERIES = ("needs_by_status", "median_days_to_approval", "median_days_to_tender",
           "innovation_value_sek", "dialogue_before_tender", "dialogue_count", "taking_part",
           "questions", "findings_by_approval_quarter", "pcp_funnel",
           "contract_terms", "procedures", "organisations_per_dialogue")


def best_ms(function, *args, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function(*args)
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def selections() -> dict[str, Filters]:
    """The largest department, its busiest year and division, all, and the busiest year."""
    department = db.session.execute(select(Need.department_id).group_by(Need.department_id)
                                    .order_by(func.count().desc()).limit(1)).scalar_one()
    year, division = db.session.execute(
        select(Need.year, Need.cpv_division).where(Need.department_id == department)
        .group_by(Need.year, Need.cpv_division).order_by(func.count().desc()).limit(1)).one()
    busiest_year = db.session.execute(select(Need.year).group_by(Need.year)
                                      .order_by(func.count().desc()).limit(1)).scalar_one()
    return {"largest department": Filters(department_id=department),
            f"it in {year}, division {division}": Filters(year=year, department_id=department,
                                                           cpv_division=division),
            "everything": Filters(), f"everything in {busiest_year}": Filters(year=busiest_year)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    args = parser.parse_args(argv)
    app = create_app({"SQLALCHEMY_DATABASE_URI": args.database_url})
    with app.app_context():
        for name, filters in selections().items():
            print(f"{name} ({filters})")
            for query in QUERIES:
                # The page's newest dialogues, as figures.compute asks for them.
                arguments = ((filters, figures.DIALOGUES_SHOWN)
                             if query == "organisations_per_dialogue" else (filters,))
                print(f"  {query:32} {best_ms(getattr(queries, query), *arguments):8.1f} ms")
            print(f"  {'all figures (figures.compute)':32} "
                  f"{best_ms(figures.compute, filters):8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
