"""Written input: an organisation's answers to the city's questions, with PDFs.

Each organisation has one input per dialogue, which its members may change until the
input deadline; no other supplier ever reaches it. The trade-secret marking is the
supplier's request: the city decides on secrecy under the Public Access to Information
and Secrecy Act (OSL), so a marking must say what harm disclosure would do.
Service functions flush and audit; the caller commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import BinaryIO

from sqlalchemy.orm import joinedload, selectinload

from procure import uploads
from procure.audit.models import AuditEvent
from procure.needs import staff_alerts
from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues.lifecycle import DialogueRefused
from procure.dialogues.models import Dialogue, InputAttachment, Registration, WrittenInput
from procure.extensions import db


def input_of(dialogue: Dialogue, organisation_id: int) -> WrittenInput | None:
    return db.session.execute(db.select(WrittenInput).filter_by(
        dialogue_id=dialogue.id, organisation_id=organisation_id)).scalar_one_or_none()


def inputs_of(dialogue: Dialogue) -> list[WrittenInput]:
    """Every organisation's input, for the officers."""
    return list(db.session.execute(
        db.select(WrittenInput).filter_by(dialogue_id=dialogue.id)
        # Each input shows its organisation and files: loaded with the list.
        .options(joinedload(WrittenInput.organisation), selectinload(WrittenInput.attachments))
        .order_by(WrittenInput.created_at)).scalars())


def check_open(dialogue: Dialogue, registration: Registration | None,
               now: datetime | None = None) -> None:
    if dialogue.status != "published" or registration is None or not registration.is_active:
        raise DialogueRefused("not_open")
    if (now or utcnow()) > dialogue.input_deadline:
        raise DialogueRefused("input_closed")


def save_input(dialogue: Dialogue, registration: Registration, *, answers: str,
               trade_secret: bool, secret_parts: str, secret_harm: str, actor: User,
               expected_version: int | None, now: datetime | None = None) -> WrittenInput:
    """Create or change the organisation's input. ``expected_version`` is the version the
    form was based on (None for a first save); another member's save in between is a
    conflict, not an overwrite."""
    check_open(dialogue, registration, now)
    if trade_secret and not (secret_parts.strip() and secret_harm.strip()):
        raise DialogueRefused("secret_needs_reason")
    written = input_of(dialogue, registration.organisation_id)
    received = written is None
    if written is None:
        written = WrittenInput(dialogue_id=dialogue.id,
                               organisation_id=registration.organisation_id)
        db.session.add(written)
    elif expected_version != written.lock_version:
        raise DialogueRefused("conflict")
    written.answers = answers.strip()
    written.trade_secret = trade_secret
    written.secret_parts = secret_parts.strip() if trade_secret else ""
    written.secret_harm = secret_harm.strip() if trade_secret else ""
    written.submitted_by_id = actor.id
    record("dialogue.input_saved", dialogue, actor=actor,
           organisation=registration.organisation.identifier, trade_secret=trade_secret)
    if received:  # after the fields are set: alerting flushes, and a flush counts a save
        staff_alerts.dialogue_activity(dialogue, "input_received")
    return written


def add_attachment(written: WrittenInput, stream: BinaryIO, filename: str | None, *,
                   folder: str, max_bytes: int, max_count: int, actor: User) -> InputAttachment:
    """Store a PDF with the input; raises DialogueRefused ("too_many") or
    uploads.UploadRefused ("empty", "too_large", "not_pdf").

    Two uploads at once (a double click, two members) must not pass the cap together:
    the input's row is locked until the commit, and its files counted as they are then.
    """
    db.session.flush()  # the input has its id, and this request's earlier files count
    db.session.execute(db.select(WrittenInput.id).where(WrittenInput.id == written.id)
                       .with_for_update())
    stored_files = db.session.execute(db.select(db.func.count()).select_from(
        InputAttachment).where(InputAttachment.input_id == written.id)).scalar_one()
    if stored_files >= max_count:
        raise DialogueRefused("too_many")
    stored = uploads.store_pdf(stream, folder, max_bytes)
    attachment = InputAttachment(filename=uploads.display_name(filename),
                                 stored_name=stored.stored_name, size=stored.size,
                                 sha256=stored.sha256)
    written.attachments.append(attachment)
    dialogue = db.session.get(Dialogue, written.dialogue_id)
    record("dialogue.attachment_added", dialogue, actor=actor, sha256=stored.sha256,
           size=stored.size)
    return attachment


def remove_attachment(attachment: InputAttachment, actor: User) -> str:
    """Forget the attachment; returns the stored name, for the caller to delete the file
    once the change is committed."""
    written = attachment.written_input
    written.attachments.remove(attachment)
    dialogue = db.session.get(Dialogue, written.dialogue_id)
    record("dialogue.attachment_removed", dialogue, actor=actor, sha256=attachment.sha256)
    return attachment.stored_name


# --- need to know: who reads input marked as a trade secret -----------------------------
#
# The supplier is told that input marked as a trade secret is read by the officers of
# the department that runs the dialogue. Anyone else with a duty to read it (an admin,
# say, answering a public-access request) first states why, on a page of its own; the
# reason is an audit event, and it opens that input to that person for a working day.
# Every read of marked input is recorded, and the supplier sees when (never by whom).

REASON_STATED = "dialogue.secret_reason_stated"
SECRET_READ = "dialogue.secret_input_read"
ATTACHMENT_READ = "dialogue.attachment_downloaded"
REASON_HOURS = 12


def reads_directly(user: User, dialogue: Dialogue) -> bool:
    """The officers of the department that runs the dialogue read marked input."""
    return user.role == "officer" and user.department_id == dialogue.need.department_id


def _reason_given(user: User, written: WrittenInput, now: datetime) -> bool:
    return db.session.execute(db.select(AuditEvent.id).where(
        AuditEvent.action == REASON_STATED, AuditEvent.object_type == WrittenInput.__tablename__,
        AuditEvent.object_id == written.id, AuditEvent.actor_id == user.id,
        AuditEvent.occurred_at >= now - timedelta(hours=REASON_HOURS)).limit(1)).first() is not None


def may_read(user: User, written: WrittenInput, dialogue: Dialogue,
             now: datetime | None = None) -> bool:
    """Whether a member of staff who manages the dialogue may read this input now:
    unmarked input always; marked input directly, or after stating a reason."""
    if not written.trade_secret or reads_directly(user, dialogue):
        return True
    return _reason_given(user, written, now or utcnow())


def state_reason(written: WrittenInput, actor: User, reason: str) -> None:
    """Put on the record why ``actor`` must read marked input (the caller commits)."""
    record(REASON_STATED, written, actor=actor, dialogue=written.dialogue_id,
           reason=reason.strip())


def record_secret_read(written: WrittenInput, actor: User) -> None:
    """A page showed marked input to ``actor``: on the record, for the supplier to see."""
    record(SECRET_READ, written, actor=actor, dialogue=written.dialogue_id)


def reads_of(written: WrittenInput) -> list[datetime]:
    """When the city's staff read this input or downloaded its files, newest first;
    who read it is for the audit trail, not for the supplier."""
    return list(db.session.execute(
        db.select(AuditEvent.occurred_at)
        .join(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.object_type == WrittenInput.__tablename__,
               AuditEvent.object_id == written.id,
               AuditEvent.action.in_((SECRET_READ, ATTACHMENT_READ)),
               User.role != "supplier")
        .order_by(AuditEvent.occurred_at.desc())).scalars())
