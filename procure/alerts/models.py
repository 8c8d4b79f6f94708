from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import UTCDateTime, utcnow
from procure.extensions import db

if TYPE_CHECKING:
    from procure.dialogues.models import Dialogue
    from procure.needs.models import Need

KINDS = ("dialogue_published", "answer_published", "information_published",
         "dialogue_cancelled", "slot_promoted")
_KIND_LIST = ", ".join(f"'{kind}'" for kind in KINDS)


class Alert(db.Model):
    """Something a supplier organisation should know about a dialogue, shown in the app."""

    __tablename__ = "alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_KIND_LIST})", name="kind"),
        # Serves the unread count in every page's menu, and the organisation's list:
        # a separate index on organisation_id alone would only duplicate it.
        Index("ix_alerts_organisation_read", "organisation_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("supplier_organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    dialogue_id: Mapped[int] = mapped_column(ForeignKey("dialogues.id", ondelete="CASCADE"),
                                             index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    dialogue: Mapped[Dialogue] = relationship()

    def __repr__(self) -> str:
        return f"<Alert {self.kind} org:{self.organisation_id} dialogue:{self.dialogue_id}>"


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


STAFF_KINDS = ("review_requested", "need_approved", "need_returned", "question_asked",
               "input_received")
_STAFF_KIND_LIST = ", ".join(f"'{kind}'" for kind in STAFF_KINDS)


class StaffAlert(db.Model):
    """Something an officer should act on: a need to review, a decision on their need, a
    question or written input in their department's dialogue."""

    __tablename__ = "staff_alerts"
    __table_args__ = (
        CheckConstraint(f"kind IN ({_STAFF_KIND_LIST})", name="kind"),
        # The unread count in every staff page's menu, and the officer's list.
        Index("ix_staff_alerts_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    dialogue_id: Mapped[int | None] = mapped_column(
        ForeignKey("dialogues.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    need: Mapped[Need] = relationship()
    dialogue: Mapped[Dialogue | None] = relationship()

    def __repr__(self) -> str:
        return f"<StaffAlert {self.kind} user:{self.user_id} need:{self.need_id}>"
