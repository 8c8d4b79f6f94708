"""Load the demo data in ``data/seed/`` (idempotent: what exists is left as it is).

Each domain contributes a loader; they run in the order of ``LOADERS`` because later
records point at earlier ones.
"""
from __future__ import annotations

import json
from pathlib import Path

from procure.assessment.demo import load_demo_assessment
from procure.auth import passwords
from procure.auth.models import User
from procure.cpv.codes import significant_digits
from procure.cpv.services import load_demo_codes
from procure.db import utcnow
from procure.departments.models import Department
from procure.dialogues.demo import load_demo_dialogues
from procure.extensions import db
from procure.followup.demo import load_demo_follow_up
from procure.ideas.demo import load_demo_ideas
from procure.needs.demo import load_demo_needs
from procure.pcp.demo import load_demo_pcps
from procure.scenarios.demo import load_demo_scenarios
from procure.suppliers.identifiers import parse_org_number, parse_vat_number
from procure.suppliers.models import SupplierInterest, SupplierOrganisation

# Published in data/seed/README.md on purpose: the demo's accounts, never production's.
DEMO_PASSWORD = "procure-demo-2026"  # nosec B105


def _read(seed_dir: Path, name: str) -> list[dict]:
    path = seed_dir / name
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def _load_departments(seed_dir: Path) -> int:
    added = 0
    for row in _read(seed_dir, "departments.json"):
        if db.session.execute(db.select(Department).filter_by(code=row["code"])).first():
            continue
        db.session.add(Department(**row))
        added += 1
    db.session.flush()
    return added


def _load_organisations(seed_dir: Path) -> int:
    added = 0
    for row in _read(seed_dir, "suppliers.json"):
        # The seed goes through the same validation as a registration would.
        parse = parse_org_number if row["country"] == "SE" else parse_vat_number
        identifier = parse(row["identifier"])
        if db.session.execute(
            db.select(SupplierOrganisation).filter_by(identifier=identifier.key)
        ).first():
            continue
        organisation = SupplierOrganisation(name=row["name"], country=identifier.country,
                                            identifier=identifier.key, size=row["size"])
        organisation.interests = [SupplierInterest(code=code, prefix=significant_digits(code))
                                  for code in row.get("interests", ())]
        db.session.add(organisation)
        added += 1
    db.session.flush()
    return added


def _load_users(seed_dir: Path) -> int:
    added = 0
    password_hash = passwords.hash_password(DEMO_PASSWORD)
    for row in _read(seed_dir, "users.json"):
        if db.session.execute(db.select(User).filter_by(email=row["email"])).first():
            continue
        user = User(email=row["email"], name=row["name"], role=row["role"],
                    password_hash=password_hash)
        if row["role"] == "supplier":
            organisation = db.session.execute(
                db.select(SupplierOrganisation).filter_by(identifier=row["organisation"])
            ).scalar_one()
            # Demo suppliers exist already verified; the organisation's first confirmed
            # user in the file is its contact.
            has_contact = any(member.organisation_contact for member in organisation.members)
            user.organisation = organisation
            user.membership = row.get("membership", "confirmed")
            user.organisation_contact = user.membership == "confirmed" and not has_contact
        else:
            user.department = db.session.execute(
                db.select(Department).filter_by(code=row["department"])
            ).scalar_one()
        if row.get("totp_secret"):
            # Demo only: a published secret, so the demo admin's codes can be made anywhere.
            user.totp_secret = row["totp_secret"]
            user.totp_confirmed_at = utcnow()
        db.session.add(user)
        added += 1
    db.session.flush()
    return added


LOADERS = (
    ("CPV codes", load_demo_codes),
    ("departments", _load_departments),
    ("supplier organisations", _load_organisations),
    ("users", _load_users),
    ("needs", load_demo_needs),
    ("contract scenarios", load_demo_scenarios),
    ("market dialogues", load_demo_dialogues),
    ("pre-commercial procurements", load_demo_pcps),
    ("innovation capability assessments", load_demo_assessment),
    ("ideas", load_demo_ideas),
    ("followed-up cases", load_demo_follow_up),
)


def load_demo_data(seed_dir: str | Path) -> dict[str, int]:
    """Add the demo records that are missing; return how many of each were added."""
    seed_dir = Path(seed_dir)
    return {name: loader(seed_dir) for name, loader in LOADERS}
