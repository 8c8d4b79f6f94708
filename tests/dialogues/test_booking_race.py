"""Fifty companies racing for ten meetings on PostgreSQL end with exactly ten bookings;
the other forty are on the waiting lists. Real threads, real connections, one barrier."""
import threading
from datetime import timedelta

import pytest

from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues import slots
from procure.dialogues.models import Booking, Registration, Slot
from procure.extensions import db
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role
from tests.dialogues.participation import one_to_one

RACERS = 50


@pytest.fixture
def app_config():
    # Every racer holds its own connection while it waits at the barrier.
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": RACERS + 5, "max_overflow": 0,
                                         "pool_pre_ping": True}}


def _many_registered_organisations(app, count):
    with app.app_context():
        dialogue = one_to_one()
        officer = user_by_role("officer")
        target = [slots.add_slot(dialogue, utcnow() + timedelta(days=20, hours=i), 30, 1,
                                 officer) for i in range(10)]
        registrations = []
        for number in range(count):
            organisation = SupplierOrganisation(name=f"Racer {number} AB", country="DE",
                                                identifier=f"DE9{number:08d}", size="small")
            db.session.add(organisation)
            db.session.flush()
            registration = Registration(dialogue_id=dialogue.id,
                                        organisation_id=organisation.id, attendees="X")
            db.session.add(registration)
            registrations.append(registration)
        db.session.commit()
        return [slot.id for slot in target], [r.id for r in registrations]


@pytest.mark.postgres
def test_fifty_companies_racing_for_ten_meetings_get_exactly_ten(seeded):
    if seeded.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("the race needs PostgreSQL (set TEST_DATABASE_URL)")
    slot_ids, registration_ids = _many_registered_organisations(seeded, RACERS)
    start = threading.Barrier(len(registration_ids))
    outcomes, errors = [], []

    def race(index, registration_id):
        try:
            with seeded.app_context():
                slot = db.session.get(Slot, slot_ids[index % len(slot_ids)])
                registration = db.session.get(Registration, registration_id)
                actor = db.session.execute(db.select(User).filter_by(role="admin")).scalar_one()
                start.wait(timeout=30)
                booking = slots.book(slot, registration, actor)
                db.session.commit()
                outcomes.append(booking.status)
                db.session.remove()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=race, args=(i, r)) for i, r in enumerate(registration_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sorted(outcomes).count("booked") == 10 and outcomes.count("waiting") == 40
    with seeded.app_context():
        booked = db.session.execute(db.select(db.func.count(Booking.id)).join(Slot).where(
            Slot.id.in_(slot_ids), Booking.status == "booked")).scalar_one()
        assert booked == 10
        assert all(db.session.get(Slot, i).booked == 1 for i in slot_ids)
