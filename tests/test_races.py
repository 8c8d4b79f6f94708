"""A double click anywhere gives what a single click gives: no 5xx from any race.

Every POST rule of the URL map has a row in ``RACES`` (the test fails for a new rule
without one, as the access and fuzz tables do): either a ``Race``, fired as identical
requests at once from separate browsers sharing one sign-in, after which there is no 5xx
and exactly the rows a single request makes; or the reason the rule creates no row a
race could duplicate. Real concurrency needs PostgreSQL (``TEST_DATABASE_URL``): SQLite
writes one at a time, so there the races skip and say so.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest

from procure.assessment.models import AssessmentAnswer
from procure.assessment.questions import ITEMS
from procure.awards.models import Award, AwardSupplier, Tender
from procure.auth.models import User
from procure.departments.models import Department
from procure.dialogues import inputs
from procure.dialogues import services as dialogue_services
from procure.dialogues import slots
from procure.dialogues.models import (
    Booking,
    InputAttachment,
    MeetingMinutes,
    Registration,
    Slot,
    WrittenInput,
)
from procure.db import utcnow
from procure.extensions import db
from procure.followup.models import ImplementationDecision, OutcomeTarget
from procure.ideas.models import Idea, IdeaSupport
from procure.marketscan.models import KeptNotice, TedScan
from procure.needs import services as need_services
from procure.needs.models import Need, NeedOutcome
from procure.pcp import services as pcp_services
from procure.pcp.models import (
    ConflictDeclaration,
    Evaluator,
    GateDecision,
    PcpPlan,
    PhaseContract,
    Score,
)
from procure.portfolio.models import InitiativeResources
from procure.scenarios import services as scenario_services
from procure.scenarios.figures import new_defaults
from procure.scenarios.models import ContractScenario
from procure.scenarios.services import MAX_SCENARIOS
from procure.suppliers.models import SupplierInterest, SupplierOrganisation
from tests.conftest import ACCOUNTS, sign_in, user_by_role
from tests.dialogues.participation import PDF, free_slot, one_to_one
from tests.fuzz.targets import post_rules

RACERS = 6
EMAILS = {**ACCOUNTS, "elderly_officer": "elderly.officer@procure.example"}
PASSWORD = "a long enough password"
PCP_NEED = "UTB-2026-001"  # the education department's need whose procedure is a PCP
DECIDED_NEED = "AFF-2026-003"  # the demo's PCP in phase 2: phase 1's gate is decided
EMPTY_YEAR = 2024  # a year the demo's maturity assessment has no answers for


@pytest.fixture
def app_config(tmp_path):
    # Every racer holds its own connection; registration's rate limit is not under test.
    return {"SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": RACERS + 5, "max_overflow": 0,
                                         "pool_pre_ping": True},
            "REGISTER_RATE_LIMIT": "100 per minute", "UPLOAD_FOLDER": str(tmp_path / "uploads")}


@dataclass(frozen=True)
class Race:
    """``RACERS`` identical POSTs of ``form(ctx)`` to ``url(ctx)`` as ``role`` at once.

    ``visit(ctx)``, if given, is fetched first by the browser whose session the others
    share (a link from a mail that puts its token in the session). ``prepare`` makes the
    state the first click meets and returns the ids the others need (``ctx``);
    ``rows(ctx)`` counts what the requests made, which must be
    ``expected`` (one, unless each request makes a row of its own by design); ``answers``
    are the statuses a single click and the ones after it may get.
    """

    role: str | None
    url: Callable[[dict], str]
    form: Callable[[dict], dict]
    rows: Callable[[dict], int]
    prepare: Callable[[], dict] = dict
    expected: int = 1
    answers: frozenset = field(default=frozenset({303, 400, 409}))
    visit: Callable[[dict], str] | None = None  # a page the browser gets first (a link)


def _count(statement) -> int:
    return db.session.execute(db.select(db.func.count()).select_from(
        statement.subquery())).scalar_one()


# The PCP ---------------------------------------------------------------------------------

def plan_form(total="1000000", phase_1=("300000", "3", "100000")) -> dict:
    form = {"total_budget_sek": total, "supplies_percent": "12,5"}
    rows = [("2027-01-04", "2027-02-26", "0", "", ""),
            ("2027-03-01", "2027-05-31", *phase_1),
            ("2027-06-01", "2027-10-29", "300000", "2", "150000"),
            ("2027-11-01", "2028-04-28", "400000", "2", "200000")]
    for n, (start, end, budget, suppliers, most) in enumerate(rows):
        form.update({f"phases-{n}-planned_start": start, f"phases-{n}-planned_end": end,
                     f"phases-{n}-budget_sek": budget, f"phases-{n}-planned_suppliers": suppliers,
                     f"phases-{n}-max_per_supplier_sek": most})
    return form


def _need(reference: str) -> Need:
    return db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()


def planned() -> dict:
    """The PCP need with its plan saved: phase 1 takes contracts (300 000 kr, at most
    100 000 per supplier)."""
    need = _need(PCP_NEED)
    phases = [{"number": n, "budget_sek": b, "planned_suppliers": s, "max_per_supplier_sek": m}
              for n, b, s, m in ((0, 0, None, None), (1, 300_000, 3, 100_000),
                                 (2, 300_000, 2, 150_000), (3, 400_000, 2, 200_000))]
    for values, (start, end) in zip(phases, ((date(2027, 1, 4), date(2027, 2, 26)),
                                             (date(2027, 3, 1), date(2027, 5, 31)),
                                             (date(2027, 6, 1), date(2027, 10, 29)),
                                             (date(2027, 11, 1), date(2028, 4, 28)))):
        values.update(planned_start=start, planned_end=end)
    plan = pcp_services.save_plan(need, total_budget_sek=1_000_000,
                                  supplies_percent=Decimal("12.5"), phases=phases,
                                  expected_version=None, actor=user_by_role("officer"))
    db.session.commit()
    return {"plan": plan.id, "phase": pcp_services.phase_of(plan, 1).id,
            "organisation": _organisation(ACCOUNTS["supplier"]),
            "evaluator": user_by_role("reviewer").id}


def _organisation(email: str) -> int:
    return db.session.execute(db.select(User.organisation_id).filter_by(email=email)).scalar_one()


def decided() -> dict:
    """Phase 1 of the demo's running PCP, whose gate is decided, with phase 2's contracts
    taken away: a correction is the new row (one decision corrects the latest; the second
    click finds it is no longer the latest)."""
    plan = db.session.execute(db.select(PcpPlan).join(Need).filter(
        Need.reference == DECIDED_NEED)).scalar_one()
    phase = pcp_services.phase_of(plan, 1)
    latest = pcp_services.decisions_of(phase)[-1]
    # A decision is corrected only while the next phase has no contracts.
    db.session.execute(db.delete(PhaseContract).filter_by(
        phase_id=pcp_services.phase_of(plan, 2).id))
    db.session.commit()
    return {"phase": phase.id, "corrects": latest.id,
            "before": len(pcp_services.decisions_of(phase)),
            "selected": [str(organisation.id) for organisation in latest.selected],
            "decided_on": latest.decided_on.isoformat()}


def evaluating() -> dict:
    """Phase 2 of the demo's running PCP, where the elderly care officer evaluates and has
    not declared yet: a declaration is a row per supplier, made once."""
    plan = db.session.execute(db.select(PcpPlan).join(Need).filter(
        Need.reference == DECIDED_NEED)).scalar_one()
    phase = pcp_services.phase_of(plan, 2)
    evaluator = db.session.execute(db.select(User.id).filter_by(
        email=EMAILS["elderly_officer"])).scalar_one()
    return {"phase": phase.id, "evaluator": evaluator, "suppliers": len(phase.contracts)}


def scoring() -> dict:
    """Phase 2 of the demo's running PCP, where the admin evaluates: declared with no
    conflict, and one supplier not scored yet (a score is a row per criterion)."""
    plan = db.session.execute(db.select(PcpPlan).join(Need).filter(
        Need.reference == DECIDED_NEED)).scalar_one()
    phase = pcp_services.phase_of(plan, 2)
    admin = user_by_role("admin")
    if not pcp_services.declarations_of(phase, admin):
        pcp_services.declare(phase, admin, {c.organisation_id: False for c in phase.contracts},
                             "")
    organisation = phase.contracts[0].organisation_id
    db.session.execute(db.delete(Score).filter_by(phase_id=phase.id, user_id=admin.id,
                                                  organisation_id=organisation))
    criteria = [criterion.id for criterion in phase.criteria]
    db.session.commit()
    return {"phase": phase.id, "evaluator": admin.id, "organisation": organisation,
            "criteria": criteria}


def _score_form(ctx: dict) -> dict:
    prefix = f"org{ctx['organisation']}-rows"
    form = {}
    for n, criterion in enumerate(ctx["criteria"]):
        form.update({f"{prefix}-{n}-criterion_id": str(criterion), f"{prefix}-{n}-score": "3",
                     f"{prefix}-{n}-justification": "Prototypen klarar kraven."})
    return form


def _correction_form(ctx: dict) -> dict:
    return {"corrects": str(ctx["corrects"]), "selected": ctx["selected"],
            "reasons": "Rättelse: motiveringen skrevs om.", "decided_on": ctx["decided_on"]}


def _contract_form(ctx: dict) -> dict:
    return {"organisation": str(ctx["organisation"]), "amount_sek": "100000",
            "signed_on": "2027-03-01", "deliverables": "En prototyp"}


# Dialogues -------------------------------------------------------------------------------

def registered() -> dict:
    """Supplier A registered for the demo's open one-to-one dialogue."""
    dialogue = one_to_one()
    registration = dialogue_services.register(dialogue, user_by_role("supplier"), "Sara Holm")
    db.session.commit()
    return {"dialogue": dialogue.id, "registration": registration.id,
            "organisation": registration.organisation_id, "slot": free_slot(dialogue).id}


