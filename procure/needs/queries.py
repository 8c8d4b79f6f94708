"""Selects for the need pages (the views paginate and render them)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_
from sqlalchemy.orm import joinedload

from procure.extensions import db
from procure.needs.models import Need


@dataclass(frozen=True)
class NeedFilters:
    department_id: int | None = None
    status: str | None = None
    cpv_division: str | None = None
    text: str = ""


def need_list(filters: NeedFilters) -> Select:
    """Needs matching the filters, newest first."""
    query = db.select(Need).order_by(Need.created_at.desc(), Need.id.desc())
    if filters.department_id:
        query = query.where(Need.department_id == filters.department_id)
    if filters.status:
        query = query.where(Need.status == filters.status)
    if filters.cpv_division:
        query = query.where(Need.cpv_division == filters.cpv_division)
    for word in filters.text.split()[:8]:
        pattern = f"%{word.lower().replace('%', '').replace('_', '')}%"
        query = query.where(or_(func.lower(Need.title).like(pattern),
                                func.lower(Need.reference).like(pattern)))
    return query


def by_reference(reference: str) -> Need | None:
    """The need with its department and officer, which every need page names (joined:
    two statements fewer than loading them one by one)."""
    return db.session.execute(
        db.select(Need).filter_by(reference=reference.upper())
        .options(joinedload(Need.department), joinedload(Need.officer))
    ).scalar_one_or_none()
