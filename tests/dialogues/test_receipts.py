"""Receipts for written input, registrations and bookings: what, when to the second,
file names, sizes and SHA-256; reachable from the supplier's start page; another
company's is not found."""
import hashlib
import re

from procure.dialogues.models import Booking, InputAttachment
from procure.extensions import db
from tests.dialogues.participation import PDF, add_participation


def _receipt_urls(app, taking_part):
    with app.app_context():
        input_id = db.session.get(InputAttachment, taking_part.attachment_id).input_id
        registration_id = db.session.get(Booking, taking_part.booking_id).registration_id
    return {"input": f"/dialogues/inputs/{input_id}/receipt",
            "registration": f"/dialogues/registrations/{registration_id}/receipt",
            "booking": f"/dialogues/bookings/{taking_part.booking_id}/receipt"}


def test_receipts_say_what_when_and_the_files_checksums(seeded, make_client):
    taking_part = add_participation(seeded)
    urls = _receipt_urls(seeded, taking_part)
    supplier = make_client("supplier")
    start = supplier.get("/").get_data(as_text=True)
    for url in urls.values():
        assert f'href="{url}"' in start

    written = supplier.get(urls["input"]).get_data(as_text=True)
    assert "Kvitto: skriftligt inspel" in written
    assert "offert.pdf" in written and f">{len(PDF)}<" in written
    assert hashlib.sha256(PDF).hexdigest() in written
    assert hashlib.sha256("Vi kan pröva i tio kök.".encode()).hexdigest() in written
    # To the second, in the city's time and in UTC.
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Europe/Stockholm "
                     r"\(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\)", written)

    registration = supplier.get(urls["registration"]).get_data(as_text=True)
    assert "Kvitto: anmälan" in registration and "Sara Holm" in registration
    booking = supplier.get(urls["booking"]).get_data(as_text=True)
    assert "Kvitto: mötesbokning" in booking and "Bokad" in booking


def test_each_receipt_is_linked_where_the_thing_was_done(seeded, make_client):
    taking_part = add_participation(seeded)
    urls = _receipt_urls(seeded, taking_part)
    supplier = make_client("supplier")
    dialogue = supplier.get(f"/dialogues/{taking_part.dialogue_id}").get_data(as_text=True)
    assert f'href="{urls["registration"]}"' in dialogue and f'href="{urls["booking"]}"' in dialogue
    written = supplier.get(f"/dialogues/{taking_part.dialogue_id}/input").get_data(as_text=True)
    assert f'href="{urls["input"]}"' in written


def test_another_companys_receipt_is_not_found(seeded, make_client):
    urls = _receipt_urls(seeded, add_participation(seeded))
    other = make_client("other_supplier")
    for url in urls.values():
        assert other.get(url).status_code == 404
    assert make_client("officer").get(urls["input"]).status_code == 403
