"""Two-factor sign-in: setting it up (secret as text and QR code), the second step with a
code from the app or a recovery code, admins who must have it, turning it off."""
import re
import time

import pyotp
import pytest

from procure.audit.models import AuditEvent
from procure.auth import services
from procure.auth.models import RecoveryCode, User
from procure.departments.models import Department
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in, totp_code

SECRET = re.compile(r'<code class="secret">([A-Z2-7 ]+)</code>')
RECOVERY_CODE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _actions(app, email=None):
    with app.app_context():
        query = db.select(AuditEvent.action).order_by(AuditEvent.id)
        if email:
            user_id = db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()
            query = query.where(AuditEvent.object_id == user_id, AuditEvent.object_type == "users")
        return db.session.execute(query).scalars().all()


def _password_step(client, email):
    return client.post_form("/login", {"email": email, "password": DEMO_PASSWORD})


def _set_up(client) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for the signed-in user; the secret and recovery codes."""
    assert client.post_form("/account/two-factor/start").status_code == 303
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = SECRET.search(page).group(1).replace(" ", "")
    response = client.post_form("/account/two-factor/confirm",
                                {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return secret, RECOVERY_CODE.findall(response.get_data(as_text=True))


@pytest.fixture
def new_admin(seeded):
    """An admin without two-factor sign-in (as ``create-user`` makes them)."""
    with seeded.app_context():
        department = db.session.execute(db.select(Department).filter_by(code="SLK")).scalar_one()
        services.create_staff_user(email="new.admin@procure.example", name="Nora Admin",
                                   role="admin", department=department, password=DEMO_PASSWORD)
        db.session.commit()
    return "new.admin@procure.example"


def test_an_admin_without_two_factor_must_set_it_up_before_anything_else(seeded, client,
                                                                          new_admin):
    _english(client)
    response = sign_in(client, new_admin)
    assert response.headers["Location"] == "/account/two-factor"
    for url in ("/needs/", "/admin/users", "/account", "/", "/dialogues/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/account/two-factor", url
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Set it up before you go on." in page

    secret, codes = _set_up(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/needs/").status_code == 200
    assert client.get("/admin/users").status_code == 200
    assert _actions(seeded, new_admin)[-2:] == ["user.2fa_setup_started", "user.2fa_enabled"]


def test_the_setup_page_shows_the_secret_as_text_and_as_an_svg_qr_code(login, seeded):
    client = login("officer")
    _english(client)
    client.post_form("/account/two-factor/start")
    response = client.get("/account/two-factor")
    page = response.get_data(as_text=True)
    with seeded.app_context():
        user = db.session.execute(db.select(User).filter_by(email=ACCOUNTS["officer"])
                                  ).scalar_one()
        stored = user.totp_secret
        assert user.totp_confirmed_at is None  # not on before a code confirms it
    assert SECRET.search(page).group(1).replace(" ", "") == stored
    svg = re.search(r"<svg [^>]*>", page).group(0)
    assert 'role="img"' in svg and 'aria-label="QR code for your authenticator app.' in svg
    assert "<path" in page and "<script" not in page and "style=" not in page
    assert response.headers["Cache-Control"] == "no-store"


def test_the_qr_code_holds_the_otpauth_address(seeded):
    from procure.auth import twofactor

    uri = twofactor.provisioning_uri("PROCUREDEMOADMINTOTPSECRET234567", "admin@procure.example")
    assert uri == ("otpauth://totp/Procure:admin%40procure.example"
                   "?secret=PROCUREDEMOADMINTOTPSECRET234567&issuer=Procure")
    svg = twofactor.qr_svg(uri, 'QR "code" <for> you')
    assert svg.startswith('<svg role="img" aria-label="QR &quot;code&quot; &lt;for&gt; you"')


def test_a_wrong_first_code_does_not_turn_it_on(login, seeded):
    client = login("officer")
    client.post_form("/account/two-factor/start")
    response = client.post_form("/account/two-factor/confirm", {"code": "000000"})
    assert response.status_code == 400
    assert SECRET.search(response.get_data(as_text=True))  # the key is shown again
    with seeded.app_context():
        assert db.session.execute(db.select(User.totp_confirmed_at).filter_by(
            email=ACCOUNTS["officer"])).scalar_one() is None
    assert _actions(seeded, ACCOUNTS["officer"])[-1] == "auth.2fa_failed"


def test_signing_in_with_the_right_code(seeded, client):
    response = _password_step(client, ACCOUNTS["admin"])
    assert response.status_code == 303 and response.headers["Location"] == "/login/code"
    assert client.get("/needs/").status_code == 302  # the password alone is not enough
    assert client.get("/login/code").status_code == 200
    response = client.post_form("/login/code", {"code": totp_code(seeded, ACCOUNTS["admin"])})
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert client.get("/admin/users").status_code == 200
    assert _actions(seeded, ACCOUNTS["admin"])[-2:] == ["auth.login_code_asked", "auth.login"]
    with seeded.app_context():
        event = db.session.execute(db.select(AuditEvent).filter_by(action="auth.login")
                                   ).scalar_one()
        assert event.detail == {"second_factor": "totp"}


def test_a_wrong_code_is_refused_and_recorded(seeded, client):
    _english(client)
    _password_step(client, ACCOUNTS["admin"])
    right = totp_code(seeded, ACCOUNTS["admin"])
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post_form("/login/code", {"code": wrong})
    assert response.status_code == 400
    assert "That code is not right." in response.get_data(as_text=True)
    assert client.get("/needs/").status_code == 302
    response = client.post_form("/login/code", {"code": ""})
    assert response.status_code == 400
    assert _actions(seeded, ACCOUNTS["admin"])[-2:] == ["auth.2fa_failed", "auth.2fa_failed"]
    # The right code still works after wrong ones.
    assert client.post_form("/login/code", {"code": right}).status_code == 303


def test_a_code_works_only_once(seeded, client, make_client):
    _password_step(client, ACCOUNTS["admin"])
    code = totp_code(seeded, ACCOUNTS["admin"])
    assert client.post_form("/login/code", {"code": code}).status_code == 303
    other = make_client()
    _password_step(other, ACCOUNTS["admin"])
    assert other.post_form("/login/code", {"code": code}).status_code == 400


def test_an_older_code_is_refused_after_a_newer_one(seeded, client, make_client):
    secret = "PROCUREDEMOADMINTOTPSECRET234567"
    _password_step(client, ACCOUNTS["admin"])
    newer = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post_form("/login/code", {"code": newer}).status_code == 303
    other = make_client()
    _password_step(other, ACCOUNTS["admin"])
    assert other.post_form("/login/code", {"code": pyotp.TOTP(secret).now()}).status_code == 400


def test_a_code_from_two_steps_away_is_refused(seeded, client):
    _password_step(client, ACCOUNTS["admin"])
    stale = pyotp.TOTP("PROCUREDEMOADMINTOTPSECRET234567").at(time.time() - 90)
    assert client.post_form("/login/code", {"code": stale}).status_code == 400


def test_a_recovery_code_signs_in_once(login, seeded, make_client):
    client = login("officer")
    _english(client)
    secret, codes = _set_up(client)
    client.post_form("/logout")

    fresh = make_client()
    _english(fresh)
    _password_step(fresh, ACCOUNTS["officer"])
    response = fresh.post_form("/login/code", {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 303
    page = fresh.get(response.headers["Location"]).get_data(as_text=True)
    assert "You signed in with a recovery code. 9 codes are left" in page
    fresh.post_form("/logout")

    again = make_client()
    _password_step(again, ACCOUNTS["officer"])
    assert again.post_form("/login/code", {"code": codes[3]}).status_code == 400
    assert again.post_form("/login/code", {"code": codes[4]}).status_code == 303
    assert "auth.recovery_code_used" in _actions(seeded, ACCOUNTS["officer"])


def test_recovery_codes_are_stored_hashed(login, seeded):
    client = login("officer")
    _, codes = _set_up(client)
    with seeded.app_context():
        hashes = db.session.execute(db.select(RecoveryCode.code_hash)).scalars().all()
    assert len(hashes) == 10
    assert all(h.startswith("$argon2id$") for h in hashes)
    assert not any(code.replace("-", "") in h or code in h for h in hashes for code in codes)


def test_new_recovery_codes_replace_the_old(login, make_client, seeded):
    client = login("officer")
    _, old_codes = _set_up(client)
    response = client.post_form("/account/two-factor/recovery-codes",
                                {"password": "not my password at all",
                                 "current_code": old_codes[1]})
    assert response.status_code == 400
    # The password alone is not enough: a current code (from the app, or a recovery code).
    response = client.post_form("/account/two-factor/recovery-codes", {"password": DEMO_PASSWORD})
    assert response.status_code == 400
    response = client.post_form("/account/two-factor/recovery-codes",
                                {"password": DEMO_PASSWORD, "current_code": "000000"})
    assert response.status_code == 400
    assert "That code is not right" in response.get_data(as_text=True) or \
        "Koden stämmer inte" in response.get_data(as_text=True)
    response = client.post_form("/account/two-factor/recovery-codes",
                                {"password": DEMO_PASSWORD, "current_code": old_codes[1]})
    assert response.status_code == 200
    new_codes = RECOVERY_CODE.findall(response.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    other = make_client()
    _password_step(other, ACCOUNTS["officer"])
    assert other.post_form("/login/code", {"code": old_codes[0]}).status_code == 400
    assert other.post_form("/login/code", {"code": new_codes[0]}).status_code == 303
    assert "user.recovery_codes_renewed" in _actions(seeded, ACCOUNTS["officer"])


def test_turning_it_off_needs_the_password_and_a_code(login, seeded, make_client):
    client = login("officer")
    secret, _ = _set_up(client)
    code = pyotp.TOTP(secret).at(time.time() + 30)  # the setup used the current step
    response = client.post_form("/account/two-factor/off",
                                {"current_password": "not my password at all", "code": code})
    assert response.status_code == 400
    response = client.post_form("/account/two-factor/off",
                                {"current_password": DEMO_PASSWORD, "code": "123456"})
    assert response.status_code == 400
    response = client.post_form("/account/two-factor/off",
                                {"current_password": DEMO_PASSWORD, "code": code})
    assert response.status_code == 303
    assert _actions(seeded, ACCOUNTS["officer"])[-1] == "user.2fa_disabled"
    with seeded.app_context():
        assert db.session.execute(db.select(RecoveryCode)).first() is None
    fresh = make_client()
    assert _password_step(fresh, ACCOUNTS["officer"]).headers["Location"] == "/"


def test_an_admin_cannot_turn_it_off(login, seeded):
    client = login("admin")
    _english(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Administrators keep two-factor sign-in on." in page
    assert 'action="/account/two-factor/off"' not in page
    code = pyotp.TOTP("PROCUREDEMOADMINTOTPSECRET234567").at(time.time() + 30)
    response = client.post_form("/account/two-factor/off",
                                {"current_password": DEMO_PASSWORD, "code": code})
    assert response.status_code == 400
    with seeded.app_context():
        admin = db.session.execute(db.select(User).filter_by(email=ACCOUNTS["admin"])).scalar_one()
        assert admin.two_factor_enabled


def test_a_started_setup_cannot_replace_a_working_secret(login, seeded):
    client = login("admin")
    assert client.post_form("/account/two-factor/start").status_code == 303
    with seeded.app_context():
        assert db.session.execute(db.select(User.totp_secret).filter_by(
            email=ACCOUNTS["admin"])).scalar_one() == "PROCUREDEMOADMINTOTPSECRET234567"


def test_the_code_step_expires_after_five_minutes(seeded, client):
    _english(client)
    _password_step(client, ACCOUNTS["admin"])
    with client.session_transaction() as session:
        session["pending_login"]["at"] -= 5 * 60 + 1
        session.modified = True
    response = client.post_form("/login/code", {"code": totp_code(seeded, ACCOUNTS["admin"])})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Please sign in again." in client.get("/login").get_data(as_text=True)
    assert client.get("/needs/").status_code == 302


def test_the_code_page_without_a_password_first_sends_to_the_sign_in(seeded, client):
    assert client.get("/login/code").headers["Location"] == "/login"


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "3 per minute"}])
def test_code_guesses_are_limited_per_account_whatever_the_address(seeded, client, app_config):
    _english(client)
    client.post_form("/login", {"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD},
                     environ_base={"REMOTE_ADDR": "203.0.113.1"})
    statuses = [client.post_form("/login/code", {"code": "000000"},
                                 environ_base={"REMOTE_ADDR": f"203.0.113.{n}"}).status_code
                for n in range(1, 5)]
    assert statuses == [400, 400, 400, 429]


def test_the_next_page_asked_for_survives_the_second_step(seeded, client):
    client.post_form("/login", {"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD,
                                "next": "/admin/audit"})
    response = client.post_form("/login/code", {"code": totp_code(seeded, ACCOUNTS["admin"])})
    assert response.headers["Location"] == "/admin/audit"


def test_of_two_requests_with_one_code_only_one_wins(seeded):
    """The step is claimed in the database, not only checked on the loaded user."""
    from procure.auth import twofactor, twofactor_services
    from procure.db import utcnow

    secret = "PROCUREDEMOADMINTOTPSECRET234567"
    with seeded.test_request_context():
        now = utcnow()
        admin = db.session.execute(db.select(User).filter_by(email=ACCOUNTS["admin"])
                                   ).scalar_one()
        assert admin.totp_last_step is None  # as this request loaded it
        with db.engine.begin() as other_request:  # ... the other one claims the step first
            other_request.execute(db.update(User).where(User.id == admin.id).values(
                totp_last_step=twofactor.time_step(now)))
        code = pyotp.TOTP(secret).at(now)
        assert twofactor_services.check_code(admin, code, now) is None
        db.session.rollback()


def test_a_code_in_another_scripts_digits_is_refused_not_an_error(seeded, client):
    _password_step(client, ACCOUNTS["admin"])
    response = client.post_form("/login/code", {"code": "١٢٣٤٥٦"})  # Arabic-Indic digits
    assert response.status_code == 400
    assert _actions(seeded, ACCOUNTS["admin"])[-1] == "auth.2fa_failed"


def test_the_code_step_ends_when_the_accounts_sessions_end(login, seeded, make_client):
    """A password step taken by someone else is tied to the account's session token: the
    owner changing the password (which ends every session) ends it too."""
    owner = login("officer")
    _, codes = _set_up(owner)
    attacker = make_client()
    assert _password_step(attacker, ACCOUNTS["officer"]).headers["Location"] == "/login/code"
    new_password = "a long and new passphrase"
    assert owner.post_form("/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": new_password,
        "confirm_password": new_password}).status_code == 303
    response = attacker.post_form("/login/code", {"code": codes[0]})
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert attacker.get("/account").status_code == 302  # not signed in
