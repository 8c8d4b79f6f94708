"""Alerts test helpers: a real SMTP server on 127.0.0.1, a port nobody listens on, and
the demo's dialogues and organisations."""
from __future__ import annotations

import email
import socket
from email.message import EmailMessage
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller

from procure.dialogues.models import Alert, Dialogue
from procure.extensions import db
from procure.mail.models import OutboxMail
from tests.conftest import user_by_role

PUBLIC_URL = "https://procure.example"


def free_port() -> int:
    """A port that was free a moment ago: closed again, so connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what it accepts and refuses the ``refused`` addresses."""

    def __init__(self, port: int):
        self.port = port
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> EmailMessage:
        (message,) = [m for m in self.messages if m["To"] == address]
        return message


@pytest.fixture
def smtp_inbox():
    """A live SMTP server for one test; its messages are in the returned inbox."""
    inbox = Inbox(free_port())
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
def seeded(seeded):
    """The demo data without the alerts and mail its seeding raised: each test counts its own."""
    with seeded.app_context():
        db.session.execute(db.delete(Alert))
        db.session.execute(db.delete(OutboxMail))
        db.session.commit()
    return seeded


def demo_dialogue(status: str) -> Dialogue:
    """The demo's dialogue in ``status`` (one is published, one a draft)."""
    return db.session.execute(db.select(Dialogue).filter_by(status=status)).scalars().first()


def organisation_of(role: str) -> int:
    return user_by_role(role).organisation_id
