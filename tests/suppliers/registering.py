"""Registering a supplier as a person does: the form, then the link in the mail.

Registration makes no account by itself; ``register_and_confirm`` follows the link read
from the outbox row, so tests that need a registered company go through the real rule.
"""
from __future__ import annotations

import re

from procure.extensions import db
from procure.mail.models import OutboxMail

MAIL = {"MAIL_SERVER": "mail.procure.example", "PUBLIC_URL": "https://procure.stad.example"}
LINK = re.compile(r"https://procure\.stad\.example(/suppliers/verify/[A-Za-z0-9_-]+)")
PASSWORD = "a long enough password"


def registration(**changes) -> dict:
    data = {
        "company_name": "Grönska Innovation AB", "country_kind": "se",
        "org_number": "5560360793", "vat_number": "", "size": "small",
        "contact_name": "Ylva Åström", "email": "ylva@gronska.example",
        "password": PASSWORD, "confirm_password": PASSWORD,
    }
    data.update(changes)
    return data


def mails_to(app, email: str) -> list[OutboxMail]:
    with app.app_context():
        mails = db.session.execute(db.select(OutboxMail).filter_by(recipient=email)
                                   .order_by(OutboxMail.id)).scalars().all()
        db.session.expunge_all()
        return mails


def verification_path(app, email: str) -> str:
    """The path of the newest confirmation link mailed to ``email``."""
    for mail in reversed(mails_to(app, email)):
        match = LINK.search(mail.body)
        if match:
            return match.group(1)
    raise AssertionError(f"no confirmation link was mailed to {email}")


def register(app, client, data: dict):
    """Post the registration form with mail switched on; the response."""
    app.config.update(MAIL)
    return client.post_form("/suppliers/register", data)


def follow_link(app, client, email: str):
    """Follow the newest link mailed to ``email``: its token goes into the session and
    the browser on to the page with the button; that page's response."""
    link = client.get(verification_path(app, email))
    assert link.status_code == 303 and link.headers["Location"] == "/suppliers/verify", (
        link.status_code, link.headers.get("Location"))
    return client.get("/suppliers/verify")


def confirm(app, client, email: str):
    """Follow the newest link mailed to ``email`` and press its button; the response."""
    page = follow_link(app, client, email)
    assert page.status_code == 200, page.status_code
    return client.post_form("/suppliers/verify", {})


def register_and_confirm(app, client, data: dict | None = None):
    """Register, follow the link in the mail: the confirmation's response (303 to the
    organisation page, signed in)."""
    data = data or registration()
    response = register(app, client, data)
    assert response.status_code == 303, response.status_code
    return confirm(app, client, data["email"].strip().lower())