def booked() -> dict:
    ctx = registered()
    booking = slots.book(db.session.get(Slot, ctx["slot"]),
                         db.session.get(Registration, ctx["registration"]),
                         user_by_role("supplier"))
    db.session.commit()
    return {**ctx, "booking": booking.id}


def unregistered() -> dict:
    return {"dialogue": one_to_one().id, "organisation": _organisation(ACCOUNTS["supplier"])}


def _registrations(ctx: dict) -> int:
    return _count(db.select(Registration.id).filter_by(dialogue_id=ctx["dialogue"],
                                                       organisation_id=ctx["organisation"]))


# The market scan ------------------------------------------------------------------------

NOTICE = {"publication_number": "123456-2026", "title": "Matsvinn i skolkök",
          "buyer_name": "Göteborgs Stad", "buyer_country": "SWE", "kind": "competition",
          "notice_type": "cn-standard", "publication_date": "2026-03-02",
          "cpv_codes": ["73110000-6"], "url_html": "https://ted.europa.eu/notice/123456-2026",
          "url_pdf": ""}


def scanned() -> dict:
    """A fresh draft with a stored scan that found one notice (no TED asked)."""
    need = _draft("Matsvinn i skolkök")
    db.session.add(TedScan(need_id=need.id, query_key="race", query={}, language="sv",
                           total=1, notices=[NOTICE]))
    db.session.commit()
    return {"need": need.id, "reference": need.reference}


