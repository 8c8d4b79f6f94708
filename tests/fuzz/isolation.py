"""Every fuzz example starts from the same data: its changes are rolled back afterwards.

Reseeding the tables for each of hundreds of examples would cost far more than the
posts themselves. Instead the app's session is joined, for the length of a test, to one
connection whose outer transaction is rolled back after each example
(SQLAlchemy's "joining a session into an external transaction"): the app's commits
become SAVEPOINT releases, its rollbacks roll back to the SAVEPOINT, and nothing of an
example outlives it. The same example so behaves the same when Hypothesis replays it.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask_sqlalchemy.session import Session, _app_ctx_id
from sqlalchemy import orm

from procure.extensions import db


class _JoinedSession(Session):
    """Flask-SQLAlchemy's session, always on the test's connection."""

    def get_bind(self, *args, **kwargs):
        return self.bind


class RolledBack:
    """Hands out one rolled-back transaction per example (``with isolation.example():``)."""

    def __init__(self, connection):
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"

    @contextmanager
    def example(self):
        transaction = self.connection.begin()
        if self.sqlite:
            # pysqlite is in autocommit mode here (see joined_to_one_transaction): BEGIN
            # is ours to send, and SAVEPOINTs then nest inside it.
            self.connection.exec_driver_sql("BEGIN")
        try:
            yield
        finally:
            transaction.rollback()


@contextmanager
def joined_to_one_transaction(app):
    """Within the block, ``db.session`` of every request works in a rolled-back transaction."""
    with app.app_context():
        connection = db.engine.connect()
    if connection.dialect.name == "sqlite":
        # pysqlite begins transactions lazily and would let the first SAVEPOINT's release
        # commit everything; without its own transaction handling, BEGIN is explicit.
        connection.connection.driver_connection.isolation_level = None
    original = db.session
    db.session = orm.scoped_session(
        orm.sessionmaker(class_=_JoinedSession, db=db, bind=connection, query_cls=db.Query,
                         join_transaction_mode="create_savepoint"),
        scopefunc=_app_ctx_id)
    try:
        yield RolledBack(connection)
    finally:
        # Each request's session was closed with its app context; none is left to remove.
        db.session = original
        connection.invalidate()  # its driver connection was changed: never reuse it
        connection.close()
