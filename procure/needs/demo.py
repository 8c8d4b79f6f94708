"""Demo needs from ``data/seed/needs.json``, built through the same services as the UI."""
from __future__ import annotations

import json
from pathlib import Path

from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db
from procure.needs import services
from procure.needs.models import Need

TEXT_FIELDS = services.TEXT_SECTIONS + ("timeline",)


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
        for name in TEXT_FIELDS:
            setattr(need, name, content.get(name, ""))
        for name in ("estimated_value_sek", "solution_exists", "development_needed",
                     "will_buy_result", "contract_kind", "procedure", "procedure_reason"):
            setattr(need, name, row[name])
        services.replace_outcomes(need, content.get("outcomes", []))
        db.session.flush()
        services.replace_requirements(need, content.get("requirements", []))
        services.set_cpv_codes(need, row["cpv_main"], row["cpv_additional"])
        services.finish_save(need, author, "description")
        for target, email, comment in row["history"]:
            services.change_status(need, target, _user(email), comment)
        added += 1
    db.session.flush()
    return added
