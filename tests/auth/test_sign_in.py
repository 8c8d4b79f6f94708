"""Signing in and out, sessions that end on the server, passwords."""
import pytest

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in


def test_officer_signs_in_and_sees_name_and_role(login):
    client = login("officer")
    html = client.get("/").get_data(as_text=True)
    assert "Omar Haddad" in html and "Upphandlare" in html


@pytest.mark.parametrize("email, password", [
    ("officer@procure.example", "wrong password here"),
    ("nobody@procure.example", "wrong password here"),
])
def test_failed_sign_in_never_says_whether_the_email_exists(seeded, client, email, password):
    response = client.post_form("/login", {"email": email, "password": password})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "E-postadressen eller lösenordet är fel." in html
    assert email in html  # the e-mail typed is kept in the form


def test_sign_in_returns_to_the_page_asked_for(seeded, client):
    response = client.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    response = client.post_form("/login", {"email": ACCOUNTS["officer"],
                                           "password": DEMO_PASSWORD, "next": "/account"})
    assert response.headers["Location"] == "/account"


def test_sign_in_ignores_a_foreign_next(seeded, client):
    response = client.post_form("/login", {"email": ACCOUNTS["officer"],
                                           "password": DEMO_PASSWORD,
                                           "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"  # an officer's own start: their work


def test_a_cookie_saved_before_logout_is_refused_after(login, seeded):
    client = login("officer")
    saved_cookie = client.get_cookie("session").value
    assert client.get("/account").status_code == 200
    client.post_form("/logout")
    assert client.get("/account").status_code == 302

    thief = seeded.test_client()
    thief.set_cookie("session", saved_cookie)
    assert thief.get("/account").status_code == 302


def test_password_change_signs_out_other_sessions(login, make_client, seeded):
    client = login("officer")
    other_device = make_client("officer")
    response = client.post_form("/account/password", {
        "current_password": DEMO_PASSWORD,
        "new_password": "a brand new long passphrase",
        "confirm_password": "a brand new long passphrase",
    })
    assert response.status_code == 303
    assert client.get("/account").status_code == 200  # this session goes on
    assert other_device.get("/account").status_code == 302  # the other one is gone
    fresh = seeded.test_client()
    sign_in(fresh, ACCOUNTS["officer"], "a brand new long passphrase")


@pytest.mark.parametrize("new, confirm, message", [
    ("too short", "too short", "Ett lösenord behöver mellan 12 och 128 tecken."),
    ("x" * 129, "x" * 129, "Ett lösenord behöver mellan 12 och 128 tecken."),
    ("long enough password", "another long password", "De två nya lösenorden är olika."),
])
def test_password_rules(login, new, confirm, message):
    client = login("officer")
    response = client.post_form("/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": new, "confirm_password": confirm})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_128_character_password_is_allowed(login):
    client = login("officer")
    password = "å" * 128
    response = client.post_form("/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": password,
        "confirm_password": password})
    assert response.status_code == 303


def test_wrong_current_password_is_refused(login):
    client = login("officer")
    response = client.post_form("/account/password", {
        "current_password": "not my password at all",
        "new_password": "a brand new long passphrase",
        "confirm_password": "a brand new long passphrase"})
    assert response.status_code == 400
    assert "Det är inte ditt nuvarande lösenord." in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2id(seeded):
    with seeded.app_context():
        user = db.session.execute(db.select(User).filter_by(email=ACCOUNTS["officer"])).scalar_one()
        assert user.password_hash.startswith("$argon2id$")
        assert DEMO_PASSWORD not in user.password_hash


def test_disabled_account_is_locked_out_at_once(login, make_client):
    officer = make_client("officer")
    admin = login("admin")
    with admin.application.app_context():
        officer_id = db.session.execute(
            db.select(User.id).filter_by(email=ACCOUNTS["officer"])).scalar_one()
    response = admin.post_form(f"/admin/users/{officer_id}/enabled", {"enabled": "0"})
    assert response.status_code == 303
    assert officer.get("/account").status_code == 302
    response = officer.post_form("/login", {"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
    assert response.status_code == 400


def test_sign_in_and_out_are_audited(login, seeded):
    client = login("officer")
    client.post_form("/logout")
    with seeded.app_context():
        actions = db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)).scalars().all()
    assert actions[-2:] == ["auth.login", "auth.logout"]


def test_new_session_id_at_sign_in(seeded, client):
    client.get("/")
    before = client.get_cookie("session").value
    sign_in(client, ACCOUNTS["officer"])
    assert client.get_cookie("session").value != before


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per minute"}])
def test_repeated_failed_sign_ins_are_slowed(seeded, client, app_config):
    for _ in range(3):
        client.post_form("/login", {"email": ACCOUNTS["officer"], "password": "wrong guess here"})
    response = client.post_form("/login", {"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
    assert response.status_code == 429


@pytest.mark.parametrize("target", [
    "//evil.example/", "/\t/evil.example", "/\\evil.example", "/%0a/x\n", "https://evil.example",
    "/\x7f/x", "javascript:alert(1)",
])
def test_sign_in_never_redirects_off_site(seeded, client, target):
    response = client.post_form("/login", {"email": ACCOUNTS["officer"],
                                           "password": DEMO_PASSWORD, "next": target})
    assert response.headers["Location"] == "/"


def test_a_supplier_lands_on_the_start_page(seeded, client):
    response = client.post_form("/login", {"email": ACCOUNTS["supplier"], "password": DEMO_PASSWORD})
    assert response.headers["Location"] == "/"