# Needs and their scenarios -----------------------------------------------------------

SCENARIO_FORM = {"name": "Ramavtal 4 år", "base_years": "4", "contract_form": "framework",
                 "option_years": "", "options_exercised": "y", "annual_value_sek": "4500000",
                 "investment_sek": "3600000", "depreciation_years": "8", "margin_percent": "15",
                 "improvement_percent": "3", "retender_cost_sek": "400000",
                 "discount_rate_percent": "4", "horizon_years": "12"}


def _draft(title: str) -> Need:
    officer = user_by_role("officer")
    department = db.session.execute(db.select(Department).filter_by(code="UTB")).scalar_one()
    need = need_services.create_need(title=title, department=department, officer=officer,
                                     language="sv", actor=officer)
    db.session.flush()
    return need


def nearly_full() -> dict:
    """A draft with room for three scenarios more than the six racing to be added."""
    need = _draft("Skolskjutsar på landsbygden")
    officer = user_by_role("officer")
    for n in range(MAX_SCENARIOS - 3):
        values = {**new_defaults(need), "name": f"Scenario {n}", "option_years": ()}
        scenario_services.add_scenario(need, values, officer)
    db.session.commit()
    return {"need": need.id, "reference": need.reference}


def _numbered_needs(title: str) -> int:
    """How many needs have ``title``, each with a number of its own."""
    references = list(db.session.execute(db.select(Need.reference).filter_by(
        title=title)).scalars())
    assert len(set(references)) == len(references), references
    return len(references)


# Ideas, tender and award, follow-up and resources (#18) -----------------------------------

APPROVED_NEED = "AFF-2026-001"  # approved: its tender moves it into procurement
CONTRACTED_NEED = "UTB-2026-002"  # contracted: its outcomes get targets, then a decision
TENDER_FORM = {"source": "ted", "notice_reference": "123456-2027",
               "notice_url": "https://ted.europa.eu/notice/123456-2027", "procedure": "open",
               "published_on": "2027-01-11", "deadline_on": "2027-02-22", "comment": ""}


def unsupported() -> dict:
    """The demo's submitted idea, not supported by the officer yet."""
    idea = db.session.execute(db.select(Idea).filter_by(status="submitted")
                              .order_by(Idea.id)).scalars().first()
    user = user_by_role("officer")
    db.session.execute(db.delete(IdeaSupport).filter_by(idea_id=idea.id, user_id=user.id))
    db.session.commit()
    return {"idea": idea.id, "user": user.id}


def submitted_idea() -> dict:
    """The demo's submitted idea: accepting it drafts one need with its title."""
    idea = db.session.execute(db.select(Idea).filter_by(status="submitted")
                              .order_by(Idea.id)).scalars().first()
    return {"idea": idea.id, "title": idea.title}


def tendered() -> dict:
    """The approved need moved into procurement with its tender recorded."""
    from procure.awards import services as award_services

    need = _need(APPROVED_NEED)
    award_services.record_tender(need, award_services.TenderInput(
        source="ted", notice_reference="123456-2027",
        notice_url="https://ted.europa.eu/notice/123456-2027", procedure="open",
        published_on=date(2027, 1, 11), deadline_on=date(2027, 2, 22)),
        user_by_role("admin"))
    db.session.commit()
    return {"need": need.id, "organisation": _organisation(ACCOUNTS["supplier"])}


def _award_form(ctx: dict) -> dict:
    form = {"amount_sek": "1250000", "signed_on": "2027-04-01", "starts_on": "2027-05-01",
            "ends_on": "2029-04-30", "options": "", "options_until": "", "comment": ""}
    for n in range(3):
        form.update({f"winners-{n}-organisation": "", f"winners-{n}-name": "",
                     f"winners-{n}-identifier": ""})
    form["winners-0-organisation"] = str(ctx["organisation"])
    return form


