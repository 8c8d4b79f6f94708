"""More of everything the main pages list, on top of the demo data.

``grow(app)`` adds, through the services where they allow it and as plain rows where
they would refuse (history, decided PCP phases): supplier organisations with members,
staff accounts, twenty needs with outcomes, requirements, CPV codes, revisions and
status history, published dialogues with registrations, questions, answers, slots,
bookings, minutes and written input, alerts, PCP contracts and scores, ideas with
support and comments, risks and outcome measurements, and a longer text for the demo
need and dialogue the budget tests open. A page whose statement
count grows with these rows has an N+1.

It does not use the ``generate-data`` generator on purpose: these are small, fixed and
quick, made for one question (does the count stay the same?).
"""
from __future__ import annotations

from datetime import date, timedelta

from procure.dialogues.alerts import notify
from procure.auth.models import User
from procure.db import utcnow
from procure.departments.models import Department
from procure.dialogues import services as dialogue_services
from procure.dialogues.models import (
    Booking,
    Dialogue,
    MeetingMinutes,
    Message,
    Question,
    Registration,
    Slot,
    WrittenInput,
)
from procure.extensions import db
from procure.followup.models import Measurement, OutcomeTarget
from procure.ideas.models import Idea, IdeaComment, IdeaSupport
from procure.needs import sections
from procure.needs import services as need_services
from procure.needs.models import Need, NeedOutcome
from procure.needs.queries import by_reference
from procure.pcp.models import (
    ConflictDeclaration,
    Criterion,
    Evaluator,
    PcpPlan,
    Phase,
    PhaseContract,
    Score,
)
from procure.risks.models import Risk
from procure.suppliers.models import SupplierInterest, SupplierOrganisation
from tests.conftest import ACCOUNTS, user_by_role
from tests.dialogues.participation import ONE_TO_ONE

EXTRA_NEEDS = 20
EXTRA_ORGANISATIONS = 12
EXTRA_STAFF = 8
# CPV codes of the demo (the only ones in its CPV table): food, furniture, trees, care.
CODES = ("55523100-3", "39113000-7", "77211500-7", "33196200-2", "80500000-9",
         "71314300-5", "55524000-9")
# The need and dialogues the budget tests open; they get more rows of their own too.
TARGET_NEED = "UTB-2026-001"
TARGET_PCP = "AFF-2026-003"
# The idea and the followed-up need the budget tests open (the demo's).
TARGET_IDEA_TITLE = "Matlådor som blir över i skolköken"
TARGET_FOLLOW_UP = "UTB-2026-003"
EXTRA_IDEAS = 10


def grow(app) -> None:
    """Add the extra rows to the app's database and commit."""
    with app.app_context():
        officer = user_by_role("officer")
        organisations = _organisations(EXTRA_ORGANISATIONS)
        _staff(EXTRA_STAFF)
        needs = [_need(number, officer) for number in range(EXTRA_NEEDS)]
        _extend_need(by_reference(TARGET_NEED), officer)
        dialogue_by_need = {}
        approved = [need for need in needs if need.status == "approved"]
        for number, need in enumerate(approved[:8]):
            dialogue_by_need[need.id] = _published_dialogue(need, number, officer)
        for dialogue in [*dialogue_by_need.values(), *_demo_dialogues()]:
            _participation(dialogue, organisations, officer)
        _alerts(list(dialogue_by_need.values()))
        _pcp(organisations)
        _loop(officer)
        db.session.commit()


def _organisations(count: int) -> list[SupplierOrganisation]:
    """Confirmed companies of every size with a member each, interested in food CPVs."""
    password_hash = user_by_role("supplier").password_hash
    organisations = []
    for number in range(count):
        organisation = SupplierOrganisation(
            name=f"Tillväxt {number} AB", country="DE", identifier=f"DE8{number:08d}",
            size=("micro", "small", "medium", "large")[number % 4])
        organisation.interests = [SupplierInterest(code="55000000-0", prefix="55")]
        db.session.add(organisation)
        db.session.flush()
        db.session.add(User(email=f"grow{number}@supplier.example", name=f"Grow {number}",
                            password_hash=password_hash, role="supplier",
                            organisation_id=organisation.id, membership="confirmed"))
        organisations.append(organisation)
    # More members of the demo supplier's own company, confirmed and waiting.
    own = user_by_role("supplier").organisation_id
    for number in range(6):
        db.session.add(User(email=f"colleague{number}@supplier.example",
                            name=f"Colleague {number}", password_hash=password_hash,
                            role="supplier", organisation_id=own,
                            membership="confirmed" if number % 2 else "pending"))
    db.session.flush()
    return organisations


def _staff(count: int) -> None:
    password_hash = user_by_role("officer").password_hash
    departments = db.session.execute(db.select(Department)).scalars().all()
    for number in range(count):
        db.session.add(User(email=f"staff{number}@city.example", name=f"Staff {number}",
                            password_hash=password_hash, role="officer",
                            department_id=departments[number % len(departments)].id))
    db.session.flush()


