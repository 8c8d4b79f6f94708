"""Selects for the need pages (the views paginate and render them)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import joinedload

from procure.extensions import db
from procure.needs import search
from procure.needs.models import Need


@dataclass(frozen=True)
class NeedFilters:
    department_id: int | None = None
    status: str | None = None
    cpv_division: str | None = None
    text: str = ""


def need_list(filters: NeedFilters) -> Select:
    """Needs matching the filters, newest first (a search: the best match first)."""
    words = search.words_of(filters.text)
    order = [Need.created_at.desc(), Need.id.desc()]
    if words:
        order.insert(0, search.relevance(words))
        query = db.select(Need).where(search.matching(words, db.engine.dialect.name))
    else:
        query = db.select(Need)
    query = query.order_by(*order)
    if filters.department_id:
        query = query.where(Need.department_id == filters.department_id)
    if filters.status:
        query = query.where(Need.status == filters.status)
    if filters.cpv_division:
        query = query.where(Need.cpv_division == filters.cpv_division)
    return query


def by_reference(reference: str) -> Need | None:
    """The need with its department and officer, which every need page names (joined:
    two statements fewer than loading them one by one)."""
    return db.session.execute(
        db.select(Need).filter_by(reference=reference.upper())
        .options(joinedload(Need.department), joinedload(Need.officer))
    ).scalar_one_or_none()
