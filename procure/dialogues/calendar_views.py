"""Calendar files: a booked meeting, and a dialogue's deadlines."""
from __future__ import annotations

from datetime import timedelta

from flask import Response, abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import public, suppliers_only
from procure.core.downloads import attachment_disposition
from procure.core.links import public_url
from procure.core.errors import HiddenFromOthers
from procure.db import utcnow
from procure.dialogues import bp
from procure.dialogues.calendar import CalendarEvent, city_time_note, deadline_event, to_ics
from procure.dialogues.models import Booking, Dialogue
from procure.dialogues.pages import city_timezone, load_visible
from procure.extensions import db


def _domain() -> str:
    address = current_app.config["PUBLIC_URL"]
    return address.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "procure"


def _ics(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype="text/calendar")  # Flask adds charset=utf-8
    response.headers["Content-Disposition"] = attachment_disposition(filename)
    return response


@bp.get("/dialogues/bookings/<id:booking_id>/calendar.ics")
@suppliers_only
def booking_calendar(booking_id: int):
    """The company's meeting as a calendar event; a CANCEL for the same event once the
    booking, or the whole dialogue, is cancelled."""
    booking = db.session.get(Booking, booking_id) or abort(404)
    if booking.registration.organisation_id != current_user.organisation_id:
        raise HiddenFromOthers(booking)
    slot = booking.slot
    dialogue = db.session.get(Dialogue, slot.dialogue_id)
    link = public_url("dialogues.show", dialogue_id=dialogue.id)
    where = dialogue.link or dialogue.place
    cancelled = booking.status == "cancelled" or dialogue.status == "cancelled"
    event = CalendarEvent(
        uid=f"booking-{booking.id}@{_domain()}",
        summary=_("Meeting: %(title)s", title=dialogue.title),
        starts=slot.starts_at, ends=slot.starts_at + timedelta(minutes=slot.minutes),
        location=where, url=link,
        description="\n".join(part for part in (
            city_time_note(slot.starts_at, city_timezone()), dialogue.place, dialogue.link,
            link) if part),
        sequence=dialogue.lock_version + (1 if booking.status == "cancelled" else 0),
        cancelled=cancelled)
    return _ics(to_ics([event], utcnow(), dialogue.title, city_timezone()),
                f"meeting-{booking.id}.ics")


DEADLINES = (("registration_deadline", lambda: _("Registration closes")),
             ("questions_deadline", lambda: _("Questions close")),
             ("input_deadline", lambda: _("Written input closes")))


@bp.get("/dialogues/<id:dialogue_id>/calendar.ics")
@public
def deadlines_calendar(dialogue_id: int):
    """The dialogue's deadlines as calendar events, for anyone who may read it; once a
    published dialogue is cancelled, a CANCEL of the same events, so calendars that
    imported them drop them."""
    dialogue = db.session.get(Dialogue, dialogue_id)
    if not (dialogue is not None and dialogue.status == "cancelled" and dialogue.published_at):
        dialogue = load_visible(dialogue_id)
    link = public_url("dialogues.show", dialogue_id=dialogue.id)
    cancelled = dialogue.status == "cancelled"
    events = [deadline_event(
        f"dialogue-{dialogue.id}-{name}@{_domain()}", f"{label()}: {dialogue.title}",
        getattr(dialogue, name), url=link, location=dialogue.link or dialogue.place,
        description=f"{city_time_note(getattr(dialogue, name), city_timezone())}\n{link}",
        sequence=dialogue.lock_version, cancelled=cancelled)
        for name, label in DEADLINES]
    return _ics(to_ics(events, utcnow(), dialogue.title, city_timezone()),
                f"dialogue-{dialogue.id}.ics")
