"""Every state-changing request and every download leaves an audit event (issue #9).

``EVENTS`` names, for every POST route of the URL map and every download, the event it
writes when it succeeds; ``WITHOUT_EVENT`` says why the few others write none. The
stories below walk through the app as its people do, and every request they send
through ``audit`` must succeed and write its route's event. A new route without a row
fails ``test_every_post_route_and_download_has_a_row``; a row no story exercises fails
its story.
"""
from __future__ import annotations

import io
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pyotp
import pytest
import sqlalchemy as sa
from sqlalchemy import event as sa_event

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.seeding import DEMO_PASSWORD
from tests.audit.page_forms import form_on
from tests.conftest import ACCOUNTS, sign_in, user_by_role
from tests.dialogues.participation import PDF
from tests.marketscan.fake_ted import Reply, fake_ted, page_of, ted_notice  # noqa: F401

# (method, rule) -> (the event a success writes, the story that shows it). A tuple of
# events: any of them (the action names the outcome, e.g. enabled or disabled).
EVENTS = {
    # Signing in and out, the account (procure/auth), the supplier's own data.
    ("POST", "/login"): ("auth.login", "account"),
    ("POST", "/login/code"): ("auth.login", "account"),
    ("POST", "/logout"): ("auth.logout", "account"),
    ("POST", "/account/password"): ("user.password_changed", "account"),
    ("POST", "/account/email"): ("user.email_changed", "account"),
    ("POST", "/account/two-factor/start"): ("user.2fa_setup_started", "account"),
    ("POST", "/account/two-factor/confirm"): ("user.2fa_enabled", "account"),
    ("POST", "/account/two-factor/recovery-codes"): ("user.recovery_codes_renewed", "account"),
    ("POST", "/account/two-factor/off"): ("user.2fa_disabled", "account"),
    ("POST", "/password/reset"): ("auth.password_reset_requested", "account"),
    ("POST", "/password/new"): ("auth.password_reset", "account"),
    ("POST", "/account/delete"): ("user.deleted", "account"),
    ("GET", "/account/personal-data.json"): ("privacy.exported", "account"),
    # Suppliers' companies.
    ("POST", "/suppliers/register"): ("registration.requested", "suppliers"),
    ("POST", "/suppliers/verify"): ("organisation.claimed", "suppliers"),
    ("POST", "/suppliers/organisation/contact"): ("organisation.contact_moved", "suppliers"),
    ("POST", "/admin/organisations/<id:organisation_id>/contact"): (
        "organisation.contact_moved", "admin"),
    ("POST", "/suppliers/organisation/edit"): ("organisation.updated", "suppliers"),
    ("POST", "/suppliers/organisation/interests"): ("organisation.interests_changed", "suppliers"),
    ("POST", "/suppliers/members/<id:user_id>/decision"): ("membership.confirmed", "suppliers"),
    # Administration.
    ("POST", "/admin/users/new"): ("user.created", "admin"),
    ("POST", "/admin/users/<id:user_id>/enabled"): (("user.enabled", "user.disabled"), "admin"),
    ("POST", "/admin/members/<id:user_id>/decision"): ("membership.confirmed", "admin"),
    ("POST", "/admin/departments"): ("department.created", "admin"),
    ("POST", "/assessment/<int:year>"): ("assessment.saved", "admin"),
    ("GET", "/admin/audit.csv"): ("export.audit_csv", "admin"),
    # Needs, their scenarios and market scans.
    ("POST", "/needs/new"): ("need.created", "needs"),
    ("POST", "/needs/<reference>/edit/<section>"): ("need.saved", "needs"),
    ("POST", "/needs/<reference>/status"): ("need.status", "needs"),
    ("GET", "/needs/<reference>/statement.pdf"): ("need.statement_downloaded", "needs"),
    ("POST", "/needs/<reference>/scenarios/new"): ("scenario.added", "needs"),
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/edit"): ("scenario.updated", "needs"),
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/copy"): ("scenario.added", "needs"),
    ("POST", "/needs/<reference>/scenarios/choice"): ("scenario.chosen", "needs"),
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/remove"): ("scenario.removed",
                                                                      "needs"),
    ("POST", "/needs/<reference>/risks"): ("risk.added", "needs"),
    ("POST", "/needs/<reference>/risks/<id:risk_id>/edit"): ("risk.updated", "needs"),
    ("POST", "/needs/<reference>/market-scan/keep"): ("marketscan.kept", "needs"),
    ("POST", "/needs/<reference>/market-scan/kept/<id:kept_id>/remove"): ("marketscan.forgotten",
                                                                          "needs"),
    # Market dialogues.
    ("POST", "/needs/<reference>/dialogues/new"): ("dialogue.created", "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/edit"): ("dialogue.updated", "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/status"): ("dialogue.status", "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/slots"): ("dialogue.slot_added", "dialogue"),
    ("POST", "/dialogues/slots/<id:slot_id>/remove"): ("dialogue.slot_removed", "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/information"): ("dialogue.information_published",
                                                          "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/registration"): ("dialogue.registered", "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/registration/cancel"): (
        "dialogue.registration_cancelled", "dialogue"),
    ("POST", "/dialogues/slots/<id:slot_id>/booking"): ("dialogue.slot_booked", "dialogue"),
    ("POST", "/dialogues/bookings/<id:booking_id>/cancel"): ("dialogue.slot_cancelled",
                                                             "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/questions"): ("dialogue.question_asked", "dialogue"),
    ("POST", "/dialogues/questions/<id:question_id>/answer"): ("dialogue.answer_published",
                                                               "dialogue"),
    ("POST", "/dialogues/bookings/<id:booking_id>/minutes"): ("dialogue.minutes_recorded",
                                                              "dialogue"),
    ("POST", "/dialogues/minutes/<id:minutes_id>/share"): ("dialogue.information_published",
                                                           "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/input"): ("dialogue.input_saved", "dialogue"),
    ("GET", "/dialogues/attachments/<id:attachment_id>"): ("dialogue.attachment_downloaded",
                                                           "dialogue"),
    # A page, not a download, but it shows what companies sent in (trade secrets too).
    ("GET", "/dialogues/<id:dialogue_id>/inputs"): ("dialogue.inputs_read", "dialogue"),
    ("POST", "/dialogues/inputs/<id:input_id>/reason"): ("dialogue.secret_reason_stated",
                                                         "dialogue"),
    ("POST", "/dialogues/attachments/<id:attachment_id>/remove"): ("dialogue.attachment_removed",
                                                                   "dialogue"),
    ("POST", "/dialogues/<id:dialogue_id>/report"): ("dialogue.lessons_saved", "dialogue"),
    ("GET", "/dialogues/<id:dialogue_id>/report.pdf"): ("dialogue.report_downloaded",
                                                        "dialogue"),
    # One alert marked read, a company's or an officer's (#16).
    ("POST", "/alerts/<id:alert_id>/read"): ("alert.read", "dialogue"),
    ("POST", "/alerts/staff/<id:alert_id>/read"): ("alert.read", "dialogue"),
    # Pre-commercial procurement.
    ("POST", "/needs/<reference>/pcp/plan"): ("pcp.plan_saved", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/contracts"): (
        "pcp.contract_added", "pcp"),
    ("POST", "/needs/<reference>/pcp/contracts/<id:contract_id>/remove"): (
        "pcp.contract_removed", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/criteria"): (
        "pcp.criteria_set", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluators"): (
        "pcp.evaluator_assigned", "pcp"),
    ("POST", "/needs/<reference>/pcp/evaluators/<id:evaluator_id>/remove"): (
        "pcp.evaluator_removed", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation"): (
        "pcp.conflicts_declared", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation/"
             "<id:organisation_id>"): ("pcp.scored", "pcp"),
    ("POST", "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/gate"): (
        "pcp.gate_decided", "pcp"),
    ("POST", "/needs/<reference>/pcp/follow-on"): ("pcp.follow_on_set", "pcp"),
    # Ideas and problems in, triaged into needs.
    ("POST", "/ideas/new"): ("idea.submitted", "ideas"),
    ("POST", "/ideas/<id:idea_id>/support"): ("idea.supported", "ideas"),
    ("POST", "/ideas/<id:idea_id>/comments"): ("idea.commented", "ideas"),
    ("POST", "/ideas/<id:idea_id>/triage"): ("idea.triaged", "ideas"),
    # Tender and award, each with its step of the need's lifecycle.
    ("POST", "/needs/<reference>/tender"): ("tender.recorded", "outcomes"),
    ("POST", "/needs/<reference>/award"): ("award.recorded", "outcomes"),
    ("POST", "/needs/<reference>/follow-up/outcomes/<id:outcome_id>/target"): (
        "followup.target_set", "outcomes"),
    ("POST", "/needs/<reference>/follow-up/measurements"): ("followup.measured", "outcomes"),
    ("POST", "/needs/<reference>/follow-up/decision"): ("followup.decided", "outcomes"),
    ("POST", "/needs/<reference>/follow-up/publication"): (("case.published",
                                                            "case.unpublished"), "outcomes"),
    # The portfolio.
    ("POST", "/needs/<reference>/resources"): ("resources.saved", "outcomes"),
    ("GET", "/portfolio.csv"): ("export.portfolio_csv", "exports"),
    # Figures and open data.
    ("GET", "/dashboard.pdf"): ("export.dashboard_pdf", "exports"),
    ("GET", "/dashboard/<key>.csv"): ("export.dashboard_csv", "exports"),
    ("GET", "/api/v1/ocds/releases.json"): ("export.ocds", "exports"),
}

