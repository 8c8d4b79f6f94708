"""Market dialogues, first part: lifecycle, officers' pages, the public listing, feed and API."""
import itertools
import re
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree as ET

import pytest

from procure.dialogues.lifecycle import DialogueLifecycleError, check_transition
from procure.dialogues.models import Dialogue
from procure.dialogues.vocabulary import STATES
from procure.extensions import db
from procure.needs.models import Need
from tests.perf.querycount import count_queries

# The demo's open request for information on UTB-2026-001 (the other open one is one-to-one).
RFI = "request_for_information"
ALLOWED = {("draft", "published"), ("published", "closed"), ("closed", "reported"),
           ("draft", "cancelled"), ("published", "cancelled")}


@pytest.mark.parametrize("source, target", list(itertools.product(STATES, STATES)))
def test_lifecycle_table(source, target):
    if (source, target) in ALLOWED:
        assert check_transition(source, target).target == target
    else:
        with pytest.raises(DialogueLifecycleError):
            check_transition(source, target)


def _form(**changes):
    ahead = datetime.now() + timedelta(days=30)
    values = {"kind": "request_for_information", "title": "Dialog om möbler",
              "description": "Möbler går sönder.", "questions_to_market": "Vad kan lagas?",
              "place": "", "link": "", "slots_per_supplier": "1", "cancel_cutoff_hours": "24",
              "registration_deadline": ahead.strftime("%Y-%m-%dT%H:%M"),
              "questions_deadline": ahead.strftime("%Y-%m-%dT%H:%M"),
              "input_deadline": (ahead + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")}
    values.update(changes)
    return values


def test_officer_drafts_and_publishes_a_dialogue_which_moves_the_need(seeded):
    from tests.conftest import sign_in

    elderly = seeded.test_client()
    sign_in(elderly, "elderly.officer@procure.example")
    response = elderly.post_form("/needs/AFF-2026-001/dialogues/new", _form())
    assert response.status_code == 303
    dialogue_url = response.headers["Location"]
    anonymous = seeded.test_client()
    assert anonymous.get(dialogue_url).status_code == 404  # a draft is not public
    assert "Dialog om möbler" not in anonymous.get("/dialogues/").get_data(as_text=True)

    dialogue_id = int(dialogue_url.rsplit("/", 1)[1])
    assert elderly.post_form(f"/dialogues/{dialogue_id}/status",
                             {"target": "published"}).status_code == 303
    assert anonymous.get(dialogue_url).status_code == 200
    assert "Dialog om möbler" in anonymous.get("/dialogues/").get_data(as_text=True)
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference="AFF-2026-001")).scalar_one()
        assert need.status == "in_dialogue"
        assert need.status_changes[-1].to_status == "in_dialogue"


def test_deadlines_in_the_wrong_order_are_refused(seeded):
    from tests.conftest import sign_in

    elderly = seeded.test_client()
    sign_in(elderly, "elderly.officer@procure.example")
    late = (datetime.now() + timedelta(days=90)).strftime("%Y-%m-%dT%H:%M")
    response = elderly.post_form("/needs/AFF-2026-001/dialogues/new",
                                 _form(registration_deadline=late))
    assert response.status_code == 400
    assert "Anmälan måste stänga innan" in response.get_data(as_text=True)
    assert "Dialog om möbler" in response.get_data(as_text=True)  # input kept


def test_publishing_needs_deadlines_ahead(seeded):
    from procure.dialogues import services
    from tests.conftest import user_by_role

    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(status="draft")).scalars().first()
        dialogue.registration_deadline = datetime.now(timezone.utc) - timedelta(hours=1)
        with pytest.raises(services.DialogueRefused) as refused:
            services.change_status(dialogue, "published", user_by_role("admin"))
        assert refused.value.code == "deadline_passed"


