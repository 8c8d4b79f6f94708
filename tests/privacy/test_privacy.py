"""A supplier user downloads their personal data and deletes their account: the person
goes, the company's procurement records stay, shown under the company's name."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from procure.audit.models import AuditEvent
from procure.auth.models import PasswordResetToken, RecoveryCode, User
from procure.db import utcnow
from procure.dialogues.models import Booking, Question, Registration, WrittenInput
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, user_by_role
from tests.dialogues.participation import ONE_TO_ONE, add_participation

COMPANY = "Kökssvinn Analys AB"  # the demo supplier's company


def in_english(client):
    client.post_form("/language", {"lang": "en"})
    return client


def text(response) -> str:
    return response.get_data(as_text=True)


def test_a_supplier_downloads_their_own_data_and_nobody_elses(seeded, make_client):
    add_participation(seeded)  # Sara registers, books, asks and sends input with a PDF
    supplier = in_english(make_client("supplier"))
    assert 'href="/account/personal-data"' in text(supplier.get("/account"))
    page = supplier.get("/account/personal-data")
    assert page.status_code == 200
    assert "Download your personal data (JSON)" in text(page)

    response = supplier.get("/account/personal-data.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(text(response))
    assert (data["account"]["name"], data["account"]["email"]) == ("Sara Holm",
                                                                   ACCOUNTS["supplier"])
    assert data["organisation"]["name"] == COMPANY
    assert ONE_TO_ONE in [item["dialogue"] for item in data["dialogue_registrations"]]
    assert "Hur många kök ingår?" in [item["text"] for item in data["questions"]]
    assert ["offert.pdf"] in [[file["name"] for file in item["files"]]
                              for item in data["written_input"]]
    actions = {event["action"] for event in data["audit_events"]}
    assert {"auth.login", "dialogue.question_asked", "dialogue.slot_booked"} <= actions
    # Not the officers', not the other companies', not the minutes the officer wrote.
    for others in (ACCOUNTS["officer"], "Omar Haddad", ACCOUNTS["other_supplier"],
                   "Kökssvinn visade sin prognos", "$argon2"):
        assert others not in text(response)
    with seeded.app_context():
        supplier_id = user_by_role("supplier").id
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="privacy.exported")).scalar_one()
        assert (event.actor_id, event.object_type, event.object_id) == \
            (supplier_id, "users", supplier_id)


def test_what_others_did_to_the_account_comes_without_their_details(seeded, make_client):
    with seeded.app_context():
        pending_id = user_by_role("pending_supplier").id
    confirming = make_client("supplier")
    assert confirming.post_form(f"/suppliers/members/{pending_id}/decision",
                                {"decision": "confirmed"}).status_code == 303
    response = make_client("pending_supplier").get("/account/personal-data.json")
    confirmed = [event for event in json.loads(text(response))["audit_events"]
                 if event["action"] == "membership.confirmed"]
    assert len(confirmed) == 1 and confirmed[0]["by_you"] is False
    assert "address" not in confirmed[0]
    assert ACCOUNTS["supplier"] not in text(response) and "Sara Holm" not in text(response)


def _secrets_and_mail_of(app, role) -> int:
    """Two-factor secrets, a recovery code, a reset link and mail for the user of
    ``role``, and a mail for somebody else; returns the user's id."""
    with app.app_context():
        user = user_by_role(role)
        user.totp_secret, user.totp_confirmed_at = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", utcnow()
        db.session.add_all([
            RecoveryCode(user_id=user.id, code_hash="hash-of-a-recovery-code"),
            PasswordResetToken(user_id=user.id, token_hash="c" * 64,
                               expires_at=utcnow() + timedelta(minutes=30)),
            OutboxMail(recipient=user.email, subject="Ny dialog", body="Läs mer."),
            OutboxMail(recipient=ACCOUNTS["other_supplier"], subject="Ny dialog",
                       body="Läs mer."),
        ])
        db.session.commit()
        return user.id


