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
