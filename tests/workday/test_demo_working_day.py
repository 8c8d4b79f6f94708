"""The demo data shows the working day: every demo supplier account finds something on
its start page, and every need in review has an officer who may review it."""
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import func

from procure.auth.models import User
from procure.extensions import db
from procure.needs.models import Need

SEED = Path(__file__).resolve().parents[2] / "data" / "seed"
SUPPLIERS = [row for row in json.loads((SEED / "users.json").read_text(encoding="utf-8"))
             if row["role"] == "supplier"]
ITEM = re.compile(r'<ul class="notices">\s*<li>')


@pytest.mark.parametrize("account", SUPPLIERS, ids=[row["email"] for row in SUPPLIERS])
def test_every_demo_supplier_finds_work_on_the_start_page(seeded, make_client, account):
    client = make_client()
    from tests.conftest import sign_in
    sign_in(client, account["email"])
    html = client.get("/").get_data(as_text=True)
    if account.get("membership") == "pending":
        assert "Väntar på bekräftelse" in html and "Vem som kan bekräfta dig" in html
    else:
        assert "Ditt arbete" in html
        assert ITEM.search(html), f"{account['email']} has an empty start page"


def test_every_department_with_needs_has_two_officers(seeded):
    with seeded.app_context():
        officers = dict(db.session.execute(
            db.select(User.department_id, func.count(User.id))
            .where(User.role == "officer", User.deleted_at.is_(None))
            .group_by(User.department_id)).all())
        departments = set(db.session.execute(db.select(Need.department_id)).scalars())
        assert departments
        assert {d: officers.get(d, 0) for d in departments if officers.get(d, 0) < 2} == {}
        # Each need in review has an officer of its department who is not its author.
        for need in db.session.execute(db.select(Need).filter_by(status="in_review")).scalars():
            reviewers = db.session.execute(
                db.select(func.count(User.id)).where(
                    User.role == "officer", User.department_id == need.department_id,
                    User.id != need.author_id, User.deleted_at.is_(None))).scalar_one()
            assert reviewers >= 1, need.reference
