"""Meetings and deadlines as iCalendar files, parsed back with the icalendar library."""
from datetime import timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from procure.dialogues.models import Booking, Dialogue, Slot
from procure.extensions import db
from tests.dialogues.participation import add_participation


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.data)


def test_a_booked_meeting_downloads_as_an_event_and_a_cancellation_cancels_it(
        seeded, make_client):
    taking_part = add_participation(seeded)
    with seeded.app_context():
        slot = db.session.get(Slot, taking_part.slot_id)
        starts, minutes = slot.starts_at, slot.minutes
        dialogue = db.session.get(Dialogue, taking_part.dialogue_id)
        dialogue.place = "Stadshuset, Hantverkargatan 1"
        db.session.commit()
    supplier = make_client("supplier")
    url = f"/dialogues/bookings/{taking_part.booking_id}/calendar.ics"
    page = supplier.get(f"/dialogues/{taking_part.dialogue_id}").get_data(as_text=True)
    assert url in page and url in supplier.get("/").get_data(as_text=True)

    calendar = _calendar(supplier.get(url))
    assert str(calendar["method"]) == "PUBLISH"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == starts
    # Shown at the city's time, whatever zone the reader's calendar is in: a TZID with
    # the zone's rules in the file.
    assert event["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert event.decoded("dtstart").utcoffset() == starts.astimezone(
        ZoneInfo("Europe/Stockholm")).utcoffset()
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["tzid"]) == "Europe/Stockholm"
    assert {str(part["tzname"]) for part in zone.subcomponents} == {"CET", "CEST"}
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=minutes)
    assert str(event["location"]) == "Stadshuset, Hantverkargatan 1"
    # The description gives the city's time and UTC.
    description = str(event["description"])
    assert f"{starts.astimezone(ZoneInfo('Europe/Stockholm')):%Y-%m-%d %H:%M} Europe/Stockholm" \
        in description and f"({starts.astimezone(timezone.utc):%H:%M} UTC)" in description
    assert str(event.decoded("dtstamp").tzinfo) == "UTC"
    uid = str(event["uid"])

    with seeded.app_context():
        booking = db.session.get(Booking, taking_part.booking_id)
        booking.status = "cancelled"
        db.session.commit()
    cancelled = _calendar(supplier.get(url))
    assert str(cancelled["method"]) == "CANCEL"
    [event] = cancelled.walk("VEVENT")
    assert str(event["uid"]) == uid and str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) > 0

    # Another company's meeting is not found.
    assert make_client("other_supplier").get(url).status_code == 404


def test_a_dialogues_deadlines_download_for_everybody(seeded, make_client):
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(
            status="published", kind="request_for_information")).scalar_one()
        dialogue_id, deadlines = dialogue.id, {dialogue.registration_deadline,
                                               dialogue.questions_deadline,
                                               dialogue.input_deadline}
    anonymous = make_client()
    assert f"/dialogues/{dialogue_id}/calendar.ics" in anonymous.get(
        f"/dialogues/{dialogue_id}").get_data(as_text=True)
    calendar = _calendar(anonymous.get(f"/dialogues/{dialogue_id}/calendar.ics"))
    events = calendar.walk("VEVENT")
    assert {e.decoded("dtend").astimezone(timezone.utc) for e in events} == deadlines
    assert len({str(e["uid"]) for e in events}) == 3
    # The same UIDs on every download: a calendar updates its events.
    again = _calendar(anonymous.get(f"/dialogues/{dialogue_id}/calendar.ics"))
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == [str(e["uid"]) for e in events]
    # A draft's calendar is as unknown as the draft.
    with seeded.app_context():
        draft = db.session.execute(db.select(Dialogue.id).filter_by(status="draft")).scalar()
    assert anonymous.get(f"/dialogues/{draft}/calendar.ics").status_code == 404


def test_calendar_links_come_from_public_url_not_the_host_header(seeded, make_client):
    """A forged Host header cannot put another site's address into an event."""
    with seeded.app_context():
        dialogue_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="published", kind="request_for_information")).scalar_one()
    answer = make_client().get(f"/dialogues/{dialogue_id}/calendar.ics",
                               headers={"Host": "evil.example"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "evil.example" not in text
    assert f"{seeded.config['PUBLIC_URL']}/dialogues/{dialogue_id}" in text.replace("\r\n ", "")


def test_a_cancelled_dialogue_cancels_its_deadlines_and_meetings_under_the_same_uids(
        seeded, make_client):
    taking_part = add_participation(seeded)
    supplier = make_client("supplier")
    deadlines_url = f"/dialogues/{taking_part.dialogue_id}/calendar.ics"
    meeting_url = f"/dialogues/bookings/{taking_part.booking_id}/calendar.ics"
    before = _calendar(supplier.get(deadlines_url))
    meeting_before = _calendar(supplier.get(meeting_url))
    assert str(before["method"]) == "PUBLISH"

    officer = make_client("officer")
    assert officer.post_form(f"/dialogues/{taking_part.dialogue_id}/status",
                             {"target": "cancelled"}).status_code == 303

    after = _calendar(make_client().get(deadlines_url))
    assert str(after["method"]) == "CANCEL"
    assert [str(e["uid"]) for e in after.walk("VEVENT")] == \
        [str(e["uid"]) for e in before.walk("VEVENT")]
    assert {str(e["status"]) for e in after.walk("VEVENT")} == {"CANCELLED"}
    assert min(int(e["sequence"]) for e in after.walk("VEVENT")) > \
        max(int(e["sequence"]) for e in before.walk("VEVENT"))
    meeting_after = _calendar(supplier.get(meeting_url))
    assert str(meeting_after["method"]) == "CANCEL"
    [was], [now] = meeting_before.walk("VEVENT"), meeting_after.walk("VEVENT")
    assert str(now["uid"]) == str(was["uid"]) and str(now["status"]) == "CANCELLED"
    # A draft that was never published has no calendar to cancel.
    with seeded.app_context():
        draft = db.session.execute(db.select(Dialogue.id).filter_by(status="draft")).scalar()
    assert make_client().get(f"/dialogues/{draft}/calendar.ics").status_code == 404
