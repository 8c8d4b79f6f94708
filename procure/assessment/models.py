from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.assessment.questions import FIRST_YEAR, LAST_YEAR, MAX_SCORE, MIN_SCORE
from procure.db import UTCDateTime, utcnow
from procure.extensions import db

if TYPE_CHECKING:
    from procure.auth.models import User


class AssessmentAnswer(db.Model):
    """One item of a year's innovation capability self-assessment: its score and why."""

    __tablename__ = "assessment_answers"
    __table_args__ = (
        UniqueConstraint("year", "key"),
        CheckConstraint(f"score BETWEEN {MIN_SCORE} AND {MAX_SCORE}", name="score"),
        CheckConstraint(f"year BETWEEN {FIRST_YEAR} AND {LAST_YEAR}", name="year"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    # An item of procure.assessment.questions, checked by the services rather than by a
    # constraint, so a questionnaire that gains an item needs no migration.
    key: Mapped[str] = mapped_column(String(40))
    score: Mapped[int]
    evidence: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Counts saves: two admins filling in the same year cannot overwrite each other.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    answered_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AssessmentAnswer {self.year} {self.key}={self.score}>"
