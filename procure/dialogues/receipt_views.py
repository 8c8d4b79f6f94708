"""Receipt pages: what the city received from a supplier, when (to the second), and the
files with their sizes and SHA-256 sums (built in :mod:`procure.dialogues.receipts`)."""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from procure.auth.access import suppliers_only
from procure.core.errors import HiddenFromOthers
from procure.dialogues import bp, receipts
from procure.dialogues.models import Booking, Registration, WrittenInput
from procure.extensions import db


def _own(model, object_id: int, organisation_id_of):
    """The supplier's company's object; another company's is answered as not found."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    if organisation_id_of(found) != current_user.organisation_id:
        raise HiddenFromOthers(found)
    return found


def _page(receipt: receipts.Receipt):
    return render_template("dialogues/receipt.html", title=receipt.title,
                           dialogue=receipt.dialogue, facts=receipt.facts, files=receipt.files)


@bp.get("/dialogues/inputs/<id:input_id>/receipt")
@suppliers_only
def input_receipt(input_id: int):
    written = _own(WrittenInput, input_id, lambda found: found.organisation_id)
    return _page(receipts.input_receipt(written))


@bp.get("/dialogues/registrations/<id:registration_id>/receipt")
@suppliers_only
def registration_receipt(registration_id: int):
    registration = _own(Registration, registration_id, lambda found: found.organisation_id)
    return _page(receipts.registration_receipt(registration))


@bp.get("/dialogues/bookings/<id:booking_id>/receipt")
@suppliers_only
def booking_receipt(booking_id: int):
    booking = _own(Booking, booking_id, lambda found: found.registration.organisation_id)
    return _page(receipts.booking_receipt(booking))
