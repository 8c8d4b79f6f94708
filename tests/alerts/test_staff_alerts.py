"""Officers' alerts: review requested, need approved or sent back, a question asked,
input received; each alert has a page and is marked read one by one (POST, audited)."""
import pytest

from procure.mail.models import OutboxMail
from procure.needs.models import StaffAlert
from procure.audit.models import AuditEvent
from procure.extensions import db
from tests.alerts.conftest import PUBLIC_URL
from tests.conftest import user_by_role
from tests.dialogues.participation import add_participation
from tests.workday.test_start_pages import _ready_for_review


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": "127.0.0.1", "PUBLIC_URL": PUBLIC_URL}


def _alerts_of(role):
    user = user_by_role(role)
    return db.session.execute(db.select(StaffAlert).filter_by(user_id=user.id)
                              .order_by(StaffAlert.id)).scalars().all()


def test_a_need_sent_for_review_alerts_the_other_officers_in_app_and_by_mail(
        seeded, make_need, make_client):
    reference = make_need(title="Matro i skolmatsalen")
    with seeded.app_context():
        before = len(_alerts_of("reviewer"))
    _ready_for_review(seeded, reference)
    with seeded.app_context():
        alerts = _alerts_of("reviewer")
        assert len(alerts) == before + 1 and alerts[-1].kind == "review_requested"
        assert not [a for a in _alerts_of("officer") if a.need.reference == reference]
        assert not [a for a in _alerts_of("other_officer") if a.need.reference == reference]
        mail = db.session.execute(db.select(OutboxMail).filter_by(
            recipient="reviewer@procure.example").order_by(OutboxMail.id.desc())).scalars().first()
        alert_id = alerts[-1].id
    assert "väntar på din granskning" in mail.subject and reference in mail.subject
    assert f"{PUBLIC_URL}/alerts/staff/{alert_id}" in mail.body

    reviewer = make_client("reviewer")
    listing = reviewer.get("/alerts").get_data(as_text=True)
    assert f'href="/alerts/staff/{alert_id}"' in listing
    page = reviewer.get(f"/alerts/staff/{alert_id}").get_data(as_text=True)
    assert f'href="/needs/{reference}"' in page and "Markera som läst" in page
    # Someone else's alert is not found; a supplier has no officers' alerts.
    assert make_client("other_officer").get(f"/alerts/staff/{alert_id}").status_code == 404
    assert make_client("supplier").get(f"/alerts/staff/{alert_id}").status_code == 403

    response = reviewer.post_form(f"/alerts/staff/{alert_id}/read")
    assert response.status_code == 303
    with seeded.app_context():
        assert db.session.get(StaffAlert, alert_id).read_at is not None
        assert db.session.execute(db.select(AuditEvent).filter_by(
            action="alert.read", object_type="staff_alerts", object_id=alert_id)).scalar_one()
    assert "Markera som läst" not in reviewer.get(f"/alerts/staff/{alert_id}").get_data(
        as_text=True)


@pytest.mark.parametrize("target, kind", [("approved", "need_approved"),
                                          ("draft", "need_returned")])
def test_the_owner_is_told_the_review_outcome(seeded, make_need, make_client, target, kind):
    reference = make_need()
    _ready_for_review(seeded, reference)
    response = make_client("reviewer").post_form(f"/needs/{reference}/status",
                                                 {"target": target})
    assert response.status_code == 303
    with seeded.app_context():
        mine = [a for a in _alerts_of("officer") if a.need.reference == reference]
        assert [a.kind for a in mine] == [kind]
    html = make_client("officer").get("/alerts").get_data(as_text=True)
    assert reference in html


def test_questions_and_input_alert_the_departments_officers(seeded):
    add_participation(seeded)  # a question and written input in UTB's one-to-one dialogue
    with seeded.app_context():
        for role in ("officer", "reviewer"):
            kinds = [a.kind for a in _alerts_of(role)]
            assert "question_asked" in kinds and "input_received" in kinds
        assert not [a for a in _alerts_of("other_officer")
                    if a.kind in ("question_asked", "input_received")]


def test_the_menu_counts_an_officers_unread_alerts(seeded, make_need, make_client):
    _ready_for_review(seeded, make_need())
    html = make_client("reviewer").get("/").get_data(as_text=True)
    with seeded.app_context():
        unread = sum(1 for a in _alerts_of("reviewer") if a.read_at is None)
    assert f'Aviseringar <span class="nav-count">({unread}' in html
