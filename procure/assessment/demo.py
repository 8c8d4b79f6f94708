"""The demo's self-assessments (``data/seed/assessment.json``): the year of the ISO 56002
audit and the year after, saved through the services as an admin would."""
from __future__ import annotations

import json
from pathlib import Path

from procure.assessment import services
from procure.auth.models import User
from procure.extensions import db


def load_demo_assessment(seed_dir: Path) -> int:
    """Add the years that have no answers yet; return how many answers were added."""
    path = seed_dir / "assessment.json"
    if not path.exists():
        return 0
    added = 0
    for row in json.loads(path.read_text(encoding="utf-8")):
        if services.answers_for(row["year"]):
            continue
        admin = db.session.execute(db.select(User).filter_by(email=row["by"])).scalar_one()
        values = {key: (score, evidence) for key, (score, evidence) in row["answers"].items()}
        added += len(services.save_answers(row["year"], values, expected_versions=None,
                                           actor=admin))
    db.session.flush()
    return added
