"""Ideas and problems, the staff's support for them and their comments."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import State, TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db
from procure.ideas.lifecycle import STATES

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.departments.models import Department
    from procure.needs.models import Need

_STATE_LIST = ", ".join(f"'{state}'" for state in STATES)
ORIGINS = ("public", "company", "staff")


class Idea(TimestampMixin, db.Model):
    """A problem or an idea someone sent in, and what the city decided about it."""

    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATE_LIST})", name="status"),
        CheckConstraint("origin IN ('public', 'company', 'staff')", name="origin"),
        # Merged into one thing at most: another idea or a need.
        CheckConstraint("merged_into_idea_id IS NULL OR merged_into_need_id IS NULL",
                        name="merged_once"),
        Index("ix_ideas_status_created", "status", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The submitter's link to the decision: unguessable, and the only way in for them.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # The same text sent twice (a double click, a resent form) is kept once.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(State(20), default="submitted")
    title: Mapped[str] = mapped_column(String(200))
    problem: Mapped[str] = mapped_column(Text)
    affected: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(500), default="")
    suggestion: Mapped[str] = mapped_column(Text, default="")
    # Only what the person chose to give; shown to staff only.
    contact: Mapped[str] = mapped_column(String(200), default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    submitted_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The need made from the idea (accepted): one idea gives one need.
    need_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs.id", ondelete="SET NULL"), unique=True)
    merged_into_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    merged_into_need_id: Mapped[int | None] = mapped_column(
        ForeignKey("needs.id", ondelete="SET NULL"), index=True)
    # Two officers deciding at once: the second save fails instead of overwriting.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    department: Mapped[Department | None] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    need: Mapped[Need | None] = relationship(foreign_keys=[need_id])
    merged_into_idea: Mapped[Idea | None] = relationship(remote_side=[id],
                                                         foreign_keys=[merged_into_idea_id])
    merged_into_need: Mapped[Need | None] = relationship(foreign_keys=[merged_into_need_id])
    supports: Mapped[list[IdeaSupport]] = relationship(cascade="all, delete-orphan",
                                                       order_by="IdeaSupport.id")
    comments: Mapped[list[IdeaComment]] = relationship(cascade="all, delete-orphan",
                                                       order_by="IdeaComment.id")

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"


class IdeaSupport(db.Model):
    """A member of staff backs an idea: one vote per person."""

    __tablename__ = "idea_supports"
    __table_args__ = (UniqueConstraint("idea_id", "user_id", name="uq_idea_supports_vote"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()


class IdeaComment(db.Model):
    """A staff comment on an idea: never shown to the submitter or the public."""

    __tablename__ = "idea_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    author: Mapped[User | None] = relationship()
