"""Changing a published dialogue tells the market: every registered organisation and
every organisation whose interests match is alerted, the mail says what changed (old →
new), and the change is a line in the equal-treatment log. Nothing changed, nothing told."""
from datetime import timedelta

import pytest

from procure.dialogues import services
from procure.dialogues.models import Alert, Dialogue, DialogueChange, Slot
from procure.extensions import db
from procure.formatting import to_city_time
from procure.mail.models import OutboxMail
from procure.suppliers.interests import interested_organisations, set_interests
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import ACCOUNTS, user_by_role
from tests.dialogues.participation import free_slot, one_to_one

ZONE = "Europe/Stockholm"


@pytest.fixture
def app_config():
    return {"MAIL_SERVER": "mail.procure.example", "PUBLIC_URL": "https://procure.stad.example"}


@pytest.fixture
def market(seeded):
    """The open one-to-one dialogue: supplier A registered, supplier B only interested
    (its interests match the need), and a third company neither."""
    with seeded.app_context():
        dialogue = one_to_one()
        supplier, other = user_by_role("supplier"), user_by_role("other_supplier")
        services.register(dialogue, supplier, "Sara Holm")
        set_interests(other.organisation, [dialogue.need.cpv_codes[0]], other)
        db.session.commit()
        told = {r.organisation_id for r in services.active_registrations(dialogue)} | set(
            db.session.execute(interested_organisations(dialogue.need.cpv_codes)).scalars())
        assert supplier.organisation_id in told
        assert other.organisation_id in told
        untold = db.session.execute(db.select(SupplierOrganisation.id).where(
            SupplierOrganisation.id.not_in(told))).scalars().all()
        assert untold  # someone neither registered nor interested: never told
        return {"dialogue_id": dialogue.id, "registered": supplier.organisation_id,
                "interested": other.organisation_id, "told": sorted(told)}


def _form(dialogue: Dialogue, **changes) -> dict:
    values = {name: getattr(dialogue, name) or "" for name in (
        "kind", "title", "case_number", "description", "questions_to_market", "place", "link",
        "slots_per_supplier", "cancel_cutoff_hours")}
    for name in ("registration_deadline", "questions_deadline", "input_deadline"):
        values[name] = to_city_time(getattr(dialogue, name), ZONE).strftime("%Y-%m-%dT%H:%M")
    values["lock_version"] = dialogue.lock_version
    values.update(changes)
    return {name: str(value) for name, value in values.items()}


def _edit(app, client, dialogue_id, **changes):
    with app.app_context():
        data = _form(db.session.get(Dialogue, dialogue_id), **changes)
    return client.post_form(f"/dialogues/{dialogue_id}/edit", data)


def _told(app, dialogue_id):
    """(alerted organisation ids, mails) about changes of the dialogue."""
    with app.app_context():
        alerted = sorted(db.session.execute(db.select(Alert.organisation_id).filter_by(
            dialogue_id=dialogue_id, kind="dialogue_changed")).scalars())
        mails = [(m.recipient, m.subject, m.body) for m in db.session.execute(
            db.select(OutboxMail).where(OutboxMail.subject.contains("har ändrats"))
            .order_by(OutboxMail.id)).scalars()]
        return alerted, mails


def _log(officer, dialogue_id) -> str:
    return officer.get(f"/dialogues/{dialogue_id}/log").get_data(as_text=True)


def test_a_changed_deadline_tells_registered_and_interested_companies_old_and_new(
        seeded, market, make_client):
    officer = make_client("officer")
    dialogue_id = market["dialogue_id"]
    with seeded.app_context():
        old = to_city_time(db.session.get(Dialogue, dialogue_id).input_deadline, ZONE)
    new = old + timedelta(days=7)
    response = _edit(seeded, officer, dialogue_id,
                     input_deadline=new.strftime("%Y-%m-%dT%H:%M"))
    assert response.status_code == 303

    alerted, mails = _told(seeded, dialogue_id)
    assert alerted == market["told"]
    recipients = {recipient for recipient, _, _ in mails}
    assert {ACCOUNTS["supplier"], ACCOUNTS["other_supplier"]} <= recipients
    [(_, subject, body)] = [mail for mail in mails if mail[0] == ACCOUNTS["supplier"]]
    assert "Enskilda möten" in subject
    line = next(text for text in body.splitlines()
                if text.startswith("Sista dag för skriftliga synpunkter"))
    assert f"{old.day} " in line and f"{new.day} " in line and "→" in line
    assert line.index(f"{old:%H:%M}") < line.index("→")

    log = _log(officer, dialogue_id)
    assert "Dialogen ändrad;" in log and "Sista dag för skriftliga synpunkter" in log
    with seeded.app_context():
        [change] = db.session.execute(db.select(DialogueChange)).scalars().all()
        assert change.recipients == len(market["told"])
    # Everyone reading the dialogue sees what changed.
    page = make_client().get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Ändringar sedan publiceringen" in page and "Sista dag för skriftliga synpunkter" in page


