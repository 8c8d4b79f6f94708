"""Time the dashboard's figures on a city-sized set of needs.

An interim measurement until the data generator of the performance issue exists: it
loads the demo data into an empty database, adds NEEDS synthetic needs with their
approval and tender dates by bulk insert, runs ANALYZE (on PostgreSQL), and prints the
best of five builds of the dashboard for three selections.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/procure_bench \\
        python bench/dashboard_queries.py [NEEDS]

Use a database of its own: the synthetic needs are never removed.
"""
from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import timedelta

from flask_login import login_user
from sqlalchemy import insert, text

os.environ.setdefault("PROCURE_INSTANCE_PATH", tempfile.mkdtemp(prefix="procure-bench-"))

from procure import create_app  # noqa: E402
from procure.auth.models import User  # noqa: E402
from procure.db import utcnow  # noqa: E402
from procure.departments.models import Department  # noqa: E402
from procure.extensions import db  # noqa: E402
from procure.metrics import dashboard, queries  # noqa: E402
from procure.needs.models import Need, NeedStatusChange  # noqa: E402
from procure.needs.views import status_label  # noqa: E402
from procure.seeding import load_demo_data  # noqa: E402

STATUSES = ("draft", "approved", "in_dialogue", "in_procurement", "contracted", "closed",
            "withdrawn")
FIRST_ID = 1_000_000


def add_needs(count: int) -> None:
    random.seed(1)
    departments = db.session.execute(db.select(Department.id)).scalars().all()
    admin = db.session.execute(db.select(User.id).filter_by(role="admin")).scalar_one()
    now = utcnow()
    needs, changes = [], []
    for index in range(count):
        created = now - timedelta(days=random.randint(30, 3650))
        status = random.choice(STATUSES)
        needs.append(dict(
            id=FIRST_ID + index, reference=f"BENCH-{index:07d}",
            department_id=random.choice(departments), year=created.year, sequence=index,
            title=f"Behov {index}", language="sv", status=status, officer_id=admin,
            author_id=admin, version=1, lock_version=1,
            procedure=random.choice(("pcp", "pilot", "open_functional", None)),
            estimated_value_sek=random.randint(100_000, 50_000_000), cpv_main="73110000-6",
            cpv_division="73", created_at=created, updated_at=created,
            finding_count=random.randint(0, 5)))
        if status != "draft":
            changes.append(dict(need_id=FIRST_ID + index, from_status="in_review",
                                to_status="approved",
                                at=created + timedelta(days=random.randint(5, 60))))
        if status in ("in_procurement", "contracted", "closed"):
            changes.append(dict(need_id=FIRST_ID + index, from_status="approved",
                                to_status="in_procurement",
                                at=created + timedelta(days=random.randint(61, 200))))
    db.session.execute(insert(Need), needs)
    db.session.execute(insert(NeedStatusChange), changes)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    app = create_app()
    with app.app_context():
        db.create_all()
        if not db.session.execute(db.select(Need.id).limit(1)).first():
            load_demo_data(app.config["SEED_DIR"])
            db.session.commit()
        if not db.session.get(Need, FIRST_ID):
            add_needs(count)
        total = db.session.execute(db.select(db.func.count(Need.id))).scalar_one()
        print(f"{db.engine.dialect.name}, {total} needs")
    with app.test_request_context("/dashboard"):
        login_user(db.session.execute(db.select(User).filter_by(role="admin")).scalar_one())
        for label, filters in (("whole city", queries.Filters()),
                               ("one year", queries.Filters(year=utcnow().year - 2)),
                               ("one department", queries.Filters(department_id=1))):
            best = float("inf")
            for _ in range(5):
                started = time.perf_counter()
                dashboard.build(filters, label, status_label)
                best = min(best, time.perf_counter() - started)
            print(f"{label:>15}: {best * 1000:6.0f} ms (best of 5)")


if __name__ == "__main__":
    main()
