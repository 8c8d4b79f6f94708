"""How a request's transaction ends, and what PostgreSQL is sent.

A view that does not commit leaves nothing behind, whether its changes reached the
database or not; a request that only read ends with COMMIT, so the statements psycopg
has prepared stay prepared for the next request; and states compared with given values
are written into the statement, so a prepared statement is planned for its state.
"""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from procure.departments.models import Department
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs.models import Need
from procure.needs.vocabulary import APPROVED_STATES


def add_views(app) -> None:
    """Views that change rows and return without committing, and one that only reads."""

    @app.get("/_test/added-and-flushed")
    def added_and_flushed():
        db.session.add(Department(code="TST", name_sv="Testförvaltningen",
                                  name_en="The test department"))
        db.session.flush()  # the row is in the database, in this request's transaction
        return "not committed"

    @app.get("/_test/changed")
    def changed():
        department = db.session.execute(sa.select(Department).order_by(Department.id)
                                        ).scalars().first()
        department.name_en = "Renamed and never committed"
        return "not committed"

    @app.get("/_test/read")
    def read():
        return str(db.session.execute(sa.select(sa.func.count()).select_from(Department)
                                      ).scalar_one())

    for view in (added_and_flushed, changed, read):
        view.is_public = True


def department_names(app) -> list[tuple[str, str]]:
    with app.app_context():
        return list(db.session.execute(sa.select(Department.code, Department.name_en)
                                       .order_by(Department.id)).all())


def test_a_view_that_does_not_commit_leaves_nothing_behind(seeded):
    add_views(seeded)
    client = seeded.test_client()
    before = department_names(seeded)
    for path in ("/_test/added-and-flushed", "/_test/changed", "/_test/read"):
        assert client.get(path).status_code == 200
    assert department_names(seeded) == before
    assert client.get("/_test/read").get_data(as_text=True) == str(len(before))


def test_a_request_that_only_read_keeps_what_postgresql_prepared(seeded):
    if seeded.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("prepared statements are PostgreSQL's (set TEST_DATABASE_URL)")
    add_views(seeded)
    client = seeded.test_client()
    # psycopg prepares a statement on its fifth execution on a connection; the requests
    # come one after another, so they use the pool's one connection.
    for _ in range(6):
        assert client.get("/_test/read").status_code == 200
    with seeded.app_context():
        prepared = db.session.execute(sa.text(
            "SELECT statement FROM pg_prepared_statements")).scalars().all()
    assert any("FROM departments" in statement for statement in prepared), prepared

    # A request that wrote and did not commit is rolled back, and psycopg forgets.
    assert client.get("/_test/added-and-flushed").status_code == 200
    with seeded.app_context():
        assert db.session.execute(sa.text(
            "SELECT count(*) FROM pg_prepared_statements")).scalar_one() == 0


def test_states_are_written_into_the_statement(seeded):
    with seeded.app_context():
        dialect = db.engine.dialect
        one = sa.select(Need.id).where(Need.status == "approved")
        several = sa.select(Dialogue.id).where(Dialogue.status.in_(["published", "closed"]))
        for statement, written in ((one, "needs.status = 'approved'"),
                                   (several, "dialogues.status IN ('closed', 'published')")):
            sql = str(statement.compile(dialect=dialect,
                                        compile_kwargs={"render_postcompile": True}))
            assert written in sql, sql
        # Text that is no state, a stranger's say, is sent as a parameter.
        stranger = "draft' OR 'a' = 'a"
        sql = str(sa.select(Need.id).where(Need.status == stranger).compile(dialect=dialect))
        assert stranger not in sql, sql
        assert db.session.execute(sa.select(Need.id).where(Need.status == stranger)
                                  ).first() is None
        # ...and states still find what they compare: the same needs as in Python.
        needs = db.session.execute(sa.select(Need)).scalars().all()
        assert {need.id for need in needs if need.status in APPROVED_STATES} == set(
            db.session.execute(sa.select(Need.id).where(Need.status.in_(APPROVED_STATES))
                               ).scalars())
        assert {need.id for need in needs if need.status != "draft"} == set(
            db.session.execute(sa.select(Need.id).where(Need.status != "draft")).scalars())


def test_a_read_only_request_whose_commit_fails_is_still_answered_and_closed(seeded,
                                                                           monkeypatch):
    """The database gone away at the very end: the page has been built, the person gets
    it, and the session is closed all the same (none is left for a later request)."""
    add_views(seeded)
    client = seeded.test_client()

    def gone(_session):
        raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(sa.orm.Session, "commit", gone)
    answer = client.get("/_test/read")
    assert answer.status_code == 200
    assert db.session.registry.registry == {}
