"""Receipts: what the city received from a supplier, when (to the second), and the files
with their sizes and SHA-256 sums, so the company can prove what it sent.

The receipt page and the receipt mail say the same: both are built here. ``mail_*``
functions queue the mail in the outbox, in the language of the person who sent what is
received (the caller commits with it); nothing is queued while mail is not configured.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from procure.auth.models import User
from procure.core.links import public_url
from procure.dialogues.alerts import mail_language, mail_subject
from procure.dialogues.models import Booking, Dialogue, InputAttachment, Registration, WrittenInput
from procure.extensions import db
from procure.mail import outbox


@dataclass(frozen=True)
class Receipt:
    """What a receipt shows: its title, the dialogue, the facts and the files received."""

    title: str
    dialogue: Dialogue
    facts: list[tuple[str, str]]
    files: Sequence[InputAttachment]
    endpoint: str
    values: dict[str, int]
    # A booked (or cancelled) meeting's calendar file: a CANCEL once it is cancelled.
    calendar: str = ""

    @property
    def link(self) -> str:
        """The receipt page's full address, for mail read elsewhere."""
        return public_url(self.endpoint, **self.values)


def to_the_second(moment) -> str:
    """"2026-12-07 04:12:33 Europe/Stockholm (03:12:33 UTC)"."""
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    return (f"{moment.astimezone(ZoneInfo(zone)):%Y-%m-%d %H:%M:%S} {zone} "
            f"({moment.astimezone(ZoneInfo('UTC')):%Y-%m-%d %H:%M:%S} UTC)")


def input_receipt(written: WrittenInput) -> Receipt:
    """The receipt of an organisation's written input, as it stands (in the current language)."""
    answers = written.answers.encode("utf-8")
    facts = [(_("What"), _("Written input from %(company)s", company=written.organisation.name)),
             (_("First received"), to_the_second(written.created_at)),
             (_("Last changed"), to_the_second(written.updated_at)),
             (_("Answers"), _("%(count)d characters, SHA-256 %(sum)s",
                              count=len(written.answers),
                              sum=hashlib.sha256(answers).hexdigest())),
             (_("Marked as a trade secret"), _("Yes") if written.trade_secret else _("No"))]
    return Receipt(_("Receipt: written input"), db.session.get(Dialogue, written.dialogue_id),
                   facts, written.attachments, "dialogues.input_receipt",
                   {"input_id": written.id})


def registration_receipt(registration: Registration) -> Receipt:
    """The receipt of an organisation's registration."""
    facts = [(_("What"), _("Registration of %(company)s",
                           company=registration.organisation.name)),
             (_("Received"), to_the_second(registration.updated_at)),
             (_("Taking part"), registration.attendees),
             (_("Status"), _("Withdrawn %(when)s", when=to_the_second(registration.cancelled_at))
              if registration.cancelled_at else _("Registered"))]
    return Receipt(_("Receipt: registration"),
                   db.session.get(Dialogue, registration.dialogue_id), facts, (),
                   "dialogues.registration_receipt", {"registration_id": registration.id})


def booking_receipt(booking: Booking) -> Receipt:
    """The receipt of a booked meeting (or a place on its waiting list)."""
    status = {"booked": _("Booked"), "waiting": _("On the waiting list"),
              "cancelled": _("Cancelled")}[booking.status]
    facts = [(_("What"), _("Meeting booking of %(company)s",
                           company=booking.registration.organisation.name)),
             (_("Received"), to_the_second(booking.created_at)),
             (_("Meeting"), to_the_second(booking.slot.starts_at)),
             (_("Length"), _("%(minutes)d min", minutes=booking.slot.minutes)),
             (_("Status"), status)]
    return Receipt(_("Receipt: meeting booking"),
                   db.session.get(Dialogue, booking.slot.dialogue_id), facts, (),
                   "dialogues.booking_receipt", {"booking_id": booking.id},
                   calendar=public_url("dialogues.booking_calendar", booking_id=booking.id)
                   if booking.status != "waiting" else "")


def mail_text(receipt: Receipt) -> tuple[str, str]:
    """The receipt as a mail: its subject and plain-text body, in the current language."""
    dialogue = receipt.dialogue
    parts = [receipt.title,
             _("Market dialogue: %(title)s (%(reference)s)", title=dialogue.title,
               reference=dialogue.need.reference),
             "\n".join(f"{label}: {value}" for label, value in receipt.facts)]
    if receipt.files:
        parts.append(_("Files received:") + "\n" + "\n".join(
            _("- %(name)s, %(size)d bytes, SHA-256 %(sum)s", name=file.filename,
              size=file.size, sum=file.sha256) for file in receipt.files))
    parts.append(_("The receipt: %(link)s", link=receipt.link))
    if receipt.calendar:
        parts.append(_("The meeting in your calendar (.ics): %(link)s", link=receipt.calendar))
    parts.append(_("Keep this mail as proof of what the city received and when."))
    return mail_subject(f"{receipt.title} – {dialogue.title}"), "\n\n".join(parts) + "\n"


def _mail(build, subject_of, organisation_id: int, recipient: User | None) -> None:
    # Only a member of the company that sent it gets its receipt.
    if (not current_app.config["MAIL_SERVER"] or recipient is None or not recipient.email
            or recipient.organisation_id != organisation_id):
        return
    db.session.flush()  # the times and ids the receipt tells
    with force_locale(mail_language(recipient.locale)):
        subject, body = mail_text(build(subject_of))
    outbox.queue(recipient.email, subject, body)


def mail_input_receipt(written: WrittenInput, sender: User) -> None:
    """Queue the receipt of the input (with its files) for the member who sent it."""
    _mail(input_receipt, written, written.organisation_id, sender)


def mail_registration_receipt(registration: Registration, sender: User) -> None:
    """Queue the receipt of the registration (or of its withdrawal) for the member who
    made the change."""
    _mail(registration_receipt, registration, registration.organisation_id, sender)


def mail_booking_receipt(booking: Booking, sender: User) -> None:
    """Queue the receipt of the booking (or of its cancellation) for the member who
    made the change; a cancelled meeting's calendar link gives the CANCEL."""
    _mail(booking_receipt, booking, booking.registration.organisation_id, sender)
