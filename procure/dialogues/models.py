from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import State, TimestampMixin, UTCDateTime, utcnow
from procure.dialogues.vocabulary import (
    ALERT_KINDS,
    BOOKING_STATES,
    KINDS,
    MESSAGE_KINDS,
    STATES,
    DialogueKind,
)
from procure.extensions import db

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need
    from procure.suppliers.models import SupplierOrganisation

_STATE_LIST = ", ".join(f"'{state}'" for state in STATES)
_KIND_LIST = ", ".join(f"'{kind}'" for kind in KINDS)


class Dialogue(TimestampMixin, db.Model):
    """A preliminary market consultation about a need (Directive 2014/24/EU art. 40)."""

    __tablename__ = "dialogues"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATE_LIST})", name="status"),
        CheckConstraint(f"kind IN ({_KIND_LIST})", name="kind"),
        Index("ix_dialogues_status_published", "status", "published_at"),
        # The public listing's order, with and without the status it filters on.
        Index("ix_dialogues_status_deadline", "status", "registration_deadline", "id"),
        Index("ix_dialogues_deadline", "registration_deadline", "id"),
        # The dashboard: a need's published dialogues from the index alone (with their
        # ids on PostgreSQL, whose indexes do not carry the row's key).
        Index("ix_dialogues_need_published", "need_id", "published_at", "status",
              postgresql_include=["id"]),
        # The public listing's count (joined to the needs) from the index alone.
        Index("ix_dialogues_status_need", "status", "need_id"),
        # The dashboard's newest published dialogues: walked newest first until fifty
        # belong to the selection, instead of sorting all of them.
        Index("ix_dialogues_published", "published_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    # The city's case number (diarienummer) of the dialogue; its report is filed under
    # it (or under the need's when it has none).
    case_number: Mapped[str] = mapped_column(String(50), default="", server_default="")
    # What the market reads: taken from the need, editable.
    description: Mapped[str] = mapped_column(Text, default="")
    questions_to_market: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    registration_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    questions_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    input_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(State(20), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The need statement's version when the dialogue was published: what the market reads.
    need_version: Mapped[int | None] = mapped_column()
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # One-to-one meetings: how many slots one organisation may book, and how many hours
    # before a meeting a booking can still be cancelled.
    slots_per_supplier: Mapped[int] = mapped_column(default=1)
    cancel_cutoff_hours: Mapped[int] = mapped_column(default=24)
    # Written by the officer once the dialogue has closed; part of the report.
    lessons_learnt: Mapped[str] = mapped_column(Text, default="")
    # For the equal-treatment log: organisations alerted on publication, told on cancelling.
    alerted_on_publish: Mapped[int] = mapped_column(default=0)
    told_on_cancel: Mapped[int] = mapped_column(default=0)
    # Counts saves: two officers editing one dialogue cannot overwrite each other.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    need: Mapped[Need] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def kind_entry(self) -> DialogueKind:
        """The vocabulary's entry for this dialogue's kind: its names and what it allows."""
        return KINDS[self.kind]


class Registration(TimestampMixin, db.Model):
    """A supplier organisation taking part in a dialogue (one per organisation)."""

    __tablename__ = "dialogue_registrations"
    __table_args__ = (
        UniqueConstraint("dialogue_id", "organisation_id", name="uq_dialogue_registrations_org"),
        # The dashboard: an organisation's first registration anywhere.
        Index("ix_dialogue_registrations_organisation_first", "organisation_id", "created_at"),
        # A dialogue's registrations; on PostgreSQL with what the dashboard counts of them
        # (who, whether withdrawn, when), read from the index alone.
        Index("ix_dialogue_registrations_dialogue_id", "dialogue_id",
              postgresql_include=["organisation_id", "cancelled_at", "created_at"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisations.id"),
                                                 index=True)
    # Names of the people who will take part, one per line.
    attendees: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                    ondelete="SET NULL"))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[SupplierOrganisation] = relationship()

    @property
    def is_active(self) -> bool:
        return self.cancelled_at is None


class Slot(db.Model):
    """A meeting time in a one-to-one dialogue; ``booked`` never exceeds ``capacity``.

    ``booked`` is the gate: a booking raises it with one conditional UPDATE, so
    concurrent requests can never overbook (the check constraint is the last guard).
    """

    __tablename__ = "dialogue_slots"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("booked >= 0 AND booked <= capacity", name="booked"),
        CheckConstraint("minutes >= 5", name="minutes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    minutes: Mapped[int] = mapped_column(default=45)
    capacity: Mapped[int] = mapped_column(default=1)
    booked: Mapped[int] = mapped_column(default=0)

    @property
    def is_full(self) -> bool:
        return self.booked >= self.capacity


class Booking(TimestampMixin, db.Model):
    """An organisation's place in a slot, or in its waiting list (first come, first in)."""

    __tablename__ = "slot_bookings"
    __table_args__ = (
        CheckConstraint(f"status IN ({', '.join(repr(s) for s in BOOKING_STATES)})",
                        name="status"),
        # One live place per organisation and slot; cancelled ones stay for the record.
        Index("uq_slot_bookings_live", "slot_id", "registration_id", unique=True,
              postgresql_where=text("status != 'cancelled'"),
              sqlite_where=text("status != 'cancelled'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("dialogue_slots.id", ondelete="CASCADE"),
                                         index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_registrations.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(State(10))
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    promoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    slot: Mapped[Slot] = relationship()
    registration: Mapped[Registration] = relationship()
    minutes: Mapped[MeetingMinutes | None] = relationship(back_populates="booking")


class Message(db.Model):
    """Something published to every registered organisation: an answer or information.

    Never names the supplier who asked: ``question`` is the wording the officer
    published, which may differ from what was asked.
    """

    __tablename__ = "dialogue_messages"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in MESSAGE_KINDS)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[str] = mapped_column(String(20))
    question: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                   ondelete="SET NULL"))
    # How many registered organisations it went to, for the equal-treatment log.
    recipients: Mapped[int] = mapped_column(default=0)


class Question(TimestampMixin, db.Model):
    """A registered supplier's question; answered to all through a :class:`Message`."""

    __tablename__ = "dialogue_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("dialogue_registrations.id", ondelete="CASCADE"), index=True)
    asked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("dialogue_messages.id",
                                                             ondelete="SET NULL"))

    registration: Mapped[Registration] = relationship()
    answer: Mapped[Message | None] = relationship()


class MeetingMinutes(TimestampMixin, db.Model):
    """The officer's minutes of a one-to-one meeting; ``material`` information must be
    shared with all (``shared_message_id``) before the report."""

    __tablename__ = "meeting_minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("slot_bookings.id", ondelete="CASCADE"),
                                            unique=True)
    text: Mapped[str] = mapped_column(Text)
    material: Mapped[bool] = mapped_column(Boolean, default=False)
    shared_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogue_messages.id", ondelete="SET NULL"))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                  ondelete="SET NULL"))

    booking: Mapped[Booking] = relationship(back_populates="minutes")

    @property
    def awaits_sharing(self) -> bool:
        return self.material and self.shared_message_id is None


class WrittenInput(TimestampMixin, db.Model):
    """An organisation's written answer to the city's questions; one per organisation."""

    __tablename__ = "dialogue_inputs"
    __table_args__ = (
        UniqueConstraint("dialogue_id", "organisation_id", name="uq_dialogue_inputs_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("supplier_organisations.id"),
                                                 index=True)
    answers: Mapped[str] = mapped_column(Text, default="")
    # The supplier's own marking; the city decides on secrecy under the law.
    trade_secret: Mapped[bool] = mapped_column(Boolean, default=False)
    secret_parts: Mapped[str] = mapped_column(Text, default="")
    secret_harm: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                   ondelete="SET NULL"))
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    organisation: Mapped[SupplierOrganisation] = relationship()
    attachments: Mapped[list[InputAttachment]] = relationship(
        back_populates="written_input", order_by="InputAttachment.id",
        cascade="all, delete-orphan")


