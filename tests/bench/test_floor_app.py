"""The benchmark's floor app (bench/floor.py) renders its two pages, so it cannot rot
unnoticed: every figure of the benchmark is measured against it."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bench.floor import ROWS, NeedRow, create_app, db
from procure.extensions import db as app_db
from procure.needs.models import Need

ROW_PATTERN = re.compile(r"<tr><td>([^<]*)</td><td>([^<]*)</td>")


def body_rows(page: str) -> list[tuple[str, str]]:
    """(reference, title) of each row in the table body."""
    return ROW_PATTERN.findall(page.split("<tbody>", 1)[1])


@pytest.fixture
def floor_on(tmp_path):
    """``floor_on(url)`` builds the floor app and closes its connections afterwards."""
    apps = []

    def _make(url: str | None = None):
        app = create_app(url or "sqlite:///" + str(tmp_path / "floor.sqlite3"))
        apps.append(app)
        return app

    yield _make
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_jinja_table_shows_fifty_rows(floor_on):
    response = floor_on().test_client().get("/table")

    assert response.status_code == 200
    rows = body_rows(response.get_data(as_text=True))
    assert len(rows) == ROWS
    assert rows[0][0] == "FLR-2026-001" and rows[-1][0] == "FLR-2026-050"


def test_database_page_shows_the_first_fifty_needs_by_id_escaped(floor_on):
    app = floor_on()
    with app.app_context():
        db.create_all()
        # Inserted out of order, one more than a page and a half: the page must sort and cut.
        for number in reversed(range(1, 76)):
            db.session.add(NeedRow(id=number, reference=f"UTB-2026-{number:03d}",
                                   title=f"Behov {number} <b>fet</b>", status="approved",
                                   estimated_value_sek=None if number % 2 else number))
        db.session.commit()

    response = app.test_client().get("/needs")

    assert response.status_code == 200
    rows = body_rows(response.get_data(as_text=True))
    assert [reference for reference, _ in rows] == [f"UTB-2026-{n:03d}" for n in range(1, 51)]
    assert rows[0][1] == "Behov 1 &lt;b&gt;fet&lt;/b&gt;"


def test_floor_reads_the_apps_own_needs_table(seeded, database_url, floor_on):
    # The floor maps the app's table itself: a renamed column must fail here, not in the
    # middle of a benchmark run.
    with seeded.app_context():
        expected = app_db.session.execute(select(Need.reference).order_by(Need.id)).scalars().all()
        app_db.session.remove()
    assert expected, "the demo data has needs"

    response = floor_on(database_url).test_client().get("/needs")

    assert response.status_code == 200
    assert [reference for reference, _ in body_rows(response.get_data(as_text=True))] == expected