def untargeted() -> dict:
    """The contracted need's first outcome, without a target."""
    need = _need(CONTRACTED_NEED)
    outcome = db.session.execute(db.select(NeedOutcome.id).filter_by(need_id=need.id)
                                 .order_by(NeedOutcome.id)).scalars().first()
    db.session.execute(db.delete(OutcomeTarget).filter_by(outcome_id=outcome))
    db.session.commit()
    return {"need": need.id, "outcome": outcome}


def without_resources() -> dict:
    need = _need(PCP_NEED)
    db.session.execute(db.delete(InitiativeResources).filter_by(need_id=need.id))
    db.session.commit()
    return {"need": need.id}


# Suppliers and staff -------------------------------------------------------------------

def _pending_registration(email: str) -> str:
    """A registration waiting for its link, as the form leaves it; the link's token."""
    from procure.auth.reset import token_hash
    from procure.suppliers.models import PendingRegistration

    token = f"race-token-{email}"
    db.session.add(PendingRegistration(
        token_hash=token_hash(token), email=email, name="Ylva Åström",
        password_hash="not a hash", country="SE", identifier="556036-0793",
        company_name="Grönska Innovation AB", size="small", created_at=utcnow(),
        expires_at=utcnow() + timedelta(hours=1)))
    db.session.commit()
    return token


def _people(email: str) -> int:
    return _count(db.select(User.id).filter_by(email=email))


def _departments(ctx: dict) -> int:
    return _count(db.select(Department.id).filter_by(code="RACE"))


def _interests(ctx: dict) -> int:
    return _count(db.select(SupplierInterest.id).filter_by(organisation_id=ctx["organisation"]))


def _interest_form(ctx: dict) -> dict:
    return {"codes": "48000000-8\n72000000-5"}


def _supplier_organisation() -> dict:
    organisation = _organisation(ACCOUNTS["supplier"])
    db.session.execute(db.delete(SupplierInterest).filter_by(organisation_id=organisation))
    db.session.commit()
    return {"organisation": organisation}


NOT_A_ROW = "changes or removes rows that exist; creates none a race could duplicate"
SIGN_IN = "signs in, out or changes the session; writes audit events only"
EACH_ITS_OWN = ("each request makes a row of its own by design (a second question, slot, "
                "draft or scenario is another one, with its own number)")

