"""Receipts: what the city received from a supplier, when (to the second), and the
files with their sizes and SHA-256 sums, so the company can prove what it sent."""
from __future__ import annotations

import hashlib
from zoneinfo import ZoneInfo

from flask import abort, render_template
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import suppliers_only
from procure.core.errors import HiddenFromOthers
from procure.dialogues import bp
from procure.dialogues.models import Booking, Dialogue, Registration, WrittenInput
from procure.dialogues.pages import city_timezone
from procure.extensions import db


def _own(model, object_id: int, organisation_id_of):
    """The supplier's company's object; another company's is answered as not found."""
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    if organisation_id_of(found) != current_user.organisation_id:
        raise HiddenFromOthers(found)
    return found


def to_the_second(moment) -> str:
    """"2026-12-07 04:12:33 Europe/Stockholm (03:12:33 UTC)"."""
    zone = city_timezone()
    return (f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M:%S} {zone} "
            f"({moment.astimezone(ZoneInfo('UTC')):%Y-%m-%d %H:%M:%S} UTC)")


def _receipt(title: str, dialogue: Dialogue, facts: list[tuple[str, str]], files=()):
    return render_template("dialogues/receipt.html", title=title, dialogue=dialogue,
                           facts=facts, files=files)


@bp.get("/dialogues/inputs/<id:input_id>/receipt")
@suppliers_only
def input_receipt(input_id: int):
    written = _own(WrittenInput, input_id, lambda found: found.organisation_id)
    dialogue = db.session.get(Dialogue, written.dialogue_id)
    answers = written.answers.encode("utf-8")
    facts = [(_("What"), _("Written input from %(company)s", company=written.organisation.name)),
             (_("First received"), to_the_second(written.created_at)),
             (_("Last changed"), to_the_second(written.updated_at)),
             (_("Answers"), _("%(count)d characters, SHA-256 %(sum)s",
                              count=len(written.answers),
                              sum=hashlib.sha256(answers).hexdigest())),
             (_("Marked as a trade secret"), _("Yes") if written.trade_secret else _("No"))]
    return _receipt(_("Receipt: written input"), dialogue, facts, written.attachments)


@bp.get("/dialogues/registrations/<id:registration_id>/receipt")
@suppliers_only
def registration_receipt(registration_id: int):
    registration = _own(Registration, registration_id, lambda found: found.organisation_id)
    dialogue = db.session.get(Dialogue, registration.dialogue_id)
    facts = [(_("What"), _("Registration of %(company)s",
                           company=registration.organisation.name)),
             (_("Received"), to_the_second(registration.updated_at)),
             (_("Taking part"), registration.attendees),
             (_("Status"), _("Withdrawn %(when)s", when=to_the_second(registration.cancelled_at))
              if registration.cancelled_at else _("Registered"))]
    return _receipt(_("Receipt: registration"), dialogue, facts)


@bp.get("/dialogues/bookings/<id:booking_id>/receipt")
@suppliers_only
def booking_receipt(booking_id: int):
    booking = _own(Booking, booking_id, lambda found: found.registration.organisation_id)
    dialogue = db.session.get(Dialogue, booking.slot.dialogue_id)
    status = {"booked": _("Booked"), "waiting": _("On the waiting list"),
              "cancelled": _("Cancelled")}[booking.status]
    facts = [(_("What"), _("Meeting booking of %(company)s",
                           company=booking.registration.organisation.name)),
             (_("Received"), to_the_second(booking.created_at)),
             (_("Meeting"), to_the_second(booking.slot.starts_at)),
             (_("Length"), _("%(minutes)d min", minutes=booking.slot.minutes)),
             (_("Status"), status)]
    return _receipt(_("Receipt: meeting booking"), dialogue, facts)
