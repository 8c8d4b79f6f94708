"""Changing the e-mail address or the password asks for the current password again;
each change and each failed sign-in is in the audit trail."""
from procure.audit.models import AuditEvent
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in

NEW_EMAIL = "omar.haddad@procure.example"


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _events(app, action):
    with app.app_context():
        return db.session.execute(db.select(AuditEvent).filter_by(action=action)
                                  .order_by(AuditEvent.id)).scalars().all()


def test_the_email_changes_with_the_current_password(seeded, client, make_client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    other_device = make_client("officer")
    assert 'href="/account/email"' in client.get("/account").get_data(as_text=True)
    response = client.post_form("/account/email", {"email": " Omar.Haddad@Procure.Example ",
                                                   "password": DEMO_PASSWORD})
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert NEW_EMAIL in client.get("/account").get_data(as_text=True)
    assert other_device.get("/account").status_code == 200  # nothing else was rotated
    sign_in(make_client(), NEW_EMAIL)
    [event] = _events(seeded, "user.email_changed")
    assert event.detail == {}  # no addresses: the trail outlives a deleted account


def test_the_email_change_is_refused_with_a_wrong_password(seeded, client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    response = client.post_form("/account/email", {"email": NEW_EMAIL,
                                                   "password": "not my password at all"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "That is not your current password." in page
    assert NEW_EMAIL in page  # the address typed is kept
    assert ACCOUNTS["officer"] in client.get("/account").get_data(as_text=True)
    assert _events(seeded, "user.email_changed") == []


def test_an_email_of_another_account_is_refused(seeded, client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    response = client.post_form("/account/email", {"email": ACCOUNTS["reviewer"],
                                                   "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "Another account has this e-mail address." in response.get_data(as_text=True)


def test_the_same_email_is_refused(seeded, client):
    _english(client)
    sign_in(client, ACCOUNTS["officer"])
    response = client.post_form("/account/email", {"email": ACCOUNTS["officer"],
                                                   "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert "That is already your e-mail address." in response.get_data(as_text=True)


def test_the_password_change_is_refused_with_a_wrong_current_password(seeded, client):
    sign_in(client, ACCOUNTS["officer"])
    response = client.post_form("/account/password", {
        "current_password": "not my password at all",
        "new_password": "a brand new long passphrase",
        "confirm_password": "a brand new long passphrase"})
    assert response.status_code == 400
    assert _events(seeded, "user.password_changed") == []
    sign_in(client.application.test_client(), ACCOUNTS["officer"])  # the old one still works


def test_a_sign_in_form_that_fails_validation_is_recorded(seeded, client):
    response = client.post_form("/login", {"email": ACCOUNTS["officer"], "password": ""})
    assert response.status_code == 400
    [failed] = _events(seeded, "auth.login_failed")
    assert failed.detail == {"email": ACCOUNTS["officer"], "reason": "form_incomplete"}
