"""Shared fixtures: an app on a fresh schema, a client that sends CSRF tokens like a
browser does, and sign-in helpers for every role.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from procure import create_app
from procure.auth.models import User
from procure.departments.models import Department
from procure.needs import services as need_services
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD, load_demo_data

ROOT = Path(__file__).resolve().parent.parent


def _hash_cheaply() -> None:
    """argon2's production cost (64 MiB, three passes per hash) is the point in production
    and minutes of the suite's time in its thousands of sign-ins: the tests hash with
    argon2id's cheapest parameters. Servers the tests start in processes of their own
    (the demo, the scale-out pair, the security scan) keep the real cost."""
    from argon2 import PasswordHasher, profiles

    from procure.auth import passwords, twofactor

    passwords._hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    passwords._DUMMY_HASH = passwords._hasher.hash("not a password anybody has")
    twofactor._recovery_hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)


_hash_cheaply()


def _compile_url_rules_once() -> None:
    """Werkzeug compiles two Python functions for each URL rule of each app (URL
    building), which is most of what ``create_app`` costs (about 30 of its 35 ms), and
    the suite makes an app per test. A rule's functions depend only on its parts, its
    defaults and its converters' kinds, so each worker compiles them once and every app
    binds the same ones."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    compiled: dict = {}

    def _compile_builder_once(self, append_unknown: bool = True):
        key = (tuple(self._trace), append_unknown,
               repr(sorted((self.defaults or {}).items(), key=lambda item: item[0])),
               tuple(sorted((name, type(converter)) for name, converter
                            in self._converters.items())))
        if key not in compiled:
            compiled[key] = compile_builder(self, append_unknown)
        return compiled[key]

    Rule._compile_builder = _compile_builder_once


_compile_url_rules_once()
# The official OCDS 1.1.5 schemas, shipped in the repository (data/ocds/README.md).
OCDS_SCHEMAS = ROOT / "data" / "ocds"
TOKEN_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')

# Demo accounts (data/seed/users.json) by the role a test wants to play.
ACCOUNTS = {
    "admin": "admin@procure.example",
    "officer": "officer@procure.example",  # Utbildningsförvaltningen
    "reviewer": "reviewer@procure.example",  # a second officer of the same department
    "other_officer": "traffic.officer@procure.example",  # Trafikkontoret
    "supplier": "supplier@procure.example",  # Kökssvinn Analys AB
    "other_supplier": "supplier2@procure.example",  # Möbelcirkeln AB
    "pending_supplier": "newcolleague@procure.example",
}


class BrowserLikeClient(FlaskClient):
    """A test client that fetches a CSRF token before each form post, as a page would."""

    def csrf_token(self) -> str:
        page = self.get("/accessibility").get_data(as_text=True)
        match = TOKEN_PATTERN.search(page)
        assert match, "no CSRF token on the page"
        return match.group(1)

    def post_form(self, url: str, data: dict | None = None, **kwargs):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)


# The fixtures through which a test reaches a database. A test without any of them runs
# the same on SQLite and PostgreSQL (a PDF built from plain data, a rule, a chart).
DATABASE_FIXTURES = {"database_url", "empty_database_url"}


def pytest_collection_modifyitems(config, items):
    """CI's PostgreSQL pass (PROCURE_DATABASE_FREE_TESTS=once-done) skips the tests that
    never open a database: they ran in the same CI run's SQLite pass, and a second run
    on PostgreSQL would check nothing new."""
    if os.environ.get("PROCURE_DATABASE_FREE_TESTS") != "once-done":
        return
    skip = pytest.mark.skip(reason="opens no database: it ran in this CI run's SQLite pass")
    for item in items:
        if not DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(skip)


