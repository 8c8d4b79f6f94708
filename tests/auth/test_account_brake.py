"""The per-account brake: guesses spread over many client addresses are slowed down by
account (exponential waits, a mail to the owner) without locking the owner out; and
rate limits count an IPv6 client by its /64."""
import pytest

from procure.mail.models import OutboxMail
from procure.audit.models import AuditEvent
from procure.extensions import db, limiter
from procure.netaddress import rate_limit_key
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, sign_in

BRAKE = {"LOGIN_RATE_LIMIT": "1000 per minute", "PASSWORD_RESET_RATE_LIMIT": "1000 per minute",
         "ACCOUNT_BRAKE_AFTER": 3, "ACCOUNT_BRAKE_BASE_SECONDS": 30,
         "MAIL_SERVER": "mail.procure.example"}


def _guess(client, email, password="a wrong guess", address="192.0.2.1"):
    return client.post_form("/login", {"email": email, "password": password},
                            environ_base={"REMOTE_ADDR": address})


def _mails(app, recipient):
    with app.app_context():
        return db.session.execute(db.select(OutboxMail).filter_by(recipient=recipient)
                                  ).scalars().all()


@pytest.mark.parametrize("app_config", [BRAKE])
def test_guesses_from_many_addresses_are_slowed_by_account(seeded, make_client, app_config):
    email = ACCOUNTS["officer"]
    attacker = make_client()
    # Three wrong passwords, each from another address: no address limit is reached.
    assert [_guess(attacker, email, address=f"198.51.100.{n}").status_code
            for n in range(3)] == [400, 400, 400]
    # Now the account waits: even the right password is not tried, from any address.
    braked = _guess(make_client(), email, DEMO_PASSWORD, address="203.0.113.9")
    assert braked.status_code == 429
    assert "försök igen om 1 minut" in braked.get_data(as_text=True).lower()
    with seeded.app_context():
        wait = limiter.storage.get_expiry(
            next(key for key in limiter.storage.storage if ":wait:" in key))
    # The owner is told once, when the brake comes on.
    [mail] = _mails(seeded, email)
    assert "fel lösenord" in mail.body.lower()
    with seeded.app_context():
        actions = db.session.execute(db.select(AuditEvent.action)).scalars().all()
    assert "auth.guessing_warned" in actions
    assert wait


@pytest.mark.parametrize("app_config", [BRAKE])
def test_each_further_guess_waits_twice_as_long(seeded, make_client, app_config):
    from procure.auth import throttle

    with seeded.test_request_context():
        for _ in range(3):
            throttle.note_attempt("sign_in", "x@procure.example")
        first = throttle.wait_seconds("sign_in", "x@procure.example")
        throttle.note_attempt("sign_in", "x@procure.example")
        second = throttle.wait_seconds("sign_in", "x@procure.example")
    assert 29 <= first <= 31 and 59 <= second <= 61


@pytest.mark.parametrize("app_config", [BRAKE])
def test_the_owner_is_not_locked_out(seeded, client, make_client, app_config):
    email = ACCOUNTS["officer"]
    sign_in(client, email)  # the owner's browser: remembered as the account's
    client.post_form("/logout")
    for n in range(3):
        _guess(make_client(), email, address=f"198.51.100.{n}")
    assert _guess(make_client(), email, DEMO_PASSWORD).status_code == 429
    # The owner's own browser goes straight in, and that clears the count.
    assert _guess(client, email, DEMO_PASSWORD).status_code == 303
    assert _guess(make_client(), email, DEMO_PASSWORD).status_code == 303


@pytest.mark.parametrize("app_config", [BRAKE])
def test_unknown_addresses_are_braked_alike(seeded, make_client, app_config):
    """The brake says nothing about which addresses have accounts."""
    for n in range(3):
        _guess(make_client(), "nobody@procure.example", address=f"198.51.100.{n}")
    assert _guess(make_client(), "nobody@procure.example").status_code == 429
    assert _mails(seeded, "nobody@procure.example") == []


@pytest.mark.parametrize("app_config", [BRAKE])
def test_reset_mails_for_one_address_are_braked(seeded, make_client, app_config):
    email = ACCOUNTS["reviewer"]
    for n in range(5):
        response = make_client().post_form("/password/reset", {"email": email},
                                           environ_base={"REMOTE_ADDR": f"198.51.100.{n}"})
        assert response.status_code == 303  # the same answer every time
    assert len(_mails(seeded, email)) == 3


@pytest.mark.parametrize("address, key", [
    ("192.0.2.7", "192.0.2.7"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:3::1", "2001:db8:1:3::/64"),
    ("::ffff:192.0.2.7", "192.0.2.7"),
    ("not-an-address", "not-an-address"),
    (None, "unknown"),
])
def test_rate_limits_count_ipv6_by_its_64(address, key):
    assert rate_limit_key(address) == key


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "2 per minute"}])
def test_addresses_of_one_ipv6_network_share_a_limit(seeded, make_client, app_config):
    statuses = [_guess(make_client(), f"x{n}@procure.example",
                       address=f"2001:db8:1:2::{n + 1}").status_code for n in range(3)]
    assert statuses == [400, 400, 429]
    assert _guess(make_client(), "y@procure.example",
                  address="2001:db8:1:3::1").status_code == 400  # another network


@pytest.mark.parametrize("app_config", [{**BRAKE, "RATELIMIT_ENABLED": False}])
def test_with_the_rate_limits_off_the_brake_is_off_and_sign_in_works(seeded, make_client,
                                                                     app_config):
    # The brake counts in the limiter's storage, which a switched-off limiter has none of
    # (before: a sign-in answered 500, or was braked by counts kept in another app's).
    email = ACCOUNTS["officer"]
    attacker = make_client()
    assert [_guess(attacker, email).status_code for _ in range(5)] == [400] * 5
    assert _guess(make_client(), email, DEMO_PASSWORD).status_code == 303
