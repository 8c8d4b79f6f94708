"""Demo needs from ``data/seed/needs.json``, built through the same services as the UI."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from procure.auth.models import User
from procure.db import utcnow
from procure.departments.models import Department
from procure.extensions import db
from procure.needs import milestones, sections, services
from procure.needs.models import Need, NeedRevision


def _user(email: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def load_demo_needs(seed_dir: Path) -> int:
    """Add the demo needs that are missing (a need is known by department and title)."""
    path = seed_dir / "needs.json"
    if not path.exists():
        return 0
    added = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        department = db.session.execute(
            db.select(Department).filter_by(code=row["department"])).scalar_one()
        content = row["content"]
        if db.session.execute(db.select(Need.id).filter_by(
                department_id=department.id, title=content["title"])).first():
            continue
        author = _user(row["author"])
        need = services.create_need(title=content["title"], department=department,
                                    officer=_user(row["officer"]), language=row["language"],
                                    actor=author, year=row.get("year"))
        sections.set_description(need, **content)
        need.timeline = content.get("timeline", "")
        need.estimated_value_sek = row["estimated_value_sek"]
        sections.set_procedure(need, **{name: row[name] for name in (
            "solution_exists", "development_needed", "will_buy_result", "contract_kind",
            "procedure", "procedure_reason")})
        sections.set_outcomes(need, content.get("outcomes", []))
        db.session.flush()
        sections.set_requirements(need, content.get("requirements", []))
        sections.set_cpv(need, main=[row["cpv_main"]] if row["cpv_main"] else [],
                         additional=row["cpv_additional"])
        services.finish_save(need, author, "description")
        # Dated as the seed says, so that the dashboard's durations mean something: the
        # creation (its history entry and the revisions saved with it) and each later
        # step, every one of them in the past and in the order they were taken.
        now = utcnow()
        created = now - timedelta(days=row.get("created_days_ago", 0))
        need.created_at = created
        need.status_changes[0].at = created
        _date_revisions(need, after=0, at=created)
        for target, email, comment, *days_ago in row["history"]:
            saved = need.lock_version
            services.change_status(need, target, _user(email), comment)
            at = now - timedelta(days=days_ago[0]) if days_ago else now
            need.status_changes[-1].at = at
            _date_revisions(need, after=saved, at=at)  # a reopened need's new version
        added += 1
    db.session.flush()
    if added:
        # The steps were written before they were dated: the first times kept on each
        # need (first approved, first tendered) are read again from the dated history.
        milestones.backfill(db.session.connection())
    return added


def _date_revisions(need: Need, *, after: int, at: datetime) -> None:
    """Date the need's revisions numbered above ``after`` (those just saved) ``at``."""
    db.session.flush()
    for kept in db.session.execute(db.select(NeedRevision).where(
            NeedRevision.need_id == need.id, NeedRevision.number > after)).scalars():
        kept.saved_at = at
