"""The fuzz tests' world, built once per test module and never changed by a test.

One app with the demo data, the objects the access table uses, a few more steps so that
every form shows, and one signed-in browser per role. Each fuzz example then runs in a
transaction that is rolled back (tests/fuzz/isolation.py), so the world stays as built:
building it per test (a new app, its templates compiled again, argon2 sign-ins) would
cost more than all the examples of a form together.

No rate limits here: they would answer 429 to a fuzzer's many posts, which tests the
limiter, not the form. Sessions stay a day without a request: every example starts from
the session cookie of when the world was built, which never gets younger (a long local
run would otherwise be signed out half-way). Market scans ask a fake TED.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest

from procure.auth.models import PasswordResetToken
from procure.auth.reset import token_hash
from procure.db import utcnow
from procure.departments.models import Department
from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.models import Need, NeedOutcome
from procure.seeding import DEMO_PASSWORD
from tests.conftest import (
    ACCOUNTS,
    BrowserLikeClient,
    app_for_tests,
    copy_rows,
    empty_and_close,
    sign_in,
    totp_code,
    user_by_role,
)
from procure.suppliers.models import PendingRegistration
from tests.fuzz.isolation import joined_to_one_transaction
from tests.fuzz.targets import RESET_TOKEN, VERIFY_TOKEN
from tests.fuzz.values import XSS_IMG, XSS_SCRIPT
from tests.marketscan.fake_ted import FakeTed, Reply, page_of, ted_notice
from tests.test_access import _urls

# The demo's evaluator of the running PCP who has not declared yet (the admin has, below),
# and the admin half-way through signing in (password given, the one-time code not yet).
FUZZ_ACCOUNTS = {**ACCOUNTS, "elderly_officer": "elderly.officer@procure.example",
                 "awaiting_code": ACCOUNTS["admin"]}
# TED's answers carry text from outside too: one notice title is hostile.
NOTICES = [ted_notice("100-2026", title={"swe": XSS_SCRIPT, "eng": XSS_IMG}),
           ted_notice("200-2026"), ted_notice("300-2026")]
SCANNED = "/needs/AFF-2026-002"  # a draft with CPV codes: its notices can be kept


@pytest.fixture(scope="session")
def fake_ted_server():
    with FakeTed([Reply(json=page_of(NOTICES))]) as ted:
        yield ted


@pytest.fixture(scope="module")
def fuzz_app(database_url, demo_rows, fake_ted_server):
    """The app with the demo data for one module (as ``seeded`` is for one test)."""
    app = app_for_tests(database_url, RATELIMIT_ENABLED=False,
                        SESSION_IDLE_MINUTES=24 * 60, TED_API_URL=fake_ted_server.url,
                        TED_RETRIES=0)
    with app.app_context():
        copy_rows(demo_rows)
    yield app
    empty_and_close(app)


class World:
    """The module's app, a signed-in browser per role, and URLs with real objects."""

    def __init__(self, app):
        self.app = app
        self._clients: dict[str, BrowserLikeClient] = {}
        self._sessions: dict[str, str] = {}
        self.url = _urls(app, self._draft_need())
        self._prepare()

    def client(self, role: str) -> BrowserLikeClient:
        """The role's browser, signed in once (an admin's sign-in code works only once),
        with the session cookie it had once prepared (a fuzzed logout deletes it)."""
        if role == "awaiting_code":  # the step between password and code lasts minutes
            self._clients.pop(role, None)
        if role not in self._clients:
            browser = self._clients[role] = self.app.test_client()
            if role == "awaiting_code":
                browser.post_form("/login", {"email": FUZZ_ACCOUNTS[role],
                                             "password": DEMO_PASSWORD})
            elif role == "following_reset_link":  # the link puts its token in the session
                browser.get("/password/reset/" + RESET_TOKEN)
            elif role == "following_verify_link":  # so does a registration's link
                browser.get("/suppliers/verify/" + VERIFY_TOKEN)
            elif role != "anonymous":
                sign_in(browser, FUZZ_ACCOUNTS[role])
            browser.csrf_token()  # an anonymous session starts with its first token
            self._sessions[role] = browser.get_cookie("session").value
        self.restore_session(role)
        return self._clients[role]

    def restore_session(self, role: str) -> None:
        """Give the role's browser back the session it was signed in with."""
        self._clients[role].set_cookie("session", self._sessions[role])

    @contextmanager
    def rolled_back(self):
        """Requests in the block change the world only until the block ends."""
        with joined_to_one_transaction(self.app) as isolation, isolation.example():
            yield

    def _draft_need(self) -> str:
        """A draft need of the education officer (what ``make_need`` gives other tests)."""
        with self.app.app_context():
            department = db.session.execute(
                db.select(Department).filter_by(code="UTB")).scalar_one()
            officer = user_by_role("officer")
            need = need_services.create_need(title="Färre fallolyckor i hemtjänsten",
                                             department=department, officer=officer,
                                             language="sv", actor=officer)
            db.session.commit()
            return need.reference

    def _prepare(self) -> None:
        """So that every form shows: the contracted UTB-2026-002 has a target to measure
        against; the market for the draft AFF-2026-002 is scanned and a
        notice kept; the one-to-one dialogue gets a meeting time nobody booked; the admin
        declares no conflict in the running PCP phase; the reviewer starts setting up
        two-factor sign-in, the traffic officer turns it on (an admin may not turn it
        off); the supplier has a password reset link (written straight in:
        the real one only exists in an e-mail)."""
        with self.app.app_context():
            outcome = db.session.execute(db.select(NeedOutcome.id).join(Need).filter(
                Need.reference == "UTB-2026-002").order_by(NeedOutcome.id)).scalars().first()
        steps = [
            # The contracted need's first outcome gets a target: it can be measured.
            ("officer", f"/needs/UTB-2026-002/follow-up/outcomes/{outcome}/target",
             {f"o{outcome}-unit": "percent", f"o{outcome}-baseline_value": "40",
              f"o{outcome}-target_value": "20", f"o{outcome}-target_on": "2028-06-30"}),
            ("admin", SCANNED + "/market-scan",
             {"widen_to": "code", "kinds": ["prior_information", "contract"]}),
            ("admin", SCANNED + "/market-scan/keep",
             {"publication_number": "200-2026", "note": "Likt vårt behov."}),
            ("officer", "/dialogues/2/slots",
             {"starts_at": "2030-01-10T10:00", "minutes": "45", "capacity": "1"}),
            ("admin", "/needs/AFF-2026-003/pcp/phases/2/evaluation", {"truthful": "y"}),
            ("reviewer", "/account/two-factor/start", {}),
            ("other_officer", "/account/two-factor/start", {}),
        ]
        for role, target, form in steps:
            response = self.client(role).post_form(target, form)
            assert response.status_code == 303, f"preparing the fuzz tests: {target} failed"
        code = totp_code(self.app, FUZZ_ACCOUNTS["other_officer"])
        response = self.client("other_officer").post_form("/account/two-factor/confirm",
                                                          {"code": code})
        assert response.status_code == 200, "preparing the fuzz tests: two-factor sign-in failed"
        for role, browser in self._clients.items():  # the sessions as prepared
            self._sessions[role] = browser.get_cookie("session").value
        with self.app.app_context():
            db.session.add(PasswordResetToken(
                user_id=user_by_role("supplier").id, token_hash=token_hash(RESET_TOKEN),
                created_at=utcnow(), expires_at=utcnow() + timedelta(hours=1)))
            db.session.add(PendingRegistration(
                token_hash=token_hash(VERIFY_TOKEN), email="fuzz@gronska.example",
                name="Fuzz", password_hash="not a hash", country="SE",
                identifier="556036-0793", company_name="Grönska", size="small",
                created_at=utcnow(), expires_at=utcnow() + timedelta(hours=1)))
            db.session.commit()


@pytest.fixture(scope="module")
def world(fuzz_app) -> World:
    return World(fuzz_app)
