"""Sessions end after 30 minutes without activity and 12 hours after sign-in; a new
session begins at sign-in; a disabled or deleted account is out at its next request."""
import time

import pytest

from procure.auth.models import User
from procure.db import utcnow
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in, user_by_role


def _move_session(client, **seconds_ago):
    """Pretend the session's times lie ``seconds_ago`` in the past."""
    with client.session_transaction() as session:
        for key, ago in seconds_ago.items():
            session[key] = int(time.time()) - ago


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def test_a_session_idle_for_more_than_30_minutes_ends(seeded, client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, seen_at=31 * 60)
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/account"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You were signed out after 30 minutes without activity." in page
    assert client.get("/account").status_code == 302  # still signed out


def test_a_session_active_within_30_minutes_goes_on_and_is_seen_again(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, seen_at=29 * 60)
    assert client.get("/account").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session["seen_at"] < 60  # the request counted as activity
    _move_session(client, seen_at=29 * 60)
    assert client.get("/account").status_code == 200


def test_last_seen_is_rewritten_at_most_once_a_minute(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    client.get("/account")  # shows (and so removes) the welcome message
    _move_session(client, seen_at=30)
    with client.session_transaction() as session:
        seen = session["seen_at"]
    response = client.get("/account")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # nothing new to remember
    with client.session_transaction() as session:
        assert session["seen_at"] == seen


@pytest.mark.parametrize("app_config", [{"SESSION_IDLE_MINUTES": 5}])
def test_the_idle_time_is_configurable(seeded, client, app_config):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, seen_at=6 * 60)
    response = client.get("/account", follow_redirects=True)
    assert "You were signed out after 5 minutes without activity." in response.get_data(
        as_text=True)


def test_a_session_ends_12_hours_after_sign_in_however_active(seeded, client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, signed_in_at=12 * 3600 + 1, seen_at=10)
    response = client.get("/needs/", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "You were signed out 12 hours after signing in." in page
    assert "<h1>Sign in</h1>" in page
    assert client.get("/account").status_code == 302


def test_a_session_just_under_12_hours_old_goes_on(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, signed_in_at=12 * 3600 - 60, seen_at=10)
    assert client.get("/account").status_code == 200


def test_a_copied_cookie_ages_like_the_original(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, seen_at=31 * 60)
    copied = client.get_cookie("session").value
    thief = seeded.test_client()
    thief.set_cookie("session", copied)
    assert thief.get("/account").status_code == 302


def test_a_session_without_sign_in_times_is_refused(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    with client.session_transaction() as session:
        del session["signed_in_at"]
    assert client.get("/account").status_code == 302


def test_sign_in_starts_a_new_session_keeping_only_the_language(seeded, client):
    with client.session_transaction() as session:
        session["planted"] = "set by somebody before the sign-in"
        session["lang"] = "en"
    sign_in(client, ACCOUNTS["officer"])
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["signed_in_at"] == session["seen_at"]
    assert "Your account" in client.get("/account").get_data(as_text=True)  # still English


def test_the_two_step_sign_in_also_starts_a_new_session(seeded, client):
    with client.session_transaction() as session:
        session["planted"] = "set by somebody before the sign-in"
    response = client.post_form("/login", {"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/login/code"
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" not in session
        session["planted"] = "set between password and code"
    sign_in(client, ACCOUNTS["admin"])
    with client.session_transaction() as session:
        assert "planted" not in session and "pending_login" not in session


def test_a_disabled_accounts_open_session_is_refused_at_its_next_request(login, make_client,
                                                                         seeded):
    officer = make_client("officer")
    assert officer.get("/needs/").status_code == 200
    admin = login("admin")
    with seeded.app_context():
        officer_id = user_by_role("officer").id
    response = admin.post_form(f"/admin/users/{officer_id}/enabled", {"enabled": "0"})
    assert response.status_code == 303
    response = officer.get("/needs/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_deleted_accounts_open_session_is_refused(seeded, client):
    sign_in(client, ACCOUNTS["supplier"])
    with seeded.app_context():
        # Only deleted_at: even a deletion that left the account enabled locks it out.
        supplier = user_by_role("supplier")
        supplier.deleted_at = utcnow()
        db.session.commit()
    assert client.get("/account").status_code == 302
    response = client.post_form("/login", {"email": ACCOUNTS["supplier"],
                                           "password": DEMO_PASSWORD})
    assert response.status_code == 400


def test_logout_ends_the_session_on_the_server(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    with seeded.app_context():
        before = user_by_role("officer").session_token
    client.post_form("/logout")
    with seeded.app_context():
        assert db.session.execute(db.select(User.session_token).filter_by(
            email=ACCOUNTS["officer"])).scalar_one() != before


def test_signing_out_keeps_only_the_language_of_the_pages(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    client.post_form("/language", {"lang": "en"})
    signed_out = client.post_form("/logout", {}, follow_redirects=True)
    assert "You are signed out." in signed_out.get_data(as_text=True)
    assert "Sign in" in client.get("/dialogues/").get_data(as_text=True)
    assert client.get("/needs/").status_code == 302


def test_a_session_begun_by_registering_a_company_has_its_clocks(seeded, client):
    from tests.suppliers.registering import register_and_confirm

    assert register_and_confirm(seeded, client).status_code == 303
    assert client.get("/suppliers/organisation").status_code == 200
    _move_session(client, seen_at=31 * 60)
    assert client.get("/suppliers/organisation").status_code == 302


def test_a_password_change_does_not_make_the_session_younger(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    _move_session(client, signed_in_at=11 * 3600)
    with client.session_transaction() as session:
        signed_in_at = session["signed_in_at"]
    response = client.post_form("/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": "a brand new long passphrase",
        "confirm_password": "a brand new long passphrase"})
    assert response.status_code == 303
    with client.session_transaction() as session:
        assert session["signed_in_at"] == signed_in_at
