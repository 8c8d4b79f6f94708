"""A supplier account works once its address is confirmed; registering tells nobody
which addresses have accounts."""
from datetime import timedelta

import pytest

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.extensions import db
from procure.suppliers.models import PendingRegistration, SupplierOrganisation
from tests.conftest import ACCOUNTS
from tests.suppliers.registering import (
    PASSWORD,
    confirm,
    follow_link,
    mails_to,
    register,
    register_and_confirm,
    registration,
    verification_path,
)

NEW = "ylva@gronska.example"


def _main(response) -> str:
    """The page's own content (the frame around it has per-request tokens)."""
    html = response.get_data(as_text=True)
    return html[html.index("<main"):html.index("</main>")]


def _answer(response):
    return response.status_code, response.headers.get("Location")


@pytest.mark.parametrize("email", [ACCOUNTS["supplier"], ACCOUNTS["officer"],
                                   ACCOUNTS["admin"], ACCOUNTS["supplier"].upper()])
def test_the_same_answer_for_a_new_and_a_known_address(seeded, make_client, email):
    new, known = make_client(), make_client()
    first = register(seeded, new, registration())
    second = register(seeded, known, registration(email=email))
    assert _answer(first) == _answer(second) == (303, "/suppliers/register/sent")
    assert first.get_data() == second.get_data()
    pages = [_main(c.get("/suppliers/register/sent")) for c in (new, known)]
    assert pages[0] == pages[1]
    assert "Titta i din e-post" in pages[0]


def test_a_known_address_gets_a_mail_saying_it_has_an_account(seeded, client):
    register(seeded, client, registration(email=ACCOUNTS["supplier"]))
    [mail] = mails_to(seeded, ACCOUNTS["supplier"])
    assert "already has an account" in mail.body or "redan ett konto" in mail.body
    assert "https://procure.stad.example/login" in mail.body
    assert "https://procure.stad.example/password/reset" in mail.body
    assert "/suppliers/verify/" not in mail.body
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(
            PendingRegistration)).scalar_one() == 0


def test_no_account_until_the_link_is_followed(seeded, client, make_client):
    register(seeded, client, registration())
    with seeded.app_context():
        assert db.session.execute(db.select(User).filter_by(email=NEW)).first() is None
        assert db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556036-0793")).first() is None
        pending = db.session.execute(db.select(PendingRegistration)).scalar_one()
        # Only the token's hash and the password's hash are kept.
        token = verification_path(seeded, NEW).rsplit("/", 1)[1]
        assert token not in pending.token_hash and PASSWORD not in pending.password_hash
    # Signing in before: the answer of a wrong password, as for any unknown address.
    stranger = make_client()
    response = stranger.post_form("/login", {"email": NEW, "password": PASSWORD})
    assert response.status_code == 400
    assert "E-postadressen eller lösenordet är fel" in response.get_data(as_text=True)
    # After: the account works.
    assert confirm(seeded, client, NEW).status_code == 303
    assert client.get("/suppliers/organisation").status_code == 200
    other = make_client()
    assert other.post_form("/login", {"email": NEW, "password": PASSWORD}).status_code == 303


def test_the_link_works_once(seeded, client, make_client):
    register(seeded, client, registration())
    path = verification_path(seeded, NEW)
    assert confirm(seeded, client, NEW).status_code == 303
    again = make_client()
    assert again.get(path).status_code == 404
    token = path.rsplit("/", 1)[1]
    response = again.post_form("/suppliers/verify", {"token": token})
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(User).filter_by(
            email=NEW)).scalar_one() == 1