# Routes that change no record of the city's, or hand out nothing that is not public,
# and so write no event: (method, rule) -> why.
WITHOUT_EVENT = {
    ("POST", "/language"): "a display preference kept in the person's own session",
    ("POST", "/alerts/read"): "marks the person's own notifications as seen: their inbox's "
                              "bookkeeping, not an act on a need, a dialogue or a company",
    ("POST", "/needs/<reference>/market-scan"): "a search of TED's public notices; the answer "
                                                "is cached, the need is untouched (keeping a "
                                                "notice from it is audited)",
    ("GET", "/dialogues/feed.atom"): "the published dialogues, public to all",
    ("GET", "/dialogues/<id:dialogue_id>/calendar.ics"): "a public dialogue's deadlines, "
                                                         "public to all like its page",
    ("GET", "/dialogues/bookings/<id:booking_id>/calendar.ics"): "the company's own meeting "
                                                                 "time as a calendar event; "
                                                                 "the booking is audited",
    ("GET", "/cpv/search.json"): "the public CPV vocabulary, looked up while typing a code",
}

# A GET route is a download when its file has a suffix, or when it hands out a file
# someone sent in (a supplier's attachment); the sweep below also catches any other
# answer that asks the browser to save it.
FILE_SUFFIX = re.compile(r"\.(pdf|csv|json|atom|xml|zip|xlsx?|ics)$")
STORIES = ("account", "suppliers", "admin", "needs", "dialogue", "pcp", "ideas", "outcomes",
           "exports")
