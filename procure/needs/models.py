from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import State, TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db
from procure.needs.vocabulary import STAFF_ALERT_KINDS, STATES

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.departments.models import Department

_STATE_LIST = ", ".join(f"'{state}'" for state in STATES)
# What the dashboard reads of a need beside its selection (procure.metrics.queries).
FIGURE_COLUMNS = ["id", "status", "version", "created_at", "first_approved_at",
                  "first_dialogue_at", "first_tendered_at", "estimated_value_sek", "procedure",
                  "finding_count", "author_id"]

requirement_outcomes = Table(
    "need_requirement_outcomes",
    db.metadata,
    Column("requirement_id", ForeignKey("need_requirements.id", ondelete="CASCADE"),
           primary_key=True),
    Column("outcome_id", ForeignKey("need_outcomes.id", ondelete="CASCADE"), primary_key=True),
)


class Need(TimestampMixin, db.Model):
    """A problem described so that the market can propose solutions."""

    __tablename__ = "needs"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATE_LIST})", name="status"),
        CheckConstraint("language IN ('sv', 'en')", name="language"),
        CheckConstraint("estimated_value_sek IS NULL OR estimated_value_sek >= 0",
                        name="value_not_negative"),
        UniqueConstraint("department_id", "year", "sequence", name="uq_needs_number"),
        # With the author: every staff page's menu counts the needs waiting for the
        # person's review (in review, in the department, not their own) from the index.
        Index("ix_needs_status_department", "status", "department_id", "author_id"),
        # The need list's order (newest first) after each of its filters, so a page reads
        # its rows from an index instead of sorting every match.
        Index("ix_needs_created", "created_at", "id"),
        Index("ix_needs_status_created", "status", "created_at", "id"),
        Index("ix_needs_division_created", "cpv_division", "created_at", "id"),
        Index("ix_needs_department_created", "department_id", "created_at", "id"),
        Index("ix_needs_status_division_created", "status", "cpv_division", "created_at", "id"),
        # The dashboard's figures of a selection from the index alone (PostgreSQL): a
        # scan of the whole table read 500 MB at national scale for each figure.
        Index("ix_needs_figures", "department_id", "year", "cpv_division",
              postgresql_include=FIGURE_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    year: Mapped[int]
    sequence: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    # The city's case number (diarienummer) the need is filed under, printed on its
    # documents; optional, as not every city registers a need before it is approved.
    case_number: Mapped[str] = mapped_column(String(50), default="", server_default="")
    language: Mapped[str] = mapped_column(String(2), default="sv")
    status: Mapped[str] = mapped_column(State(20), default="draft")
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The statement's version: a reopened approved need becomes version 2, 3...
    version: Mapped[int] = mapped_column(default=1)
    # Counts every save; a form carries the value it was loaded with, so a save
    # based on an older value is a conflict, never an overwrite.
    lock_version: Mapped[int] = mapped_column(default=1)
    # Every UPDATE of a need also says "WHERE lock_version = <the value read>", so two
    # saves racing past the form check still cannot both land (StaleDataError).
    __mapper_args__ = {"version_id_col": lock_version, "version_id_generator": False}

    background: Mapped[str] = mapped_column(Text, default="")
    problem: Mapped[str] = mapped_column(Text, default="")
    current_situation: Mapped[str] = mapped_column(Text, default="")
    constraints: Mapped[str] = mapped_column(Text, default="")
    sustainability_ecological: Mapped[str] = mapped_column(Text, default="")
    sustainability_social: Mapped[str] = mapped_column(Text, default="")
    timeline: Mapped[str] = mapped_column(Text, default="")
    estimated_value_sek: Mapped[int | None] = mapped_column(BigInteger)
    cpv_main: Mapped[str | None] = mapped_column(String(10), index=True)
    # The first two digits of the main CPV code, kept for filtering by division.
    cpv_division: Mapped[str | None] = mapped_column(String(2), index=True)

    # The procedure adviser's answers and the route the officer chose.
    solution_exists: Mapped[bool | None]
    development_needed: Mapped[bool | None]
    will_buy_result: Mapped[bool | None]
    contract_kind: Mapped[str] = mapped_column(String(10), default="services")
    procedure: Mapped[str | None] = mapped_column(String(30))
    procedure_reason: Mapped[str] = mapped_column(Text, default="")
    # Need-language findings at the last save, for the metrics.
    finding_count: Mapped[int] = mapped_column(default=0)
    # When the need first reached approval and procurement, and when a market dialogue
    # that still stands was first published: kept from the history by
    # procure.needs.milestones, so the dashboard's figures read this one table.
    first_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_tendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    first_dialogue_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    department: Mapped[Department] = relationship()
    officer: Mapped[User] = relationship(foreign_keys=[officer_id])
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    outcomes: Mapped[list[NeedOutcome]] = relationship(
        back_populates="need", order_by="NeedOutcome.position", cascade="all, delete-orphan")
    requirements: Mapped[list[NeedRequirement]] = relationship(
        back_populates="need", order_by="NeedRequirement.position",
        cascade="all, delete-orphan")
    additional_cpv: Mapped[list[NeedCpvCode]] = relationship(
        order_by="NeedCpvCode.position", cascade="all, delete-orphan")
    status_changes: Mapped[list[NeedStatusChange]] = relationship(
        order_by="NeedStatusChange.id", cascade="all, delete-orphan")

    @property
    def cpv_codes(self) -> list[str]:
        """The main code first, then the additional ones."""
        return ([self.cpv_main] if self.cpv_main else []) + [c.code for c in self.additional_cpv]

    def __repr__(self) -> str:
        return f"<Need {self.reference} {self.status}>"


class NeedOutcome(db.Model):
    """A desired outcome with its measurable success criterion."""

    __tablename__ = "need_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    description: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(String(500), default="")
    baseline: Mapped[str] = mapped_column(String(500), default="")
    target: Mapped[str] = mapped_column(String(500), default="")
    when: Mapped[str] = mapped_column(String(200), default="")

    need: Mapped[Need] = relationship(back_populates="outcomes")


class NeedRequirement(db.Model):
    """A functional requirement: a must or a should, tied to outcomes."""

    __tablename__ = "need_requirements"

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    must: Mapped[bool] = mapped_column(default=True)

    need: Mapped[Need] = relationship(back_populates="requirements")
    # Every page that shows requirements shows the outcomes they serve: loaded for all
    # of a need's requirements in one query, not one per requirement (an N+1).
    outcomes: Mapped[list[NeedOutcome]] = relationship(secondary=requirement_outcomes,
                                                       order_by="NeedOutcome.position",
                                                       lazy="selectin")


class NeedCpvCode(db.Model):
    """An additional CPV code of a need (the main one is on the need itself)."""

    __tablename__ = "need_cpv_codes"
    __table_args__ = (UniqueConstraint("need_id", "code", name="uq_need_cpv_codes_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    code: Mapped[str] = mapped_column(String(10), index=True)


class NeedStatusChange(db.Model):
    """A deliberate step in the lifecycle, with a person and a time on it."""

    __tablename__ = "need_status_changes"
    # When each need first reached a status (the dashboard's figures), from the index alone.
    __table_args__ = (Index("ix_need_status_changes_first", "to_status", "need_id", "at"),
                      # Who reviewed the selection's needs (the dashboard's staff engaged).
                      Index("ix_need_status_changes_from", "from_status", "need_id",
                            postgresql_include=["actor_id"]))

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    comment: Mapped[str] = mapped_column(Text, default="")

    actor: Mapped[User | None] = relationship()


class NeedRevision(db.Model):
    """What the need said after one save: kept for the history and for conflicts."""

    __tablename__ = "need_revisions"
    __table_args__ = (UniqueConstraint("need_id", "number", name="uq_need_revisions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]  # the need's lock_version after the save
    version: Mapped[int]  # the statement version it belongs to
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    section: Mapped[str] = mapped_column(String(30), default="")
    content: Mapped[dict[str, Any]] = mapped_column(JSON)

    saved_by: Mapped[User | None] = relationship()


class ReferenceCounter(db.Model):
    """The last need number given per department and year: numbers are never reused."""

    __tablename__ = "need_reference_counters"

    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


_STAFF_ALERT_KIND_LIST = ", ".join(f"'{kind}'" for kind in STAFF_ALERT_KINDS)


class StaffAlert(db.Model):
    """Something an officer should act on: a need to review, a decision on their need, a
    question or written input in their department's dialogue."""

    __tablename__ = "staff_alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_STAFF_ALERT_KIND_LIST})", name="kind"),
        # The unread count in every staff page's menu, and the officer's list.
        Index("ix_staff_alerts_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    dialogue_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need: Mapped[Need] = relationship()
    # Named, not imported: dialogues sit above needs (ARCHITECTURE.md).
    dialogue: Mapped[Any] = relationship("Dialogue")

    def __repr__(self) -> str:
        return f"<StaffAlert {self.kind} user:{self.user_id} need:{self.need_id}>"
