"""Roles at the door: every route × every role → the status that role gets.

The table is checked against the app's URL map, so a new route without a row fails.
Object ids in URLs are real objects: the pending member of Kökssvinn Analys AB, the
traffic officer, and a draft need of the education department (the officer's own;
the traffic officer is an officer of another department).
"""
import pytest

from procure.auth.models import User
from procure.extensions import db
from tests.conftest import ACCOUNTS
from tests.dialogues.participation import add_participation

ROLES = ("anonymous", "supplier", "other_supplier", "pending_supplier", "officer",
         "other_officer", "admin")
LOGIN = 302  # anonymous users are sent to the sign-in page


def row(anonymous, supplier, other_supplier, pending_supplier, officer, other_officer, admin):
    return dict(zip(ROLES, (anonymous, supplier, other_supplier, pending_supplier, officer,
                            other_officer, admin)))


EVERYONE = row(200, 200, 200, 200, 200, 200, 200)
SIGNED_IN = row(LOGIN, 200, 200, 200, 200, 200, 200)
ADMIN_PAGE = row(LOGIN, 403, 403, 403, 403, 403, 200)
STAFF_PAGE = row(LOGIN, 403, 403, 403, 200, 200, 200)
OWNERS_PAGE = row(LOGIN, 403, 403, 403, 200, 403, 200)

