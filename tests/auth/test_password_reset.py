"""Password reset by e-mail: the same answer for every address, a link that works once
and expires, and every old session ended."""
import logging
import re
from datetime import timedelta

import pytest

from procure.audit.models import AuditEvent
from procure.auth.models import PasswordResetToken, User
from procure.db import utcnow
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in, user_by_role

MAIL = {"MAIL_SERVER": "mail.procure.example", "PUBLIC_URL": "https://procure.stad.example"}
LINK = re.compile(r"https://procure\.stad\.example(/password/reset/[A-Za-z0-9_-]+)")
NEW_PASSWORD = "a brand new long passphrase"


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _ask(client, email):
    return client.post_form("/password/reset", {"email": email})


def _mails(app):
    with app.app_context():
        return db.session.execute(db.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()


def _link_for(app, client, email) -> str:
    assert _ask(client, email).status_code == 303
    return LINK.search(_mails(app)[-1].body).group(1)


def _set_password(client, path, password=NEW_PASSWORD):
    """Follow the mailed link (its token goes into the session), then choose a password."""
    client.get(path)
    return client.post_form("/password/new", {"new_password": password,
                                              "confirm_password": password})


@pytest.mark.parametrize("app_config", [MAIL])
def test_known_and_unknown_addresses_get_the_same_answer(seeded, client, app_config):
    _english(client)
    known = _ask(client, ACCOUNTS["officer"])
    unknown = _ask(client, "nobody@procure.example")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"] == "/password/reset/sent"
    assert known.get_data() == unknown.get_data()
    page = client.get("/password/reset/sent").get_data(as_text=True)
    assert "If the address has an account, we have sent a link to it." in page
    assert "The link works once, for 30 minutes." in page
    mails = _mails(seeded)
    assert [mail.recipient for mail in mails] == [ACCOUNTS["officer"]]  # one, to the known
    with seeded.app_context():
        events = db.session.execute(db.select(AuditEvent).filter_by(
            action="auth.password_reset_requested").order_by(AuditEvent.id)).scalars().all()
        assert [event.detail["known"] for event in events] == [True, False]
        assert events[1].detail["email"] == "nobody@procure.example"


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_disabled_account_gets_no_link(seeded, client, app_config):
    with seeded.app_context():
        user_by_role("officer").is_enabled = False
        db.session.commit()
    assert _ask(client, ACCOUNTS["officer"]).headers["Location"] == "/password/reset/sent"
    assert _mails(seeded) == []
    with seeded.app_context():
        assert db.session.execute(db.select(PasswordResetToken)).first() is None


def test_without_mail_the_link_is_not_sent_and_that_is_logged(seeded, client, caplog):
    with caplog.at_level(logging.WARNING, logger="procure.auth.reset"):
        assert _ask(client, ACCOUNTS["officer"]).status_code == 303
    assert _mails(seeded) == []
    assert "MAIL_SERVER is not set" in caplog.text
    with seeded.app_context():
        token = db.session.execute(db.select(PasswordResetToken)).scalar_one()
        assert re.fullmatch(r"[0-9a-f]{64}", token.token_hash)  # a SHA-256, not the token
        assert token.expires_at - token.created_at == timedelta(minutes=30)


@pytest.mark.parametrize("app_config", [MAIL])
def test_the_link_sets_a_new_password_once_and_ends_every_session(seeded, client, make_client,
                                                                 app_config):
    old_session = make_client("officer")
    assert old_session.get("/account").status_code == 200
    _english(client)
    path = _link_for(seeded, client, ACCOUNTS["officer"])
    mail = _mails(seeded)[-1]
    assert mail.subject and "procure" in mail.body
    with seeded.app_context():
        stored = db.session.execute(db.select(PasswordResetToken.token_hash)).scalar_one()
    assert path.rsplit("/", 1)[1] not in stored  # only the hash is kept

    opened = client.get(path)
    # The token leaves the address at once: the form is at a fixed one.
    assert opened.status_code == 303 and opened.headers["Location"] == "/password/new"
    assert client.get("/password/new").status_code == 200
    response = _set_password(client, path)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "Sign in with the new password." in client.get("/login").get_data(as_text=True)

    assert old_session.get("/account").status_code == 302  # signed out everywhere
    sign_in(make_client(), ACCOUNTS["officer"], NEW_PASSWORD)
    response = make_client().post_form("/login", {"email": ACCOUNTS["officer"],
                                                  "password": DEMO_PASSWORD})
    assert response.status_code == 400

    again = client.get(path)
    assert again.status_code == 404
    assert "The link does not work" in again.get_data(as_text=True)
    assert _set_password(client, path, "yet another long passphrase").status_code == 404
    with seeded.app_context():
        actions = db.session.execute(db.select(AuditEvent.action).order_by(AuditEvent.id)
                                     ).scalars().all()
    assert "auth.password_reset_requested" in actions and "auth.password_reset" in actions


@pytest.mark.parametrize("app_config", [MAIL])
def test_an_expired_link_is_refused(seeded, client, app_config):
    _english(client)
    path = _link_for(seeded, client, ACCOUNTS["officer"])
    with seeded.app_context():
        token = db.session.execute(db.select(PasswordResetToken)).scalar_one()
        token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "has been used, has expired or is not whole" in page
    assert 'href="/password/reset"' in page  # ask again
    assert _set_password(client, path).status_code == 404
    sign_in(client, ACCOUNTS["officer"])  # the old password still works


@pytest.mark.parametrize("app_config", [MAIL])
def test_using_one_link_ends_the_others(seeded, client, app_config):
    first = _link_for(seeded, client, ACCOUNTS["officer"])
    second = _link_for(seeded, client, ACCOUNTS["officer"])
    assert _set_password(client, second).status_code == 303
    assert client.get(first).status_code == 404


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_too_short_password_keeps_the_link_usable(seeded, client, app_config):
    path = _link_for(seeded, client, ACCOUNTS["officer"])
    assert _set_password(client, path, "short").status_code == 400
    assert _set_password(client, path).status_code == 303


def test_an_unknown_link_is_refused(seeded, client):
    assert client.get("/password/reset/" + "x" * 43).status_code == 404
    assert client.get("/password/reset/" + "x" * 500).status_code == 404


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_reset_keeps_the_second_factor(seeded, client, app_config):
    path = _link_for(seeded, client, ACCOUNTS["admin"])
    assert _set_password(client, path).status_code == 303
    response = client.post_form("/login", {"email": ACCOUNTS["admin"], "password": NEW_PASSWORD})
    assert response.headers["Location"] == "/login/code"


def test_the_sign_in_page_links_to_the_reset(seeded, client):
    assert 'href="/password/reset"' in client.get("/login").get_data(as_text=True)
    assert client.get("/password/reset").status_code == 200


def test_a_signed_in_user_is_sent_to_the_password_change(login):
    response = login("officer").get("/password/reset")
    assert response.headers["Location"] == "/account/password"


def test_an_empty_request_is_refused_with_the_form(seeded, client):
    response = _ask(client, "")
    assert response.status_code == 400
    assert "error-summary" in response.get_data(as_text=True)


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_deleted_account_gets_no_link(seeded, client, app_config):
    with seeded.app_context():
        user = db.session.execute(db.select(User).filter_by(email=ACCOUNTS["supplier"])
                                  ).scalar_one()
        user.deleted_at = utcnow()
        db.session.commit()
    assert _ask(client, ACCOUNTS["supplier"]).status_code == 303
    assert _mails(seeded) == []


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_password_change_ends_links_mailed_before_it(seeded, client, make_client, app_config):
    path = _link_for(seeded, client, ACCOUNTS["officer"])
    signed_in = make_client("officer")
    response = signed_in.post_form("/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD})
    assert response.status_code == 303
    assert _set_password(client, path, "yet another long passphrase").status_code == 404


@pytest.mark.parametrize("app_config", [MAIL])
def test_the_form_without_a_followed_link_does_nothing(seeded, client, app_config):
    _link_for(seeded, client, ACCOUNTS["officer"])  # a link exists, but not in this session
    assert client.get("/password/new").status_code == 404
    assert client.post_form("/password/new", {"new_password": NEW_PASSWORD,
                                              "confirm_password": NEW_PASSWORD}).status_code == 404


@pytest.mark.parametrize("app_config", [MAIL])
def test_a_sent_mail_keeps_no_reset_link(seeded, client, app_config, monkeypatch):
    """The outbox body loses the link once the mail is out: the table resets nobody."""
    from procure.mail import outbox as alerts

    path = _link_for(seeded, client, ACCOUNTS["officer"])
    sent = []

    class FakeSMTP:
        def __init__(self, *args, **kwargs):
            pass

        def starttls(self, **kwargs):
            pass

        def send_message(self, message):
            sent.append(message.get_content())

        def quit(self):
            pass

    monkeypatch.setattr(alerts.smtplib, "SMTP", FakeSMTP)
    with seeded.app_context():
        assert alerts.deliver_due().sent == 1
    assert path in sent[0]  # the person got the link
    [mail] = _mails(seeded)
    assert mail.sent_at is not None
    assert path.rsplit("/", 1)[1] not in mail.body and "/password/reset/" not in mail.body
    assert "[password reset link removed]" in mail.body
    assert _set_password(client, path).status_code == 303  # the link itself still works