@pytest.mark.parametrize("field, value, label", [
    ("place", "Stadshuset, Hantverkargatan 1", "Plats"),
    ("link", "https://möte.stad.example/kokssvinn", "Länk"),
    ("description", "Förskolorna slänger en fjärdedel av maten.", "Beskrivning för marknaden"),
])
def test_a_changed_place_link_or_material_is_told_old_and_new(seeded, market, make_client,
                                                              field, value, label):
    officer = make_client("officer")
    dialogue_id = market["dialogue_id"]
    with seeded.app_context():
        old = getattr(db.session.get(Dialogue, dialogue_id), field) or "(ingen)"
    assert _edit(seeded, officer, dialogue_id, **{field: value}).status_code == 303
    alerted, mails = _told(seeded, dialogue_id)
    assert alerted == market["told"]
    body = next(body for recipient, _, body in mails if recipient == ACCOUNTS["supplier"])
    assert f"{label}: {' '.join(old.split())[:300]}" in body and f"→ {value}" in body
    assert label in _log(officer, dialogue_id)


def test_a_meeting_time_added_or_removed_is_told(seeded, market, make_client):
    officer = make_client("officer")
    dialogue_id = market["dialogue_id"]
    response = officer.post_form(f"/dialogues/{dialogue_id}/slots", {
        "starts_at": "2027-02-10T10:00", "minutes": "45", "capacity": "1"})
    assert response.status_code == 303
    alerted, mails = _told(seeded, dialogue_id)
    assert alerted == market["told"]
    body = next(body for recipient, _, body in mails if recipient == ACCOUNTS["supplier"])
    assert "Mötestider: (ingen) → 10 feb. 2027 10:00" in body

    with seeded.app_context():
        slot_id = db.session.execute(db.select(Slot.id).filter_by(dialogue_id=dialogue_id)
                                     .order_by(Slot.id.desc())).scalars().first()
    assert officer.post_form(f"/dialogues/slots/{slot_id}/remove").status_code == 303
    _, mails = _told(seeded, dialogue_id)
    bodies = [body for recipient, _, body in mails if recipient == ACCOUNTS["supplier"]]
    assert len(bodies) == 2 and "Mötestider: 10 feb. 2027 10:00 → (ingen)" in bodies[-1]
    log = _log(officer, dialogue_id)
    assert log.count("Dialogen ändrad;") == 2


def test_the_mail_is_in_each_readers_language(seeded, market, make_client):
    with seeded.app_context():
        user_by_role("other_supplier").locale = "en"
        db.session.commit()
    _edit(seeded, make_client("officer"), market["dialogue_id"], place="Stadshuset")
    with seeded.app_context():
        [english] = db.session.execute(db.select(OutboxMail).filter_by(
            recipient=ACCOUNTS["other_supplier"])).scalars().all()
        assert "has changed" in english.subject
        assert "\nPlace: Utbildningsförvaltningen" in english.body
        assert "→ Stadshuset\n" in english.body


def test_nothing_is_told_when_nothing_changed(seeded, market, make_client):
    officer = make_client("officer")
    dialogue_id = market["dialogue_id"]
    with seeded.app_context():
        # A deadline stored with seconds (imported, seeded) is shown and saved to the minute.
        dialogue = db.session.get(Dialogue, dialogue_id)
        dialogue.input_deadline = dialogue.input_deadline.replace(second=37, microsecond=5)
        db.session.commit()
    edit_page = officer.get(f"/dialogues/{dialogue_id}/edit").get_data(as_text=True)
    assert "meddelas alla anmälda företag och alla företag vars intressen matchar" in edit_page
    assert _edit(seeded, officer, dialogue_id).status_code == 303
    # The title and the case number are the city's own: not a change the market is told.
    assert _edit(seeded, officer, dialogue_id, case_number="UTB 2026/123").status_code == 303
    assert _told(seeded, dialogue_id) == ([], [])
    with seeded.app_context():
        assert db.session.execute(db.select(DialogueChange)).first() is None
    assert "Dialogen ändrad;" not in _log(officer, dialogue_id)


def test_a_drafts_changes_are_told_to_nobody(seeded, market, make_client):
    with seeded.app_context():
        draft = db.session.execute(db.select(Dialogue).filter_by(status="draft")).scalar_one()
        draft_id = draft.id
    admin = make_client("admin")
    assert _edit(seeded, admin, draft_id, place="Någonstans").status_code == 303
    assert _told(seeded, draft_id) == ([], [])
