"""Risks of a need's initiative."""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import State, TimestampMixin
from procure.extensions import db
from procure.risks.scoring import STATUSES, level, score

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need

_STATUS_LIST = ", ".join(f"'{status}'" for status in STATUSES)


class Risk(TimestampMixin, db.Model):
    """Something that may go wrong, how likely and how bad, who owns it, and what is done."""

    __tablename__ = "risks"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact"),
        CheckConstraint(f"status IN ({_STATUS_LIST})", name="status"),
        # A person's risks due for review (their start page), from the index alone.
        Index("ix_risks_owner_review", "owner_id", "status", "review_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int]
    impact: Mapped[int]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    mitigation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(State(12), default="open")
    review_on: Mapped[date]

    need: Mapped[Need] = relationship()
    owner: Mapped[User | None] = relationship()

    @property
    def score(self) -> int:
        return score(self.likelihood, self.impact)

    @property
    def level(self) -> str:
        return level(self.likelihood, self.impact)