def _need(number: int, officer: User) -> Need:
    """A need with three outcomes, four requirements, three CPV codes and some history."""
    reviewer = user_by_role("reviewer")
    need = need_services.create_need(title=f"Växande behov {number}",
                                     department=officer.department, officer=officer,
                                     language=("sv", "en")[number % 2], actor=officer)
    sections.set_description(need, background=f"Bakgrund {number}.",
                             problem=f"Problemet {number} berör många.")
    need.estimated_value_sek = 1_000_000 * (number + 1)
    sections.set_outcomes(need, [{"description": f"Effekt {i}", "indicator": "Andel",
                                  "target": f"{i * 10} %"} for i in range(1, 4)])
    db.session.flush()
    sections.set_requirements(need, [{"text": f"Krav {i}", "must": i % 2,
                                      "outcomes": [1, 2, 3][:i]} for i in range(1, 5)])
    sections.set_cpv(need, main=[CODES[number % 2 * 6]],
                     additional=[CODES[(number + k) % len(CODES)] for k in (1, 2, 3)])
    need_services.finish_save(need, officer, "description")
    need.timeline = "Våren"
    need_services.finish_save(need, officer, "basics")
    steps = ("in_review", "approved")[: number % 3 + 1] if number < 18 else ()
    for target in steps:
        need_services.change_status(need, target, reviewer if target == "approved" else officer,
                                    "")
    return need


def _extend_need(need: Need, officer: User) -> None:
    """The need page's own lists get longer: outcomes, requirements, codes, revisions."""
    rows = [{"description": o.description, "indicator": o.indicator, "target": o.target,
             "id": o.id} for o in need.outcomes]
    rows += [{"description": f"Tillagd effekt {i}", "indicator": "Gram", "target": "-10 %"}
             for i in range(6)]
    sections.set_outcomes(need, rows)
    db.session.flush()
    requirements = [{"text": r.text, "must": r.must,
                     "outcomes": [need.outcomes.index(o) + 1 for o in r.outcomes]}
                    for r in need.requirements]
    requirements += [{"text": f"Tillagt krav {i}", "must": bool(i % 2),
                      "outcomes": [1, len(rows) - i]} for i in range(8)]
    sections.set_requirements(need, requirements)
    sections.set_cpv(need, main=[need.cpv_main], additional=list(CODES))
    for round_number in range(4):
        need.timeline = f"Tidplan, version {round_number}"
        need_services.finish_save(need, officer, "basics")
    db.session.flush()


def _published_dialogue(need: Need, number: int, officer: User) -> Dialogue:
    now = utcnow()
    kind = ("request_for_information", "information_meeting", "one_to_one")[number % 3]
    dialogue = dialogue_services.create_dialogue(need, {
        "kind": kind, "title": f"Dialog om växande behov {number}",
        "description": "Vi vill höra marknaden.", "questions_to_market": "Vad finns?",
        "place": "Stadshuset", "link": "",
        "registration_deadline": now + timedelta(days=10 + number),
        "questions_deadline": now + timedelta(days=12 + number),
        "input_deadline": now + timedelta(days=20 + number)}, officer)
    db.session.flush()
    dialogue_services.change_status(dialogue, "published", officer)
    return dialogue


def _demo_dialogues() -> list[Dialogue]:
    """The demo dialogues the budget tests open: the one-to-one meetings and the report."""
    return list(db.session.execute(db.select(Dialogue).where(
        (Dialogue.title == ONE_TO_ONE) | (Dialogue.status == "reported"))).scalars())


