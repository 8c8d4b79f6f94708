from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin
from procure.extensions import db
from procure.suppliers.identifiers import CompanyIdentifier

if TYPE_CHECKING:
    from procure.auth.models import User

# The EU SME definition (Recommendation 2003/361/EC).
COMPANY_SIZES = ("micro", "small", "medium", "large")


class SupplierOrganisation(TimestampMixin, db.Model):
    """A company that takes part in market dialogues; one per organisation number."""

    __tablename__ = "supplier_organisations"
    __table_args__ = (
        CheckConstraint("size IN ('micro', 'small', 'medium', 'large')", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2))
    # "NNNNNN-NNNN" for Swedish organisations, the compact EU VAT number otherwise.
    identifier: Mapped[str] = mapped_column(String(20), unique=True)
    size: Mapped[str] = mapped_column(String(10))

    members: Mapped[list[User]] = relationship(back_populates="organisation")

    @property
    def company_identifier(self) -> CompanyIdentifier:
        return CompanyIdentifier(self.country, self.identifier)

    @property
    def is_sme(self) -> bool:
        return self.size != "large"

    def __repr__(self) -> str:
        return f"<SupplierOrganisation {self.identifier}>"
