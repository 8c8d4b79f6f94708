"""The items of the start pages, one SELECT per kind of item (no Flask)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.dialogues.vocabulary import PUBLIC_STATES
from procure.dialogues.models import (
    Alert,
    Booking,
    Dialogue,
    MeetingMinutes,
    Question,
    Registration,
    Slot,
    WrittenInput,
)
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.needs.models import Need, StaffAlert
from procure.needs.vocabulary import OPEN_STATES
from procure.pcp.models import Evaluator, GateDecision, PcpPlan, Phase
from procure.suppliers.models import SupplierOrganisation

DEADLINES = ("registration_deadline", "questions_deadline", "input_deadline")
LOOK_AHEAD = timedelta(days=14)
# A start page lists the newest or most urgent of each kind; the rest are a link away.
LIMIT = 50


@dataclass(frozen=True)
class Deadline:
    dialogue_id: int
    title: str
    which: str  # one of DEADLINES
    at: datetime


def _in_department(query, department_id: int | None):
    """Only the department's needs; the whole city when ``department_id`` is None."""
    return query if department_id is None else query.where(Need.department_id == department_id)


# --- officers and admins ----------------------------------------------------------------

def my_needs(user_id: int):
    """The open needs the officer is responsible for, most recently changed first."""
    return db.session.execute(
        select(Need.reference, Need.title, Need.status, Need.updated_at)
        .where(Need.officer_id == user_id, Need.status.in_(OPEN_STATES))
        .order_by(Need.updated_at.desc(), Need.id.desc()).limit(LIMIT)).all()


def review_query(user_id: int, department_id: int | None):
    """Needs in review that the user may review: the department's, not their own."""
    return _in_department(
        select(Need.reference, Need.title, Need.updated_at)
        .where(Need.status == "in_review", Need.author_id != user_id), department_id)


def to_review(user_id: int, department_id: int | None):
    """Needs waiting for review, longest waiting first."""
    return db.session.execute(review_query(user_id, department_id)
                              .order_by(Need.updated_at, Need.reference).limit(LIMIT)).all()


def menu_counts(user_id: int, department_id: int | None) -> tuple[int, int]:
    """Needs waiting for the user's review and the user's unread alerts, in one statement
    (every staff page's menu shows both)."""
    row = db.session.execute(_menu_counts_select(whole_city=department_id is None),
                             {"user_id": user_id, "department_id": department_id}).one()
    return row[0], row[1]


@cache
def _menu_counts_select(whole_city: bool) -> Select:
    """The menu's statement, built once for each shape: on every staff page, building it
    cost more than running it."""
    user_id = bindparam("user_id")
    department_id = None if whole_city else bindparam("department_id")
    reviews = select(func.count()).select_from(
        review_query(user_id, department_id).subquery()).scalar_subquery()
    unread = (select(func.count()).select_from(StaffAlert)
              .where(StaffAlert.user_id == user_id, StaffAlert.read_at.is_(None))
              .scalar_subquery())
    return select(reviews, unread)


def unanswered_questions(department_id: int | None):
    """Dialogues with questions not yet answered, the longest waiting first."""
    return db.session.execute(_in_department(
        select(Dialogue.id, Dialogue.title, func.count(Question.id).label("count"),
               func.min(Question.created_at).label("since"))
        .join(Question, Question.dialogue_id == Dialogue.id)
        .join(Need, Need.id == Dialogue.need_id)
        .where(Question.answer_id.is_(None), Dialogue.status.in_(PUBLIC_STATES)),
        department_id)
        .group_by(Dialogue.id, Dialogue.title).order_by("since").limit(LIMIT)).all()


def minutes_to_share(department_id: int | None):
    """Meeting minutes with material information not yet shared with all."""
    return db.session.execute(_in_department(
        select(MeetingMinutes.id, MeetingMinutes.created_at, Dialogue.title)
        .join(Booking, Booking.id == MeetingMinutes.booking_id)
        .join(Slot, Slot.id == Booking.slot_id)
        .join(Dialogue, Dialogue.id == Slot.dialogue_id)
        .join(Need, Need.id == Dialogue.need_id)
        .where(MeetingMinutes.material.is_(True), MeetingMinutes.shared_message_id.is_(None)),
        department_id).order_by(MeetingMinutes.created_at).limit(LIMIT)).all()


def unread_input(department_id: int | None):
    """Dialogues with written input sent or changed since an officer last read them
    (reading is on the audit trail as ``dialogue.inputs_read``)."""
    last_read = (select(func.max(AuditEvent.occurred_at))
                 .where(AuditEvent.object_type == "dialogues",
                        AuditEvent.object_id == Dialogue.id,
                        AuditEvent.action == "dialogue.inputs_read")
                 .correlate(Dialogue).scalar_subquery())
    return db.session.execute(_in_department(
        select(Dialogue.id, Dialogue.title, func.count(WrittenInput.id).label("count"),
               func.max(WrittenInput.updated_at).label("latest"))
        .join(WrittenInput, WrittenInput.dialogue_id == Dialogue.id)
        .join(Need, Need.id == Dialogue.need_id)
        .where(or_(last_read.is_(None), WrittenInput.updated_at > last_read)),
        department_id)
        .group_by(Dialogue.id, Dialogue.title).order_by(func.max(WrittenInput.updated_at).desc())
        .limit(LIMIT)).all()