class InputAttachment(TimestampMixin, db.Model):
    """A PDF sent with written input, stored outside ``static/`` under ``stored_name``."""

    __tablename__ = "dialogue_input_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    input_id: Mapped[int] = mapped_column(ForeignKey("dialogue_inputs.id", ondelete="CASCADE"),
                                          index=True)
    filename: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))

    written_input: Mapped[WrittenInput] = relationship(back_populates="attachments")


class Alert(db.Model):
    """Something a supplier organisation should know about a dialogue, shown in the app."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in ALERT_KINDS)})", name="kind"),
        # Serves the unread count in every page's menu, and the organisation's list:
        # a separate index on organisation_id alone would only duplicate it.
        Index("ix_alerts_organisation_read", "organisation_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    dialogue: Mapped[Dialogue] = relationship()

    def __repr__(self) -> str:
        return f"<Alert {self.kind} org:{self.organisation_id} dialogue:{self.dialogue_id}>"


class DialogueChange(db.Model):
    """A change to a published dialogue, told to every registered organisation and the
    interested ones: for the equal-treatment log and the dialogue page.

    ``changes`` holds ``{"field", "old", "new"}`` items; moments as ISO 8601 in UTC, so
    each reader is told them in their own language and the city's time.
    """

    __tablename__ = "dialogue_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id",
                                                                 ondelete="SET NULL"))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # How many organisations were told, for the equal-treatment log.
    recipients: Mapped[int] = mapped_column(default=0)
