"""The migrations build the same schema as the models, on SQLite and PostgreSQL."""
import os
import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from procure import create_app
from procure.extensions import db
from procure.needs.search import include_object
from tests.conftest import config_for_tests


@pytest.fixture
def empty_database_url(tmp_path):
    """A database of its own, with no tables: a file on SQLite, a new database on PostgreSQL."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield "sqlite:///" + str(tmp_path / "migrations.sqlite3")
        return
    url = sa.engine.make_url(base)
    name = f"procure_migrations_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_migrations_match_the_models(empty_database_url):
    app = create_app(config_for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "include_object": include_object})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], "models and migrations differ: add a migration"
        downgrade(revision="base")
        assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_init_db_command(empty_database_url):
    app = create_app(config_for_tests(empty_database_url))
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert "users" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_the_migrations_make_the_audit_trail_append_only(empty_database_url):
    """On PostgreSQL, init-db's migrations add the trigger that refuses changed or
    removed audit events (the tests' create_all adds it from the model)."""
    if not empty_database_url.startswith("postgresql"):
        pytest.skip("the trigger is PostgreSQL's (set TEST_DATABASE_URL)")
    app = create_app(config_for_tests(empty_database_url))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            triggers = set(connection.execute(sa.text(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
                "AND NOT tgisinternal")).scalars())
        assert triggers == {"audit_events_append_only", "audit_events_no_truncate"}
        downgrade(revision="0014_dialogue_count_index")
        with db.engine.connect() as connection:
            assert connection.execute(sa.text(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
                "AND NOT tgisinternal")).scalar() == 0
        downgrade(revision="base")
        db.engine.dispose()
