"""Roles at the door: every route × every role → the status that role gets.

The table is checked against the app's URL map, so a new route without a row fails.
Object ids in URLs are real objects: the pending member of Kökssvinn Analys AB and the
traffic officer.
"""
import pytest

from procure.auth.models import User
from procure.extensions import db
from tests.conftest import ACCOUNTS

ROLES = ("anonymous", "supplier", "other_supplier", "pending_supplier", "officer", "admin")
LOGIN = 302  # anonymous users are sent to the sign-in page


def row(anonymous, supplier, other_supplier, pending_supplier, officer, admin):
    return dict(zip(ROLES, (anonymous, supplier, other_supplier, pending_supplier, officer, admin)))


EVERYONE = row(200, 200, 200, 200, 200, 200)
SIGNED_IN = row(LOGIN, 200, 200, 200, 200, 200)
ADMIN_PAGE = row(LOGIN, 403, 403, 403, 403, 200)

# (method, rule) -> expected status by role. POSTs send an empty form with a valid
# CSRF token, so a permitted role gets 400 (form errors) or 303 (done).
ACCESS = {
    ("GET", "/"): EVERYONE,
    ("GET", "/accessibility"): EVERYONE,
    ("GET", "/healthz"): EVERYONE,
    ("POST", "/language"): row(303, 303, 303, 303, 303, 303),
    ("GET", "/login"): row(200, 302, 302, 302, 302, 302),
    ("POST", "/login"): row(400, 302, 302, 302, 302, 302),
    ("POST", "/logout"): row(LOGIN, 303, 303, 303, 303, 303),
    ("GET", "/account"): SIGNED_IN,
    ("GET", "/account/password"): SIGNED_IN,
    ("POST", "/account/password"): row(LOGIN, 400, 400, 400, 400, 400),
    ("GET", "/suppliers/register"): row(200, 302, 302, 302, 302, 302),
    ("POST", "/suppliers/register"): row(400, 302, 302, 302, 302, 302),
    ("GET", "/suppliers/organisation"): row(LOGIN, 200, 200, 200, 403, 403),
    ("GET", "/suppliers/organisation/edit"): row(LOGIN, 200, 200, 403, 403, 403),
    ("POST", "/suppliers/organisation/edit"): row(LOGIN, 400, 400, 403, 403, 403),
    # The pending member belongs to the supplier's company, not to the other supplier's.
    ("POST", "/suppliers/members/<int:user_id>/decision"): row(LOGIN, 400, 404, 403, 403, 403),
    ("GET", "/admin/"): row(LOGIN, 403, 403, 403, 403, 302),
    ("GET", "/admin/users"): ADMIN_PAGE,
    ("GET", "/admin/users/new"): ADMIN_PAGE,
    ("POST", "/admin/users/new"): row(LOGIN, 403, 403, 403, 403, 400),
    ("POST", "/admin/users/<int:user_id>/enabled"): row(LOGIN, 403, 403, 403, 403, 303),
    ("POST", "/admin/members/<int:user_id>/decision"): row(LOGIN, 403, 403, 403, 403, 400),
    ("GET", "/admin/departments"): ADMIN_PAGE,
    ("POST", "/admin/departments"): row(LOGIN, 403, 403, 403, 403, 400),
}


def _rules(app):
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            rules.add((method, rule.rule.replace("<user_id>", "<int:user_id>")))
    return rules


def test_every_route_has_a_row(app):
    routes = {(m, r.replace("<int:user_id>", "<user_id>")) for m, r in ACCESS}
    actual = {(m, r.replace("<int:user_id>", "<user_id>")) for m, r in _rules(app)}
    assert actual - routes == set(), "routes without an access row"
    assert routes - actual == set(), "rows for routes that no longer exist"


def _url(app, rule):
    with app.app_context():
        pending = db.session.execute(db.select(User.id).filter_by(
            email=ACCOUNTS["pending_supplier"])).scalar_one()
        traffic = db.session.execute(db.select(User.id).filter_by(
            email=ACCOUNTS["other_officer"])).scalar_one()
    user_id = traffic if rule.endswith("/enabled") else pending
    return rule.replace("<int:user_id>", str(user_id))


@pytest.mark.parametrize("role", ROLES)
def test_access_table(seeded, make_client, role):
    client = make_client(None if role == "anonymous" else role)
    failures = []
    # Signing out comes last, or it would end the session the other rows need.
    for (method, rule), expected in sorted(ACCESS.items(), key=lambda item: item[0][1] == "/logout"):
        url = _url(seeded, rule)
        if method == "GET":
            status = client.get(url).status_code
        else:
            status = client.post_form(url, {"enabled": "1"} if url.endswith("/enabled") else {}).status_code
        if status != expected[role]:
            failures.append(f"{method} {url}: expected {expected[role]}, got {status}")
    assert not failures, "\n".join(failures)
