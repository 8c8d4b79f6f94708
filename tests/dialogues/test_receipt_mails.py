"""Receipt mails: a registration, a booking and written input each mail the member who
sent them what was received, when (to the second), the files with sizes and SHA-256,
and a link to the receipt page; in that member's language."""
import hashlib
import io
import re

import pytest

from procure.dialogues.models import Booking, Registration, WrittenInput
from procure.extensions import db
from procure.mail.models import OutboxMail
from tests.conftest import ACCOUNTS, user_by_role
from tests.dialogues.participation import PDF, free_slot, one_to_one

PUBLIC_URL = "https://procure.stad.example"
TO_THE_SECOND = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe/Stockholm "
                           r"\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)")


@pytest.fixture
def app_config(tmp_path):
    return {"MAIL_SERVER": "mail.procure.example", "PUBLIC_URL": PUBLIC_URL,
            "UPLOAD_FOLDER": str(tmp_path / "uploads")}


def _mails_to(app, email: str) -> list[OutboxMail]:
    with app.app_context():
        mails = db.session.execute(db.select(OutboxMail).filter_by(recipient=email)
                                   .order_by(OutboxMail.id)).scalars().all()
        db.session.expunge_all()
        return mails


def _take_part(app, make_client):
    """Supplier A registers, books a meeting and sends input with a PDF, through the pages."""
    with app.app_context():
        dialogue = one_to_one()
        dialogue_id, slot_id = dialogue.id, free_slot(dialogue).id
    supplier = make_client("supplier")
    assert supplier.post_form(f"/dialogues/{dialogue_id}/registration",
                              {"attendees": "Sara Holm"}).status_code == 303
    assert supplier.post_form(f"/dialogues/slots/{slot_id}/booking").status_code == 303
    assert supplier.post_form(
        f"/dialogues/{dialogue_id}/input",
        {"answers": "Vi kan pröva i tio kök.", "attachments": [(io.BytesIO(PDF), "offert.pdf")]},
        content_type="multipart/form-data").status_code == 303
    with app.app_context():
        organisation_id = user_by_role("supplier").organisation_id
        ids = {
            "registration": db.session.execute(db.select(Registration.id).filter_by(
                dialogue_id=dialogue_id, organisation_id=organisation_id)).scalar_one(),
            "booking": db.session.execute(db.select(Booking.id).filter_by(
                slot_id=slot_id)).scalar_one(),
            "input": db.session.execute(db.select(WrittenInput.id).filter_by(
                dialogue_id=dialogue_id, organisation_id=organisation_id)).scalar_one()}
    return supplier, ids


def test_each_thing_received_is_mailed_with_what_when_and_the_files(seeded, make_client):
    supplier, ids = _take_part(seeded, make_client)
    registration, booking, written = _mails_to(seeded, ACCOUNTS["supplier"])
    assert registration.subject.startswith("Kvitto: anmälan")
    assert booking.subject.startswith("Kvitto: mötesbokning")
    assert written.subject.startswith("Kvitto: skriftligt inspel")
    for mail, url in ((registration, f"/dialogues/registrations/{ids['registration']}/receipt"),
                      (booking, f"/dialogues/bookings/{ids['booking']}/receipt"),
                      (written, f"/dialogues/inputs/{ids['input']}/receipt")):
        assert TO_THE_SECOND.search(mail.body), mail.body
        assert f"{PUBLIC_URL}{url}" in mail.body
        # The link leads to the same receipt, for the company, and to no one else.
        page = supplier.get(url).get_data(as_text=True)
        assert TO_THE_SECOND.search(mail.body).group(0) in page
        assert make_client("other_supplier").get(url).status_code == 404
    assert "Sara Holm" in registration.body and "Bokad" in booking.body
    assert "offert.pdf" in written.body and f"{len(PDF)} byte" in written.body
    assert hashlib.sha256(PDF).hexdigest() in written.body
    assert hashlib.sha256("Vi kan pröva i tio kök.".encode()).hexdigest() in written.body
    # Nobody else is mailed a receipt of supplier A's input.
    assert _mails_to(seeded, ACCOUNTS["other_supplier"]) == []


def test_a_changed_input_is_a_new_receipt(seeded, make_client):
    supplier, ids = _take_part(seeded, make_client)
    with seeded.app_context():
        version = db.session.get(WrittenInput, ids["input"]).lock_version
    with seeded.app_context():
        dialogue_id = one_to_one().id
    assert supplier.post_form(f"/dialogues/{dialogue_id}/input",
                              {"answers": "Vi kan pröva i tolv kök.",
                               "lock_version": str(version)},
                              content_type="multipart/form-data").status_code == 303
    latest = _mails_to(seeded, ACCOUNTS["supplier"])[-1]
    assert hashlib.sha256("Vi kan pröva i tolv kök.".encode()).hexdigest() in latest.body
    assert "offert.pdf" in latest.body  # the file received before is still part of it


def test_the_receipt_is_in_the_senders_language(seeded, make_client):
    with seeded.app_context():
        user_by_role("supplier").locale = "en"
        db.session.commit()
    _take_part(seeded, make_client)
    registration, booking, written = _mails_to(seeded, ACCOUNTS["supplier"])
    assert registration.subject.startswith("Receipt: registration")
    assert booking.subject.startswith("Receipt: meeting booking") and "Booked" in booking.body
    assert written.subject.startswith("Receipt: written input")
    assert "Files received:" in written.body and f"{len(PDF)} bytes" in written.body


def test_no_mail_is_queued_while_mail_is_not_configured(seeded, make_client):
    seeded.config["MAIL_SERVER"] = None
    _take_part(seeded, make_client)
    assert _mails_to(seeded, ACCOUNTS["supplier"]) == []



def test_a_cancelled_meeting_and_a_withdrawal_are_mailed_with_the_calendars_cancel(
        seeded, make_client):
    from icalendar import Calendar

    supplier, ids = _take_part(seeded, make_client)
    booked = _mails_to(seeded, ACCOUNTS["supplier"])[1]
    calendar_url = f"{PUBLIC_URL}/dialogues/bookings/{ids['booking']}/calendar.ics"
    assert calendar_url in booked.body
    assert supplier.post_form(f"/dialogues/bookings/{ids['booking']}/cancel").status_code == 303
    cancelled = _mails_to(seeded, ACCOUNTS["supplier"])[-1]
    assert cancelled.subject.startswith("Kvitto: mötesbokning")
    assert "Status: Inställd" in cancelled.body and calendar_url in cancelled.body
    # The link the mail gives now downloads the cancellation of the same event.
    now = Calendar.from_ical(supplier.get(calendar_url.removeprefix(PUBLIC_URL)).data)
    assert str(now["method"]) == "CANCEL"

    with seeded.app_context():
        dialogue_id = one_to_one().id
    assert supplier.post_form(f"/dialogues/{dialogue_id}/registration/cancel").status_code == 303
    withdrawn = _mails_to(seeded, ACCOUNTS["supplier"])[-1]
    assert withdrawn.subject.startswith("Kvitto: anmälan") and "Återkallad" in withdrawn.body
