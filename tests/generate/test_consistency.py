"""Generated data keeps the app's rules: the lifecycles, the dialogue invariants, the PCP
rules, valid identifiers, and one password for everyone."""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Date, func, select
from sqlalchemy.orm import joinedload, selectinload

from procure.auth.models import User
from procure.auth.passwords import verify_password
from procure.db import UTCDateTime
from procure.departments.models import Department
from procure.dialogues import services as dialogue_services
from procure.dialogues.models import (
    Alert,
    Booking,
    Dialogue,
    MeetingMinutes,
    Message,
    Question,
    Registration,
    Slot,
    WrittenInput,
)
from procure.dialogues.reporting import names_in_report
from procure.dialogues.vocabulary import PUBLIC_STATES
from procure.extensions import db
from procure.needs import lifecycle, vocabulary
from procure.needs import services as need_services
from procure.needs.language_check import check_need
from procure.needs.models import Need, NeedRevision, ReferenceCounter
from procure.pcp import rules
from procure.pcp import services as pcp_services
from procure.pcp.models import GateDecision, PcpPlan, Phase, PhaseContract
from procure.scenarios.model import evaluate
from procure.scenarios.models import ScenarioChoice
from procure.seeding import DEMO_PASSWORD
from procure.suppliers.identifiers import parse_org_number, parse_vat_number
from procure.suppliers.models import SupplierOrganisation
from tests.generate.conftest import AS_OF

