from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime
from procure.dialogues.lifecycle import STATES
from procure.extensions import db

if TYPE_CHECKING:
    from procure.auth.models import User
    from procure.needs.models import Need
    from procure.suppliers.models import SupplierOrganisation

KINDS = ("request_for_information", "information_meeting", "one_to_one")
_STATE_LIST = ", ".join(f"'{state}'" for state in STATES)
_KIND_LIST = ", ".join(f"'{kind}'" for kind in KINDS)


class Dialogue(TimestampMixin, db.Model):
    """A preliminary market consultation about a need (Directive 2014/24/EU art. 40)."""

    __tablename__ = "dialogues"
    __table_args__ = (
        CheckConstraint(f"status IN ({_STATE_LIST})", name="status"),
        CheckConstraint(f"kind IN ({_KIND_LIST})", name="kind"),
        Index("ix_dialogues_status_published", "status", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(300))
    # What the market reads: taken from the need, editable.
    description: Mapped[str] = mapped_column(Text, default="")
    questions_to_market: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    registration_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    questions_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    input_deadline: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(20), default="draft")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Counts saves: two officers editing one dialogue cannot overwrite each other.
    lock_version: Mapped[int] = mapped_column(default=1)
    __mapper_args__ = {"version_id_col": lock_version}

    need: Mapped[Need] = relationship()
    created_by: Mapped[User | None] = relationship()


class Registration(TimestampMixin, db.Model):
    """A supplier organisation taking part in a dialogue (one per organisation)."""

    __tablename__ = "dialogue_registrations"
    __table_args__ = (
        UniqueConstraint("dialogue_id", "organisation_id", name="uq_dialogue_registrations_org"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
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
