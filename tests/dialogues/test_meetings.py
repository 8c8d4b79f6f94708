"""One-to-one meetings: booking, the per-company limit, the cancel cut-off, the waiting
list and its promotion, minutes (the overbooking race is in test_booking_race.py)."""
from datetime import timedelta

import pytest

from procure.db import utcnow
from procure.dialogues import messages, services, slots
from procure.dialogues.models import Alert, Booking, Slot
from procure.extensions import db
from tests.conftest import user_by_role
from tests.dialogues.participation import free_slot, one_to_one


def _register(dialogue, role):
    return services.register(dialogue, user_by_role(role), "Någon")


def test_a_full_slot_puts_the_next_company_on_the_waiting_list_and_promotes_it(seeded):
    with seeded.app_context():
        dialogue = one_to_one()
        slot = free_slot(dialogue)
        first, second = _register(dialogue, "supplier"), _register(dialogue, "other_supplier")
        assert slots.book(slot, first, user_by_role("supplier")).status == "booked"
        waiting = slots.book(slot, second, user_by_role("other_supplier"))
        assert waiting.status == "waiting"
        db.session.commit()
        assert db.session.get(Slot, slot.id).booked == 1

        mine = db.session.execute(db.select(Booking).filter_by(
            registration_id=first.id, status="booked")).scalar_one()
        promoted = slots.cancel_booking(mine, user_by_role("supplier"))
        db.session.commit()
        assert promoted.id == waiting.id and promoted.status == "booked"
        assert db.session.get(Slot, slot.id).booked == 1
        alert = db.session.execute(db.select(Alert).filter_by(
            organisation_id=second.organisation_id, kind="slot_promoted")).scalar_one()
        assert alert.dialogue_id == dialogue.id


def test_one_meeting_per_company_unless_the_officer_allows_more(seeded):
    with seeded.app_context():
        dialogue = one_to_one()
        registration = _register(dialogue, "supplier")
        free = [slot for slot in slots.slots_of(dialogue) if slot.booked == 0]
        extra = slots.add_slot(dialogue, utcnow() + timedelta(days=20), 30, 1,
                               user_by_role("officer"))
        db.session.flush()
        slots.book(free[0], registration, user_by_role("supplier"))
        with pytest.raises(services.DialogueRefused) as refused:
            slots.book(extra, registration, user_by_role("supplier"))
        assert refused.value.code == "slot_limit"
        with pytest.raises(services.DialogueRefused) as refused:
            slots.book(free[0], registration, user_by_role("supplier"))
        assert refused.value.code == "already_booked"
        dialogue.slots_per_supplier = 2
        assert slots.book(extra, registration, user_by_role("supplier")).status == "booked"


@pytest.mark.parametrize("hours_before, allowed", [(24, True), (23.999, False)])
def test_cancelling_closes_at_the_cut_off(seeded, hours_before, allowed):
    with seeded.app_context():
        dialogue = one_to_one()
        slot = free_slot(dialogue)
        booking = slots.book(slot, _register(dialogue, "supplier"), user_by_role("supplier"))
        now = slot.starts_at - timedelta(hours=hours_before)
        if allowed:
            slots.cancel_booking(booking, user_by_role("supplier"), now=now)
            assert booking.status == "cancelled"
        else:
            with pytest.raises(services.DialogueRefused) as refused:
                slots.cancel_booking(booking, user_by_role("supplier"), now=now)
            assert refused.value.code == "past_cutoff"


def test_withdrawing_frees_the_companys_meetings(seeded):
    with seeded.app_context():
        dialogue = one_to_one()
        slot = free_slot(dialogue)
        first, second = _register(dialogue, "supplier"), _register(dialogue, "other_supplier")
        slots.book(slot, first, user_by_role("supplier"))
        slots.book(slot, second, user_by_role("other_supplier"))
        slots.withdraw(first, user_by_role("supplier"))
        db.session.commit()
        assert not first.is_active
        assert [b.status for b in slots.live_bookings(second)] == ["booked"]


def test_the_booking_pages(seeded, login, make_client):
    with seeded.app_context():
        dialogue_id, slot_id = one_to_one().id, free_slot(one_to_one()).id
    supplier = login("supplier")
    response = supplier.post_form(f"/dialogues/slots/{slot_id}/booking")
    assert response.status_code == 303
    assert "Anmäl först ert företag till dialogen." in supplier.get(
        response.headers["Location"]).get_data(as_text=True)
    supplier.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": "Sara Holm"})
    supplier.post_form(f"/dialogues/slots/{slot_id}/booking")
    page = supplier.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Bokad" in page

    other = make_client("other_supplier")
    other.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": "Erik Wallin"})
    response = other.post_form(f"/dialogues/slots/{slot_id}/booking")
    page = other.get(response.headers["Location"]).get_data(as_text=True)
    assert "väntelistan" in page
    # The other company sees that the time is full, not who has it.
    assert "Kökssvinn" not in page

    officer = make_client("officer")
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Kökssvinn Analys AB" in page and "Möbelcirkeln AB (väntar)" in page