RACES: dict[str, Race | str] = {
    "/alerts/<id:alert_id>/read": NOT_A_ROW,
    "/alerts/staff/<id:alert_id>/read": NOT_A_ROW,
    "/ideas/new": EACH_ITS_OWN,
    "/ideas/<id:idea_id>/comments": EACH_ITS_OWN,
    "/needs/<reference>/follow-up/measurements": EACH_ITS_OWN,
    "/needs/<reference>/follow-up/publication": NOT_A_ROW,
    "/needs/<reference>/risks": EACH_ITS_OWN,
    "/needs/<reference>/risks/<id:risk_id>/edit": NOT_A_ROW,
    # Ideas in, outcomes out (#18): a vote, an accepted idea's need, the tender, the award,
    # an outcome's target, the closing decision and the resources are each made once.
    "/ideas/<id:idea_id>/support": Race(
        "officer", lambda ctx: f"/ideas/{ctx['idea']}/support", lambda ctx: {},
        lambda ctx: _count(db.select(IdeaSupport.id).filter_by(idea_id=ctx["idea"],
                                                               user_id=ctx["user"])),
        prepare=unsupported, answers=frozenset({303})),
    "/ideas/<id:idea_id>/triage": Race(
        "officer", lambda ctx: f"/ideas/{ctx['idea']}/triage",
        lambda ctx: {"target": "accepted", "language": "sv", "reason": "", "merge_into": ""},
        lambda ctx: _numbered_needs(ctx["title"]), prepare=submitted_idea),
    "/needs/<reference>/tender": Race(
        "admin", lambda ctx: f"/needs/{APPROVED_NEED}/tender", lambda ctx: TENDER_FORM,
        lambda ctx: _count(db.select(Tender.id).filter_by(need_id=ctx["need"])),
        prepare=lambda: {"need": _need(APPROVED_NEED).id}),
    "/needs/<reference>/award": Race(
        "admin", lambda ctx: f"/needs/{APPROVED_NEED}/award", _award_form,
        lambda ctx: _count(db.select(Award.id).filter_by(need_id=ctx["need"]))
        + _count(db.select(AwardSupplier.id).join(Award).filter(
            Award.need_id == ctx["need"])), expected=2, prepare=tendered),
    "/needs/<reference>/follow-up/outcomes/<id:outcome_id>/target": Race(
        "officer", lambda ctx: f"/needs/{CONTRACTED_NEED}/follow-up/outcomes/"
                               f"{ctx['outcome']}/target",
        lambda ctx: {f"o{ctx['outcome']}-{name}": value for name, value in (
            ("unit", "percent"), ("baseline_value", "40"), ("target_value", "20"),
            ("target_on", "2028-06-30"))},
        lambda ctx: _count(db.select(OutcomeTarget.id).filter_by(outcome_id=ctx["outcome"])),
        prepare=untargeted),
    "/needs/<reference>/follow-up/decision": Race(
        "officer", lambda ctx: f"/needs/{CONTRACTED_NEED}/follow-up/decision",
        lambda ctx: {"decision": "scaled", "scale_count": "12", "scale_unit": "sites",
                     "lessons": "Mät före och efter.", "decided_on": date.today().isoformat()},
        lambda ctx: _count(db.select(ImplementationDecision.id).filter_by(need_id=ctx["need"])),
        prepare=lambda: {"need": _need(CONTRACTED_NEED).id}),
    "/needs/<reference>/resources": Race(
        "officer", lambda ctx: f"/needs/{PCP_NEED}/resources",
        lambda ctx: {"budget_planned_sek": "500000", "budget_used_sek": "120000",
                     "hours_planned": "400", "hours_used": "90"},
        lambda ctx: _count(db.select(InitiativeResources.id).filter_by(need_id=ctx["need"])),
        prepare=without_resources),
    "/needs/<reference>/pcp/plan": Race(
        "officer", lambda ctx: f"/needs/{PCP_NEED}/pcp/plan", lambda ctx: plan_form(),
        lambda ctx: _count(db.select(PcpPlan.id).join(Need).filter(
            Need.reference == PCP_NEED))),
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/contracts": Race(
        "officer", lambda ctx: f"/needs/{PCP_NEED}/pcp/phases/1/contracts", _contract_form,
        lambda ctx: _count(db.select(PhaseContract.id).filter_by(
            phase_id=ctx["phase"], organisation_id=ctx["organisation"])), prepare=planned),
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluators": Race(
        "officer", lambda ctx: f"/needs/{PCP_NEED}/pcp/phases/1/evaluators",
        lambda ctx: {"user": str(ctx["evaluator"])},
        lambda ctx: _count(db.select(Evaluator.id).filter_by(phase_id=ctx["phase"],
                                                             user_id=ctx["evaluator"])),
        prepare=planned),
    "/dialogues/<id:dialogue_id>/registration": Race(
        "supplier", lambda ctx: f"/dialogues/{ctx['dialogue']}/registration",
        lambda ctx: {"attendees": "Sara Holm"}, _registrations, prepare=unregistered),
    "/dialogues/<id:dialogue_id>/input": Race(
        "supplier", lambda ctx: f"/dialogues/{ctx['dialogue']}/input",
        lambda ctx: {"answers": "Vi kan pröva i tio kök.", "lock_version": ""},
        lambda ctx: _count(db.select(WrittenInput.id).filter_by(
            dialogue_id=ctx["dialogue"], organisation_id=ctx["organisation"])),
        prepare=registered),
    "/dialogues/slots/<id:slot_id>/booking": Race(
        "supplier", lambda ctx: f"/dialogues/slots/{ctx['slot']}/booking", lambda ctx: {},
        lambda ctx: _count(db.select(Booking.id).filter_by(
            slot_id=ctx["slot"], registration_id=ctx["registration"])),
        prepare=registered),
    "/dialogues/bookings/<id:booking_id>/minutes": Race(
        "officer", lambda ctx: f"/dialogues/bookings/{ctx['booking']}/minutes",
        lambda ctx: {"minutes": "Kökssvinn visade sin prognos."},
        lambda ctx: _count(db.select(MeetingMinutes.id).filter_by(booking_id=ctx["booking"])),
        prepare=booked),
    # The account and its company are made once, by the link in the mail.
    "/suppliers/verify": Race(
        None, lambda ctx: "/suppliers/verify", lambda ctx: {},
        lambda ctx: _people("ylva@gronska.example") + _count(db.select(
            SupplierOrganisation.id).filter_by(identifier="556036-0793")), expected=2,
        prepare=lambda: {"token": _pending_registration("ylva@gronska.example")},
        answers=frozenset({303, 404}), visit=lambda ctx: f"/suppliers/verify/{ctx['token']}"),
    "/suppliers/organisation/interests": Race(
        "supplier", lambda ctx: "/suppliers/organisation/interests", _interest_form,
        _interests, prepare=_supplier_organisation, expected=2),
    "/admin/users/new": Race(
        "admin", lambda ctx: "/admin/users/new",
        lambda ctx: {"name": "Rut Racer", "email": "rut.racer@procure.example",
                     "role": "officer", "department": str(ctx["department"]),
                     "password": PASSWORD},
        lambda ctx: _people("rut.racer@procure.example"),
        prepare=lambda: {"department": db.session.execute(db.select(Department.id).filter_by(
            code="UTB")).scalar_one()}),
    "/admin/departments": Race(
        "admin", lambda ctx: "/admin/departments",
        lambda ctx: {"code": "RACE", "name_sv": "Kapplöpningsförvaltningen",
                     "name_en": "Race Department", "kind": "administration"},
        _departments),
    # Each request makes its own row, by design: as many rows as requests, each with its
    # own number, and none past a limit.
    "/needs/new": Race(
        "officer", lambda ctx: "/needs/new",
        lambda ctx: {"title": "Tio samtidiga behov", "language": "sv"},
        lambda ctx: _numbered_needs("Tio samtidiga behov"), expected=RACERS,
        answers=frozenset({303})),
    "/needs/<reference>/scenarios/new": Race(
        "officer", lambda ctx: f"/needs/{ctx['reference']}/scenarios/new",
        lambda ctx: SCENARIO_FORM,
        lambda ctx: _count(db.select(ContractScenario.id).filter_by(need_id=ctx["need"])),
        prepare=nearly_full, expected=MAX_SCENARIOS, answers=frozenset({303})),
    "/dialogues/<id:dialogue_id>/slots": Race(
        "officer", lambda ctx: f"/dialogues/{ctx['dialogue']}/slots",
        lambda ctx: {"starts_at": "2030-02-11T10:00", "minutes": "45", "capacity": "1"},
        lambda ctx: _count(db.select(Slot.id).filter_by(dialogue_id=ctx["dialogue"]))
        - ctx["before"], prepare=lambda: {"dialogue": one_to_one().id, "before": _count(
            db.select(Slot.id).filter_by(dialogue_id=one_to_one().id))}, expected=RACERS,
        answers=frozenset({303})),
    "/needs/<reference>/scenarios/<id:scenario_id>/copy": EACH_ITS_OWN,
    "/needs/<reference>/dialogues/new": EACH_ITS_OWN,
    "/dialogues/<id:dialogue_id>/questions": EACH_ITS_OWN,
    "/dialogues/<id:dialogue_id>/information": EACH_ITS_OWN,
    "/password/reset": EACH_ITS_OWN + "; rate-limited per address",
    "/suppliers/register": EACH_ITS_OWN + " (a link to confirm; the account is made once, "
                                          "by /suppliers/verify)",
    # Sign-in and the session.
    "/language": SIGN_IN,
    "/login": SIGN_IN,
    "/login/code": SIGN_IN,
    "/logout": SIGN_IN,
    # Changes to rows that exist (a version column or the lifecycle refuses the second).
    "/account/delete": NOT_A_ROW,
    "/account/email": NOT_A_ROW + " (a taken address: the service's own check)",
    "/account/password": NOT_A_ROW,
    "/account/two-factor/confirm": NOT_A_ROW,
    "/account/two-factor/off": NOT_A_ROW,
    "/account/two-factor/recovery-codes": NOT_A_ROW,
    "/account/two-factor/start": NOT_A_ROW,
    "/password/new": NOT_A_ROW + " (the link is claimed by a conditional update)",
    "/dialogues/inputs/<id:input_id>/reason": EACH_ITS_OWN + " (each reading is stated "
                                                             "and recorded)",
    "/admin/members/<id:user_id>/decision": NOT_A_ROW,
    "/admin/users/<id:user_id>/enabled": NOT_A_ROW,
    "/alerts/read": NOT_A_ROW,
    "/suppliers/members/<id:user_id>/decision": NOT_A_ROW,
    "/suppliers/organisation/edit": NOT_A_ROW,
    "/suppliers/organisation/contact": NOT_A_ROW + " (one contact: a unique index)",
    "/admin/organisations/<id:organisation_id>/contact": NOT_A_ROW + " (one contact: a "
                                                                      "unique index)",
    "/dialogues/<id:dialogue_id>/edit": NOT_A_ROW,
    "/dialogues/<id:dialogue_id>/registration/cancel": NOT_A_ROW,
    "/dialogues/<id:dialogue_id>/report": NOT_A_ROW,
    "/dialogues/<id:dialogue_id>/status": NOT_A_ROW,
    "/dialogues/attachments/<id:attachment_id>/remove": NOT_A_ROW,
    "/dialogues/bookings/<id:booking_id>/cancel": NOT_A_ROW,
    "/dialogues/slots/<id:slot_id>/remove": NOT_A_ROW,
    "/dialogues/minutes/<id:minutes_id>/share": NOT_A_ROW + " (the minutes' claim column)",
    "/dialogues/questions/<id:question_id>/answer": NOT_A_ROW + " (the question's claim "
                                                                "column)",
    "/needs/<reference>/edit/<section>": NOT_A_ROW + " (the need's version column)",
    "/needs/<reference>/status": NOT_A_ROW + " (the need's version column)",
    "/needs/<reference>/market-scan": NOT_A_ROW + " (a search)",
    "/needs/<reference>/market-scan/kept/<id:kept_id>/remove": NOT_A_ROW,
    "/needs/<reference>/scenarios/<id:scenario_id>/edit": NOT_A_ROW,
    "/needs/<reference>/scenarios/<id:scenario_id>/remove": NOT_A_ROW,
    "/needs/<reference>/scenarios/choice": NOT_A_ROW,
    "/needs/<reference>/pcp/follow-on": NOT_A_ROW,
    "/needs/<reference>/pcp/contracts/<id:contract_id>/remove": NOT_A_ROW,
    "/needs/<reference>/pcp/evaluators/<id:evaluator_id>/remove": NOT_A_ROW,
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/criteria": NOT_A_ROW
    + " (replaces the phase's criteria)",
    # Create-once rows whose state takes longer to prepare. Their views go through
    # procure.core.refusals.attempt, which answers a unique key taken meanwhile as the
    # request would be answered coming second.
    "/needs/<reference>/market-scan/keep": Race(
        "officer", lambda ctx: f"/needs/{ctx['reference']}/market-scan/keep",
        lambda ctx: {"publication_number": NOTICE["publication_number"], "note": "Jämför"},
        lambda ctx: _count(db.select(KeptNotice.id).filter_by(
            need_id=ctx["need"], publication_number=NOTICE["publication_number"])),
        prepare=scanned),
    "/assessment/<int:year>": Race(
        "admin", lambda ctx: f"/assessment/{EMPTY_YEAR}",
        lambda ctx: {"versions": "", **{f"score_{item.key}": "2" for item in ITEMS},
                     **{f"evidence_{item.key}": "" for item in ITEMS}},
        lambda ctx: _count(db.select(AssessmentAnswer.id).filter_by(year=EMPTY_YEAR))
        / len(ITEMS)),
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation": Race(
        "elderly_officer", lambda ctx: f"/needs/{DECIDED_NEED}/pcp/phases/2/evaluation",
        lambda ctx: {"note": "", "truthful": "y"},
        lambda ctx: _count(db.select(ConflictDeclaration.id).filter_by(
            phase_id=ctx["phase"], user_id=ctx["evaluator"])) // ctx["suppliers"],
        prepare=evaluating),
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/evaluation/<id:organisation_id>":
        Race("admin", lambda ctx: f"/needs/{DECIDED_NEED}/pcp/phases/2/evaluation/"
                                  f"{ctx['organisation']}", _score_form,
             lambda ctx: _count(db.select(Score.id).filter_by(
                 phase_id=ctx["phase"], user_id=ctx["evaluator"],
                 organisation_id=ctx["organisation"])) / len(ctx["criteria"]),
             prepare=scoring),
    "/needs/<reference>/pcp/phases/<int(min=0, max=3):number>/gate": Race(
        "admin", lambda ctx: f"/needs/{DECIDED_NEED}/pcp/phases/1/gate", _correction_form,
        lambda ctx: _count(db.select(GateDecision.id).filter_by(phase_id=ctx["phase"]))
        - ctx["before"], prepare=decided),
}


