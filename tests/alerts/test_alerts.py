"""In-app alerts: who is alerted, what is queued for mail, and the supplier's alert page."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues import alerts
from procure.dialogues.models import Alert
from procure.extensions import db
from procure.mail.models import OutboxMail
from tests.alerts.conftest import PUBLIC_URL, demo_dialogue, organisation_of
from tests.conftest import ACCOUNTS, user_by_role


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": None, "PUBLIC_URL": PUBLIC_URL}


def _count(model, **where) -> int:
    query = db.select(db.func.count()).select_from(model).filter_by(**where)
    return db.session.execute(query).scalar_one()


def test_each_organisation_is_alerted_once_and_no_mail_is_queued_without_a_server(seeded):
    with seeded.app_context():
        supplier, other = organisation_of("supplier"), organisation_of("other_supplier")
        alerted = alerts.notify([supplier, other, supplier], "dialogue_published",
                                demo_dialogue("published"))
        db.session.commit()
        assert alerted == 2
        assert _count(Alert, organisation_id=supplier) == _count(Alert, organisation_id=other) == 1
        assert _count(OutboxMail) == 0
        assert alerts.notify([], "dialogue_published", demo_dialogue("published")) == 0


def test_mail_is_queued_for_confirmed_enabled_members_in_their_language(seeded):
    seeded.config["MAIL_SERVER"] = "127.0.0.1"  # queuing needs no server, only the setting
    with seeded.app_context():
        user_by_role("supplier").locale = "en"
        trees = db.session.execute(db.select(User).filter_by(
            email="trees@procure.example")).scalar_one()
        trees.is_enabled = False
        dialogue = demo_dialogue("published")
        organisations = [organisation_of("supplier"), organisation_of("other_supplier"),
                         trees.organisation_id]
        assert alerts.notify(organisations, "dialogue_published", dialogue) == 3
        db.session.commit()

        mails = {mail.recipient: mail for mail in db.session.execute(
            db.select(OutboxMail)).scalars()}
        # The pending member and the disabled one get nothing.
        assert set(mails) == {ACCOUNTS["supplier"], ACCOUNTS["other_supplier"]}
        for role, language in (("supplier", "en"), ("other_supplier", "sv")):
            with force_locale(language):
                text = alerts.alert_text("dialogue_published", dialogue.title)
            mail = mails[ACCOUNTS[role]]
            assert mail.subject == text
            assert mail.body.startswith(text)
            assert f"{PUBLIC_URL}/dialogues/{dialogue.id}" in mail.body
            assert mail.sent_at is None and mail.attempts == 0


def test_a_cancellation_mail_has_no_link_to_the_gone_dialogue(seeded):
    seeded.config["MAIL_SERVER"] = "127.0.0.1"
    with seeded.app_context():
        alerts.notify([organisation_of("supplier")], "dialogue_cancelled",
                      demo_dialogue("published"))
        mail = db.session.execute(db.select(OutboxMail)).scalar_one()
        assert PUBLIC_URL not in mail.body


def test_an_unknown_kind_is_refused(seeded):
    with seeded.app_context(), pytest.raises(ValueError):
        alerts.notify([organisation_of("supplier")], "gossip", demo_dialogue("published"))


def _alert_both_companies(app) -> dict:
    """The supplier's company hears of the published dialogue, the other of the draft."""
    with app.app_context():
        published, draft = demo_dialogue("published"), demo_dialogue("draft")
        alerts.notify([organisation_of("supplier")], "dialogue_published", published)
        alerts.notify([organisation_of("other_supplier")], "dialogue_cancelled", draft)
        db.session.commit()
        return {"published": (published.id, published.title), "draft": (draft.id, draft.title)}


def test_the_alert_page_shows_only_the_own_companys_alerts(seeded, make_client):
    dialogues = _alert_both_companies(seeded)
    (published_id, published_title), (draft_id, draft_title) = dialogues.values()
    page = make_client("supplier").get("/alerts").get_data(as_text=True)
    assert published_title in page and draft_title not in page
    assert f'href="/dialogues/{published_id}"' in page
    assert 'class="alert-unread"' in page

    page = make_client("other_supplier").get("/alerts").get_data(as_text=True)
    assert draft_title in page and published_title not in page
    assert f'href="/dialogues/{draft_id}"' not in page  # a draft is not public: no link


def test_marking_all_read_clears_the_count_in_the_menu(seeded, login):
    _alert_both_companies(seeded)
    client = login("supplier")
    assert '<span class="nav-count">(1<span class="visually-hidden">' in \
        client.get("/").get_data(as_text=True)

    response = client.post_form("/alerts/read")
    assert response.status_code == 303 and response.headers["Location"] == "/alerts"
    page = client.get("/alerts").get_data(as_text=True)
    assert "nav-count" not in page and "alert-unread" not in page
    with seeded.app_context():
        assert alerts.unread_count(organisation_of("supplier")) == 0
        assert alerts.unread_count(organisation_of("other_supplier")) == 1


def test_the_alert_page_is_paginated_newest_first(seeded, login):
    with seeded.app_context():
        organisation, dialogue = organisation_of("supplier"), demo_dialogue("published")
        start = utcnow()
        for hours, kind in enumerate(("dialogue_published", "answer_published",
                                      "information_published")):
            db.session.add(Alert(organisation_id=organisation, kind=kind, dialogue=dialogue,
                                 created_at=start + timedelta(hours=hours),
                                 read_at=start if kind == "dialogue_published" else None))
        db.session.commit()
        dialogue_id = dialogue.id
    seeded.config["PAGE_SIZE"] = 2
    client = login("supplier")
    first = client.get("/alerts").get_data(as_text=True)
    second = client.get("/alerts?page=2").get_data(as_text=True)
    assert first.count('class="alert-unread"') == 2 and 'rel="next"' in first
    assert second.count('class="alert-unread"') == 0  # the oldest, already read
    assert f'href="/dialogues/{dialogue_id}"' in second
