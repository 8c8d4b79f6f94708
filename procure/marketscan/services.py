"""Market scans of a need: ask TED (through the cache), keep the notices that matter.

Service functions change state, flush and audit; the caller commits.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app

from procure.audit.models import AuditEvent
from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.extensions import db
from procure.formatting import local_date
from procure.marketscan.models import KeptNotice, TedScan
from procure.marketscan.ted import Notice, ScanQuery, TedClient
from procure.needs.models import Need
from procure.needs.services import can_edit
from procure.needs.vocabulary import OPEN_STATES

ANNEX_ACTIONS = ("marketscan.kept", "marketscan.forgotten")


def client_from_config() -> TedClient:
    """The TED client as configured (base URL, timeouts, paging)."""
    config = current_app.config
    return TedClient(config["TED_API_URL"], connect_timeout=config["TED_CONNECT_TIMEOUT"],
                     read_timeout=config["TED_READ_TIMEOUT"], max_pages=config["TED_MAX_PAGES"],
                     retries=config["TED_RETRIES"], backoff=config["TED_BACKOFF"])


def query_for(need: Need, *, widen_to: str = "code", countries: tuple[str, ...] = (),
              published_from: date | None = None, published_to: date | None = None,
              kinds: tuple[str, ...] | None = None) -> ScanQuery:
    """The scan of a need: its CPV codes, main and additional, and the chosen filters."""
    options = {"kinds": tuple(kinds)} if kinds else {}
    return ScanQuery(cpv_codes=tuple(need.cpv_codes), widen_to=widen_to,
                     countries=tuple(countries), published_from=published_from,
                     published_to=published_to, **options)


def _plain(query: ScanQuery) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(query), default=str))


def cache_key(query: ScanQuery, language: str) -> str:
    text = json.dumps({"query": _plain(query), "language": language}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def notice_to_dict(notice: Notice) -> dict[str, Any]:
    values = asdict(notice)
    values["publication_date"] = notice.publication_date.isoformat() \
        if notice.publication_date else None
    values["cpv_codes"] = list(notice.cpv_codes)
    return values


def notice_from_dict(values: dict[str, Any]) -> Notice:
    published = values.get("publication_date")
    return Notice(**{**values, "cpv_codes": tuple(values.get("cpv_codes") or ()),
                     "publication_date": date.fromisoformat(published) if published else None})


def scan(need: Need, query: ScanQuery, *, language: str, actor: User | None,
         client: TedClient | None = None) -> TedScan:
    """Ask ``query`` for ``need``: from the cache when a fresh answer exists, else TED.

    Every ask is a row of its own (the need's last scan is its newest row); an answer
    from the cache keeps the time TED gave it, so it ages out as the original does.
    Raises the client's TedUnreachable or TedRefused when TED must be asked and fails;
    nothing is stored then, so the last results stay as they were. An answer TED marked
    as timed out is stored (it is the need's last scan, said to be incomplete) but never
    served from the cache: the next ask goes to TED again.
    """
    key = cache_key(query, language)
    fresh_after = utcnow() - timedelta(seconds=current_app.config["TED_CACHE_SECONDS"])
    cached = db.session.execute(
        db.select(TedScan).where(TedScan.query_key == key, TedScan.fetched_at >= fresh_after,
                                 TedScan.timed_out.is_(False))
        .order_by(TedScan.fetched_at.desc())).scalars().first()
    if cached is not None:
        total, notices, fetched_at = cached.total, cached.notices, cached.fetched_at
        timed_out = False
    else:
        result = (client or client_from_config()).search(query, language)
        total, notices = result.total, [notice_to_dict(n) for n in result.notices]
        fetched_at, timed_out = utcnow(), result.timed_out
    asked = TedScan(need_id=need.id, query_key=key, query=_plain(query), language=language,
                    total=total, notices=notices, fetched_at=fetched_at, timed_out=timed_out,
                    run_by_id=getattr(actor, "id", None))
    db.session.add(asked)
    db.session.flush()
    return asked


KIND_ORDER = ("prior_information", "contract", "award", "other")


def notices_by_kind(scan: TedScan | None) -> list[tuple[str, list[Notice]]]:
    """The scan's notices grouped by kind (in KIND_ORDER), newest first in each group."""
    groups: dict[str, list[Notice]] = {}
    for values in scan.notices if scan else ():
        notice = notice_from_dict(values)
        groups.setdefault(notice.kind if notice.kind in KIND_ORDER else "other", []).append(notice)
    for notices in groups.values():
        notices.sort(key=lambda n: (n.publication_date is not None, n.publication_date),
                     reverse=True)
    return [(kind, groups[kind]) for kind in KIND_ORDER if kind in groups]


def is_open(need: Need) -> bool:
    """Draft to in procurement: the annex of kept notices may still change."""
    return need.status in OPEN_STATES


def can_keep(user: User, need: Need) -> bool:
    """Kept notices are a dated annex to the statement, not its fixed text: they change
    while the need is open (draft to in procurement), when officers scan the most."""
    return can_edit(user, need) and is_open(need)


def last_scan(need: Need) -> TedScan | None:
    return db.session.execute(
        db.select(TedScan).filter_by(need_id=need.id).order_by(TedScan.id.desc())
    ).scalars().first()


def summary(need: Need) -> tuple[int, datetime | None, int | None]:
    """For the need page, in one statement: how many notices are kept, and when the last
    scan ran with how many notices it found (None, None without one). Its stored
    answer is not read."""
    latest = (db.select(TedScan.id).filter_by(need_id=need.id).order_by(TedScan.id.desc())
              .limit(1).scalar_subquery())
    kept, scanned_at, total = db.session.execute(db.select(
        db.select(db.func.count(KeptNotice.id)).filter_by(need_id=need.id).scalar_subquery(),
        db.select(TedScan.fetched_at).where(TedScan.id == latest).scalar_subquery(),
        db.select(TedScan.total).where(TedScan.id == latest).scalar_subquery())).one()
    return kept, scanned_at, total


def need_page_tracks(need_id) -> list[tuple]:
    """What the need page's market-scan panel counts and dates, as tracks of its kept
    part (``procure.needs.page_part``)."""
    return [(KeptNotice.__table__, KeptNotice.need_id == need_id, [KeptNotice.id]),
            (TedScan.__table__, TedScan.need_id == need_id,
             [TedScan.id, TedScan.fetched_at, TedScan.total])]


def kept_notices(need: Need) -> list[KeptNotice]:
    return list(db.session.execute(
        db.select(KeptNotice).filter_by(need_id=need.id)
        .order_by(KeptNotice.publication_date.desc().nulls_last(), KeptNotice.id)).scalars())


def annex_as_of(need: Need) -> date | None:
    """The day (in the city's time) the annex of kept notices last changed: its latest
    keep or removal in the audit trail, or the latest kept notice's time when the trail
    has none (notices loaded by other means). None when nothing is kept."""
    changed, kept = db.session.execute(db.select(
        db.select(db.func.max(AuditEvent.occurred_at)).where(
            AuditEvent.object_type == "needs", AuditEvent.object_id == need.id,
            AuditEvent.action.in_(ANNEX_ACTIONS)).scalar_subquery(),
        db.select(db.func.max(KeptNotice.kept_at)).filter_by(need_id=need.id)
        .scalar_subquery())).one()
    moments = [moment for moment in (changed, kept) if moment is not None]
    if not moments:
        return None
    return local_date(max(moments), current_app.config["BABEL_DEFAULT_TIMEZONE"])


def keep(need: Need, notice: Notice, note: str, actor: User) -> KeptNotice:
    """Keep a notice for the need (again: the note is updated); audited with the need's
    state, since the annex changes after approval too."""
    kept = db.session.execute(db.select(KeptNotice).filter_by(
        need_id=need.id, publication_number=notice.publication_number)).scalar_one_or_none()
    if kept is None:
        kept = KeptNotice(need_id=need.id, publication_number=notice.publication_number)
        db.session.add(kept)
    for name in ("title", "buyer_name", "buyer_country", "kind", "notice_type",
                 "publication_date", "url_html", "url_pdf"):
        setattr(kept, name, getattr(notice, name))
    kept.note = note.strip()
    kept.kept_by = actor
    kept.kept_at = utcnow()
    record("marketscan.kept", need, actor=actor, notice=notice.publication_number,
           status=need.status)
    return kept


def forget(kept: KeptNotice, actor: User, need: Need) -> None:
    record("marketscan.forgotten", need, actor=actor, notice=kept.publication_number,
           status=need.status)
    db.session.delete(kept)


def ocds_planning_documents(need: Need) -> list[dict[str, Any]]:
    """The kept notices as OCDS ``planning.documents`` of type ``marketStudies``."""
    return [ocds_notice_document(kept) for kept in kept_notices(need)]


def ocds_notice_document(kept: KeptNotice) -> dict[str, Any]:
    """One kept notice as an OCDS document (the export loads every need's at once)."""
    document = {
        "id": f"ted-{kept.publication_number}",
        "documentType": "marketStudies",
        "title": kept.title or kept.publication_number,
        "description": kept.note or kept.buyer_name,
        "format": "text/html",
    }
    if kept.url_html:
        document["url"] = kept.url_html
    if kept.publication_date:
        document["datePublished"] = f"{kept.publication_date.isoformat()}T00:00:00Z"
    return document
