"""The same seed gives the same rows, in this process or another; another seed gives
other rows; a database with needs, or with a clashing department, is refused."""
from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from procure import create_app
from procure.departments.models import Department
from procure.extensions import db
from procure.needs.models import Need
from tests.conftest import ROOT, config_for_tests
from tests.generate.conftest import AS_OF, SEED, generate

# Secrets drawn anew on every run (and the audit event, which has its own time).
UNREPEATED = {"users": ("session_token", "password_hash"), "audit_events": None}


def new_database(tmp_path, name: str):
    """An empty SQLite database of its own, with the schema."""
    url = f"sqlite:///{tmp_path / name}.sqlite3"
    app = create_app(config_for_tests(url))
    with app.app_context():
        db.create_all()
    return app


def rows(app) -> dict[str, list[tuple]]:
    """Every generated row of every table, in key order."""
    found = {}
    with app.app_context():
        for table in db.metadata.sorted_tables:
            if table.name in UNREPEATED and UNREPEATED[table.name] is None:
                continue
            columns = [c for c in table.c if c.name not in UNREPEATED.get(table.name, ())]
            found[table.name] = [tuple(row) for row in db.session.execute(
                select(*columns).order_by(*table.primary_key.columns))]
        db.engine.dispose()
    return found


def test_the_same_seed_gives_the_same_rows_even_in_another_process(generated, tmp_path,
                                                                     instance_path):
    there = new_database(tmp_path, "there")
    with there.app_context():
        url = db.engine.url.render_as_string(hide_password=False)
        db.engine.dispose()
    # Another process, with another hash seed (nothing may depend on the order of a
    # set), writing to another database (SQLite, whatever the tests run on).
    environment = {**os.environ, "DATABASE_URL": url, "PYTHONHASHSEED": "4711",
                   "PROCURE_INSTANCE_PATH": str(instance_path)}
    subprocess.run([sys.executable, "-m", "flask", "--app", "procure", "generate-data",
                    "--scale", "tiny", "--seed", str(SEED), "--as-of", AS_OF],
                   cwd=ROOT, env=environment, check=True, capture_output=True)
    first, second = rows(generated), rows(there)
    assert sum(len(table) for table in first.values()) > 5_000
    for table in first:
        assert first[table] == second[table], table


def test_another_seed_gives_other_rows(generated, tmp_path):
    other = new_database(tmp_path, "other")
    assert generate(other, "--seed", str(SEED + 1)).exit_code == 0
    first, second = rows(generated), rows(other)
    assert first["needs"] != second["needs"]
    assert first["supplier_organisations"] != second["supplier_organisations"]


def test_a_database_with_needs_is_refused(generated):
    with generated.app_context():
        before = db.session.execute(select(func.count(Need.id))).scalar_one()
    result = generate(generated)
    assert result.exit_code != 0 and "has needs already" in result.output
    with generated.app_context():
        assert db.session.execute(select(func.count(Need.id))).scalar_one() == before


def test_a_clash_with_an_existing_department_writes_nothing(tmp_path):
    app = new_database(tmp_path, "clash")
    with app.app_context():
        db.session.add(Department(code="UTB", name_sv="Utbildningsförvaltningen",
                                  name_en="Education Administration"))
        db.session.commit()
    result = generate(app)
    assert result.exit_code != 0 and "Utbildningsförvaltningen" in result.output
    found = rows(app)
    assert len(found["departments"]) == 1 and not found["users"] and not found["cpv_codes"]