MAIL = {"MAIL_SERVER": "mail.procure.example", "PUBLIC_URL": "https://procure.stad.example"}
RESET_LINK = re.compile(r"https://procure\.stad\.example(/password/reset/[A-Za-z0-9_-]+)")


def _is_download(method: str, rule: str) -> bool:
    return method == "GET" and bool(FILE_SUFFIX.search(rule) or "/attachments/" in rule)


def _routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        for method in rule.methods & {"GET", "POST"}:
            if method == "POST" or _is_download(method, rule.rule):
                routes.add((method, rule.rule))
    return routes


def test_every_post_route_and_download_has_a_row(app):
    assert _routes(app) - set(EVENTS) - set(WITHOUT_EVENT) == set(), \
        "routes without a row in EVENTS or WITHOUT_EVENT"
    every_route = {(method, rule.rule) for rule in app.url_map.iter_rules()
                   for method in rule.methods}
    assert (set(EVENTS) | set(WITHOUT_EVENT)) - every_route == set(), \
        "rows for routes that are gone"
    assert set(EVENTS) & set(WITHOUT_EVENT) == set()
    assert {story for _, story in EVENTS.values()} == set(STORIES)
    assert all(callable(globals().get(f"test_{story}_story")) for story in STORIES)


CHANGES_TO_EVENTS = re.compile(
    r"^\s*(UPDATE\s+\"?audit_events\b|DELETE\s+FROM\s+\"?audit_events\b)", re.IGNORECASE)


class Audit:
    """Sends requests like a browser and checks each writes its route's event, and that
    no statement the app sends meanwhile changes or removes an event (append-only)."""

    def __init__(self, app):
        self.app = app
        self.urls = app.url_map.bind("localhost")
        self.done: set[tuple[str, str]] = set()
        self.changes: list[str] = []
        with app.app_context():
            self.engine = db.engine
        sa_event.listen(self.engine, "before_cursor_execute", self._watch)

    def _watch(self, _connection, _cursor, statement, *_args):
        if CHANGES_TO_EVENTS.search(statement):
            self.changes.append(statement)

    def stop_watching(self) -> None:
        sa_event.remove(self.engine, "before_cursor_execute", self._watch)

    def last_event(self) -> int:
        with self.app.app_context():
            return db.session.execute(db.select(db.func.max(AuditEvent.id))).scalar() or 0

    def _actions_after(self, event_id: int) -> list[str]:
        with self.app.app_context():
            return list(db.session.execute(db.select(AuditEvent.action).where(
                AuditEvent.id > event_id).order_by(AuditEvent.id)).scalars())

    def check(self, method, url, response, before, ok=(200, 302, 303)):
        """``response`` succeeded, and the events after ``before`` hold its route's."""
        path = urlsplit(url).path
        rule = self.urls.match(path, method=method, return_rule=True)[0].rule
        expected, _story = EVENTS[(method, rule)]
        expected = expected if isinstance(expected, tuple) else (expected,)
        body = response.get_data(as_text=True) if response.mimetype == "text/html" else ""
        errors = re.findall(r'class="error-message"[^>]*>(.*?)<', body)[:3]
        assert response.status_code in ok, f"{method} {url}: {response.status_code} {errors}"
        actions = self._actions_after(before)
        assert set(expected) & set(actions), \
            f"{method} {url} wrote {actions}, not {' or '.join(expected)}"
        self.done.add((method, rule))
        return response

    def post(self, client, url, data=None, *, page=None, **kwargs):
        """POST ``url`` with the fields of its form on ``page`` (if given) and ``data``."""
        fields = {}
        if page:
            fields = form_on(client.get(page).get_data(as_text=True), page, url)
        fields.update(data or {})
        before = self.last_event()
        return self.check("POST", url, client.post_form(url, fields, **kwargs), before)

    def get(self, client, url):
        before = self.last_event()
        return self.check("GET", url, client.get(url), before, ok=(200,))

    def story_done(self, story: str) -> None:
        left = {route for route, (_, name) in EVENTS.items() if name == story} - self.done
        assert left == set(), f"rows of the {story!r} story it never exercised"
        assert self.changes == [], "the app changed or removed audit events"