def _database_url(tmp_path_factory, worker: str) -> str:
    """SQLite: a file in this worker's temporary folder. PostgreSQL: TEST_DATABASE_URL, or
    under pytest-xdist a database of each worker's own beside it (``<name>_gw0``...)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")
    if worker == "master":
        return url
    base = sa.engine.make_url(url)
    own = base.set(database=f"{base.database}_{worker}")
    _admin_execute(base, f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)',
                   f'CREATE DATABASE "{own.database}"')
    return own.render_as_string(hide_password=False)


def _admin_execute(url, *statements: str) -> None:
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            for statement in statements:
                connection.execute(sa.text(statement))
    finally:
        admin.dispose()


@pytest.fixture(scope="session")
def worker_id_or_master(request) -> str:
    """pytest-xdist's worker id ("gw0", "gw1"...), or "master" when run without it."""
    return getattr(request.config, "workerinput", {}).get("workerid", "master")


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    os.environ["PROCURE_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, instance_path, worker_id_or_master) -> str:
    url = _database_url(tmp_path_factory, worker_id_or_master)
    app = create_app(config_for_tests(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    yield url
    if worker_id_or_master != "master" and url.startswith("postgresql"):
        _admin_execute(sa.engine.make_url(url),
                       f'DROP DATABASE IF EXISTS "{sa.engine.make_url(url).database}" WITH (FORCE)')


def config_for_tests(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "PROCURE_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEED_DIR": str(ROOT / "data" / "seed"),
        "RATELIMIT_STORAGE_URI": "memory://",
        # Tests change data and read the dashboard at once; tests/metrics checks the cache.
        "FIGURES_CACHE_SECONDS": 0,
        # Likewise the public pages kept for anonymous visitors: tests/core checks it.
        "PUBLIC_CACHE_SECONDS": 0,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config() -> dict:
    """Override to change the configuration of one test module's app."""
    return {}


def app_for_tests(database_url: str, **overrides):
    """An app on the test database whose test clients behave like a browser."""
    app = create_app(config_for_tests(database_url, **overrides))
    app.test_client_class = BrowserLikeClient
    return app


def empty_and_close(app) -> None:
    """Empty every table and close the app's connections: the next user of the test
    database starts from nothing, on SQLite and PostgreSQL alike."""
    with app.app_context():
        db.session.remove()
        _empty_tables()
        db.engine.dispose()


@pytest.fixture
def app(database_url, app_config):
    app = app_for_tests(database_url, **app_config)
    yield app
    empty_and_close(app)


def _empty_tables() -> None:
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # The audit trail refuses DELETE (a trigger, procure.audit.models); the tests'
            # own cleanup sets triggers aside for its transaction, as a replica does.
            # Only a superuser may: the test database's user is one.
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture(scope="session")
def demo_rows(database_url) -> dict[str, list[dict]]:
    """The demo data, loaded once through the real loaders and kept as rows.

    Loading it takes most of a second (revisions, language checks, a password hash);
    copying the rows back into the tables for each test takes a few milliseconds.
    """
    app = create_app(config_for_tests(database_url))
    with app.app_context():
        load_demo_data(app.config["SEED_DIR"])
        db.session.commit()
        rows = table_rows()
    empty_and_close(app)
    return rows


@pytest.fixture
def seeded(app, demo_rows):
    """The app with the demo data: departments, organisations, accounts, CPV codes, needs."""
    with app.app_context():
        copy_rows(demo_rows)
    return app


def table_rows() -> dict[str, list[dict]]:
    """Every row of every table, by table name, in primary-key order."""
    return {table.name: [dict(row._mapping) for row in db.session.execute(
                table.select().order_by(*table.primary_key.columns))]
            for table in db.metadata.sorted_tables}


def copy_rows(rows: dict[str, list[dict]]) -> None:
    """Put rows kept by ``table_rows`` back into the (empty) tables."""
    try:
        with db.engine.begin() as connection:
            for table in db.metadata.sorted_tables:
                if rows[table.name]:
                    connection.execute(table.insert(), rows[table.name])
            if connection.dialect.name == "postgresql":
                _advance_sequences(connection)
    except sa.exc.IntegrityError as error:
        raise AssertionError(_left_behind()) from error


def _left_behind() -> str:
    """Why the demo rows did not go in: which tables a test before left rows in."""
    with db.engine.connect() as connection:
        tables = [table.name for table in db.metadata.sorted_tables if connection.execute(
            sa.select(sa.func.count()).select_from(table)).scalar()]
    return (f"the tables were not empty when this test began ({', '.join(tables)}): a test "
            "before it on this worker left rows behind. One that builds an app of its own on "
            "the test database must empty it after (tests.conftest.empty_and_close).")


def _advance_sequences(connection) -> None:
    """Rows copied with their ids leave PostgreSQL's id sequences behind: move them on,
    every table's in one statement (one per table was a fifth of a test's setup)."""
    moves = [f"setval(pg_get_serial_sequence('{table.name}', 'id'), "
             f"COALESCE((SELECT MAX(id) FROM {table.name}), 1), "
             f"(SELECT MAX(id) FROM {table.name}) IS NOT NULL)"
             for table in db.metadata.sorted_tables
             if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement]
    connection.execute(sa.text("SELECT " + ", ".join(moves)))


@pytest.fixture
def client(app) -> BrowserLikeClient:
    return app.test_client()


def sign_in(client: BrowserLikeClient, email: str, password: str = DEMO_PASSWORD):
    response = client.post_form("/login", {"email": email, "password": password})
    assert response.status_code == 303, f"sign-in as {email} failed"
    if response.headers["Location"] == "/login/code":
        response = client.post_form("/login/code", {"code": totp_code(client.application, email)})
        assert response.status_code == 303, f"the sign-in code of {email} was refused"
    return response


def totp_code(app, email: str) -> str:
    """A code from the user's authenticator app that the app has not accepted yet.

    A code works once: a test that signs one admin in twice within 30 seconds gets the
    next time step's code, which is accepted a step early; a third waits for a new step.
    """
    import time

    import pyotp

    with app.app_context():
        user = db.session.execute(db.select(User).filter_by(email=email)).scalar_one()
        totp, last_step = pyotp.TOTP(user.totp_secret), user.totp_last_step
    step = max(int(time.time()) // 30, (last_step or 0) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    return totp.at(step * 30)


@pytest.fixture
def login(seeded, client):
    """``login("officer")`` signs the client in as the demo account of that role."""

    def _login(role: str) -> BrowserLikeClient:
        sign_in(client, ACCOUNTS[role])
        return client

    return _login


@pytest.fixture
def make_client(seeded):
    """A second, independent browser: ``make_client("supplier")``."""

    def _make(role: str | None = None) -> BrowserLikeClient:
        other = seeded.test_client()
        if role:
            sign_in(other, ACCOUNTS[role])
        return other

    return _make


def user_by_role(role: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=ACCOUNTS[role])).scalar_one()


@pytest.fixture
def make_need(seeded):
    """``make_need(title=..., department="UTB", author="officer")`` → the new draft's reference."""

    def _make(title="Färre fallolyckor i hemtjänsten", department="UTB", author="officer",
              language="sv", **fields):
        with seeded.app_context():
            dept = db.session.execute(db.select(Department).filter_by(code=department)).scalar_one()
            actor = user_by_role(author)
            need = need_services.create_need(title=title, department=dept, officer=actor,
                                             language=language, actor=actor)
            for name, value in fields.items():
                setattr(need, name, value)
            if fields:
                need_services.finish_save(need, actor, "description")
            db.session.commit()
            return need.reference

    return _make