# (method, rule) -> expected status by role. POSTs send an empty form with a valid
# CSRF token, so a permitted role gets 400 (form errors) or 303 (done).
ACCESS = {
    ("GET", "/"): EVERYONE,
    ("GET", "/accessibility"): EVERYONE,
    ("GET", "/healthz"): EVERYONE,
    ("POST", "/language"): row(303, 303, 303, 303, 303, 303, 303),
    ("GET", "/login"): row(200, 302, 302, 302, 302, 302, 302),
    ("POST", "/login"): row(400, 302, 302, 302, 302, 302, 302),
    ("POST", "/logout"): row(LOGIN, 303, 303, 303, 303, 303, 303),
    ("GET", "/account"): SIGNED_IN,
    ("GET", "/account/password"): SIGNED_IN,
    ("POST", "/account/password"): row(LOGIN, 400, 400, 400, 400, 400, 400),
    # The second step of signing in: without a right password first, back to the first.
    ("GET", "/login/code"): row(302, 302, 302, 302, 302, 302, 302),
    ("POST", "/login/code"): row(302, 302, 302, 302, 302, 302, 302),
    ("GET", "/account/email"): SIGNED_IN,
    ("POST", "/account/email"): row(LOGIN, 400, 400, 400, 400, 400, 400),
    ("GET", "/account/two-factor"): SIGNED_IN,
    # Starting a setup gives a new key (the admin's working one stays: told so, 303).
    ("POST", "/account/two-factor/start"): row(LOGIN, 303, 303, 303, 303, 303, 303),
    ("POST", "/account/two-factor/confirm"): row(LOGIN, 400, 400, 400, 400, 400, 400),
    ("POST", "/account/two-factor/recovery-codes"): row(LOGIN, 400, 400, 400, 400, 400, 400),
    ("POST", "/account/two-factor/off"): row(LOGIN, 400, 400, 400, 400, 400, 400),
    ("GET", "/password/reset"): row(200, 302, 302, 302, 302, 302, 302),
    ("POST", "/password/reset"): row(400, 302, 302, 302, 302, 302, 302),
    ("GET", "/password/reset/sent"): EVERYONE,
    # An unknown reset link is "not found" for everybody.
    ("GET", "/password/reset/<token>"): row(404, 404, 404, 404, 404, 404, 404),
    # The form a followed link leads to: without one in the session, not found.
    ("GET", "/password/new"): row(404, 404, 404, 404, 404, 404, 404),
    ("POST", "/password/new"): row(404, 404, 404, 404, 404, 404, 404),
    # A supplier user's own data, pending members' too; staff accounts are the admins'.
    ("GET", "/account/personal-data"): row(LOGIN, 200, 200, 200, 403, 403, 403),
    ("GET", "/account/personal-data.json"): row(LOGIN, 200, 200, 200, 403, 403, 403),
    ("GET", "/account/delete"): row(LOGIN, 200, 200, 200, 403, 403, 403),
    ("POST", "/account/delete"): row(LOGIN, 400, 400, 400, 403, 403, 403),
    ("GET", "/suppliers/register"): row(200, 302, 302, 302, 302, 302, 302),
    ("POST", "/suppliers/register"): row(400, 302, 302, 302, 302, 302, 302),
    ("GET", "/suppliers/register/sent"): EVERYONE,
    # An unknown confirmation link is "not found" for everybody.
    ("GET", "/suppliers/verify/<token>"): row(404, 404, 404, 404, 404, 404, 404),
    # Without a followed link in the session, the page and its button are not found.
    ("GET", "/suppliers/verify"): row(404, 404, 404, 404, 404, 404, 404),
    ("POST", "/suppliers/verify"): row(404, 404, 404, 404, 404, 404, 404),
    ("GET", "/suppliers/organisation"): row(LOGIN, 200, 200, 200, 403, 403, 403),
    ("GET", "/suppliers/organisation/edit"): row(LOGIN, 200, 200, 403, 403, 403, 403),
    ("POST", "/suppliers/organisation/edit"): row(LOGIN, 400, 400, 403, 403, 403, 403),
    # An empty choice: said so on the company's page (303).
    ("POST", "/suppliers/organisation/contact"): row(LOGIN, 303, 303, 403, 403, 403, 403),
    # The pending member belongs to the supplier's company, not to the other supplier's.
    ("POST", "/suppliers/members/<id:user_id>/decision"): row(LOGIN, 400, 404, 403, 403, 403, 403),
    # Alerts are a confirmed member's and each officer's own: the pending member waits
    # like on the company's pages. The supplier alert is supplier A's company's; the
    # staff alert is the officer's.
    ("GET", "/alerts"): row(LOGIN, 200, 200, 403, 200, 200, 200),
    ("POST", "/alerts/read"): row(LOGIN, 303, 303, 403, 303, 303, 303),
    ("GET", "/alerts/<id:alert_id>"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    ("POST", "/alerts/<id:alert_id>/read"): row(LOGIN, 303, 404, 403, 403, 403, 403),
    ("GET", "/alerts/staff/<id:alert_id>"): row(LOGIN, 403, 403, 403, 200, 404, 404),
    ("POST", "/alerts/staff/<id:alert_id>/read"): row(LOGIN, 403, 403, 403, 303, 404, 404),
    ("GET", "/admin/"): row(LOGIN, 403, 403, 403, 403, 403, 302),
    ("GET", "/admin/users"): ADMIN_PAGE,
    ("GET", "/admin/users/new"): ADMIN_PAGE,
    ("POST", "/admin/users/new"): row(LOGIN, 403, 403, 403, 403, 403, 400),
    ("POST", "/admin/users/<id:user_id>/enabled"): row(LOGIN, 403, 403, 403, 403, 403, 303),
    ("POST", "/admin/members/<id:user_id>/decision"): row(LOGIN, 403, 403, 403, 403, 403, 400),
    ("GET", "/admin/organisations/<id:organisation_id>"): ADMIN_PAGE,
    ("POST", "/admin/organisations/<id:organisation_id>/contact"):
        row(LOGIN, 403, 403, 403, 403, 403, 303),
    ("GET", "/admin/departments"): ADMIN_PAGE,
    ("POST", "/admin/departments"): row(LOGIN, 403, 403, 403, 403, 403, 400),
    ("GET", "/admin/audit"): ADMIN_PAGE,
    ("GET", "/admin/audit.csv"): ADMIN_PAGE,
    ("GET", "/cpv"): STAFF_PAGE,
    ("GET", "/cpv/search.json"): STAFF_PAGE,
    ("GET", "/needs/"): STAFF_PAGE,
    ("GET", "/needs/new"): STAFF_PAGE,
    ("POST", "/needs/new"): row(LOGIN, 403, 403, 403, 400, 400, 400),
    ("GET", "/needs/<reference>"): STAFF_PAGE,
    ("GET", "/needs/<reference>/history"): STAFF_PAGE,
    ("GET", "/needs/<reference>/history/compare"): STAFF_PAGE,
    # The test need is a draft: its statement is not found outside the city until a
    # dialogue about it is published (tests/needs/test_public_statement.py).
    ("GET", "/needs/<reference>/statement"): row(404, 404, 404, 404, 200, 200, 200),
    ("GET", "/needs/<reference>/statement.pdf"): row(404, 404, 404, 404, 200, 200, 200),
    ("GET", "/needs/<reference>/edit/<section>"): OWNERS_PAGE,
    ("POST", "/needs/<reference>/edit/<section>"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("POST", "/needs/<reference>/status"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    # Sending for review is checked, withdrawing confirmed, on pages of their own first.
    ("GET", "/needs/<reference>/submit"): OWNERS_PAGE,
    ("GET", "/needs/<reference>/withdraw"): OWNERS_PAGE,
    ("GET", "/needs/<reference>/scenarios"): STAFF_PAGE,
    ("GET", "/needs/<reference>/scenarios/new"): OWNERS_PAGE,
    ("POST", "/needs/<reference>/scenarios/new"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/needs/<reference>/scenarios/<id:scenario_id>/edit"): OWNERS_PAGE,
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/edit"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/copy"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/scenarios/<id:scenario_id>/remove"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/scenarios/choice"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/needs/<reference>/market-scan"): STAFF_PAGE,
    ("POST", "/needs/<reference>/market-scan"): row(LOGIN, 403, 403, 403, 400, 400, 400),
    ("POST", "/needs/<reference>/market-scan/keep"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("POST", "/needs/<reference>/market-scan/kept/<id:kept_id>/remove"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("GET", "/dialogues/"): EVERYONE,
    ("GET", "/dialogues/feed.atom"): EVERYONE,
    ("GET", "/api/v1/dialogues"): EVERYONE,
    ("GET", "/api/v1/ocds/releases.json"): EVERYONE,
    ("GET", "/open-data"): EVERYONE,
    # No bulk file has been published in the tests' instance: not found for everybody.
    ("GET", "/open-data/ocds-releases.json.gz"): row(404, 404, 404, 404, 404, 404, 404),
    # The demo's published dialogue on UTB-2026-001: public, run by the education officers.
    ("GET", "/dialogues/<id:dialogue_id>"): EVERYONE,
    ("GET", "/dialogues/<id:dialogue_id>/edit"): OWNERS_PAGE,
    ("POST", "/dialogues/<id:dialogue_id>/edit"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("POST", "/dialogues/<id:dialogue_id>/status"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # Closing or cancelling is confirmed on a page of its own first.
    ("GET", "/dialogues/<id:dialogue_id>/confirm/<step>"): OWNERS_PAGE,
    # Publishing is checked on a page of its own; the test dialogue is already published,
    # so its officers are sent back to it.
    ("GET", "/dialogues/<id:dialogue_id>/publish"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # Registering is a confirmed supplier's act: an empty form is a 400 for them.
    ("POST", "/dialogues/<id:dialogue_id>/registration"): row(LOGIN, 400, 400, 403, 403, 403, 403),
    ("POST", "/dialogues/<id:dialogue_id>/registration/cancel"): row(LOGIN, 404, 404, 403, 403, 403, 403),
    # Officers' pages of the dialogue (the open request for information).
    ("POST", "/dialogues/<id:dialogue_id>/slots"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/dialogues/<id:dialogue_id>/information"): OWNERS_PAGE,
    ("POST", "/dialogues/<id:dialogue_id>/information"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/dialogues/<id:dialogue_id>/inputs"): OWNERS_PAGE,
    ("GET", "/dialogues/<id:dialogue_id>/log"): STAFF_PAGE,
    # Neither supplier is registered for it: they are told to register first.
    ("POST", "/dialogues/<id:dialogue_id>/questions"): row(LOGIN, 303, 303, 403, 403, 403, 403),
    ("GET", "/dialogues/<id:dialogue_id>/input"): row(LOGIN, 404, 404, 403, 403, 403, 403),
    ("POST", "/dialogues/<id:dialogue_id>/input"): row(LOGIN, 404, 404, 403, 403, 403, 403),
    # Supplier A's part in the one-to-one dialogue (tests/dialogues/participation.py):
    # supplier B never reaches it, not even by URL.
    ("POST", "/dialogues/slots/<id:slot_id>/booking"): row(LOGIN, 303, 303, 403, 403, 403, 403),
    ("POST", "/dialogues/slots/<id:slot_id>/remove"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/dialogues/bookings/<id:booking_id>/cancel"): row(LOGIN, 303, 404, 403, 403, 403, 403),
    ("GET", "/dialogues/bookings/<id:booking_id>/calendar.ics"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    ("GET", "/dialogues/<id:dialogue_id>/calendar.ics"): EVERYONE,
    # Receipts are the company's own: another company's is not found.
    ("GET", "/dialogues/inputs/<id:input_id>/receipt"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    ("GET", "/dialogues/registrations/<id:registration_id>/receipt"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    ("GET", "/dialogues/bookings/<id:booking_id>/receipt"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    ("GET", "/dialogues/bookings/<id:booking_id>/minutes"): OWNERS_PAGE,
    ("POST", "/dialogues/bookings/<id:booking_id>/minutes"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/dialogues/minutes/<id:minutes_id>/share"): OWNERS_PAGE,
    ("POST", "/dialogues/minutes/<id:minutes_id>/share"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/dialogues/questions/<id:question_id>/answer"): OWNERS_PAGE,
    ("POST", "/dialogues/questions/<id:question_id>/answer"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/dialogues/attachments/<id:attachment_id>"): row(LOGIN, 200, 404, 404, 200, 404, 200),
    ("POST", "/dialogues/attachments/<id:attachment_id>/remove"): row(LOGIN, 303, 404, 403, 403, 403, 403),
    # Supplier A's input is not marked as a trade secret: no reason to state, back to it.
    ("GET", "/dialogues/inputs/<id:input_id>/reason"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/dialogues/inputs/<id:input_id>/reason"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # The demo's reported dialogue on UTB-2026-002: its report is public.
    ("GET", "/dialogues/<id:reported_id>/report"): EVERYONE,
    ("GET", "/dialogues/<id:reported_id>/report.pdf"): EVERYONE,
    ("POST", "/dialogues/<id:reported_id>/report"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # The demo's finished PCP on UTB-2026-002, run by the education department; the
    # officer evaluated its phases. Supplier A has a contract in phase 1 (added here).
    ("GET", "/needs/<pcp_reference>/pcp"): STAFF_PAGE,
    ("GET", "/needs/<pcp_reference>/pcp/plan"): OWNERS_PAGE,
    ("POST", "/needs/<pcp_reference>/pcp/plan"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("POST", "/needs/<pcp_reference>/pcp/follow-on"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("GET", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>"): STAFF_PAGE,
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/contracts"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/criteria"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/evaluators"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/gate"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # Only the phase's evaluators reach the evaluation pages.
    ("GET", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/evaluation"): row(LOGIN, 403, 403, 403, 200, 403, 403),
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/evaluation"): row(LOGIN, 403, 403, 403, 303, 403, 403),
    ("POST", "/needs/<pcp_reference>/pcp/phases/<int(min=0, max=3):number>/evaluation/<id:organisation_id>"): row(LOGIN, 403, 403, 403, 400, 403, 403),
    ("POST", "/needs/<pcp_reference>/pcp/contracts/<id:contract_id>/remove"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<pcp_reference>/pcp/evaluators/<id:evaluator_id>/remove"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("GET", "/pcp/contracts"): row(LOGIN, 200, 200, 403, 403, 403, 403),
    ("GET", "/pcp/contracts/<id:contract_id>"): row(LOGIN, 200, 404, 403, 403, 403, 403),
    # The dashboard: admins see the city, officers their own department.
    ("GET", "/dashboard"): STAFF_PAGE,
    ("GET", "/dashboard.pdf"): STAFF_PAGE,
    ("GET", "/dashboard/<key>.csv"): STAFF_PAGE,
    # The innovation capability self-assessment: staff read it, admins fill it in.
    ("GET", "/assessment"): STAFF_PAGE,
    ("GET", "/assessment/<int:year>"): STAFF_PAGE,
    ("POST", "/assessment/<int:year>"): row(LOGIN, 403, 403, 403, 403, 403, 400),
    ("GET", "/suppliers/organisation/interests"): row(LOGIN, 200, 200, 403, 403, 403, 403),
    ("POST", "/suppliers/organisation/interests"): row(LOGIN, 303, 303, 403, 403, 403, 403),
    # The test need is a draft: its editors are told a dialogue needs an approved need.
    ("GET", "/needs/<reference>/dialogues/new"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/dialogues/new"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # A need's risks: staff read them, those who may change the need manage them.
    ("GET", "/needs/<reference>/risks"): STAFF_PAGE,
    ("POST", "/needs/<reference>/risks"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/needs/<reference>/risks/<id:risk_id>/edit"): OWNERS_PAGE,
    ("POST", "/needs/<reference>/risks/<id:risk_id>/edit"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    # Tender and award: the test need is a draft, so its editors are sent back to it.
    ("GET", "/needs/<reference>/tender"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/tender"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("GET", "/needs/<reference>/award"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/award"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # Follow-up: the test need is a draft without outcomes (the outcome named is another
    # need's, so not found); the decision waits for a contract (its editors are sent back).
    ("GET", "/needs/<reference>/follow-up"): STAFF_PAGE,
    ("POST", "/needs/<reference>/follow-up/outcomes/<id:outcome_id>/target"): row(LOGIN, 403, 403, 403, 404, 403, 404),
    ("POST", "/needs/<reference>/follow-up/measurements"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    ("GET", "/needs/<reference>/follow-up/decision"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/follow-up/decision"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    ("POST", "/needs/<reference>/follow-up/publication"): row(LOGIN, 403, 403, 403, 303, 403, 303),
    # The case library is public; an unpublished case is not found, for staff too.
    ("GET", "/cases/"): EVERYONE,
    ("GET", "/cases/<reference>"): row(404, 404, 404, 404, 404, 404, 404),
    # The portfolio: staff see every initiative; a need's editors set its resources.
    ("GET", "/portfolio"): STAFF_PAGE,
    ("GET", "/portfolio.csv"): STAFF_PAGE,
    ("GET", "/needs/<reference>/resources"): OWNERS_PAGE,
    ("POST", "/needs/<reference>/resources"): row(LOGIN, 403, 403, 403, 400, 403, 400),
    # Ideas and problems: anyone sends one in and follows it by its token; staff triage.
    ("GET", "/ideas/new"): EVERYONE,
    ("POST", "/ideas/new"): row(400, 400, 400, 400, 400, 400, 400),
    ("GET", "/ideas/status/<token>"): row(404, 404, 404, 404, 404, 404, 404),
    ("GET", "/ideas/"): STAFF_PAGE,
    ("GET", "/ideas/<id:idea_id>"): STAFF_PAGE,
    ("POST", "/ideas/<id:idea_id>/support"): row(LOGIN, 403, 403, 403, 303, 303, 303),
    ("POST", "/ideas/<id:idea_id>/comments"): row(LOGIN, 403, 403, 403, 400, 400, 400),
    ("POST", "/ideas/<id:idea_id>/triage"): row(LOGIN, 403, 403, 403, 400, 400, 400),
}
# Rows that end something the other rows need run last, in this order.
LAST = ("/dialogues/attachments/<id:attachment_id>/remove",
        "/dialogues/bookings/<id:booking_id>/cancel",
        "/needs/<reference>/scenarios/<id:scenario_id>/remove",
        "/needs/<reference>/market-scan/kept/<id:kept_id>/remove", "/logout")


# Report pages are addressed by another dialogue than the rest: a reported one.
REPORT_RULES = {"/dialogues/<id:dialogue_id>/report", "/dialogues/<id:dialogue_id>/report.pdf"}


def _rules(app):
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        name = rule.rule.replace("dialogue_id", "reported_id") if rule.rule in REPORT_RULES \
            else rule.rule.replace("/needs/<reference>/pcp", "/needs/<pcp_reference>/pcp")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            rules.add((method, name))
    return rules


def test_every_route_has_a_row(app):
    assert _rules(app) - set(ACCESS) == set(), "routes without an access row"
    assert set(ACCESS) - _rules(app) == set(), "rows for routes that no longer exist"


def _scenario_of(app, reference) -> int:
    from decimal import Decimal

    from procure.needs.queries import by_reference
    from procure.scenarios import services as scenarios
    from tests.conftest import user_by_role

    with app.app_context():
        scenario = scenarios.add_scenario(by_reference(reference), {
            "name": "Ramavtal 4 år", "contract_form": "framework", "base_years": 4,
            "option_years": (), "options_exercised": True, "annual_value_sek": 1_000_000,
            "investment_sek": 500_000, "depreciation_years": 5,
            "margin_percent": Decimal("10"), "improvement_percent": Decimal("0"),
            "retender_cost_sek": 200_000, "discount_rate_percent": Decimal("4"),
            "horizon_years": 12}, user_by_role("officer"))
        db.session.commit()
        return scenario.id


def _pcp_objects(app) -> dict:
    """Supplier A's contract in phase 1 of the demo's finished PCP (written straight in:
    the services would refuse a contract in a decided phase), and an evaluator."""
    from procure.needs.queries import by_reference
    from procure.pcp import services
    from procure.pcp.models import PhaseContract
    from tests.conftest import user_by_role

    with app.app_context():
        phase = services.phase_of(services.plan_of(by_reference("UTB-2026-002")), 1)
        organisation_id = user_by_role("supplier").organisation_id
        contract = PhaseContract(phase_id=phase.id, organisation_id=organisation_id,
                                 amount_sek=1, signed_on=phase.planned_start)
        db.session.add(contract)
        db.session.commit()
        return {"contract_id": contract.id, "evaluator_id": phase.evaluators[0].id,
                "organisation_id": organisation_id}


def _kept_notice_of(app, reference) -> int:
    from procure.marketscan.models import KeptNotice
    from procure.needs.queries import by_reference

    with app.app_context():
        kept = KeptNotice(need_id=by_reference(reference).id, publication_number="123-2025",
                          kind="prior_information", title="En förhandsannons")
        db.session.add(kept)
        db.session.commit()
        return kept.id


def _idea_of(app) -> int:
    from procure.ideas import services as ideas

    with app.app_context():
        idea = ideas.submit_idea(ideas.Submission(title="Halka vid busshållplatser",
                                                  problem="Äldre halkar på vintern."))
        db.session.commit()
        return idea.id


def _risk_of(app, reference) -> int:
    from datetime import date

    from procure.needs.queries import by_reference
    from procure.risks import services as risks
    from tests.conftest import user_by_role

    with app.app_context():
        officer = user_by_role("officer")
        risk = risks.add_risk(by_reference(reference), risks.RiskInput(
            description="Ingen leverantör svarar", likelihood=2, impact=4, owner_id=officer.id,
            mitigation="", status="open", review_on=date(2027, 1, 1)), officer)
        db.session.commit()
        return risk.id


def _alerts_of(app, reference, dialogue_id) -> dict:
    """An alert to supplier A's company, and one to the officer."""
    from procure.dialogues.models import Alert
    from procure.needs.models import StaffAlert
    from procure.needs.queries import by_reference
    from tests.conftest import user_by_role

    with app.app_context():
        supplier = Alert(organisation_id=user_by_role("supplier").organisation_id,
                         kind="dialogue_published", dialogue_id=dialogue_id)
        staff = StaffAlert(user_id=user_by_role("officer").id, kind="review_requested",
                           need_id=by_reference(reference).id)
        db.session.add_all([supplier, staff])
        db.session.commit()
        return {"supplier": supplier.id, "staff": staff.id}


def _receipts_of(app, taking_part) -> dict:
    """The written input and registration of supplier A's company (participation.py)."""
    from procure.dialogues.models import Booking, InputAttachment

    with app.app_context():
        return {"input_id": db.session.get(InputAttachment, taking_part.attachment_id).input_id,
                "registration_id": db.session.get(Booking,
                                                  taking_part.booking_id).registration_id}


def _urls(app, reference):
    with app.app_context():
        ids = {role: db.session.execute(db.select(User.id).filter_by(email=ACCOUNTS[role])
                                        ).scalar_one()
               for role in ("pending_supplier", "other_officer")}

    scenario_id = _scenario_of(app, reference)
    kept_id = _kept_notice_of(app, reference)
    with app.app_context():
        from procure.dialogues.models import Dialogue

        dialogue_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="published", kind="request_for_information")).scalar_one()
        reported_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="reported")).scalar_one()
    taking_part = add_participation(app)
    pcp = _pcp_objects(app)
    idea_id = _idea_of(app)
    risk_id = _risk_of(app, reference)
    with app.app_context():
        from procure.needs.models import NeedOutcome
        from procure.needs.queries import by_reference

        outcome_id = db.session.execute(db.select(NeedOutcome.id).filter_by(
            need_id=by_reference("UTB-2026-001").id)).scalars().first()


    alerts = _alerts_of(app, reference, dialogue_id)
    receipts = _receipts_of(app, taking_part)

    def url(rule):
        user_id = ids["other_officer"] if rule.endswith("/enabled") else ids["pending_supplier"]
        if "<id:alert_id>" in rule:
            rule = rule.replace("<id:alert_id>", str(
                alerts["staff" if rule.startswith("/alerts/staff/") else "supplier"]))
        target = (rule.replace("<id:user_id>", str(user_id))
                  .replace("<id:scenario_id>", str(scenario_id))
                  .replace("<id:kept_id>", str(kept_id))
                  .replace("<id:dialogue_id>", str(dialogue_id))
                  .replace("<id:reported_id>", str(reported_id))
                  .replace("<id:slot_id>", str(taking_part.slot_id))
                  .replace("<id:booking_id>", str(taking_part.booking_id))
                  .replace("<id:input_id>", str(receipts["input_id"]))
                  .replace("<id:registration_id>", str(receipts["registration_id"]))
                  .replace("<id:minutes_id>", str(taking_part.minutes_id))
                  .replace("<id:question_id>", str(taking_part.question_id))
                  .replace("<id:attachment_id>", str(taking_part.attachment_id))
                  .replace("<id:input_id>", str(taking_part.input_id))
                  .replace("<pcp_reference>", "UTB-2026-002")
                  .replace("<key>", "needs-by-status")
                  .replace("<int:year>", "2026")
                  .replace("<int(min=0, max=3):number>", "1")
                  .replace("<id:contract_id>", str(pcp["contract_id"]))
                  .replace("<id:evaluator_id>", str(pcp["evaluator_id"]))
                  .replace("<id:organisation_id>", str(pcp["organisation_id"]))
                  .replace("<id:idea_id>", str(idea_id))
                  .replace("<id:risk_id>", str(risk_id))
                  .replace("<id:outcome_id>", str(outcome_id))
                  .replace("<token>", "no-such-token")
                  .replace("<reference>", reference).replace("<section>", "description")
                  .replace("<step>", "close"))
        return target + "?a=1&b=1" if target.endswith("/compare") else target

    return url


@pytest.mark.parametrize("role", ROLES)
def test_access_table(seeded, make_client, make_need, role):
    url = _urls(seeded, make_need(department="UTB"))
    client = make_client(None if role == "anonymous" else role)
    failures = []
    def last(item):
        rule = item[0][1]
        return LAST.index(rule) + 1 if rule in LAST else 0

    for (method, rule), expected in sorted(ACCESS.items(), key=last):
        target = url(rule)
        if method == "GET":
            status = client.get(target).status_code
        else:
            form = {"enabled": "1"} if target.endswith("/enabled") else {}
            status = client.post_form(target, form).status_code
        if status != expected[role]:
            failures.append(f"{method} {target}: expected {expected[role]}, got {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", ["officer", "other_officer", "admin"])
def test_unknown_need_is_404_for_staff(login, role):
    assert login(role).get("/needs/UTB-1999-999").status_code == 404


@pytest.mark.parametrize("url", [
    "/admin/users/99999999999999999999/enabled", "/admin/members/0/decision",
    "/suppliers/members/99999999999999999999/decision",
])
def test_ids_out_of_range_are_404_not_500(login, url):
    assert login("admin").post_form(url, {"enabled": "1"}).status_code == 404


@pytest.mark.parametrize("url", [
    "/needs/?page=99999999999999999999", "/needs/?department=99999999999999999999",
    "/needs/UTB-2026-001/history/compare?a=1&b=99999999999999999999",
    "/admin/users?page=99999999999999999999", "/needs/?page=-1&department=abc",
])
def test_odd_numbers_in_the_query_are_ignored(login, url):
    assert login("admin").get(url).status_code in (200, 404)