def test_the_link_expires(seeded, client):
    register(seeded, client, registration())
    with seeded.app_context():
        pending = db.session.execute(db.select(PendingRegistration)).scalar_one()
        hours = seeded.config["EMAIL_VERIFICATION_HOURS"]
        assert pending.expires_at - pending.created_at == timedelta(hours=hours)
        pending.expires_at = pending.created_at - timedelta(seconds=1)
        db.session.commit()
    path = verification_path(seeded, NEW)
    assert client.get(path).status_code == 404
    response = client.post_form("/suppliers/verify", {"token": path.rsplit("/", 1)[1]})
    assert response.status_code == 404
    with seeded.app_context():
        assert db.session.execute(db.select(User).filter_by(email=NEW)).first() is None
    # The next registration (anybody's) clears expired ones: their personal data goes.
    register(seeded, client, registration(email="someone@else.example"))
    with seeded.app_context():
        assert [row.email for row in db.session.execute(
            db.select(PendingRegistration)).scalars()] == ["someone@else.example"]


def test_two_registrations_of_one_address_make_one_account(seeded, make_client):
    first, second = make_client(), make_client()
    register(seeded, first, registration())
    path_one = verification_path(seeded, NEW)
    register(seeded, second, registration(company_name="Annat AB"))
    assert confirm(seeded, second, NEW).status_code == 303
    assert first.get(path_one).status_code == 303
    assert first.get("/suppliers/verify").status_code == 200
    response = first.post_form("/suppliers/verify", {})
    assert response.status_code == 303 and response.headers["Location"] == "/login"


def test_a_company_claim_is_in_the_audit_trail(seeded, client, make_client):
    register_and_confirm(seeded, client)
    register_and_confirm(seeded, make_client(), registration(email="olle@gronska.example"))
    with seeded.app_context():
        claims = db.session.execute(db.select(AuditEvent).filter_by(
            action="organisation.claimed").order_by(AuditEvent.id)).scalars().all()
        assert [event.detail["claim"] for event in claims] == ["first_user", "join"]
        users = [db.session.get(User, event.actor_id).email for event in claims]
        assert users == [NEW, "olle@gronska.example"]
        assert db.session.execute(db.select(AuditEvent).filter_by(
            action="registration.requested")).scalars().first() is not None


def _contact(app, identifier: str) -> str | None:
    with app.app_context():
        return db.session.execute(db.select(User.email).join(
            SupplierOrganisation, User.organisation_id == SupplierOrganisation.id).where(
            SupplierOrganisation.identifier == identifier,
            User.organisation_contact.is_(True))).scalar_one_or_none()


def test_the_first_user_is_the_contact_until_a_confirmed_member_moves_it(seeded, client,
                                                                         make_client):
    register_and_confirm(seeded, client)
    colleague = make_client()
    register_and_confirm(seeded, colleague, registration(email="olle@gronska.example",
                                                         contact_name="Olle Berg"))
    assert _contact(seeded, "556036-0793") == NEW
    page = client.get("/suppliers/organisation").get_data(as_text=True)
    assert "Kontaktperson" in page or "Contact person" in page
    with seeded.app_context():
        olle = db.session.execute(db.select(User).filter_by(
            email="olle@gronska.example")).scalar_one()
        olle_id = olle.id
    # A member waiting to join can neither move it nor be given it.
    assert colleague.post_form("/suppliers/organisation/contact",
                               {"user_id": str(olle_id)}).status_code == 403
    response = client.post_form("/suppliers/organisation/contact", {"user_id": str(olle_id)},
                                follow_redirects=True)
    assert "Välj en av företagets bekräftade medlemmar" in response.get_data(as_text=True)
    assert _contact(seeded, "556036-0793") == NEW
    # Once confirmed, the second member says otherwise.
    client.post_form(f"/suppliers/members/{olle_id}/decision", {"decision": "confirmed"})
    response = colleague.post_form("/suppliers/organisation/contact", {"user_id": str(olle_id)})
    assert response.status_code == 303
    assert _contact(seeded, "556036-0793") == "olle@gronska.example"
    with seeded.app_context():
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="organisation.contact_moved")).scalar_one()
        assert event.actor_id == olle_id and event.detail["new_contact"] == olle_id