@pytest.fixture
def app_config():
    return dict(MAIL)  # password reset links go out by mail


@pytest.fixture
def audit(seeded):
    watching = Audit(seeded)
    yield watching
    watching.stop_watching()  # before the fixtures empty the tables


def test_the_watch_sees_a_change_to_an_event(audit, seeded):
    """The append-only check above can fail: an UPDATE or DELETE is caught."""
    from procure.audit.services import record

    with seeded.app_context():
        record("test.kept", note="as it was")
        db.session.commit()
        for statement in (sa.update(AuditEvent).values(action="test.changed"),
                          sa.delete(AuditEvent)):
            try:
                with db.session.begin_nested():
                    db.session.execute(statement)
            except sa.exc.DBAPIError:
                pass  # PostgreSQL's trigger refuses it too (test_append_only_database.py)
        db.session.rollback()
    assert len(audit.changes) == 2


def _id(app, model, **criteria) -> int:
    with app.app_context():
        return db.session.execute(db.select(model.id).filter_by(**criteria)).scalar_one()


def _location(response) -> str:
    return urlsplit(response.headers["Location"]).path


def _future(days: int, hour: int = 10) -> str:
    moment = datetime.now() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0).strftime("%Y-%m-%dT%H:%M")


# --- the account: signing in and out, password, e-mail, two factors, deletion ----------


