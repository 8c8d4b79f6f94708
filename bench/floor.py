"""The floor: a bare Flask app that shows what the stack itself costs.

The benchmark serves it with the same gunicorn settings as the app and compares every
endpoint with it. Two pages:

- ``/table``: a 50-row table rendered by Jinja from rows held in memory (Flask + Jinja);
- ``/needs``: the first 50 rows of the app's ``needs`` table, read through an ORM model
  of the floor's own by Flask-SQLAlchemy and rendered by Jinja (Flask + SQLAlchemy +
  the database + Jinja);
- ``/signed-in/needs``: the same after what any signed-in page needs at least: Flask's
  signed session cookie read, and the account it names loaded by its session token (one
  query), as the app checks a session on the server. ``POST /sign-in`` with ``token``
  starts such a session (``bench/request_costs.py`` compares the app's signed-in pages
  with it).

No procure code is imported: whatever the app adds on top (sessions, access checks,
translations, layout, more queries) is the distance from this floor.

    gunicorn -w 4 -b 127.0.0.1:8001 --chdir REPO 'bench.floor:create_app()'

reads ``DATABASE_URL`` like the app does.
"""
from __future__ import annotations

import os

from flask import Flask, abort, render_template, request, session
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import BigInteger, Boolean, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ROWS = 50


class FloorBase(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=FloorBase)


class NeedRow(db.Model):
    """Five columns of the app's ``needs`` table, mapped by the floor itself."""

    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20))
    estimated_value_sek: Mapped[int | None] = mapped_column(BigInteger)


class UserRow(db.Model):
    """The columns of the app's ``users`` table that a session check reads."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_token: Mapped[str] = mapped_column(String(64))
    is_enabled: Mapped[bool] = mapped_column(Boolean)


# Loaded once by a DictLoader, so Jinja compiles each template once, as it does the
# app's template files (render_template_string would compile on every request).
TEMPLATES = {
    "layout.html": """<!doctype html>
<html lang="sv">
<head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><main><h1>{{ title }}</h1>{% block content %}{% endblock %}</main></body>
</html>
""",
    "rows.html": """{% extends "layout.html" %}
{% block content %}
<table>
  <thead><tr><th scope="col">Reference</th><th scope="col">Title</th>
  <th scope="col">Status</th><th scope="col">Estimated value (SEK)</th></tr></thead>
  <tbody>
  {% for row in rows %}
    <tr><td>{{ row.reference }}</td><td>{{ row.title }}</td><td>{{ row.status }}</td>
    <td>{{ row.estimated_value_sek if row.estimated_value_sek is not none else "–" }}</td></tr>
  {% endfor %}
  </tbody>
</table>
{% endblock %}
""",
}


def memory_rows() -> list[dict]:
    """Fifty rows shaped like needs, for the page that reads no database."""
    return [{"reference": f"FLR-2026-{number:03d}",
             "title": f"Behov nummer {number}: minskat matsvinn i förskolans kök",
             "status": "approved", "estimated_value_sek": number * 100_000}
            for number in range(1, ROWS + 1)]


def _database_url(url: str) -> str:
    # The same spellings the app accepts, so one DATABASE_URL serves both.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_app(database_url: str | None = None) -> Flask:
    """The floor app on ``database_url`` (default: ``DATABASE_URL``, else SQLite in memory)."""
    app = Flask(__name__)
    url = database_url or os.environ.get("DATABASE_URL") or "sqlite://"
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(url)
    # The app's engine options, so the comparison measures the app, not the pool.
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    app.jinja_loader = DictLoader(TEMPLATES)
    # The floor's own sessions: no secret of the app's, shared by the floor's workers.
    app.secret_key = os.environ.get("FLOOR_SECRET_KEY", "the-benchmark-floor-only")
    db.init_app(app)
    in_memory = memory_rows()

    @app.get("/table")
    def table():
        return render_template("rows.html", title="Jinja table", rows=in_memory)

    @app.get("/needs")
    def needs():
        return _first_rows()

    @app.post("/sign-in")
    def sign_in():
        session["token"] = request.form["token"]
        return "", 204

    @app.get("/signed-in/needs")
    def signed_in_needs():
        user = db.session.execute(select(UserRow).filter_by(
            session_token=session.get("token"))).scalar_one_or_none()
        if user is None or not user.is_enabled:
            abort(401)
        return _first_rows()

    def _first_rows():
        rows = db.session.execute(select(NeedRow).order_by(NeedRow.id).limit(ROWS)).scalars()
        return render_template("rows.html", title="Needs", rows=rows.all())

    return app
