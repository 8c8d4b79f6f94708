from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import TimestampMixin, UTCDateTime, utcnow
from procure.extensions import db

if TYPE_CHECKING:
    from procure.departments.models import Department

ROLES = ("officer", "supplier", "admin")
STAFF_ROLES = ("officer", "admin")
# A supplier's membership of its organisation: the first user of an organisation is
# confirmed at once; later users wait for a member or an admin.
MEMBERSHIP_TRANSITIONS = {
    "pending": ("confirmed", "rejected"),
    "confirmed": (),
    "rejected": (),
}


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, TimestampMixin, db.Model):
    """A person who signs in: an officer or admin of a department, or a supplier."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'supplier', 'admin')", name="role"),
        # Staff belong to a department, suppliers to an organisation, never both.
        CheckConstraint(
            "(role = 'supplier' AND organisation_id IS NOT NULL AND department_id IS NULL"
            " AND membership IS NOT NULL)"
            " OR (role IN ('officer', 'admin') AND department_id IS NOT NULL"
            " AND organisation_id IS NULL AND membership IS NULL)",
            name="role_home",
        ),
        CheckConstraint(
            "membership IS NULL OR membership IN ('pending', 'confirmed', 'rejected')",
            name="membership",
        ),
        # One contact person per organisation at most.
        Index("uq_users_organisation_contact", "organisation_id", unique=True,
              postgresql_where=text("organisation_contact"),
              sqlite_where=text("organisation_contact")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(10))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("supplier_organisations.id"), index=True
    )
    membership: Mapped[str | None] = mapped_column(String(10))
    # The organisation's contact person: its first user, until an admin or a confirmed
    # member moves the role to another confirmed member.
    organisation_contact: Mapped[bool] = mapped_column(default=False)
    is_enabled: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(5))
    # What Flask-Login keeps in the session cookie instead of the id. Rotating it
    # (logout, password change, disabling) makes every copy of an old cookie worthless.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Two-factor sign-in (TOTP): the base32 secret, and when its first code was
    # confirmed. A secret without a confirmation is a setup not yet finished.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The last time step whose code was accepted: a code is good once, not twice.
    totp_last_step: Mapped[int | None] = mapped_column()
    # A supplier user who deleted their account: name and e-mail are gone, the
    # organisation's records stay.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    department: Mapped[Department | None] = relationship()
    # A supplier's company, ``user.organisation``, is declared by the company's model
    # (SupplierOrganisation.members): accounts sit below the suppliers and name no company.

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    def rotate_session_token(self) -> None:
        self.session_token = new_session_token()

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None

    @property
    def must_set_up_two_factor(self) -> bool:
        """Admins sign in with a second factor: until they have one, they set it up."""
        return self.role == "admin" and not self.two_factor_enabled

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_supplier(self) -> bool:
        return self.role == "supplier"

    @property
    def is_confirmed_member(self) -> bool:
        return self.role == "supplier" and self.membership == "confirmed"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class RecoveryCode(db.Model):
    """A one-time code that signs in instead of a TOTP code; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class PasswordResetToken(db.Model):
    """A single-use, expiring password reset; the e-mailed token is kept as its SHA-256."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