def test_public_listing_filters(client, seeded):
    html = client.get("/dialogues/?division=55").get_data(as_text=True)
    assert "Marknadsdialog: mindre matsvinn" in html
    assert "Marknadsdialog: mindre matsvinn" not in client.get(
        "/dialogues/?division=39").get_data(as_text=True)
    assert "Marknadsdialog: mindre matsvinn" not in client.get(
        "/dialogues/?kind=one_to_one").get_data(as_text=True)


def test_the_pages_of_a_list_with_closed_dialogues_keep_them(client, seeded):
    seeded.config["PAGE_SIZE"] = 1
    html = client.get("/dialogues/?past=1").get_data(as_text=True)
    following = re.search(r'href="([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "past=1" in following
    assert 'id="past" name="past" value="1" checked' in client.get(following).get_data(
        as_text=True)


def test_json_api_lists_open_dialogues_with_the_public_part_of_the_need(seeded, client):
    data = client.get("/api/v1/dialogues").get_json()
    # Nearest registration deadline first.
    assert [d["title"] for d in data["dialogues"]] == [
        "Enskilda möten: prognoser för förskolornas måltider",
        "Marknadsdialog: mindre matsvinn i förskolornas kök"]
    need = data["dialogues"][1]["need"]
    assert need["reference"] == "UTB-2026-001" and need["department"]["code"] == "UTB"
    assert "55523100-3" in need["cpv_codes"]
    assert datetime.fromisoformat(data["dialogues"][1]["registration_deadline"]).tzinfo


def test_json_api_pages_with_links_next_and_etag(seeded, client, monkeypatch):
    from procure.dialogues import services as dialogue_services

    everything = client.get("/api/v1/dialogues").get_json()["dialogues"]
    monkeypatch.setattr(dialogue_services, "API_PAGE_SIZE", 1)
    pages, url = [], "/api/v1/dialogues?division=55"
    while url:
        answer = client.get(url)
        assert answer.status_code == 200
        pages.append(answer.get_json())
        url = pages[-1].get("links", {}).get("next")
    assert [len(page["dialogues"]) for page in pages] == [1, 1]
    assert "division=55" in pages[0]["links"]["next"]
    assert [d for page in pages for d in page["dialogues"]] == everything

    first = client.get("/api/v1/dialogues")
    assert "public" in first.headers["Cache-Control"]
    assert client.get("/api/v1/dialogues", headers={
        "If-None-Match": first.headers["ETag"]}).status_code == 304
    assert client.get("/api/v1/dialogues?after=not-a-cursor").status_code == 400


def test_atom_feed(seeded, client):
    response = client.get("/dialogues/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 2
    assert entries[1].find(f"{atom}title").text.startswith("Marknadsdialog")
    assert entries[0].find(f"{atom}link").get("href").startswith(
        seeded.config["PUBLIC_URL"] + "/dialogues/")


def test_the_feed_links_to_the_public_url_whatever_the_host_header(seeded, client):
    """A forged Host header must not reach the feed's links (a cache would pass them on)."""
    seeded.config["PUBLIC_URL"] = "https://procure.stad.example"
    response = client.get("/dialogues/feed.atom?kind=one_to_one&x=<y>",
                          headers={"Host": "evil.example"})
    body = response.get_data(as_text=True)
    assert "evil.example" not in body and "x=" not in body
    root = ET.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.find(f"{atom}id").text == \
        "https://procure.stad.example/dialogues/feed.atom?kind=one_to_one"
    links = [entry.find(f"{atom}link").get("href") for entry in root.findall(f"{atom}entry")]
    assert links and all(link.startswith("https://procure.stad.example/dialogues/")
                         for link in links)


def test_only_a_feed_that_is_the_same_for_everybody_is_publicly_cacheable(seeded, client,
                                                                         login):
    assert client.get("/dialogues/feed.atom").headers["Cache-Control"] == "public, max-age=300"
    # A chosen language makes it this browser's: no shared cache keeps it.
    client.post_form("/language", {"lang": "en"})
    chosen = client.get("/dialogues/feed.atom")
    assert chosen.headers["Cache-Control"].startswith("private")
    assert "Open market dialogues" in chosen.get_data(as_text=True)
    signed_in = login("supplier").get("/dialogues/feed.atom")
    assert signed_in.headers["Cache-Control"].startswith("private")


def test_a_dialogue_form_edit_conflict_keeps_input(seeded, login):
    client = login("officer")
    with seeded.app_context():
        dialogue_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="published", kind=RFI)).scalar_one()
    response = client.post_form(f"/dialogues/{dialogue_id}/edit",
                                {**_form(title="Ny titel"), "lock_version": "0"})
    assert response.status_code == 409
    assert 'value="Ny titel"' in response.get_data(as_text=True)


