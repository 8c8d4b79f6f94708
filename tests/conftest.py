"""Shared fixtures: an app on a fresh schema, a client that sends CSRF tokens like a
browser does, and sign-in helpers for every role.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from procure import create_app
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD, load_demo_data

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
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


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def instance_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("instance")
    os.environ["PROCURE_INSTANCE_PATH"] = str(path)
    return path


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, instance_path) -> str:
    url = _database_url(tmp_path_factory)
    app = create_app(config_for_tests(url))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return url


def config_for_tests(database_url: str, **overrides) -> dict:
    config = {
        "TESTING": True,
        "PROCURE_ENV": "testing",
        "SECRET_KEY": "test-secret-key-not-for-production",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SEED_DIR": str(ROOT / "data" / "seed"),
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config() -> dict:
    """Override to change the configuration of one test module's app."""
    return {}


@pytest.fixture
def app(database_url, app_config):
    app = create_app(config_for_tests(database_url, **app_config))
    app.test_client_class = BrowserLikeClient
    yield app
    with app.app_context():
        db.session.remove()
        # Every test starts from empty tables, on SQLite and PostgreSQL alike.
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
        db.engine.dispose()


@pytest.fixture
def seeded(app):
    """The app with the demo departments, organisations and accounts loaded."""
    with app.app_context():
        load_demo_data(app.config["SEED_DIR"])
        db.session.commit()
    return app


@pytest.fixture
def client(app) -> BrowserLikeClient:
    return app.test_client()


def sign_in(client: BrowserLikeClient, email: str, password: str = DEMO_PASSWORD):
    response = client.post_form("/login", {"email": email, "password": password})
    assert response.status_code == 303, f"sign-in as {email} failed"
    return response


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
