"""The mail outbox: delivery through a real SMTP server, retries, and ``send-mail``."""
from datetime import timedelta

import pytest
from flask_babel import force_locale

from procure.db import utcnow
from procure.dialogues import alerts
from procure.extensions import db
from procure.mail import commands, outbox
from procure.mail.models import OutboxMail
from tests.alerts.conftest import PUBLIC_URL, demo_dialogue, free_port, organisation_of
from tests.conftest import ACCOUNTS, user_by_role


@pytest.fixture
def app_config(smtp_inbox):
    return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp_inbox.port, "MAIL_USE_TLS": False,
            "MAIL_USERNAME": None, "MAIL_PASSWORD": None, "MAIL_TIMEOUT": 5,
            "MAIL_FROM": "Procure <procure@city.example>", "PUBLIC_URL": PUBLIC_URL}


def _queue(app, roles=("supplier", "other_supplier")) -> None:
    with app.app_context():
        alerts.notify([organisation_of(role) for role in roles], "dialogue_published",
                      demo_dialogue("published"))
        db.session.commit()


def _mails() -> list[OutboxMail]:
    return db.session.execute(db.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()


def test_mail_arrives_with_its_subject_in_the_members_language(seeded, smtp_inbox):
    with seeded.app_context():
        user_by_role("supplier").locale = "en"
        db.session.commit()
    _queue(seeded)
    with seeded.app_context():
        assert outbox.deliver_due() == outbox.DeliveryReport(sent=2, failed=0)
        assert all(mail.sent_at is not None for mail in _mails())
        title = demo_dialogue("published").title
        for role, language in (("supplier", "en"), ("other_supplier", "sv")):
            with force_locale(language):
                subject = alerts.alert_text("dialogue_published", title)
            message = smtp_inbox.to(ACCOUNTS[role])
            assert message["Subject"] == subject
            assert message["From"] == "Procure <procure@city.example>"
            assert message.get_content_charset() == "utf-8"
            body = message.get_content()
            assert title in body  # "förskolornas": UTF-8 arrives whole
            assert f"{PUBLIC_URL}/dialogues/" in body
        assert outbox.deliver_due() == outbox.DeliveryReport(sent=0, failed=0)
    assert len(smtp_inbox.messages) == 2  # nothing is sent twice


def test_a_dead_server_fails_the_batch_quietly_and_it_is_sent_later(seeded, smtp_inbox):
    _queue(seeded)
    seeded.config["MAIL_PORT"] = free_port()  # nobody listens there
    now = utcnow()
    with seeded.app_context():
        assert outbox.deliver_due(now) == outbox.DeliveryReport(sent=0, failed=2)
        for mail in _mails():
            assert mail.sent_at is None and mail.attempts == 1
            assert mail.next_attempt_at == now + timedelta(seconds=60)
            assert mail.last_error.startswith("ConnectionRefusedError")
        # Not due again before its time.
        assert outbox.deliver_due(now + timedelta(seconds=30)).failed == 0

        seeded.config["MAIL_PORT"] = smtp_inbox.port
        later = now + timedelta(seconds=61)
        assert outbox.deliver_due(later) == outbox.DeliveryReport(sent=2, failed=0)
        assert all(mail.sent_at == later for mail in _mails())
    assert len(smtp_inbox.messages) == 2


def test_each_failure_doubles_the_wait_up_to_an_hour(seeded):
    seeded.config.update(MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=20)
    now = utcnow()
    with seeded.app_context():
        for attempts in (0, 2, 7):
            db.session.add(OutboxMail(recipient="a@b.example", subject="s", body="b",
                                      attempts=attempts, next_attempt_at=now))
        db.session.commit()
        outbox.deliver_due(now)
        waits = [(mail.next_attempt_at - now).total_seconds() for mail in _mails()]
        assert waits == [60, 240, 3600]


def test_mail_past_the_last_attempt_is_not_tried_again(seeded, smtp_inbox):
    seeded.config["MAIL_MAX_ATTEMPTS"] = 3
    with seeded.app_context():
        for attempts, recipient in ((3, "given.up@b.example"), (2, "last.try@b.example")):
            db.session.add(OutboxMail(recipient=recipient, subject="s", body="b",
                                      attempts=attempts))
        db.session.commit()
        assert outbox.deliver_due() == outbox.DeliveryReport(sent=1, failed=0)
        given_up, last_try = _mails()
        assert given_up.sent_at is None and last_try.sent_at is not None
    assert [message["To"] for message in smtp_inbox.messages] == ["last.try@b.example"]


def test_a_refused_recipient_fails_alone(seeded, smtp_inbox):
    smtp_inbox.refused.add(ACCOUNTS["other_supplier"])
    _queue(seeded)
    with seeded.app_context():
        assert outbox.deliver_due() == outbox.DeliveryReport(sent=1, failed=1)
        refused = db.session.execute(db.select(OutboxMail).filter_by(
            recipient=ACCOUNTS["other_supplier"])).scalar_one()
        assert refused.attempts == 1 and "550" in refused.last_error
    assert [message["To"] for message in smtp_inbox.messages] == [ACCOUNTS["supplier"]]


def test_a_failed_login_is_recorded_without_the_password(seeded, smtp_inbox):
    # The test server offers no AUTH over plain text, so signing in fails.
    seeded.config.update(MAIL_USERNAME="mailer", MAIL_PASSWORD="correct horse battery")
    _queue(seeded, roles=("supplier",))
    with seeded.app_context():
        assert outbox.deliver_due().failed == 1
        (mail,) = _mails()
        assert mail.last_error and "correct horse" not in mail.last_error
    assert smtp_inbox.messages == []


def test_without_a_mail_server_the_queue_waits(seeded):
    _queue(seeded, roles=("supplier",))
    seeded.config["MAIL_SERVER"] = None
    with seeded.app_context():
        assert outbox.deliver_due() == outbox.DeliveryReport(sent=0, failed=0)
        (mail,) = _mails()
        assert mail.attempts == 0 and mail.sent_at is None


def test_send_mail_command(seeded, smtp_inbox):
    _queue(seeded)
    result = seeded.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 2, failed 0"
    assert len(smtp_inbox.messages) == 2


def test_send_mail_loop_waits_between_rounds(seeded, smtp_inbox, monkeypatch):
    class Stop(Exception):
        pass

    def sleep(seconds):
        assert seconds == 30
        raise Stop

    monkeypatch.setattr(commands.time, "sleep", sleep)
    _queue(seeded, roles=("supplier",))
    result = seeded.test_cli_runner().invoke(args=["send-mail", "--loop", "30"])
    assert isinstance(result.exception, Stop)
    assert result.output.strip() == "sent 1, failed 0"


def test_send_mail_refuses_to_run_without_a_server(seeded):
    seeded.config["MAIL_SERVER"] = None
    result = seeded.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code != 0 and "MAIL_SERVER" in result.output