def test_every_post_rule_has_a_row(app):
    assert set(RACES) == post_rules(app), (
        "add a Race (or the reason it creates no row) for: "
        + ", ".join(sorted(post_rules(app) - set(RACES))))


def needs_postgresql(app) -> None:
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("real concurrency needs PostgreSQL (set TEST_DATABASE_URL): SQLite "
                    "writes one at a time")


def browsers(app, role: str | None, count: int = RACERS,
             visits: list[str] | None = None) -> list:
    """``count`` browsers sharing one sign-in (as tabs of one browser do), which has
    first fetched ``visits[0]``; with as many different ``visits`` as browsers, anonymous
    browsers each with a session of its own that fetched its own."""
    if visits and len(set(visits)) > 1:
        assert role is None and len(visits) == count
        clients = [app.test_client() for _ in range(count)]
        for client, visit in zip(clients, visits):
            client.get(visit)
        return [(client, client.csrf_token()) for client in clients]
    first = app.test_client()
    if role:
        sign_in(first, EMAILS[role])
    if visits:
        first.get(visits[0])
    token = first.csrf_token()
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = first.get_cookie(name)
    clients = [first]
    for _ in range(count - 1):
        other = app.test_client()
        if cookie is not None:
            other.set_cookie(name, cookie.value)
        clients.append(other)
    return [(client, token) for client in clients]


