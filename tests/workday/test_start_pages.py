"""Start pages: each signed-in person's own work, each item a link to where it is done,
in a number of statements that does not grow with the number of items."""
import pytest

from procure.extensions import db
from procure.needs import services as need_services
from procure.needs.queries import by_reference
from tests.conftest import ACCOUNTS, sign_in, user_by_role
from tests.dialogues.participation import add_participation
from tests.perf.growth import grow
from tests.perf.querycount import count_queries
from tests.perf.test_query_budgets import engine_of

READY = {"problem": "Eleverna hinner inte äta.", "cpv_main": "55523100-3",
         "estimated_value_sek": 900_000}


def _ready_for_review(app, reference):
    """Give a draft what review needs, and send it for review as its author."""
    from procure.needs.models import NeedOutcome, NeedRequirement

    with app.app_context():
        need = by_reference(reference)
        need.outcomes.append(NeedOutcome(position=1, description="Mindre svinn"))
        need.requirements.append(NeedRequirement(position=1, text="Mät svinnet"))
        for name, value in READY.items():
            setattr(need, name, value)
        need_services.finish_save(need, user_by_role("officer"), "description")
        need_services.change_status(need, "in_review", user_by_role("officer"))
        db.session.commit()


def test_the_second_officer_finds_the_need_to_review(seeded, make_need, make_client):
    reference = make_need(title="Matro i skolmatsalen")
    _ready_for_review(seeded, reference)
    reviewer = make_client("reviewer").get("/").get_data(as_text=True)
    assert "Behov att granska" in reviewer
    assert f'href="/needs/{reference}"' in reviewer
    assert "Att granska <span class=\"nav-count\">(1)</span>" in reviewer
    # The author does not review their own need; it is among the needs they own.
    author = make_client("officer").get("/").get_data(as_text=True)
    assert "Inget behov väntar på din granskning." in author
    assert "Att granska <span" not in author
    assert reference in author and "Under granskning" in author
    # Another department's officer has nothing of it.
    assert reference not in make_client("other_officer").get("/").get_data(as_text=True)


def test_the_officer_sees_questions_minutes_input_and_deadlines(seeded, make_client):
    taking_part = add_participation(seeded)
    html = make_client("officer").get("/").get_data(as_text=True)
    assert f'href="/dialogues/{taking_part.dialogue_id}#questions"' in html
    assert f'href="/dialogues/minutes/{taking_part.minutes_id}/share"' in html
    assert f'href="/dialogues/{taking_part.dialogue_id}/inputs"' in html
    assert "Tidsfrister de närmaste 14 dagarna" in html
    # Reading the input takes it off the list.
    officer = make_client("officer")
    officer.get(f"/dialogues/{taking_part.dialogue_id}/inputs")
    assert f'href="/dialogues/{taking_part.dialogue_id}/inputs"' not in \
        officer.get("/").get_data(as_text=True)


def test_the_supplier_sees_registrations_meetings_and_colleagues(seeded, make_client):
    taking_part = add_participation(seeded)
    html = make_client("supplier").get("/").get_data(as_text=True)
    assert "Ditt arbete" in html
    assert f'href="/dialogues/{taking_part.dialogue_id}#meetings"' in html  # the meeting
    assert "Era anmälningar" in html and f'href="/dialogues/{taking_part.dialogue_id}"' in html
    assert "Kolleger som väntar på din bekräftelse" in html
    with seeded.app_context():
        pending = user_by_role("pending_supplier").name
    assert pending in html
    # The other company sees none of it.
    other = make_client("other_supplier").get("/").get_data(as_text=True)
    assert pending not in other and f"/dialogues/{taking_part.dialogue_id}#meetings" not in other


def test_the_admin_sees_people_waiting_and_failed_mail(seeded, make_client):
    from procure.mail.models import OutboxMail

    with seeded.app_context():
        db.session.add(OutboxMail(recipient="x@example.org", subject="Ett larm som fastnade",
                                  body=".", attempts=3, last_error="SMTPConnectError"))
        db.session.commit()
        pending = user_by_role("pending_supplier").name
    html = make_client("admin").get("/").get_data(as_text=True)
    assert pending in html and "Ett larm som fastnade" in html


