"""A failure in the middle of a multi-step change leaves the database as it was.

Each test makes a real step of the service fail after the first writes have reached
the database (checked inside the failing step), drives the change the way people do
(the HTTP route, or the command), and then reads every row of every table afresh and
finds them as before: one change, one transaction.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from procure.audit.services import record as real_record
from procure.db import utcnow
from procure.dialogues import services as dialogue_services
from procure.dialogues import slots
from procure.dialogues.models import Booking, Registration, Slot
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need, NeedStatusChange
from tests.backup.database import every_row, export, restart_empty
from tests.conftest import user_by_role
from tests.dialogues.participation import add_participation, one_to_one


class InjectedFailure(RuntimeError):
    """The failure a test makes happen, told apart from real ones."""


@pytest.fixture
def app_config(tmp_path):
    # The injected error is an unexpected one: the person gets the error page (500).
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads"), "PROPAGATE_EXCEPTIONS": False}


def test_a_status_change_that_fails_halfway_changes_nothing(make_need, make_client,
                                                            monkeypatch):
    reference = make_need(title="Tryggare cykelparkering")
    officer = make_client("officer")
    app = officer.application
    with app.app_context():
        before = every_row()
    seen = {}

    def record_then_fail(action, obj=None, **kwargs):
        real_record(action, obj, **kwargs)  # flushes: the step's writes are in the database
        seen["status"] = db.session.execute(
            sa.select(Need.status).filter_by(reference=reference)).scalar_one()
        seen["changes"] = db.session.execute(
            sa.select(sa.func.count(NeedStatusChange.id))).scalar_one()
        raise InjectedFailure("after the status was written")

    monkeypatch.setattr(need_services, "record", record_then_fail)
    response = officer.post_form(f"/needs/{reference}/status",
                                 {"target": "withdrawn", "comment": "Löst på annat sätt."})
    assert response.status_code == 500
    assert seen == {"status": "withdrawn", "changes": len(before["need_status_changes"]) + 1}
    with app.app_context():
        assert every_row() == before
    monkeypatch.undo()
    assert "Utkast" in officer.get(f"/needs/{reference}").get_data(as_text=True)


def _registered(app, *roles):
    """The roles' organisations registered for the demo's one-to-one dialogue, and a new
    meeting time for one company."""
    with app.app_context():
        dialogue = one_to_one()
        registrations = [dialogue_services.register(dialogue, user_by_role(role), "Deltagare")
                         for role in roles]
        slot = slots.add_slot(dialogue, utcnow() + timedelta(days=20), 45, 1,
                              user_by_role("officer"))
        db.session.commit()
        return slot.id, [registration.id for registration in registrations]


def test_a_booking_that_fails_halfway_takes_no_place(seeded, make_client, monkeypatch):
    slot_id, _ = _registered(seeded, "supplier")
    supplier = make_client("supplier")
    with seeded.app_context():
        before = every_row()
    seen = {}

    def record_then_fail(action, obj=None, **kwargs):
        real_record(action, obj, **kwargs)
        seen["booked"] = db.session.execute(
            sa.select(Slot.booked).filter_by(id=slot_id)).scalar_one()
        seen["bookings"] = db.session.execute(
            sa.select(sa.func.count(Booking.id)).filter_by(slot_id=slot_id)).scalar_one()
        raise InjectedFailure("after the place was taken")

    monkeypatch.setattr(slots, "record", record_then_fail)
    response = supplier.post_form(f"/dialogues/slots/{slot_id}/booking")
    assert response.status_code == 500
    assert seen == {"booked": 1, "bookings": 1}
    with seeded.app_context():
        assert every_row() == before
        assert db.session.get(Slot, slot_id).booked == 0


def test_a_cancellation_whose_alert_fails_keeps_the_booking_and_the_line(seeded, make_client,
                                                                         monkeypatch):
    """Cancelling frees the place, gives it to the first in line and alerts them: when
    the alert fails, the place, the booking and the waiting list are as they were."""
    slot_id, (first, second) = _registered(seeded, "supplier", "other_supplier")
    with seeded.app_context():
        slot = db.session.get(Slot, slot_id)
        booking = slots.book(slot, db.session.get(Registration, first),
                             user_by_role("supplier"))
        waiting = slots.book(slot, db.session.get(Registration, second),
                             user_by_role("other_supplier"))
        db.session.commit()
        booking_id, waiting_id = booking.id, waiting.id
        assert waiting.status == "waiting"
    supplier = make_client("supplier")
    with seeded.app_context():
        before = every_row()
    seen = {}

    def notify_fails(organisation_ids, kind, dialogue):
        seen["promoted"] = db.session.execute(
            sa.select(Booking.status).filter_by(id=waiting_id)).scalar_one()
        seen["cancelled"] = db.session.execute(
            sa.select(Booking.status).filter_by(id=booking_id)).scalar_one()
        raise InjectedFailure("the alert could not be queued")

    monkeypatch.setattr(slots, "notify", notify_fails)
    response = supplier.post_form(f"/dialogues/bookings/{booking_id}/cancel")
    assert response.status_code == 500
    assert seen == {"promoted": "booked", "cancelled": "cancelled"}
    with seeded.app_context():
        assert every_row() == before


def test_an_import_that_fails_halfway_leaves_the_database_empty(seeded, tmp_path,
                                                                monkeypatch):
    from procure.backup import restore

    add_participation(seeded)  # so the backup has a file to restore too
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    folder = restart_empty(seeded, tmp_path)
    with seeded.app_context():
        half = len(db.metadata.sorted_tables) // 2
    real_insert, inserted = restore.insert_table, []

    def insert_then_fail(session, table, *rows):
        if len(inserted) == half:
            seen_rows = sum(session.execute(sa.select(sa.func.count()).select_from(
                db.metadata.tables[name])).scalar_one() for name in inserted)
            assert seen_rows > 0, "the first half of the tables is in the transaction"
            raise InjectedFailure(f"while inserting {table.name}")
        inserted.append(table.name)
        return real_insert(session, table, *rows)

    monkeypatch.setattr(restore, "insert_table", insert_then_fail)
    result = seeded.test_cli_runner().invoke(args=["import-data", str(backup)])
    assert isinstance(result.exception, InjectedFailure)
    with seeded.app_context():
        assert not any(every_row().values()), "no table has a row"
    assert not folder.exists() or not any(folder.rglob("*")), "no file was left behind"
