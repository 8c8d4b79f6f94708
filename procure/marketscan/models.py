from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint,
                        false)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from procure.db import UTCDateTime, utcnow
from procure.extensions import db

if TYPE_CHECKING:
    from procure.auth.models import User


class TedScan(db.Model):
    """One answer from TED, kept so that the same question within the cache time is
    not asked again, and so the last results stay when TED cannot be reached."""

    __tablename__ = "ted_scans"
    __table_args__ = (Index("ix_ted_scans_need_fetched", "need_id", "fetched_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"))
    # A digest of the query and language: the cache key.
    query_key: Mapped[str] = mapped_column(String(64), index=True)
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    language: Mapped[str] = mapped_column(String(2))
    total: Mapped[int]
    notices: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    # When TED gave this answer (a copy from the cache keeps the original's time).
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # TED said its search ran out of time (``timedOut``): the notices are not all it holds.
    timed_out: Mapped[bool] = mapped_column(default=False, server_default=false())
    run_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class KeptNotice(db.Model):
    """A notice an officer kept for a need, with a note on why it matters."""

    __tablename__ = "kept_notices"
    __table_args__ = (
        UniqueConstraint("need_id", "publication_number", name="uq_kept_notices_notice"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    need_id: Mapped[int] = mapped_column(ForeignKey("needs.id", ondelete="CASCADE"), index=True)
    publication_number: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text, default="")
    buyer_name: Mapped[str] = mapped_column(Text, default="")  # joint buyers run long
    buyer_country: Mapped[str] = mapped_column(String(3), default="")
    kind: Mapped[str] = mapped_column(String(20))
    notice_type: Mapped[str] = mapped_column(String(40), default="")
    publication_date: Mapped[date | None] = mapped_column(Date)
    url_html: Mapped[str] = mapped_column(Text, default="")
    url_pdf: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    kept_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kept_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    kept_by: Mapped[User | None] = relationship()