def _participation(dialogue: Dialogue, organisations, officer: User) -> None:
    """Every extra company registers, books a meeting, asks a question (half answered),
    and sends written input; the meetings get minutes."""
    now = utcnow()
    start = dialogue.published_at or now
    slots = []
    if dialogue.kind == "one_to_one":
        for number in range(len(organisations) // 2):
            slot = Slot(dialogue_id=dialogue.id, capacity=1, booked=0, minutes=30,
                        starts_at=now + timedelta(days=30, hours=number))
            db.session.add(slot)
            slots.append(slot)
        db.session.flush()
    for number, organisation in enumerate(organisations):
        member = organisation.members[0]
        registration = Registration(dialogue_id=dialogue.id, organisation_id=organisation.id,
                                    attendees=f"Deltagare {number}", registered_by_id=member.id,
                                    created_at=start + timedelta(hours=number + 1))
        db.session.add(registration)
        db.session.flush()
        if slots:
            slot = slots[number % len(slots)]
            status = "booked" if slot.booked < slot.capacity else "waiting"
            slot.booked += status == "booked"
            booking = Booking(slot_id=slot.id, registration_id=registration.id, status=status)
            db.session.add(booking)
            db.session.flush()
            if status == "booked":
                db.session.add(MeetingMinutes(booking_id=booking.id, text="Ett bra möte.",
                                              material=False, recorded_by_id=officer.id))
        question = Question(dialogue_id=dialogue.id, registration_id=registration.id,
                            asked_by_id=member.id, text=f"Fråga {number}?",
                            created_at=start + timedelta(hours=number + 2))
        if number % 2:
            answer = Message(dialogue_id=dialogue.id, kind="answer", question=f"Fråga {number}?",
                             body=f"Svar {number}.", published_by_id=officer.id,
                             published_at=start + timedelta(hours=number + 3),
                             recipients=len(organisations))
            db.session.add(answer)
            db.session.flush()
            question.answer_id = answer.id
        db.session.add(question)
        db.session.add(WrittenInput(dialogue_id=dialogue.id, organisation_id=organisation.id,
                                    answers=f"Vårt inspel {number}.",
                                    submitted_by_id=member.id))
    db.session.add(Message(dialogue_id=dialogue.id, kind="information", body="Mer information.",
                           published_at=start + timedelta(hours=1), published_by_id=officer.id,
                           recipients=len(organisations)))
    db.session.flush()


def _alerts(dialogues: list[Dialogue]) -> None:
    """The demo supplier's company is told about every extra dialogue, twice over."""
    own = user_by_role("supplier").organisation_id
    other = db.session.execute(db.select(User.organisation_id).filter_by(
        email=ACCOUNTS["other_supplier"])).scalar_one()
    for dialogue in dialogues:
        notify([own, other], "dialogue_cancelled", dialogue)


def _pcp(organisations) -> None:
    """Every extra company gets contracts in phases 1 and 2 of the running PCP, is
    scored in phase 1, and in the finished PCP's phase 1 too (rows as they stand)."""
    for reference in (TARGET_PCP, "UTB-2026-002"):
        plan = db.session.execute(db.select(PcpPlan).filter_by(
            need_id=by_reference(reference).id)).scalar_one()
        for phase in plan.phases:
            if phase.number not in (1, 2):
                continue
            for number, organisation in enumerate(organisations):
                db.session.add(PhaseContract(
                    phase_id=phase.id, organisation_id=organisation.id, amount_sek=10_000,
                    signed_on=phase.planned_start or date(2026, 1, 1),
                    deliverables=f"Leverans {number}"))
            if phase.number == 1:
                _scores(phase, organisations)
    # The demo supplier's company has contracts in both PCPs: its own list grows.
    own = user_by_role("supplier").organisation_id
    for phase in db.session.execute(db.select(Phase).where(Phase.number.in_((1, 2)))).scalars():
        db.session.add(PhaseContract(phase_id=phase.id, organisation_id=own, amount_sek=5_000,
                                     signed_on=phase.planned_start or date(2026, 1, 1)))
    db.session.flush()


def _scores(phase: Phase, organisations) -> None:
    criteria = db.session.execute(db.select(Criterion).filter_by(phase_id=phase.id)).scalars().all()
    evaluators = db.session.execute(db.select(Evaluator).filter_by(phase_id=phase.id)).scalars()
    for evaluator in evaluators:
        for organisation in organisations:
            db.session.add(ConflictDeclaration(phase_id=phase.id, user_id=evaluator.user_id,
                                               organisation_id=organisation.id,
                                               conflict=False))
            for criterion in criteria:
                db.session.add(Score(phase_id=phase.id, criterion_id=criterion.id,
                                     user_id=evaluator.user_id,
                                     organisation_id=organisation.id, score=3,
                                     justification="Motiverat."))


def _loop(officer: User) -> None:
    """Ideas with support and comments, risks of the target need, and measurements of
    the followed-up need's outcomes."""
    staff = db.session.execute(db.select(User).filter(User.email.like("staff%"))).scalars().all()
    for number in range(EXTRA_IDEAS):
        db.session.add(Idea(token=f"grown-idea-{number}", fingerprint=f"grown-idea-{number}",
                            origin="staff", title=f"Växande idé {number}",
                            problem=f"Ett problem som växer, nummer {number}.",
                            department_id=officer.department_id, submitted_by_id=officer.id))
    target = db.session.execute(db.select(Idea).filter_by(title=TARGET_IDEA_TITLE)).scalar_one()
    for number, person in enumerate(staff):
        db.session.add(IdeaSupport(idea_id=target.id, user_id=person.id))
        db.session.add(IdeaComment(idea_id=target.id, author_id=person.id,
                                   body=f"Växande kommentar {number}"))
    need = by_reference(TARGET_NEED)
    for number in range(4):
        db.session.add(Risk(need_id=need.id, description=f"Växande risk {number}",
                            likelihood=1 + number % 5, impact=2, owner_id=officer.id,
                            review_on=date.today() + timedelta(days=30 + number)))
    followed = by_reference(TARGET_FOLLOW_UP)
    targets = db.session.execute(db.select(OutcomeTarget).join(NeedOutcome).filter(
        NeedOutcome.need_id == followed.id)).scalars().all()
    for target_row in targets:
        for number in range(3):
            db.session.add(Measurement(
                outcome_id=target_row.outcome_id, value=target_row.baseline_value,
                measured_on=date.today() - timedelta(days=10 + number),
                source=f"Växande mätkälla {number}", recorded_by_id=officer.id))
    db.session.flush()