# The data's present: the start of the as-of day in the city.
NOW = datetime.fromisoformat(AS_OF).replace(tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def session(generated):
    with generated.app_context():
        yield db.session


def all_of(model):
    return db.session.execute(select(model)).scalars().all()


def all_needs():
    """Every need with what its statement and history read, loaded in a few queries."""
    return db.session.execute(select(Need).options(
        selectinload(Need.status_changes), selectinload(Need.outcomes),
        selectinload(Need.requirements), selectinload(Need.additional_cpv),
        joinedload(Need.officer), joinedload(Need.department))).scalars().all()


def test_the_tiny_scale_reaches_every_state(session):
    statuses = set(session.execute(select(Need.status)).scalars())
    assert statuses == set(vocabulary.STATES)
    dialogue_states = set(session.execute(select(Dialogue.status)).scalars())
    assert dialogue_states == {"draft", "published", "closed", "reported", "cancelled"}
    assert session.execute(select(func.count(GateDecision.id))).scalar_one() > 0
    assert session.execute(select(func.count(ScenarioChoice.need_id))).scalar_one() > 0
    assert session.execute(select(func.count(Booking.id)).filter_by(status="waiting")
                           ).scalar_one() > 0


def test_every_status_history_follows_the_lifecycle(session):
    for need in all_needs():
        changes = need.status_changes
        assert changes[0].from_status is None and changes[0].to_status == "draft"
        assert changes[0].at == need.created_at
        for before, after in zip(changes, changes[1:]):
            assert after.from_status == before.to_status
            assert before.at < after.at <= NOW
            lifecycle.check_transition(after.from_status, after.to_status,
                                       actor_is_author=after.actor_id == need.author_id,
                                       actor_is_admin=False)
            if after.to_status == "withdrawn":
                assert after.comment.strip()
        assert changes[-1].to_status == need.status, need.reference
        if need.status != "draft" or need.version > 1:
            assert not lifecycle.missing_before_review(need_services.to_document(need))


def test_the_first_steps_kept_on_each_need_agree_with_its_history(session):
    """The dashboard reads first approval, dialogue and tender from the need: for every
    generated need they are what its status history and its dialogues say."""
    seen = Counter()
    for need in all_needs():
        def first(status):
            return min((c.at for c in need.status_changes if c.to_status == status),
                       default=None)

        dialogues = db.session.execute(select(Dialogue.published_at).where(
            Dialogue.need_id == need.id, Dialogue.published_at.is_not(None),
            Dialogue.status != "cancelled")).scalars().all()
        assert need.first_approved_at == first("approved"), need.reference
        assert need.first_tendered_at == first("in_procurement"), need.reference
        assert need.first_dialogue_at == min(dialogues, default=None), need.reference
        seen.update(name for name in ("first_approved_at", "first_tendered_at",
                                      "first_dialogue_at") if getattr(need, name))
    assert min(seen.values()) > 0 and len(seen) == 3


def test_revisions_match_the_need(session):
    revisions_of = defaultdict(list)
    for revision in session.execute(select(NeedRevision).order_by(NeedRevision.number)
                                    ).scalars():
        revisions_of[revision.need_id].append(revision)
    for need in all_needs():
        revisions = revisions_of[need.id]
        assert [r.number for r in revisions] == list(range(1, need.lock_version + 1))
        assert revisions[0].section == "created" and revisions[-1].version == need.version
        # The last revision says what the need says (as the services' snapshot).
        assert revisions[-1].content == need_services.snapshot(need), need.reference
        assert need.finding_count == len(check_need(need_services.to_document(need)))


def test_some_statements_have_findings_and_most_none(session):
    counts = session.execute(select(Need.finding_count)).scalars().all()
    assert 0 < sum(1 for count in counts if count) < len(counts) / 2


# What may lie ahead of the data's present: deadlines, meetings and plans.
FUTURE = {"registration_deadline", "questions_deadline", "input_deadline", "starts_at",
          "planned_start", "planned_end"}


def test_nothing_has_happened_after_the_present(session):
    for table in db.metadata.sorted_tables:
        if table.name == "audit_events":  # the generation's own event, made today
            continue
        for column in table.c:
            if column.name in FUTURE or not isinstance(column.type, (UTCDateTime, Date)):
                continue
            latest = session.execute(select(func.max(column))).scalar()
            if latest is not None:
                present = NOW if isinstance(column.type, UTCDateTime) else NOW.date()
                assert latest <= present, f"{table.name}.{column.name}"


def test_reference_counters_continue_after_the_last_need(session):
    last = {(d, y): n for d, y, n in session.execute(
        select(Need.department_id, Need.year, func.max(Need.sequence))
        .group_by(Need.department_id, Need.year))}
    counters = {(c.department_id, c.year): c.last_number for c in all_of(ReferenceCounter)}
    assert counters == last
    for need in all_of(Need):
        assert need.reference == f"{need.department.code}-{need.year}-{need.sequence:03d}"


def test_a_need_in_market_dialogue_has_a_published_dialogue(session):
    for need in session.execute(select(Need).filter_by(status="in_dialogue")).scalars():
        public = [d for d in session.execute(select(Dialogue).filter_by(need_id=need.id))
                  .scalars() if d.status in PUBLIC_STATES]
        assert public, need.reference
        entered = next(c for c in need.status_changes if c.to_status == "in_dialogue")
        first = min(public, key=lambda d: d.published_at)
        assert first.published_at == entered.at and entered.comment == first.title


def test_dialogues_keep_their_dates_and_reports(session):
    for dialogue in all_of(Dialogue):
        assert dialogue.registration_deadline <= dialogue.input_deadline
        assert dialogue.questions_deadline <= dialogue.input_deadline
        if dialogue.published_at:
            assert dialogue.created_at <= dialogue.published_at <= NOW
            assert dialogue.published_at < dialogue.registration_deadline
            assert dialogue.need.status not in ("draft", "in_review")
        if dialogue.status in ("closed", "reported"):
            assert dialogue.published_at < dialogue.closed_at <= NOW
        if dialogue.status == "reported":
            assert dialogue.closed_at <= dialogue.reported_at <= NOW
            assert dialogue.lessons_learnt.strip()
            assert dialogue_services.minutes_awaiting_sharing(dialogue) == 0
            assert names_in_report(dialogue) == ()
        if dialogue.status == "cancelled":
            assert dialogue.cancelled_at <= NOW
        if dialogue.status == "draft":
            assert dialogue.published_at is None and dialogue.registration_deadline > NOW


def test_participation_happens_while_the_dialogue_is_open(session):
    for registration in all_of(Registration):
        dialogue = session.get(Dialogue, registration.dialogue_id)
        assert dialogue.published_at <= registration.created_at
        assert registration.created_at <= min(dialogue.registration_deadline, NOW)
        assert registration.organisation.created_at <= registration.created_at
    for question in all_of(Question):
        dialogue = session.get(Dialogue, question.dialogue_id)
        assert question.registration.is_active
        assert question.created_at <= dialogue.questions_deadline
        if question.answer:
            assert question.created_at < question.answer.published_at <= NOW


def test_messages_reach_everyone_registered_at_the_time(session):
    alerts = Counter(session.execute(select(Alert.dialogue_id, Alert.kind, Alert.created_at)))
    for message in all_of(Message):
        registered = session.execute(
            select(func.count(Registration.id)).where(
                Registration.dialogue_id == message.dialogue_id,
                Registration.created_at <= message.published_at,
                (Registration.cancelled_at.is_(None))
                | (Registration.cancelled_at > message.published_at))).scalar_one()
        assert message.recipients == registered
        assert alerts[message.dialogue_id, f"{message.kind}_published",
                      message.published_at] >= registered
    for dialogue in all_of(Dialogue):
        assert alerts[dialogue.id, "dialogue_published", dialogue.published_at] == \
            dialogue.alerted_on_publish
        if dialogue.cancelled_at:
            assert alerts[dialogue.id, "dialogue_cancelled", dialogue.cancelled_at] == \
                dialogue.told_on_cancel
    assert session.execute(select(func.count(Alert.id)).where(
        Alert.read_at < Alert.created_at)).scalar_one() == 0


def test_slots_are_never_overbooked(session):
    for slot in all_of(Slot):
        live = Counter(session.execute(select(Booking.status).filter_by(slot_id=slot.id))
                       .scalars())
        assert slot.booked == live["booked"] <= slot.capacity
        if live["waiting"]:
            assert slot.booked == slot.capacity
    for booking in all_of(Booking):
        assert booking.created_at < booking.slot.starts_at
    for minutes in all_of(MeetingMinutes):
        assert minutes.booking.status == "booked"
        assert minutes.booking.slot.starts_at < minutes.created_at <= NOW


def test_one_written_input_per_registered_organisation(session):
    for written in all_of(WrittenInput):
        registration = session.execute(select(Registration).filter_by(
            dialogue_id=written.dialogue_id, organisation_id=written.organisation_id)
        ).scalar_one()
        assert registration.is_active and written.created_at >= registration.created_at


def test_pcp_plans_keep_the_rules_and_gates_follow_evaluations(session):
    plans = all_of(PcpPlan)
    assert plans
    for plan in plans:
        assert rules.rules_broken(pcp_services.plan_facts(plan)) == []
        previous_selected = None
        for phase in plan.phases:
            contracts = phase.contracts
            assert sum(c.amount_sek for c in contracts) <= phase.budget_sek
            assert all(c.amount_sek <= (phase.max_per_supplier_sek or c.amount_sek)
                       for c in contracts)
            if phase.number > 1 and contracts:
                assert {c.organisation_id for c in contracts} <= previous_selected
            view = pcp_services.phase_view(phase)
            if view.decisions:
                assert view.gaps == () and view.state == "decided"
                assert all(c.signed_on <= view.decision.decided_on for c in contracts)
            previous_selected = pcp_services.selected_ids(phase)


def test_contracts_follow_the_previous_gate(session):
    for contract in all_of(PhaseContract):
        phase: Phase = contract.phase
        if phase.number > 1:
            before = pcp_services.phase_of(phase.plan, phase.number - 1)
            decision = pcp_services.phase_view(before).decision
            assert decision is not None and decision.decided_on <= contract.signed_on


def test_a_long_framework_choice_gives_special_reasons(session):
    for choice in all_of(ScenarioChoice):
        assert choice.justification.strip()
        needed = evaluate(choice.scenario.as_input()).needs_special_reasons
        assert bool(choice.special_reasons.strip()) == needed


def test_identifiers_are_valid_and_every_user_has_the_demo_password(session):
    for organisation in all_of(SupplierOrganisation):
        parse = parse_org_number if organisation.country == "SE" else parse_vat_number
        assert parse(organisation.identifier).key == organisation.identifier
    hashes = set(session.execute(select(User.password_hash)).scalars())
    assert len(hashes) == 1 and verify_password(hashes.pop(), DEMO_PASSWORD)
    members = session.execute(select(User).filter_by(role="supplier")).scalars().all()
    assert all(m.organisation_id for m in members)
    for department in all_of(Department):
        officers = session.execute(select(func.count(User.id)).filter_by(
            department_id=department.id, role="officer")).scalar_one()
        assert officers >= 2  # someone other than the author approves