def test_deleting_the_account_removes_the_person_and_keeps_the_company_records(
        seeded, make_client):
    taking_part = add_participation(seeded)
    user_id = _secrets_and_mail_of(seeded, "supplier")
    supplier = in_english(make_client("supplier"))
    page = text(supplier.get("/account/delete"))
    assert f"You are the last member of {COMPANY}. The company stays registered" in page

    wrong = supplier.post_form("/account/delete", {"current_password": "not my password"})
    assert wrong.status_code == 400
    assert "That is not your current password." in text(wrong)
    with seeded.app_context():
        assert db.session.get(User, user_id).email == ACCOUNTS["supplier"]

    done = supplier.post_form("/account/delete", {"current_password": DEMO_PASSWORD})
    assert (done.status_code, done.headers["Location"]) == (303, "/")
    assert "Your account is deleted and you are signed out." in text(supplier.get("/"))
    assert supplier.get("/account").status_code == 302
    again = make_client().post_form("/login", {"email": ACCOUNTS["supplier"],
                                               "password": DEMO_PASSWORD})
    assert again.status_code == 400

    with seeded.app_context():
        person = db.session.get(User, user_id)
        assert (person.name, person.email) == ("", f"deleted-{user_id}@invalid")
        assert not person.is_enabled and person.deleted_at is not None
        assert (person.totp_secret, person.totp_confirmed_at, person.locale) == (None, None, None)
        for model in (RecoveryCode, PasswordResetToken):
            assert not db.session.execute(db.select(model).filter_by(user_id=user_id)).first()
        assert [mail.recipient for mail in db.session.execute(
            db.select(OutboxMail)).scalars()] == [ACCOUNTS["other_supplier"]]
        # The company's records are all there, still the company's.
        organisation_id = person.organisation_id
        for model, row_id in ((Registration, None), (Booking, taking_part.booking_id),
                              (Question, taking_part.question_id), (WrittenInput, None)):
            row = db.session.get(model, row_id) if row_id else db.session.execute(
                db.select(model).filter_by(dialogue_id=taking_part.dialogue_id,
                                           organisation_id=organisation_id)).scalar_one()
            assert row is not None
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="user.deleted")).scalar_one()
        assert (event.actor_id, event.object_id) == (user_id, user_id)
        assert "Sara" not in json.dumps(event.detail)
        assert ACCOUNTS["supplier"] not in json.dumps(event.detail)

    dialogue = taking_part.dialogue_id
    officer = in_english(make_client("officer"))
    for url in (f"/dialogues/{dialogue}", f"/dialogues/{dialogue}/inputs",
                f"/dialogues/{dialogue}/log"):
        page = text(officer.get(url))
        # The attendees the company named when registering are its record: they stay.
        assert "@invalid" not in page and "Deleted" not in page, url
        assert COMPANY in page or url.endswith("/log"), url
    admin = in_english(make_client("admin"))
    for url in ("/admin/users?role=supplier", "/admin/audit"):
        page = text(admin.get(url))
        assert "Deleted account" in page and "@invalid" not in page, url


def test_the_old_address_can_make_a_new_account(seeded, make_client):
    supplier = make_client("supplier")
    supplier.post_form("/account/delete", {"current_password": DEMO_PASSWORD})
    password = "a long enough password"
    from tests.suppliers.registering import register_and_confirm

    response = register_and_confirm(seeded, make_client(), {
        "company_name": "Kökssvinn", "country_kind": "se", "org_number": "559214-4314",
        "vat_number": "", "size": "small", "contact_name": "Sara Holm",
        "email": ACCOUNTS["supplier"], "password": password, "confirm_password": password})
    assert response.status_code == 303


def test_a_pending_member_deletes_their_account_and_leaves_the_waiting_list(seeded,
                                                                          make_client):
    member = make_client("supplier")
    assert ACCOUNTS["pending_supplier"] in text(member.get("/suppliers/organisation"))
    pending = in_english(make_client("pending_supplier"))
    assert f"Your request to join {COMPANY} ends." in text(pending.get("/account/delete"))
    assert pending.post_form("/account/delete",
                             {"current_password": DEMO_PASSWORD}).status_code == 303
    page = text(member.get("/suppliers/organisation"))
    assert ACCOUNTS["pending_supplier"] not in page and "@invalid" not in page