def fire(app, url: str, forms: list[dict], role: str | None,
         visits: list[str] | None = None) -> tuple[list[int], list[str]]:
    """POST each form to ``url`` at once, each from its own browser (see ``browsers``);
    the statuses."""
    start = threading.Barrier(len(forms))
    statuses, errors = [], []

    def one(client, token, form):
        try:
            start.wait(timeout=30)
            statuses.append(client.post(url, data={**form, "csrf_token": token}).status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=one, args=(client, token, form))
               for (client, token), form in zip(browsers(app, role, len(forms), visits),
                                                forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses, errors


RACED = sorted(rule for rule, race in RACES.items() if isinstance(race, Race))


@pytest.mark.postgres
@pytest.mark.parametrize("rule", RACED)
def test_identical_requests_at_once_make_one_row_and_no_5xx(seeded, rule):
    needs_postgresql(seeded)
    race = RACES[rule]
    with seeded.app_context():
        ctx = race.prepare()
    statuses, errors = fire(seeded, race.url(ctx), [race.form(ctx)] * RACERS, race.role,
                            [race.visit(ctx)] if race.visit else None)
    assert errors == []
    assert len(statuses) == RACERS
    assert not [s for s in statuses if s >= 500], statuses
    assert set(statuses) <= race.answers, statuses
    with seeded.app_context():
        assert race.rows(ctx) == race.expected, statuses


@pytest.mark.postgres
def test_one_company_registered_by_several_people_at_once_is_one_company(seeded):
    """The organisation's number is the key: the first registers it, the others join it
    and wait to be confirmed, as if they had come one after another."""
    needs_postgresql(seeded)
    emails = [f"person{n}@gronska.example" for n in range(RACERS)]
    with seeded.app_context():
        tokens = [_pending_registration(email) for email in emails]
    statuses, errors = fire(seeded, "/suppliers/verify", [{}] * RACERS, None,
                            [f"/suppliers/verify/{token}" for token in tokens])
    assert errors == [] and statuses == [303] * RACERS
    with seeded.app_context():
        organisation = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556036-0793")).scalar_one()
        memberships = sorted(member.membership for member in organisation.members)
        assert memberships == ["confirmed"] + ["pending"] * (RACERS - 1)


def _many_suppliers(count: int) -> list[int]:
    organisations = [SupplierOrganisation(name=f"Racer {n} AB", country="DE",
                                          identifier=f"DE8{n:08d}", size="small")
                     for n in range(count)]
    db.session.add_all(organisations)
    db.session.commit()
    return [organisation.id for organisation in organisations]


@pytest.mark.postgres
def test_contracts_added_at_once_stay_within_the_phases_budget(seeded):
    """Six suppliers of 100 000 kr each at once into a phase of 300 000 kr: three get a
    contract, the others are told what is left; the phase is never over its budget."""
    needs_postgresql(seeded)
    with seeded.app_context():
        ctx = planned()
        organisations = _many_suppliers(RACERS)
    forms = [{**_contract_form(ctx), "organisation": str(organisation)}
             for organisation in organisations]
    statuses, errors = fire(seeded, f"/needs/{PCP_NEED}/pcp/phases/1/contracts", forms,
                            "officer")
    assert errors == [] and statuses == [303] * RACERS
    with seeded.app_context():
        amounts = db.session.execute(db.select(PhaseContract.amount_sek).filter_by(
            phase_id=ctx["phase"])).scalars().all()
        assert amounts == [100_000] * 3


@pytest.mark.postgres
def test_a_plan_change_racing_contracts_keeps_the_most_per_supplier(seeded):
    """A plan saved with a lower most per supplier while contracts come in: either the
    plan is refused (a contract is larger) or the contracts are; never both kept."""
    needs_postgresql(seeded)
    with seeded.app_context():
        ctx = planned()
        organisations = _many_suppliers(RACERS - 1)
        version = db.session.get(PcpPlan, ctx["plan"]).lock_version
    officer = browsers(seeded, "officer", RACERS)
    start = threading.Barrier(RACERS)
    statuses, errors = [], []
    lower = {**plan_form(phase_1=("300000", "3", "50000")), "lock_version": str(version)}
    forms = [lower] + [{**_contract_form(ctx), "organisation": str(organisation)}
                       for organisation in organisations]
    urls = [f"/needs/{PCP_NEED}/pcp/plan"] + \
        [f"/needs/{PCP_NEED}/pcp/phases/1/contracts"] * (RACERS - 1)

    def one(client, token, url, form):
        try:
            start.wait(timeout=30)
            statuses.append(client.post(url, data={**form, "csrf_token": token}).status_code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=one, args=(client, token, url, form))
               for (client, token), url, form in zip(officer, urls, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == [] and not [s for s in statuses if s >= 500], statuses
    with seeded.app_context():
        phase = pcp_services.phase_of(db.session.get(PcpPlan, ctx["plan"]), 1)
        amounts = [contract.amount_sek for contract in phase.contracts]
        assert sum(amounts) <= phase.budget_sek
        assert all(amount <= phase.max_per_supplier_sek for amount in amounts), (
            amounts, phase.max_per_supplier_sek)


@pytest.mark.postgres
def test_files_sent_at_once_stay_within_the_most_attachments(seeded):
    """An input with one place left for a file, and six uploads of one file at once (a
    double click, or colleagues): one file is added, the others are told no more fit."""
    needs_postgresql(seeded)
    most = seeded.config["MAX_ATTACHMENTS"]
    with seeded.app_context():
        ctx = registered()
        registration = db.session.get(Registration, ctx["registration"])
        supplier = user_by_role("supplier")
        written = inputs.save_input(
            one_to_one(), registration, answers="Vi kan pröva i tio kök.",
            trade_secret=False, secret_parts="", secret_harm="", actor=supplier,
            expected_version=None)
        for n in range(most - 1):
            inputs.add_attachment(written, io.BytesIO(PDF), f"bilaga-{n}.pdf",
                                  folder=seeded.config["UPLOAD_FOLDER"], max_bytes=2048,
                                  max_count=most, actor=supplier)
        db.session.commit()
        ctx.update(input=written.id, version=written.lock_version)
    forms = [{"answers": "Vi kan pröva i tio kök.", "lock_version": str(ctx["version"]),
              "attachments": (io.BytesIO(PDF), f"samtidig-{n}.pdf")} for n in range(RACERS)]
    statuses, errors = fire(seeded, f"/dialogues/{ctx['dialogue']}/input", forms, "supplier")
    assert errors == [] and not [s for s in statuses if s >= 500], statuses
    assert statuses.count(303) == 1 and set(statuses) <= {303, 400, 409}, statuses
    with seeded.app_context():
        names = db.session.execute(db.select(InputAttachment.filename).filter_by(
            input_id=ctx["input"])).scalars().all()
        assert len(names) == most, names
        assert len([name for name in names if name.startswith("samtidig-")]) == 1
