"""Demo ideas from ``data/seed/ideas.json``: one in every triage state, made through the
same services as the pages."""
from __future__ import annotations

import json
from pathlib import Path

from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db
from procure.ideas import services
from procure.ideas.models import Idea
from procure.needs.models import Need


def _user(email: str) -> User:
    return db.session.execute(db.select(User).filter_by(email=email)).scalar_one()


def load_demo_ideas(seed_dir: Path) -> int:
    """Add the demo ideas that are missing (an idea is known by its title)."""
    path = seed_dir / "ideas.json"
    if not path.exists():
        return 0
    added = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        if db.session.execute(db.select(Idea.id).filter_by(title=row["title"])).first():
            continue
        department = db.session.execute(db.select(Department).filter_by(
            code=row["department"])).scalar_one()
        submitter = _user(row["submitter"]) if row.get("submitter") else None
        idea = services.submit_idea(services.Submission(
            title=row["title"], problem=row["problem"], affected=row["affected"],
            frequency=row["frequency"], suggestion=row["suggestion"],
            department_id=department.id), submitter)
        idea.origin = row["origin"]
        for email in row.get("supporters", ()):
            services.support(idea, _user(email))
        for email, body in row.get("comments", ()):
            services.comment(idea, _user(email), body)
        if row.get("need"):
            # Accepted before the demo's need existed as a draft: linked, not drafted anew,
            # so the demo keeps its eight needs.
            idea.need = db.session.execute(db.select(Need).filter_by(
                title=row["need"])).scalar_one()
            idea.status, idea.decision_reason = "accepted", row.get("reason", "")
            idea.decided_by = _user(row["decider"])
            idea.decided_at = idea.created_at
        elif row["status"] != "submitted":
            decider = _user(row.get("decider") or "officer@procure.example")
            merge_into = ""
            if row.get("merge_into"):
                merge_into = db.session.execute(db.select(Need.reference).filter_by(
                    title=row["merge_into"])).scalar_one()
            services.decide(idea, services.Decision(
                target=row["status"], reason=row.get("reason", ""), merge_into=merge_into,
                language="sv"), decider)
        added += 1
    db.session.flush()
    return added
