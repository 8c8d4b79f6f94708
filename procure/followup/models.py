"""Follow-up after the contract: each outcome's measurable target, its measurements,
and the decision the need closes with."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db
from procure.followup.units import UNITS

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need, NeedOutcome

_UNIT_LIST = ", ".join(f"'{key}'" for key in UNITS)
DECISIONS = ("scaled", "continued", "stopped")
SCALE_UNITS = ("units", "sites", "users")


class OutcomeTarget(TimestampMixin, db.Model):
    """The numbers behind an outcome's indicator: unit, baseline, target and its date."""

    __tablename__ = "outcome_targets"
    __table_args__ = (
        CheckConstraint(f"unit IN ({_UNIT_LIST})", name="unit"),
        CheckConstraint("target_value <> baseline_value", name="target_moves"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(
        ForeignKey("need_outcomes.id", ondelete="CASCADE"), unique=True)
    unit: Mapped[str] = mapped_column(String(20))
    baseline_value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    target_value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    target_on: Mapped[date] = mapped_column(Date)

    outcome: Mapped[NeedOutcome] = relationship()


class Measurement(db.Model):
    """One measured value of an outcome's indicator, after the contract."""

    __tablename__ = "outcome_measurements"
    __table_args__ = (Index("ix_outcome_measurements_outcome_on", "outcome_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("need_outcomes.id", ondelete="CASCADE"))
    measured_on: Mapped[date] = mapped_column(Date)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    source: Mapped[str] = mapped_column(String(300))
    comment: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class ImplementationDecision(TimestampMixin, db.Model):
    """How the initiative ends: scaled (to how many), continued as is, or stopped."""

    __tablename__ = "implementation_decisions"
    __table_args__ = (
        CheckConstraint("decision IN ('scaled', 'continued', 'stopped')", name="decision"),
        CheckConstraint("(decision = 'scaled' AND scale_count > 0 AND scale_unit IN "
                        "('units', 'sites', 'users')) OR (decision <> 'scaled' AND "
                        "scale_count IS NULL AND scale_unit IS NULL)", name="scale"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(String(10))
    scale_count: Mapped[int | None]
    scale_unit: Mapped[str | None] = mapped_column(String(10))
    lessons: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # The city chooses to publish the closed case in the case library (/cases).
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need: Mapped[Need] = relationship()
    decided_by: Mapped[User | None] = relationship()