def test_a_supplier_waiting_for_confirmation_sees_who_can_confirm(make_client):
    html = make_client("pending_supplier").get("/").get_data(as_text=True)
    assert "Ditt arbete" not in html
    assert "Väntar på bekräftelse" in html and "Vem som kan bekräfta dig" in html


def test_anonymous_start_page_is_unchanged(make_client):
    html = make_client().get("/").get_data(as_text=True)
    assert "Registrera ditt företag" in html and "Ditt arbete" not in html


@pytest.mark.parametrize("role", ["officer", "reviewer", "supplier", "admin"])
def test_start_pages_send_as_many_statements_for_more_items(seeded, make_client, role):
    add_participation(seeded)
    client = make_client()
    sign_in(client, ACCOUNTS[role])
    engine = engine_of(seeded)
    client.get("/")  # warm-up
    with count_queries(engine) as before:
        assert client.get("/").status_code == 200
    grow(seeded)
    with count_queries(engine) as after:
        page = client.get("/")
    assert page.status_code == 200
    assert after.count == before.count, after.report()
    assert after.count <= 16, after.report()


def _overdue_risk(app, owner_role, text):
    from datetime import date

    from procure.risks import services as risk_services

    with app.app_context():
        owner = user_by_role(owner_role)
        risk_services.add_risk(by_reference("UTB-2026-001"), risk_services.RiskInput(
            description=text, likelihood=3, impact=4, owner_id=owner.id, mitigation="",
            status="open", review_on=date(2026, 1, 15)), user_by_role("officer"))
        db.session.commit()


def _contracted_with_a_target(officer_client):
    """UTB-2026-001 tendered and awarded (signed 2026-03-01), one outcome with a target and
    no measurement: due for measuring ever since."""
    from tests.followup.test_followup import _contracted, _outcomes, _target

    app = officer_client.application
    _contracted(app, officer_client)
    outcome = _outcomes(app)[0]
    assert _target(officer_client, outcome).status_code == 303
    return outcome


def test_overdue_risks_and_due_measurements_reach_their_owner(seeded, make_client):
    _overdue_risk(seeded, "officer", "Leverantören hinner inte leverera")
    _overdue_risk(seeded, "reviewer", "Granskarens egen risk")
    officer = make_client("officer")
    _contracted_with_a_target(officer)
    html = officer.get("/").get_data(as_text=True)
    assert "Risker som passerat sitt granskningsdatum" in html
    assert 'href="/needs/UTB-2026-001/risks"' in html
    assert "Leverantören hinner inte leverera" in html
    assert "Granskarens egen risk" not in html
    assert "Mätningar att göra" in html
    assert 'href="/needs/UTB-2026-001/follow-up"' in html
    # The other owner finds their own risk; another department's officer finds nothing.
    reviewer = make_client("reviewer").get("/").get_data(as_text=True)
    assert "Granskarens egen risk" in reviewer and "/follow-up" not in reviewer
    other = make_client("other_officer").get("/").get_data(as_text=True)
    assert "Leverantören hinner inte leverera" not in other and "/follow-up" not in other


def test_risks_and_measurements_keep_the_start_page_within_budget(seeded, make_client):
    officer = make_client("officer")
    _overdue_risk(seeded, "officer", "En risk")
    _contracted_with_a_target(officer)
    engine = engine_of(seeded)
    officer.get("/")
    with count_queries(engine) as before:
        assert officer.get("/").status_code == 200
    for number in range(3):
        _overdue_risk(seeded, "officer", f"Ännu en risk {number}")
    from tests.followup.test_followup import _outcomes, _target
    for outcome in _outcomes(seeded)[1:]:
        _target(officer, outcome)
    with count_queries(engine) as after:
        page = officer.get("/")
    assert page.status_code == 200 and page.get_data(as_text=True).count("Ännu en risk") == 3
    assert after.count == before.count, after.report()
    assert after.count <= 16, after.report()
