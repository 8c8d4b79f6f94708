"""The outbox: e-mail waiting to be sent, and the record of what was sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from procure.db import UTCDateTime, utcnow
from procure.extensions import db


class OutboxMail(db.Model):
    """An e-mail waiting to be sent, or the record of one sent.

    Queued in the same transaction as what it tells about, sent later by
    ``flask send-mail``: a slow or failing mail server never holds up or undoes a page.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str] = mapped_column(String(500), default="")

    def __repr__(self) -> str:
        return f"<OutboxMail {self.id} to {self.recipient} attempts:{self.attempts}>"
