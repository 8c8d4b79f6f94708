"""Demo dialogues (``data/seed/dialogues.json``), deadlines counted from today."""
from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues import services
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.needs.models import Need


def load_demo_dialogues(seed_dir: Path) -> int:
    """Add the demo dialogues whose titles are not there yet."""
    path = seed_dir / "dialogues.json"
    if not path.exists():
        return 0
    added = 0
    now = utcnow().replace(hour=11, minute=0, second=0, microsecond=0)
    for row in json.loads(path.read_text(encoding="utf-8")):
        if db.session.execute(db.select(Dialogue.id).filter_by(title=row["title"])).first():
            continue
        need = db.session.execute(db.select(Need).filter_by(reference=row["need"])).scalar_one()
        actor = db.session.execute(db.select(User).filter_by(email=row["by"])).scalar_one()
        dialogue = services.create_dialogue(need, {
            "kind": row["kind"], "title": row["title"], "description": need.problem,
            "questions_to_market": row["questions_to_market"], "place": row["place"],
            "link": row["link"],
            "registration_deadline": now + timedelta(days=row["registration_in_days"]),
            "questions_deadline": now + timedelta(days=row["questions_in_days"]),
            "input_deadline": now + timedelta(days=row["input_in_days"]),
        }, actor)
        db.session.flush()
        if row["status"] == "published":
            services.change_status(dialogue, "published", actor)
        added += 1
    db.session.flush()
    return added