def test_minutes_with_material_information_are_a_reminder_until_shared(seeded, login):
    with seeded.app_context():
        dialogue = one_to_one()
        booking = slots.book(free_slot(dialogue), _register(dialogue, "supplier"),
                             user_by_role("supplier"))
        db.session.commit()
        dialogue_id, booking_id = dialogue.id, booking.id
    officer = login("officer")
    response = officer.post_form(f"/dialogues/bookings/{booking_id}/minutes",
                                 {"minutes": "De kan leverera prognoser dagen före.",
                                  "material": "y"})
    assert response.status_code == 303 and "/share" in response.headers["Location"]
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "1 möte hade information som alla företag borde få" in page
    share = response.headers["Location"]
    assert officer.post_form(share, {"body": "Prognoser kan ges dagen före."}).status_code == 303
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "1 möte hade information" not in page and "Prognoser kan ges dagen före." in page


def test_two_cancels_of_one_booking_free_one_place(seeded):
    with seeded.app_context():
        dialogue = one_to_one()
        slot = slots.add_slot(dialogue, utcnow() + timedelta(days=20), 30, 2,
                              user_by_role("officer"))
        db.session.flush()
        first, second = _register(dialogue, "supplier"), _register(dialogue, "other_supplier")
        booking = slots.book(slot, first, user_by_role("supplier"))
        slots.book(slot, second, user_by_role("other_supplier"))
        db.session.commit()
        slot_id, booking_id = slot.id, booking.id
    with seeded.app_context():
        stale = db.session.get(Booking, booking_id)  # read while still booked
        assert stale.status == "booked"
        with seeded.app_context():  # another request cancels it meanwhile
            slots.cancel_booking(db.session.get(Booking, booking_id), user_by_role("supplier"))
            db.session.commit()
        with pytest.raises(services.DialogueRefused):
            slots.cancel_booking(stale, user_by_role("supplier"))
        db.session.rollback()
        assert db.session.get(Slot, slot_id).booked == 1


def test_meeting_times_must_lie_ahead_and_in_this_century(seeded, login):
    with seeded.app_context():
        dialogue_id = one_to_one().id
    officer = login("officer")
    for when in ("0001-01-01T00:30", "2001-01-01T09:00"):
        response = officer.post_form(f"/dialogues/{dialogue_id}/slots",
                                     {"starts_at": when, "minutes": "30", "capacity": "1"})
        assert response.status_code == 400
        assert f'value="{when}"' in response.get_data(as_text=True)  # input kept


def test_no_minutes_after_the_report(seeded):
    from procure.dialogues.models import Dialogue

    with seeded.app_context():
        reported = db.session.execute(db.select(Dialogue).filter_by(status="reported")
                                      ).scalar_one()
        booking = slots.bookings_of(reported)[0]
        with pytest.raises(services.DialogueRefused):
            messages.record_minutes(booking, "Sent tillägg.", True, user_by_role("officer"))


def test_a_pending_member_sees_nothing_of_the_companys_part(seeded, login):
    with seeded.app_context():
        dialogue = one_to_one()
        registration = _register(dialogue, "supplier")
        messages.ask(dialogue, registration, "En fråga från Kökssvinn?", user_by_role("supplier"))
        db.session.commit()
        dialogue_id = dialogue.id
    page = login("pending_supplier").get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "En fråga från Kökssvinn?" not in page and "Sara" not in page


@pytest.mark.parametrize("when, warning", [
    ("2027-12-25T10:00", "2027-12-25 är Juldagen i Sverige"),      # a Saturday too: named
    ("2027-05-06T10:00", "2027-05-06 är Kristi himmelsfärdsdag i Sverige"),  # a Thursday
    ("2027-03-07T10:00", "2027-03-07 är en söndag i Sverige"),
    ("2027-03-06T10:00", "2027-03-06 är en lördag i Sverige"),
    ("2027-03-08T10:00", None),                                      # a Monday
])
def test_a_meeting_on_a_day_off_is_added_with_a_warning(seeded, login, when, warning):
    with seeded.app_context():
        dialogue_id = one_to_one().id
    officer = login("officer")
    response = officer.post_form(f"/dialogues/{dialogue_id}/slots",
                                 {"starts_at": when, "minutes": "30", "capacity": "1"},
                                 follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Mötestiden är tillagd." in page
    if warning:
        assert warning in page and 'class="flash flash-warning"' in page
    else:
        assert "flash-warning" not in page


def test_the_day_off_names_the_holiday_in_the_reader_s_language():
    from datetime import date

    from procure.dialogues.meeting_days import day_off
    assert day_off(date(2027, 12, 25), "en") == "Christmas Day"
    assert day_off(date(2027, 3, 28), "en") == "Easter Sunday"
    assert day_off(date(2027, 3, 7), "en") == "a Sunday"
    assert day_off(date(2027, 3, 9), "sv") is None


def test_a_booking_is_cancelled_with_avboka(seeded, login):
    with seeded.app_context():
        dialogue = one_to_one()
        slot = free_slot(dialogue)
        registration = _register(dialogue, "supplier")
        slots.book(slot, registration, user_by_role("supplier"))
        db.session.commit()
        dialogue_id = dialogue.id
    page = login("supplier").get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert ">Avboka<span" in page and ">Avbryt<" not in page