def test_account_story(audit, seeded, make_client):
    stranger = seeded.test_client()
    audit.post(stranger, "/login", {"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
    officer = stranger
    new_password = "a long and new passphrase"
    audit.post(officer, "/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": new_password,
        "confirm_password": new_password})
    audit.post(officer, "/account/email", {"email": "officer.new@procure.example",
                                           "password": new_password})

    audit.post(officer, "/account/two-factor/start")
    with seeded.app_context():
        secret = db.session.execute(db.select(User.totp_secret).filter_by(
            email="officer.new@procure.example")).scalar_one()
    confirmed = audit.post(officer, "/account/two-factor/confirm",
                           {"code": pyotp.TOTP(secret).now()})
    recovery = re.search(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>",
                         confirmed.get_data(as_text=True)).group(1)
    audit.post(officer, "/account/two-factor/recovery-codes",
               {"password": new_password, "current_code": recovery})
    # The next time step's code: the current one was used to confirm.
    later = pyotp.TOTP(secret).at(datetime.now() + timedelta(seconds=30))
    audit.post(officer, "/account/two-factor/off", {"current_password": new_password,
                                                    "code": later})
    audit.post(officer, "/logout")

    # The admin signs in with a code from the authenticator app.
    admin = seeded.test_client()
    response = admin.post_form("/login", {"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD})
    assert _location(response) == "/login/code"
    from tests.conftest import totp_code

    audit.post(admin, "/login/code", {"code": totp_code(seeded, ACCOUNTS["admin"])})

    forgetful = seeded.test_client()
    audit.post(forgetful, "/password/reset", {"email": ACCOUNTS["reviewer"]})
    with seeded.app_context():
        mail = db.session.execute(db.select(OutboxMail).order_by(OutboxMail.id.desc())).scalars()
        link = RESET_LINK.search(next(mail).body).group(1)
    assert forgetful.get(link).headers["Location"] == "/password/new"
    audit.post(forgetful, "/password/new",
               {"new_password": new_password, "confirm_password": new_password})

    supplier = make_client("supplier")
    audit.get(supplier, "/account/personal-data.json")
    audit.post(supplier, "/account/delete", {"current_password": DEMO_PASSWORD})
    audit.story_done("account")


# --- suppliers: a company registers, edits its details and interests, confirms a member


def test_suppliers_story(audit, seeded, make_client):
    newcomer = seeded.test_client()
    password = "a long enough password"
    audit.post(newcomer, "/suppliers/register", {
        "company_name": "Grönska Innovation AB", "country_kind": "se",
        "org_number": "5560360793", "vat_number": "", "size": "small",
        "contact_name": "Ylva Åström", "email": "ylva@gronska.example",
        "password": password, "confirm_password": password})
    from tests.suppliers.registering import verification_path

    newcomer.get(verification_path(seeded, "ylva@gronska.example"))  # into the session
    audit.post(newcomer, "/suppliers/verify", page="/suppliers/verify")
    supplier = make_client("supplier")
    audit.post(supplier, "/suppliers/organisation/edit", {"company_name": "Kökssvinn Sverige AB"},
               page="/suppliers/organisation/edit")
    audit.post(supplier, "/suppliers/organisation/interests",
               {"divisions": ["39000000-2"], "codes": "55523100-3"})
    pending = _id(seeded, User, email=ACCOUNTS["pending_supplier"])
    audit.post(supplier, f"/suppliers/members/{pending}/decision", {"decision": "confirmed"})
    audit.post(supplier, "/suppliers/organisation/contact", {"user_id": str(pending)})
    audit.story_done("suppliers")


# --- administration ----------------------------------------------------------------------


def test_admin_story(audit, seeded, make_client):
    admin = make_client("admin")
    department = _id(seeded, Department, code="MHF")
    audit.post(admin, "/admin/users/new", {
        "name": "Greta Lund", "email": "greta@stad.example", "role": "officer",
        "department": department, "password": "first password 123"})
    other = _id(seeded, User, email=ACCOUNTS["other_officer"])
    audit.post(admin, f"/admin/users/{other}/enabled", {"enabled": "0"})
    pending = _id(seeded, User, email=ACCOUNTS["pending_supplier"])
    audit.post(admin, f"/admin/members/{pending}/decision", {"decision": "confirmed"})
    from procure.suppliers.models import SupplierOrganisation

    company = _id(seeded, SupplierOrganisation, identifier="559214-4314")
    audit.post(admin, f"/admin/organisations/{company}/contact", {"user_id": str(pending)})
    audit.post(admin, "/admin/departments", {
        "code": "KUL", "name_sv": "Kulturförvaltningen", "name_en": "Culture Administration",
        "kind": "administration"})
    form = form_on(admin.get("/assessment/2026").get_data(as_text=True), "/assessment/2026",
                   "/assessment/2026")
    score = next(name for name in form if name.startswith("score_"))
    audit.post(admin, "/assessment/2026", {**form, score: "3"})
    audit.get(admin, "/admin/audit.csv")
    audit.story_done("admin")


# --- a need, its scenarios and its market scan --------------------------------------------

SCENARIO = {"name": "Ramavtal 4 år", "contract_form": "framework", "base_years": "4",
            "option_years": "", "options_exercised": "y", "annual_value_sek": "4500000",
            "investment_sek": "3600000", "depreciation_years": "8", "margin_percent": "15",
            "improvement_percent": "3", "retender_cost_sek": "400000",
            "discount_rate_percent": "4", "horizon_years": "12"}


def test_needs_story(audit, seeded, make_client, fake_ted):  # noqa: F811
    officer = make_client("officer")
    created = audit.post(officer, "/needs/new", {"title": "Färre fallolyckor", "language": "sv"})
    need = _location(created)
    reference = need.rstrip("/").rsplit("/", 1)[1]
    audit.post(officer, f"{need}/edit/description", {"background": "Många faller i hemmet."},
               page=f"{need}/edit/description")
    audit.post(officer, f"{need}/edit/cpv", {"cpv_main": "55523100-3"}, page=f"{need}/edit/cpv")

    audit.post(officer, f"{need}/scenarios/new", SCENARIO)
    scenario = _scenario_id(seeded, reference, "Ramavtal 4 år")
    edit = f"{need}/scenarios/{scenario}/edit"
    audit.post(officer, edit, {"horizon_years": "10"}, page=edit)
    audit.post(officer, f"{need}/scenarios/{scenario}/copy")
    audit.post(officer, f"{need}/scenarios/choice",
               {"scenario": scenario, "justification": "Fyra år räcker."})
    copy = _scenario_id(seeded, reference, "Kopia av Ramavtal 4 år")
    audit.post(officer, f"{need}/scenarios/{copy}/remove")

    ted = fake_ted([Reply(json=page_of([ted_notice("100-2025", notice_type="pin-only")]))])
    seeded.config.update(TED_API_URL=ted.url, TED_READ_TIMEOUT=2, TED_BACKOFF=0.01)
    scanned = officer.post_form(f"{need}/market-scan", {
        "widen_to": "code", "kinds": ["prior_information", "contract", "award"],
        "countries": "", "published_from": "", "published_to": ""})
    assert scanned.status_code == 303
    audit.post(officer, f"{need}/market-scan/keep",
               {"publication_number": "100-2025", "note": "Likt vårt."})
    from procure.marketscan.models import KeptNotice

    kept = _id(seeded, KeptNotice, publication_number="100-2025")
    audit.post(officer, f"{need}/market-scan/kept/{kept}/remove")

    risk = {"description": "Ingen leverantör svarar.", "likelihood": "3", "impact": "4",
            "owner": str(_id(seeded, User, email=ACCOUNTS["officer"])), "mitigation": "",
            "status": "open", "review_on": "2027-02-01"}
    audit.post(officer, f"{need}/risks", risk)
    from procure.risks.models import Risk

    audit.post(officer, f"{need}/risks/{_id(seeded, Risk, description='Ingen leverantör svarar.')}"
                        "/edit", {**risk, "status": "mitigating", "mitigation": "Dialog först."})
    audit.get(officer, f"{need}/statement.pdf")
    audit.post(officer, f"{need}/status", {"target": "withdrawn", "comment": "Dubblett."})
    audit.story_done("needs")


def _scenario_id(app, reference, name) -> int:
    from procure.needs.models import Need
    from procure.scenarios.models import ContractScenario

    with app.app_context():
        return db.session.execute(db.select(ContractScenario.id).join(
            Need, Need.id == ContractScenario.need_id).where(
            Need.reference == reference, ContractScenario.name == name)).scalar_one()


# --- a market dialogue from draft to report -------------------------------------------


def test_dialogue_story(audit, seeded, make_client):
    officer = seeded.test_client()
    sign_in(officer, "elderly.officer@procure.example")
    created = audit.post(officer, "/needs/AFF-2026-001/dialogues/new", {
        "kind": "one_to_one", "title": "Möten om möbler", "description": "Möbler går sönder.",
        "questions_to_market": "Vad kan lagas?", "place": "", "link": "",
        "slots_per_supplier": "2", "cancel_cutoff_hours": "24",
        "registration_deadline": _future(20), "questions_deadline": _future(20),
        "input_deadline": _future(30)})
    dialogue = _location(created)
    audit.post(officer, f"{dialogue}/edit", {"title": "Enskilda möten om möbler"},
               page=f"{dialogue}/edit")
    audit.post(officer, f"{dialogue}/status", {"target": "published"})
    for day in (25, 26):
        audit.post(officer, f"{dialogue}/slots",
                   {"starts_at": _future(day), "minutes": "45", "capacity": "1"})
    audit.post(officer, f"{dialogue}/information", {"body": "Ta med ritningar."})
    dialogue_id = int(dialogue.rsplit("/", 1)[1])
    first, second = _slots(seeded, dialogue_id)

    supplier = make_client("supplier")
    audit.post(supplier, f"{dialogue}/registration", {"attendees": "Sara Holm"})
    audit.post(supplier, f"/dialogues/slots/{first}/booking")
    audit.post(supplier, f"/dialogues/bookings/{_booking(seeded, first)}/cancel")
    audit.post(supplier, f"/dialogues/slots/{first}/booking")
    audit.post(supplier, f"{dialogue}/questions", {"question": "Ingår stolar?"})
    audit.post(supplier, f"{dialogue}/input", {
        "answers": "Vi lagar stolar.", "trade_secret": "y", "secret_parts": "Priset",
        "secret_harm": "Konkurrenter ser priset.",
        "attachments": [(io.BytesIO(PDF), "offert.pdf"), (io.BytesIO(PDF), "bilaga.pdf")]},
        page=f"{dialogue}/input", content_type="multipart/form-data")
    attachments = _attachments(seeded, dialogue_id)
    # The officer reads what the company sent in; the company takes one file back.
    audit.get(officer, f"{dialogue}/inputs")
    audit.get(officer, f"/dialogues/attachments/{attachments[0]}")
    # The input is marked as a trade secret: an admin of another department says why first.
    audit.post(make_client("admin"), f"/dialogues/inputs/{_input(seeded, dialogue_id)}/reason",
               {"reason": "Begäran om allmän handling"})
    audit.post(supplier, f"/dialogues/attachments/{attachments[1]}/remove")

    from procure.dialogues.models import Question

    question = _id(seeded, Question, dialogue_id=dialogue_id)
    audit.post(officer, f"/dialogues/questions/{question}/answer",
               {"public_question": "Ingår stolar?", "answer": "Ja, stolar ingår."})
    # The officer was alerted to the question, the company to the answer: each marks one read.
    from procure.dialogues.models import Alert
    from procure.needs.models import StaffAlert

    audit.post(officer, f"/alerts/staff/{_id(seeded, StaffAlert, dialogue_id=dialogue_id, kind='question_asked', user_id=_user_id(seeded, 'elderly.officer@procure.example'))}/read")
    audit.post(supplier, f"/alerts/{_id(seeded, Alert, dialogue_id=dialogue_id, kind='answer_published', organisation_id=_organisation_id(seeded, 'supplier'))}/read")
    booking = _booking(seeded, first)
    minutes = audit.post(officer, f"/dialogues/bookings/{booking}/minutes",
                         {"minutes": "De lagar stolar på plats.", "material": "y"})
    audit.post(officer, _location(minutes), {"body": "Stolar kan lagas på plats."})
    audit.post(officer, f"/dialogues/slots/{second}/remove")

    other = make_client("other_supplier")
    audit.post(other, f"{dialogue}/registration", {"attendees": "Erik Wallin"})
    audit.post(other, f"{dialogue}/registration/cancel")

    audit.post(officer, f"{dialogue}/status", {"target": "closed"})
    audit.post(officer, f"{dialogue}/report", {"lessons_learnt": "Stolar går att laga."})
    audit.post(officer, f"{dialogue}/status", {"target": "reported"})
    audit.get(make_client(), f"{dialogue}/report.pdf")
    audit.story_done("dialogue")


def _user_id(app, email) -> int:
    with app.app_context():
        return db.session.execute(db.select(User.id).filter_by(email=email)).scalar_one()


def _organisation_id(app, role) -> int:
    with app.app_context():
        return user_by_role(role).organisation_id


def _slots(app, dialogue_id) -> list[int]:
    from procure.dialogues.models import Slot

    with app.app_context():
        return list(db.session.execute(db.select(Slot.id).filter_by(
            dialogue_id=dialogue_id).order_by(Slot.starts_at)).scalars())


def _booking(app, slot_id) -> int:
    from procure.dialogues.models import Booking

    with app.app_context():
        return db.session.execute(db.select(Booking.id).filter_by(slot_id=slot_id).order_by(
            Booking.id.desc())).scalars().first()


def _input(app, dialogue_id) -> int:
    from procure.dialogues.models import WrittenInput

    with app.app_context():
        return db.session.execute(db.select(WrittenInput.id).filter_by(
            dialogue_id=dialogue_id)).scalar_one()


def _attachments(app, dialogue_id) -> list[int]:
    from procure.dialogues.models import InputAttachment, WrittenInput

    with app.app_context():
        return list(db.session.execute(db.select(InputAttachment.id).join(
            WrittenInput, WrittenInput.id == InputAttachment.input_id).where(
            WrittenInput.dialogue_id == dialogue_id).order_by(InputAttachment.id)).scalars())


# --- a pre-commercial procurement: plan, contracts, evaluation, gate, follow-on ---------

PCP = "/needs/UTB-2026-001/pcp"


def test_pcp_story(audit, seeded, make_client):
    officer = make_client("officer")
    plan = {"total_budget_sek": "1000000", "supplies_percent": "12,5"}
    rows = [("2027-01-04", "2027-02-26", "0", "", ""),
            ("2027-03-01", "2027-05-31", "300000", "3", "100000"),
            ("2027-06-01", "2027-10-29", "300000", "2", "150000"),
            ("2027-11-01", "2028-04-28", "400000", "2", "200000")]
    for n, (start, end, budget, suppliers, most) in enumerate(rows):
        plan.update({f"phases-{n}-planned_start": start, f"phases-{n}-planned_end": end,
                     f"phases-{n}-budget_sek": budget, f"phases-{n}-planned_suppliers": suppliers,
                     f"phases-{n}-max_per_supplier_sek": most})
    audit.post(officer, f"{PCP}/plan", plan, page=f"{PCP}/plan")
    from procure.pcp.models import Evaluator, PhaseContract
    from procure.suppliers.models import SupplierOrganisation

    companies = [user_by_role_organisation(seeded, role) for role in ("supplier", "other_supplier")]
    finnish = _id(seeded, SupplierOrganisation, identifier="FI12345604")
    for company in (*companies, finnish):
        audit.post(officer, f"{PCP}/phases/1/contracts", {
            "organisation": company, "amount_sek": "90000", "signed_on": "2026-11-02",
            "deliverables": "En lösningsdesign."})
    with seeded.app_context():  # the newest: the company has contracts in the demo's PCPs
        contract = db.session.execute(db.select(db.func.max(PhaseContract.id)).filter_by(
            organisation_id=finnish)).scalar_one()
    audit.post(officer, f"{PCP}/contracts/{contract}/remove")
    audit.post(officer, f"{PCP}/phases/1/criteria", {
        "rows-0-name": "Minskat matsvinn", "rows-0-weight": "60",
        "rows-1-name": "Kostnad per kök", "rows-1-weight": "40"})
    with seeded.app_context():
        evaluators = [user_by_role(role).id for role in ("officer", "reviewer")]
    for user_id in evaluators:
        audit.post(officer, f"{PCP}/phases/1/evaluators", {"user": user_id})
    with seeded.app_context():  # the newest: the demo's PCPs have their evaluators
        reviewer_row = db.session.execute(db.select(db.func.max(Evaluator.id)).filter_by(
            user_id=evaluators[1])).scalar_one()
    audit.post(officer, f"{PCP}/evaluators/{reviewer_row}/remove")

    evaluation = f"{PCP}/phases/1/evaluation"
    audit.post(officer, evaluation, {"truthful": "y"})
    for company in companies:
        action = f"{evaluation}/{company}"
        audit.post(officer, action, _scores(officer, evaluation, company), page=evaluation)
    audit.post(officer, f"{PCP}/phases/1/gate", {
        "selected": [companies[0]], "reasons": "Högst viktad poäng.", "decided_on": "2026-11-20"})
    # The follow-on procurement comes after phase 3: the demo's finished PCP has one.
    finished = "/needs/UTB-2026-002/pcp"
    audit.post(officer, f"{finished}/follow-on", {"title": "Innovationsupphandling av vågar"},
               page=finished)
    audit.story_done("pcp")


def user_by_role_organisation(app, role) -> int:
    with app.app_context():
        return user_by_role(role).organisation_id


def _scores(client, evaluation, company) -> dict:
    """Every criterion scored 4 with a reason, in the company's scoring form."""
    page = client.get(evaluation).get_data(as_text=True)
    rows = re.findall(rf'name="org{company}-rows-(\d+)-criterion_id"', page)
    values = {}
    for row in rows:
        values[f"org{company}-rows-{row}-score"] = "4"
        values[f"org{company}-rows-{row}-justification"] = "Väl underbyggt."
    return values


# --- ideas: a resident sends one in, staff support, comment and accept it ----------------


def test_ideas_story(audit, seeded, make_client):
    resident = seeded.test_client()
    sent = audit.post(resident, "/ideas/new", {
        "title": "Halka vid busshållplatser", "problem": "Äldre halkar på vintern.",
        "affected": "", "frequency": "", "suggestion": "", "department": "", "contact": ""})
    assert _location(sent).startswith("/ideas/status/")
    from procure.ideas.models import Idea

    idea = f"/ideas/{_id(seeded, Idea, title='Halka vid busshållplatser')}"
    officer = make_client("officer")
    audit.post(officer, f"{idea}/support")
    audit.post(officer, f"{idea}/comments", {"body": "Liknar UTB:s behov?"})
    accepted = audit.post(officer, f"{idea}/triage", {"target": "accepted", "reason": "",
                                                      "merge_into": "", "language": "sv"})
    assert _location(accepted).startswith("/needs/")
    audit.story_done("ideas")


# --- from the tender to the award -----------------------------------------------------


def test_outcomes_story(audit, seeded, make_client):
    officer = make_client("officer")
    need = "/needs/UTB-2026-001"  # in market dialogue
    audit.post(officer, f"{need}/tender", {
        "source": "ted", "notice_reference": "654321-2026",
        "notice_url": "https://ted.europa.eu/sv/notice/-/detail/654321-2026",
        "procedure": "open", "published_on": "2026-12-01", "deadline_on": "2027-01-15"})
    audit.post(officer, f"{need}/award", {
        "winners-0-name": "Hållbar Mat i Norden AB", "winners-0-identifier": "556677-8899",
        "amount_sek": "1250000", "signed_on": "2026-12-02", "starts_on": "2027-01-01",
        "ends_on": "2029-02-28"})
    from procure.needs.models import Need, NeedOutcome

    with seeded.app_context():
        outcome = db.session.execute(db.select(NeedOutcome.id).join(Need).where(
            Need.reference == "UTB-2026-001").order_by(NeedOutcome.position)).scalars().first()
    audit.post(officer, f"{need}/follow-up/outcomes/{outcome}/target", {
        f"o{outcome}-unit": "percent", f"o{outcome}-baseline_value": "30",
        f"o{outcome}-target_value": "15", f"o{outcome}-target_on": "2028-06-30"})
    today = datetime.now().date().isoformat()
    audit.post(officer, f"{need}/follow-up/measurements", {
        "outcome": outcome, "measured_on": today, "value": "14", "source": "Vågen"})
    audit.post(officer, f"{need}/follow-up/decision", {
        "decision": "scaled", "scale_count": "40", "scale_unit": "sites",
        "lessons": "Mät från början.", "decided_on": today})
    audit.post(officer, f"{need}/follow-up/publication", {"publish": "1"})
    audit.post(officer, f"{need}/resources", {"budget_planned_sek": "500000",
                                              "budget_used_sek": "0", "hours_planned": "200",
                                              "hours_used": "10"})
    audit.story_done("outcomes")


# --- figures and open data ------------------------------------------------------------


def test_exports_story(audit, seeded, make_client):
    officer = make_client("officer")
    audit.get(officer, "/dashboard.pdf?year=2026")
    audit.get(officer, "/dashboard/needs-by-status.csv")
    audit.get(officer, "/portfolio.csv")
    audit.get(make_client(), "/api/v1/ocds/releases.json")
    audit.story_done("exports")


# --- every GET route, as each kind of person: whatever they may save is on the record --


@pytest.mark.parametrize("role", ["admin", "officer", "supplier"])
def test_every_file_handed_out_is_on_the_record(seeded, make_client, make_need, role):
    """Downloads found by their answer, not by their name: a page that answers with a file
    to save (``Content-Disposition: attachment``) needs a row, and writes its event."""
    from tests.test_access import ACCESS, _urls

    url = _urls(seeded, make_need(department="UTB"))
    client = make_client(role)
    audit = Audit(seeded)
    try:
        handed_out = set()
        for method, name in ACCESS:
            if method != "GET":
                continue
            target = url(name)
            rule = audit.urls.match(urlsplit(target).path, method="GET",
                                    return_rule=True)[0].rule
            before = audit.last_event()
            response = client.get(target)
            is_file = "attachment" in response.headers.get("Content-Disposition", "")
            if not is_file:
                continue
            handed_out.add(rule)
            assert _is_download("GET", rule) or ("GET", rule) in EVENTS, \
                f"{target} hands out a file but is not a download in EVENTS"
            if ("GET", rule) in EVENTS:
                audit.check("GET", target, response, before, ok=(200,))
        assert handed_out, "the sweep found no download at all"
        assert audit.changes == []
    finally:
        audit.stop_watching()