def _published_id(app):
    with app.app_context():
        return db.session.execute(db.select(Dialogue.id).filter_by(status="published", kind=RFI)).scalar_one()


def test_a_supplier_registers_and_withdraws_and_the_officer_sees_it(seeded, login, make_client):
    dialogue_id = _published_id(seeded)
    supplier = login("supplier")
    page = supplier.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Anmäl Kökssvinn Analys AB" in page
    response = supplier.post_form(f"/dialogues/{dialogue_id}/registration",
                                  {"attendees": "Sara Holm\nNils Åberg"})
    assert response.status_code == 303
    page = supplier.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Kökssvinn Analys AB är anmält." in page and "Nils Åberg" in page
    again = supplier.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": "X"})
    assert again.status_code == 400 and "redan anmält" in again.get_data(as_text=True)

    # Another supplier sees nothing of it, and cannot withdraw it.
    other = make_client("other_supplier")
    assert "Nils Åberg" not in other.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert other.post_form(f"/dialogues/{dialogue_id}/registration/cancel").status_code == 404

    officer = make_client("officer")
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Anmälda organisationer (1)" in page and "Kökssvinn Analys AB" in page

    assert supplier.post_form(f"/dialogues/{dialogue_id}/registration/cancel").status_code == 303
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Anmälda organisationer (0)" in page


@pytest.mark.parametrize("offset, allowed", [(timedelta(seconds=-1), True),
                                             (timedelta(seconds=0), True),
                                             (timedelta(seconds=1), False)])
def test_registration_closes_at_the_deadline(seeded, offset, allowed):
    from procure.dialogues import services
    from tests.conftest import user_by_role

    with seeded.app_context():
        dialogue = db.session.get(Dialogue, _published_id(seeded))
        now = dialogue.registration_deadline + offset
        if allowed:
            assert services.register(dialogue, user_by_role("supplier"), "Sara", now=now)
        else:
            with pytest.raises(services.DialogueRefused) as refused:
                services.register(dialogue, user_by_role("supplier"), "Sara", now=now)
            assert refused.value.code == "registration_closed"


def test_anonymous_visitors_are_asked_to_sign_in(seeded, client):
    dialogue_id = _published_id(seeded)
    assert "för att delta." in client.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    response = client.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": "X"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_listing_loads_needs_with_the_dialogues_not_one_query_a_row(seeded, client):
    def open_dialogues_on(references):
        with seeded.app_context():
            first = db.session.execute(db.select(Dialogue).filter_by(status="published", kind=RFI)).scalar_one()
            for reference in references:
                need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
                db.session.add(Dialogue(
                    need_id=need.id, kind="request_for_information", title=f"Dialog {reference}",
                    status="published", published_at=first.published_at,
                    **{name: getattr(first, name) for name in (
                        "registration_deadline", "questions_deadline", "input_deadline")}))
            db.session.commit()

    def statements_for_listing():
        with seeded.app_context():
            engine = db.engine
        with count_queries(engine) as statements:
            client.get("/dialogues/")
        return statements.count

    few = statements_for_listing()
    open_dialogues_on(["AFF-2026-001", "TRF-2026-001", "AFF-2026-003"])
    assert statements_for_listing() == few
