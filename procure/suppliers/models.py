from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db
from procure.suppliers.identifiers import CompanyIdentifier, is_personal_key, mask
from procure.suppliers.vocabulary import COMPANY_SIZES, SME_SIZES

if TYPE_CHECKING:
    from procure.auth.models import User

_SIZE_LIST = ", ".join(f"'{size}'" for size in COMPANY_SIZES)


class SupplierOrganisation(TimestampMixin, db.Model):
    """A company that takes part in market dialogues; one per organisation number."""

    __tablename__ = "supplier_organisations"
    __table_args__ = (
        CheckConstraint(f"size IN ({_SIZE_LIST})", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    # "NNNNNN-NNNN" for Swedish organisations, "YYYYMMDD-NNNN" (the owner's personal
    # identity number) for Swedish sole traders, the compact EU VAT number otherwise.
    identifier: Mapped[str] = mapped_column(String(20), unique=True)
    size: Mapped[str] = mapped_column(String(10))

    # Also gives every user its ``organisation`` (None for staff).
    members: Mapped[list[User]] = relationship(backref="organisation")
    interests: Mapped[list[SupplierInterest]] = relationship(
        order_by="SupplierInterest.code", cascade="all, delete-orphan")

    @property
    def company_identifier(self) -> CompanyIdentifier:
        return CompanyIdentifier(self.country, self.identifier)

    @property
    def sole_trader(self) -> bool:
        """A sole trader (enskild näringsidkare): its number is a person's."""
        return is_personal_key(self.country, self.identifier)

    @property
    def masked_identifier(self) -> str:
        """The number as people other than its own users and the admins see it."""
        return mask(self.country, self.identifier)

    @property
    def is_sme(self) -> bool:
        return self.size in SME_SIZES

    def __repr__(self) -> str:
        return f"<SupplierOrganisation {self.identifier}>"


class SupplierInterest(db.Model):
    """A CPV code (a division or any code below) an organisation wants alerts for.

    ``prefix`` is the code's significant digits: a dialogue matches when one of its
    need's codes starts with it.
    """

    __tablename__ = "supplier_interests"
    __table_args__ = (
        UniqueConstraint("organisation_id", "code", name="uq_supplier_interests_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_organisations.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(8), index=True)


class PendingRegistration(db.Model):
    """A registration waiting for its e-mail address to be confirmed.

    No account exists until the link in the mail is followed: then the user (and the
    organisation, for an unknown number) is made from this row, and the row is deleted,
    so it is used once and keeps no personal data after. The e-mailed token is kept as
    its SHA-256 only; the password only as its hash.
    """

    __tablename__ = "supplier_registrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str | None] = mapped_column(String(5))
    country: Mapped[str] = mapped_column(String(2))
    identifier: Mapped[str] = mapped_column(String(20))
    company_name: Mapped[str] = mapped_column(String(200))
    size: Mapped[str] = mapped_column(String(10))
    # The CPV codes and divisions chosen at registration, set when the link is followed.
    interests: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