def deadlines_ahead(department_id: int | None, now: datetime) -> list[Deadline]:
    """Deadlines of open dialogues in the next two weeks, the nearest first."""
    until = now + LOOK_AHEAD
    columns = [getattr(Dialogue, name) for name in DEADLINES]
    rows = db.session.execute(_in_department(
        select(Dialogue.id, Dialogue.title, *columns)
        .join(Need, Need.id == Dialogue.need_id)
        .where(Dialogue.status == "published",
               or_(*(and_(column > now, column <= until) for column in columns))),
        department_id).limit(LIMIT)).all()
    found = [Deadline(row.id, row.title, name, getattr(row, name))
             for row in rows for name in DEADLINES if now < getattr(row, name) <= until]
    return sorted(found, key=lambda deadline: (deadline.at, deadline.dialogue_id))


def evaluations_for(user_id: int):
    """PCP phases the officer evaluates whose gate is not decided yet."""
    return db.session.execute(
        select(Need.reference, Need.title, Phase.number)
        .select_from(Evaluator)
        .join(Phase, Phase.id == Evaluator.phase_id)
        .join(PcpPlan, PcpPlan.id == Phase.plan_id)
        .join(Need, Need.id == PcpPlan.need_id)
        .where(Evaluator.user_id == user_id,
               ~exists().where(GateDecision.phase_id == Phase.id))
        .order_by(Need.reference, Phase.number).limit(LIMIT)).all()


def members_waiting(organisation_id: int | None = None):
    """People waiting to be confirmed as members (one organisation's, or all)."""
    query = (select(User.id, User.name, User.email, User.created_at,
                    SupplierOrganisation.name.label("organisation"))
             .join(SupplierOrganisation, SupplierOrganisation.id == User.organisation_id)
             .where(User.role == "supplier", User.membership == "pending",
                    User.deleted_at.is_(None)))
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    return db.session.execute(query.order_by(User.created_at).limit(LIMIT)).all()


def failed_mail():
    """Mail that could not be sent so far, the most recent first."""
    return db.session.execute(
        select(OutboxMail.id, OutboxMail.subject, OutboxMail.attempts, OutboxMail.last_error,
               OutboxMail.created_at)
        .where(OutboxMail.sent_at.is_(None), OutboxMail.attempts > 0)
        .order_by(OutboxMail.created_at.desc()).limit(LIMIT)).all()


# --- suppliers --------------------------------------------------------------------------

def registrations_of(organisation_id: int):
    """The organisation's registrations for dialogues that are still public."""
    return db.session.execute(
        select(Registration.id, Registration.created_at, Dialogue.id.label("dialogue_id"),
               Dialogue.title, Dialogue.status, *(getattr(Dialogue, n) for n in DEADLINES),
               WrittenInput.id.label("input_id"))
        .join(Dialogue, Dialogue.id == Registration.dialogue_id)
        .outerjoin(WrittenInput, (WrittenInput.dialogue_id == Registration.dialogue_id)
                   & (WrittenInput.organisation_id == Registration.organisation_id))
        .where(Registration.organisation_id == organisation_id,
               Registration.cancelled_at.is_(None), Dialogue.status.in_(PUBLIC_STATES))
        .order_by(Registration.created_at.desc()).limit(LIMIT)).all()


def next_deadline(row, now: datetime) -> tuple[str, datetime] | None:
    """The nearest deadline of a registration's dialogue still ahead, if any."""
    ahead = [(getattr(row, name), name) for name in DEADLINES if getattr(row, name) > now]
    return (min(ahead)[1], min(ahead)[0]) if ahead else None


def meetings_of(organisation_id: int, now: datetime):
    """The organisation's booked (or waiting) meetings still ahead, the nearest first."""
    return db.session.execute(
        select(Booking.id, Booking.status, Slot.starts_at, Slot.minutes,
               Dialogue.id.label("dialogue_id"), Dialogue.title, Dialogue.place, Dialogue.link)
        .join(Slot, Slot.id == Booking.slot_id)
        .join(Registration, Registration.id == Booking.registration_id)
        .join(Dialogue, Dialogue.id == Slot.dialogue_id)
        .where(Registration.organisation_id == organisation_id,
               Booking.status != "cancelled", Slot.starts_at >= now)
        .order_by(Slot.starts_at).limit(LIMIT)).all()


def news_for(organisation_id: int):
    """Answers and information published to the organisation that nobody has read yet."""
    return db.session.execute(
        select(Alert.id, Alert.kind, Alert.created_at, Dialogue.id.label("dialogue_id"),
               Dialogue.title)
        .join(Dialogue, Dialogue.id == Alert.dialogue_id)
        .where(Alert.organisation_id == organisation_id, Alert.read_at.is_(None),
               Alert.kind.in_(("answer_published", "information_published")))
        .order_by(Alert.created_at.desc()).limit(LIMIT)).all()


def open_for_us(organisation_id: int, now: datetime):
    """Dialogues the organisation was alerted to (its CPV interests matched), open for
    registration and not registered for yet; the nearest deadline first."""
    registered = exists().where(Registration.dialogue_id == Dialogue.id,
                                Registration.organisation_id == organisation_id,
                                Registration.cancelled_at.is_(None))
    return db.session.execute(
        select(Dialogue.id, Dialogue.title, Dialogue.registration_deadline)
        .join(Alert, Alert.dialogue_id == Dialogue.id)
        .where(Alert.organisation_id == organisation_id, Alert.kind == "dialogue_published",
               Dialogue.status == "published", Dialogue.registration_deadline > now,
               ~registered)
        .distinct().order_by(Dialogue.registration_deadline).limit(LIMIT)).all()
