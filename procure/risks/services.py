"""Risks: adding and updating them, and the ones past their review date.

Service functions change state, flush and write the audit event; the caller commits.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy.orm import contains_eager

from procure.audit.services import record
from procure.auth.models import User
from procure.db import utcnow
from procure.errors import Refused
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need
from procure.risks.models import Risk
from procure.risks.scoring import ACTIVE_STATUSES, SCALE, STATUSES


class RiskRefused(Refused):
    """A refused risk; ``code`` names the reason."""


@dataclass(frozen=True)
class RiskInput:
    description: str
    likelihood: int
    impact: int
    owner_id: int
    mitigation: str
    status: str
    review_on: date


def can_change(user: User, need: Need) -> bool:
    """Those who may change the need manage its risks."""
    return need_services.can_edit(user, need)


def owner_choices() -> list[tuple[int, str]]:
    """Every enabled member of staff, by name: a risk's owner may sit anywhere in the city."""
    rows = db.session.execute(db.select(User.id, User.name).where(
        User.role.in_(("officer", "admin")), User.is_enabled.is_(True)).order_by(User.name))
    return [(id_, name) for id_, name in rows]


def _check(values: RiskInput) -> None:
    if not values.description.strip():
        raise RiskRefused("description_required")
    if values.likelihood not in SCALE or values.impact not in SCALE:
        raise RiskRefused("scale")
    if values.status not in STATUSES:
        raise RiskRefused("status")
    owner = db.session.get(User, values.owner_id)
    if owner is None or not owner.is_staff:
        raise RiskRefused("owner")


def add_risk(need: Need, values: RiskInput, actor: User) -> Risk:
    _check(values)
    risk = Risk(need_id=need.id, **{f.name: getattr(values, f.name) for f in fields(values)})
    risk.description = values.description.strip()
    db.session.add(risk)
    record("risk.added", risk, actor=actor, need=need.reference, score=risk.score)
    return risk


def update_risk(risk: Risk, values: RiskInput, actor: User) -> Risk:
    _check(values)
    before = {"score": risk.score, "status": risk.status}
    for f in fields(values):
        setattr(risk, f.name, getattr(values, f.name))
    risk.description = values.description.strip()
    record("risk.updated", risk, actor=actor, need=risk.need.reference, before=before,
           score=risk.score, status=risk.status)
    return risk


def risks_of(need: Need) -> list[Risk]:
    """A need's risks, the worst first."""
    rows = db.session.execute(db.select(Risk).filter_by(need_id=need.id)).scalars().all()
    return sorted(rows, key=lambda r: (r.status == "closed", -r.score, r.review_on, r.id))


def highest_open_risk(need: Need) -> Risk | None:
    return next((r for r in risks_of(need) if r.status in ACTIVE_STATUSES), None)


def overdue_risks(user: User, today: date | None = None) -> list[Risk]:
    """The open risks ``user`` owns whose review date has passed, the oldest first.

    For a start page: each risk has its ``need`` loaded (reference and title to link).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_staff:
        return []
    today = today or need_services.city_date(utcnow())
    return list(db.session.execute(
        db.select(Risk).join(Need, Need.id == Risk.need_id)
        .where(Risk.owner_id == user.id, Risk.status.in_(ACTIVE_STATUSES),
               Risk.review_on < today)
        .order_by(Risk.review_on, Risk.id)
        .options(contains_eager(Risk.need))).scalars())
