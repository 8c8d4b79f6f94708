"""One-to-one meetings: the officers' meeting times and minutes, the suppliers' bookings."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.auth.access import suppliers_only
from procure.core.errors import HiddenFromOthers
from procure.core.refusals import attempt
from procure.dialogues import bp, messages, services, slots
from procure.dialogues.meeting_days import day_off
from procure.dialogues.forms import InformationForm, MinutesForm, SlotForm
from procure.dialogues.models import Booking, MeetingMinutes, Slot
from procure.dialogues.pages import (
    city_timezone,
    load_managed,
    load_visible,
    own_registration,
)
from procure.dialogues.refusals import REFUSALS
from procure.dialogues.views import show_page
from procure.extensions import db
from procure.formatting import from_city_time
from procure.i18n import current_language


def _back(dialogue_id: int, anchor: str = "meetings"):
    return redirect(url_for("dialogues.show", dialogue_id=dialogue_id, _anchor=anchor),
                    code=303)


@bp.post("/dialogues/<id:dialogue_id>/slots")
def add_slot(dialogue_id: int):
    dialogue = load_managed(dialogue_id)
    form = SlotForm()
    if not form.validate_on_submit():
        return show_page(dialogue, True, 400, slot_form=form)
    done = attempt(lambda: slots.add_slot(
        dialogue, from_city_time(form.starts_at.data, city_timezone()), form.minutes.data,
        form.capacity.data, current_user), REFUSALS)
    if not done.ok:
        return show_page(dialogue, True, done.status, slot_form=form)
    flash(_("The meeting time is added."), "success")
    # A warning, not a refusal: a meeting on a day off may be meant, but rarely is.
    reason = day_off(form.starts_at.data.date(), current_language())
    if reason:
        flash(_("Note: %(date)s is %(day_off)s in Sweden. Check that the meeting is meant "
                "to be on a day off.", date=form.starts_at.data.date().isoformat(),
                day_off=reason), "warning")
    return _back(dialogue.id)


@bp.post("/dialogues/slots/<id:slot_id>/remove")
def remove_slot(slot_id: int):
    slot = db.session.get(Slot, slot_id) or abort(404)
    dialogue = load_managed(slot.dialogue_id)
    if attempt(lambda: slots.remove_slot(slot, current_user), REFUSALS).ok:
        flash(_("The meeting time is removed."), "success")
    return _back(dialogue.id)


@bp.post("/dialogues/slots/<id:slot_id>/booking")
@suppliers_only
def book(slot_id: int):
    slot = db.session.get(Slot, slot_id) or abort(404)
    dialogue = load_visible(slot.dialogue_id)
    registration = own_registration(dialogue)
    if registration is None:
        flash(_("Register your company for the dialogue first."), "error")
        return _back(dialogue.id, "take-part-title")
    # A booking made by a request that came first reads as one made before.
    done = attempt(lambda: slots.book(slot, registration, current_user), REFUSALS,
                   collision="already_booked")
    if not done.ok:
        return _back(dialogue.id)
    booking = done.value
    if booking.status == "booked":
        flash(_("The meeting is booked."), "success")
    else:
        flash(_("This meeting time is full: your company is on the waiting list and will be "
                "told if a place becomes free."), "info")
    return _back(dialogue.id)


@bp.post("/dialogues/bookings/<id:booking_id>/cancel")
@suppliers_only
def cancel_booking(booking_id: int):
    booking = db.session.get(Booking, booking_id)
    # Another company's booking is none of this supplier's business.
    if booking is None:
        abort(404)
    if booking.registration.organisation_id != current_user.organisation_id:
        raise HiddenFromOthers(booking)
    if attempt(lambda: slots.cancel_booking(booking, current_user), REFUSALS).ok:
        flash(_("The booking is cancelled."), "success")
    return _back(booking.slot.dialogue_id)


@bp.route("/dialogues/bookings/<id:booking_id>/minutes", methods=["GET", "POST"])
def minutes(booking_id: int):
    booking = db.session.get(Booking, booking_id) or abort(404)
    dialogue = load_managed(booking.slot.dialogue_id)
    current = booking.minutes
    # On a POST only what was sent counts; a GET shows what is saved.
    form = MinutesForm() if request.method == "POST" or current is None else MinutesForm(
        data={"minutes": current.text, "material": current.material})
    if form.validate_on_submit():
        done = attempt(lambda: messages.record_minutes(
            booking, form.minutes.data, form.material.data, current_user), REFUSALS)
        if done.ok:
            saved = done.value
            flash(_("The minutes are saved."), "success")
            if saved.awaits_sharing:
                return redirect(url_for("dialogues.share_minutes", minutes_id=saved.id),
                                code=303)
            return _back(dialogue.id)
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/minutes.html", form=form, dialogue=dialogue,
                           booking=booking), status


@bp.route("/dialogues/minutes/<id:minutes_id>/share", methods=["GET", "POST"])
def share_minutes(minutes_id: int):
    """Publish what every company should know from a meeting, without naming the company."""
    record = db.session.get(MeetingMinutes, minutes_id) or abort(404)
    dialogue = load_managed(record.booking.slot.dialogue_id)
    form = InformationForm()
    if record.shared_message_id is None and form.validate_on_submit():
        if attempt(lambda: messages.publish_information(
                dialogue, form.body.data, current_user, minutes=record), REFUSALS).ok:
            flash(_("The information is published to every registered company."), "success")
            return _back(dialogue.id, "published")
    status = 400 if form.is_submitted() else 200
    return render_template("dialogues/share_minutes.html", form=form, dialogue=dialogue,
                           minutes=record), status
