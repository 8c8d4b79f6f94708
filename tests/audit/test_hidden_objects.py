"""Another organisation's object asked for by id: "not found" to the asker, on the record.

Suppliers never reach another company's attachment, booking, member or contract by a
link of the app, so a request for one is someone trying ids: the answer is the same 404
as for an id that does not exist, and the audit trail gets an ``access.hidden`` event.
An id that does not exist is not recorded (typos and stale links would bury the trail).
"""
from __future__ import annotations

import pytest

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.dialogues.models import Booking
from procure.extensions import db
from procure.pcp.models import PhaseContract
from tests.conftest import ACCOUNTS, user_by_role
from tests.dialogues.participation import add_participation


def _hidden(app) -> list[AuditEvent]:
    with app.app_context():
        return db.session.execute(db.select(AuditEvent).filter_by(action="access.hidden")
                                  .order_by(AuditEvent.id)).scalars().all()


def _contract_of_supplier_a(app) -> int:
    from procure.needs.queries import by_reference
    from procure.pcp import services

    with app.app_context():
        phase = services.phase_of(services.plan_of(by_reference("UTB-2026-002")), 1)
        contract = PhaseContract(phase_id=phase.id, amount_sek=1, signed_on=phase.planned_start,
                                 organisation_id=user_by_role("supplier").organisation_id)
        db.session.add(contract)
        db.session.commit()
        return contract.id


def _targets(app) -> dict[str, tuple[str, str, str, int]]:
    """name -> (method, url, object type, object id) of supplier A's objects."""
    taking_part = add_participation(app)
    with app.app_context():
        pending = db.session.execute(db.select(User.id).filter_by(
            email=ACCOUNTS["pending_supplier"])).scalar_one()
    contract = _contract_of_supplier_a(app)
    return {
        "attachment": ("GET", f"/dialogues/attachments/{taking_part.attachment_id}",
                       "dialogue_input_files", taking_part.attachment_id),
        "removing the attachment": (
            "POST", f"/dialogues/attachments/{taking_part.attachment_id}/remove",
            "dialogue_input_files", taking_part.attachment_id),
        "cancelling the booking": ("POST", f"/dialogues/bookings/{taking_part.booking_id}/cancel",
                                   "slot_bookings", taking_part.booking_id),
        "deciding on a member": ("POST", f"/suppliers/members/{pending}/decision", "users",
                                 pending),
        "the PCP contract": ("GET", f"/pcp/contracts/{contract}", "pcp_contracts",
                             contract),
    }


@pytest.mark.parametrize("target", ["attachment", "removing the attachment",
                                    "cancelling the booking", "deciding on a member",
                                    "the PCP contract"])
def test_another_companys_object_is_not_found_and_recorded(seeded, make_client, target):
    method, url, object_type, object_id = _targets(seeded)[target]
    other = make_client("other_supplier")
    response = other.get(url) if method == "GET" else other.post_form(url, {"decision": "rejected"})
    assert response.status_code == 404
    [event] = _hidden(seeded)
    with seeded.app_context():
        assert event.actor_id == user_by_role("other_supplier").id
    assert (event.object_type, event.object_id) == (object_type, object_id)
    assert event.detail == {"method": method, "path": url, "endpoint": event.detail["endpoint"]}
    assert event.address == "127.0.0.1"


def test_nothing_of_the_hidden_request_is_kept(seeded, make_client):
    """The refused cancellation changes nothing: the booking stays the company's."""
    taking_part = add_participation(seeded)
    other = make_client("other_supplier")
    assert other.post_form(f"/dialogues/bookings/{taking_part.booking_id}/cancel").status_code \
        == 404
    with seeded.app_context():
        booking = db.session.get(Booking, taking_part.booking_id)
        assert booking.status == "booked"
    assert len(_hidden(seeded)) == 1


def test_the_owner_and_unknown_ids_write_no_such_event(seeded, make_client):
    taking_part = add_participation(seeded)
    owner = make_client("supplier")
    assert owner.get(f"/dialogues/attachments/{taking_part.attachment_id}").status_code == 200
    assert owner.get("/dialogues/attachments/999999").status_code == 404
    assert owner.get("/pcp/contracts/999999").status_code == 404
    assert owner.post_form("/dialogues/bookings/999999/cancel").status_code == 404
    assert _hidden(seeded) == []


def test_an_officer_of_another_department_is_recorded_too(seeded, make_client):
    """The attachments of the education department's dialogue are its officers' alone."""
    taking_part = add_participation(seeded)
    traffic = make_client("other_officer")
    assert traffic.get(f"/dialogues/attachments/{taking_part.attachment_id}").status_code == 404
    [event] = _hidden(seeded)
    assert event.object_id == taking_part.attachment_id


def test_the_trail_names_the_event(login, seeded, make_client):
    taking_part = add_participation(seeded)
    make_client("other_supplier").get(f"/dialogues/attachments/{taking_part.attachment_id}")
    admin = login("admin")
    admin.post_form("/language", {"lang": "en", "next": "/admin/audit"})
    page = admin.get("/admin/audit?action=access.hidden").get_data(as_text=True)
    assert "Another organisation's object asked for<br><code>access.hidden" in page
    assert "dialogue_input_files" in page
