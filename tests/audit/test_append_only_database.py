"""In PostgreSQL the audit trail is append-only in the database too: a trigger refuses
UPDATE, DELETE and TRUNCATE from any code (SQL sent by hand included). Only the
actor's ON DELETE SET NULL passes, when an account row is removed."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from procure.audit.models import AuditEvent
from procure.audit.services import record
from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db


@pytest.fixture
def postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("the trigger is PostgreSQL's (set TEST_DATABASE_URL)")
    return app


def _an_event(app, actor_id=None) -> int:
    with app.app_context():
        event = record("need.created", object_type="needs", object_id=1, reference="X-1")
        event.actor_id = actor_id
        db.session.commit()
        return event.id


@pytest.mark.parametrize("statement", [
    "UPDATE audit_events SET action = 'need.forged' WHERE id = :id",
    "UPDATE audit_events SET actor_id = NULL, detail = '{}' WHERE id = :id",
    "DELETE FROM audit_events WHERE id = :id",
    "TRUNCATE audit_events",
])
def test_the_database_refuses_changes_to_events(postgresql, statement):
    event_id = _an_event(postgresql)
    with postgresql.app_context():
        with pytest.raises(DBAPIError, match="never changed or removed"):
            with db.engine.begin() as connection:
                connection.execute(sa.text(statement), {"id": event_id})
        assert db.session.get(AuditEvent, event_id).action == "need.created"


def test_removing_an_account_only_forgets_the_actor(postgresql):
    with postgresql.app_context():
        department = Department(code="TST", name_sv="Test", name_en="Test")
        db.session.add(department)
        db.session.flush()
        user = User(email="gone@procure.example", name="Gone", role="officer",
                    department_id=department.id, password_hash="!")
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    event_id = _an_event(postgresql, actor_id=user_id)
    with postgresql.app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text("DELETE FROM users WHERE id = :id"), {"id": user_id})
        event = db.session.get(AuditEvent, event_id)
        assert event.actor_id is None and event.detail == {"reference": "X-1"}
