"""The tender a need is procured under, and the award that ends it in a contract."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime
from procure.extensions import db
from procure.suppliers.identifiers import is_personal_key, mask

if TYPE_CHECKING:
    from procure.needs.models import Need
    from procure.suppliers.models import SupplierOrganisation


class Tender(TimestampMixin, db.Model):
    """The published notice: recorded when a need moves to "in procurement"."""

    __tablename__ = "tenders"
    __table_args__ = (
        CheckConstraint("source IN ('ted', 'national', 'none')", name="source"),
        CheckConstraint("deadline_on IS NULL OR published_on IS NULL "
                        "OR deadline_on >= published_on", name="deadline_after_publication"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), unique=True)
    source: Mapped[str] = mapped_column(String(10))
    notice_reference: Mapped[str] = mapped_column(String(100), default="")
    notice_url: Mapped[str] = mapped_column(String(500), default="")
    procedure: Mapped[str] = mapped_column(String(30))
    published_on: Mapped[date | None] = mapped_column(Date)
    deadline_on: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    need: Mapped[Need] = relationship()


class Award(TimestampMixin, db.Model):
    """The contract: recorded when a need moves to "contracted"."""

    __tablename__ = "awards"
    __table_args__ = (
        CheckConstraint("amount_sek > 0", name="amount"),
        CheckConstraint("ends_on >= starts_on", name="period"),
        CheckConstraint("options_until IS NULL OR options_until >= ends_on", name="options"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), unique=True)
    amount_sek: Mapped[Decimal] = mapped_column(Numeric(16, 2))
    signed_on: Mapped[date] = mapped_column(Date)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    options: Mapped[str] = mapped_column(Text, default="")
    options_until: Mapped[date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need: Mapped[Need] = relationship()
    suppliers: Mapped[list[AwardSupplier]] = relationship(
        cascade="all, delete-orphan", order_by="AwardSupplier.position")


class AwardSupplier(db.Model):
    """A winner: a registered organisation, or a name with a checked identifier."""

    __tablename__ = "award_suppliers"
    __table_args__ = (
        CheckConstraint("organisation_id IS NOT NULL OR (name <> '' AND identifier <> '')",
                        name="known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    award_id: Mapped[int] = mapped_column(ForeignKey("awards.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_organisations.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    # "NNNNNN-NNNN" for Swedish organisations, the compact EU VAT number otherwise.
    identifier: Mapped[str] = mapped_column(String(20), default="")

    organisation: Mapped[SupplierOrganisation | None] = relationship(lazy="joined")

    @property
    def display_name(self) -> str:
        return self.organisation.name if self.organisation else self.name

    @property
    def display_identifier(self) -> str:
        """The winner's number as staff see it: a sole trader's personal identity number
        masked (only the company's own users and the admins see it whole)."""
        if self.organisation:
            return self.organisation.masked_identifier
        return mask(self.country, self.identifier)

    @property
    def sole_trader(self) -> bool:
        """Whether the winner's number is a person's (never published)."""
        if self.organisation:
            return self.organisation.sole_trader
        return is_personal_key(self.country, self.identifier)

    @property
    def withheld_key(self) -> str:
        """A sole trader's stable name in open data instead of its number."""
        if not self.sole_trader:
            return ""
        return f"o{self.organisation_id}" if self.organisation_id else f"w{self.id}"
