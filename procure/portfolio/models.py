"""Resources earmarked for an initiative: money and staff time, planned and used."""
from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from procure.db import TimestampMixin
from procure.extensions import db


class InitiativeResources(TimestampMixin, db.Model):
    __tablename__ = "initiative_resources"
    __table_args__ = (
        CheckConstraint("budget_planned_sek >= 0 AND budget_used_sek >= 0 AND "
                        "hours_planned >= 0 AND hours_used >= 0", name="not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), unique=True)
    budget_planned_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_used_sek: Mapped[int] = mapped_column(BigInteger, default=0)
    hours_planned: Mapped[int] = mapped_column(default=0)
    hours_used: Mapped[int] = mapped_column(default=0)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