def test_a_colleague_who_leaves_is_no_longer_listed(seeded, make_client):
    with seeded.app_context():
        colleague = user_by_role("pending_supplier")
        colleague.membership = "confirmed"
        db.session.commit()
    member = in_english(make_client("supplier"))
    leaving = in_english(make_client("pending_supplier"))
    assert "You are the last member" not in text(leaving.get("/account/delete"))
    assert leaving.post_form("/account/delete",
                             {"current_password": DEMO_PASSWORD}).status_code == 303
    members = re.search(r"<h2>Members</h2>\s*<ul>(.*?)</ul>",
                        text(member.get("/suppliers/organisation")), re.S)
    assert re.findall(r"<li>\s*(.*?)\s*</li>", members.group(1)) == ["Sara Holm (contact person)"]


def test_guessing_the_password_on_the_deletion_page_is_limited_and_audited(seeded,
                                                                          make_client):
    supplier = in_english(make_client("supplier"))
    statuses = [supplier.post_form("/account/delete",
                                   {"current_password": f"guess {n}"}).status_code
                for n in range(11)]
    assert statuses == [400] * 10 + [429]
    # The right password waits too: the limit is the account's, not the guesses'.
    assert supplier.post_form("/account/delete",
                              {"current_password": DEMO_PASSWORD}).status_code == 429
    with seeded.app_context():
        person = user_by_role("supplier")
        assert person.deleted_at is None
        refused = db.session.execute(db.select(AuditEvent).filter_by(
            action="privacy.delete_refused")).scalars().all()
        assert len(refused) == 10
        assert {(event.actor_id, event.object_id) for event in refused} == {
            (person.id, person.id)}
        assert not any("guess" in json.dumps(event.detail) for event in refused)


@pytest.mark.parametrize("app_config", [{"MAIL_SERVER": "mail.example",
                                         "PUBLIC_URL": "https://city.example/procure"}])
def test_the_copy_of_the_data_holds_no_working_reset_link(seeded, make_client, app_config):
    assert make_client().post_form("/password/reset",
                                   {"email": ACCOUNTS["supplier"]}).status_code == 303
    with seeded.app_context():
        [mail] = db.session.execute(db.select(OutboxMail).filter_by(
            recipient=ACCOUNTS["supplier"])).scalars().all()
    link = re.search(r"https://city\.example/procure/password/reset/\S+", mail.body).group(0)
    token = link.rsplit("/", 1)[1]
    data = json.loads(text(make_client("supplier").get("/account/personal-data.json")))
    [copied] = data["emails"]
    assert copied["subject"] == mail.subject
    assert token not in json.dumps(data) and "/password/reset/" not in copied["body"]
    assert copied["body"] == mail.body.replace(link, "[password reset link removed]")
    # The link itself still works for the person who got the mail.
    assert make_client().get(link.removeprefix("https://city.example/procure")).status_code \
        == 303


def test_a_deleted_account_is_neither_enabled_again_nor_confirmed(seeded, make_client):
    """An administrator's or a colleague's page opened before the person deleted their
    account still has the buttons: their POSTs are refused with a message."""
    with seeded.app_context():
        pending_id = user_by_role("pending_supplier").id
    assert make_client("pending_supplier").post_form(
        "/account/delete", {"current_password": DEMO_PASSWORD}).status_code == 303
    admin = in_english(make_client("admin"))
    colleague = in_english(make_client("supplier"))

    enabled = admin.post_form(f"/admin/users/{pending_id}/enabled", {"enabled": "1"})
    assert (enabled.status_code, enabled.headers["Location"]) == (303, "/admin/users")
    assert "This account was deleted by its owner and cannot be enabled again." in \
        text(admin.get("/admin/users"))
    for client, url, back in (
            (admin, f"/admin/members/{pending_id}/decision", "/admin/users"),
            (colleague, f"/suppliers/members/{pending_id}/decision", "/suppliers/organisation")):
        decided = client.post_form(url, {"decision": "confirmed"})
        assert (decided.status_code, decided.headers["Location"]) == (303, back)
        assert "This person deleted their account: there is no request to join left to " \
               "decide on." in text(client.get(back))

    with seeded.app_context():
        person = db.session.get(User, pending_id)
        assert (person.is_enabled, person.membership) == (False, "pending")
        assert person.deleted_at is not None
        actions = db.session.execute(db.select(AuditEvent.action).filter_by(
            object_type="users", object_id=pending_id)).scalars().all()
        assert not {"user.enabled", "membership.confirmed"} & set(actions)
    again = make_client().post_form("/login", {"email": f"deleted-{pending_id}@invalid",
                                               "password": DEMO_PASSWORD})
    assert again.status_code == 400
