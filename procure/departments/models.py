from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from procure.db import TimestampMixin
from procure.extensions import db

DEPARTMENT_KINDS = ("administration", "company")


class Department(TimestampMixin, db.Model):
    """One of the city's administrations (förvaltningar) or companies (bolag).

    ``code`` is the short prefix of the department's need references (``UTB-2026-014``).
    """

    __tablename__ = "departments"
    __table_args__ = (
        CheckConstraint("kind IN ('administration', 'company')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_sv: Mapped[str] = mapped_column(String(200), unique=True)
    name_en: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="administration")

    def name(self, locale: str) -> str:
        """The department's name in the given UI language."""
        return self.name_en if locale == "en" else self.name_sv

    def __repr__(self) -> str:
        return f"<Department {self.code}>"