def test_an_admin_sees_and_moves_the_contact(seeded, make_client):
    with seeded.app_context():
        company = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="559214-4314")).scalar_one()
        company_id = company.id
        pending = db.session.execute(db.select(User).filter_by(
            email=ACCOUNTS["pending_supplier"])).scalar_one()
        pending_id, pending_name = pending.id, pending.name
        demo = db.session.execute(db.select(User).filter_by(
            email=ACCOUNTS["supplier"])).scalar_one()
        assert demo.organisation_contact  # the demo data's supplier is its company's contact
    admin = make_client("admin")
    page = admin.get(f"/admin/organisations/{company_id}").get_data(as_text=True)
    assert "Kökssvinn" in page and ACCOUNTS["supplier"] in page
    # Only a confirmed member can be the contact.
    admin.post_form(f"/admin/organisations/{company_id}/contact", {"user_id": str(pending_id)})
    assert _contact(seeded, "559214-4314") == ACCOUNTS["supplier"]
    admin.post_form(f"/admin/members/{pending_id}/decision", {"decision": "confirmed"})
    response = admin.post_form(f"/admin/organisations/{company_id}/contact",
                               {"user_id": str(pending_id)})
    assert response.status_code == 303
    assert _contact(seeded, "559214-4314") == ACCOUNTS["pending_supplier"]
    page = admin.get(f"/admin/organisations/{company_id}").get_data(as_text=True)
    assert f"{pending_name} (" in page
    # Somebody of another company cannot move it.
    outsider = make_client("other_supplier")
    outsider.post_form("/suppliers/organisation/contact", {"user_id": str(pending_id)})
    assert _contact(seeded, "559214-4314") == ACCOUNTS["pending_supplier"]


def test_registering_again_and_again_does_not_bury_an_inbox(seeded, make_client):
    after = seeded.config["ACCOUNT_BRAKE_AFTER"]
    seeded.config["REGISTER_RATE_LIMIT"] = "100 per minute"  # one address, not one network
    for _ in range(after + 3):
        response = register(seeded, make_client(), registration(email=ACCOUNTS["supplier"]))
        assert response.headers["Location"] == "/suppliers/register/sent"
    assert len(mails_to(seeded, ACCOUNTS["supplier"])) == after


def test_the_link_leaves_the_address_at_once(seeded, client, make_client):
    """Followed, the link's token goes into the session and the browser on to a page
    whose address, content and form carry no token: nothing for the history, a proxy's
    log or a Referer header. Only the browser that followed it can press the button."""
    register(seeded, client, registration())
    path = verification_path(seeded, NEW)
    token = path.rsplit("/", 1)[1]
    link = client.get(path)
    assert link.status_code == 303
    assert link.headers["Location"] == "/suppliers/verify"
    assert token not in link.get_data(as_text=True)
    page = client.get("/suppliers/verify")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Bekräfta och logga in" in html or "Confirm and sign in" in html
    assert token not in html
    assert token not in client.get_cookie("session").value  # only its hash is kept
    # Another browser with the token in its form, but not the link in its session: no.
    stranger = make_client()
    assert stranger.get("/suppliers/verify").status_code == 404
    assert stranger.post_form("/suppliers/verify", {"token": token}).status_code == 404
    with seeded.app_context():
        assert db.session.execute(db.select(User).filter_by(email=NEW)).first() is None
    # The browser that followed it makes the account, once; the session forgets the link.
    response = client.post_form("/suppliers/verify", {})
    assert response.status_code == 303 and response.headers["Location"] == \
        "/suppliers/organisation"
    assert client.get("/suppliers/verify").status_code == 404
    assert client.get(path).status_code == 404


def test_a_link_expiring_after_it_was_followed_is_refused(seeded, client):
    register(seeded, client, registration())
    assert follow_link(seeded, client, NEW).status_code == 200
    with seeded.app_context():
        pending = db.session.execute(db.select(PendingRegistration)).scalar_one()
        pending.expires_at = pending.created_at - timedelta(seconds=1)
        db.session.commit()
    response = client.post_form("/suppliers/verify", {})
    assert response.status_code == 404
    assert "Länken fungerar inte" in response.get_data(as_text=True)
    with seeded.app_context():
        assert db.session.execute(db.select(User).filter_by(email=NEW)).first() is None
