"""Ideas and problems in: the public form's limits, triage into a need, support and
comments, and what the submitter sees (never the staff's comments)."""
import json
import re
from pathlib import Path

import pytest

from procure.extensions import db
from procure.ideas.models import Idea, IdeaSupport
from procure.needs.models import Need
from tests.conftest import user_by_role

FORM = {"title": "Halka vid busshållplatser", "problem": "Äldre halkar på isen vid hållplatser.",
        "affected": "Äldre och personer med rullator.", "frequency": "Varje vinter",
        "suggestion": "Uppvärmda plattor?", "department": "", "contact": ""}


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _send(client, **changes):
    return client.post_form("/ideas/new", {**FORM, **changes})


# The demo's ideas (data/seed/ideas.json), one in every triage state: left out below.
DEMO = {row["title"] for row in json.loads(
    (Path(__file__).resolve().parents[2] / "data" / "seed" / "ideas.json").read_text("utf-8"))}


def _ideas(app):
    """The ideas this test sent in."""
    with app.app_context():
        return db.session.execute(db.select(Idea).where(Idea.title.not_in(DEMO))
                                  .order_by(Idea.id)).scalars().all()


def _status_url(response) -> str:
    return response.headers["Location"]


def test_a_resident_sends_an_idea_without_an_account_and_follows_it(seeded, client):
    _english(client)
    page = client.get("/ideas/new").get_data(as_text=True)
    assert "You need no account" in page and "never published" in page
    response = _send(client, contact="anna@example.se")
    assert response.status_code == 303
    status_url = _status_url(response)
    token = status_url.rsplit("/", 1)[1]
    assert len(token) >= 40  # unguessable
    status_page = client.get(status_url).get_data(as_text=True)
    assert "Halka vid busshållplatser" in status_page and "Submitted" in status_page
    assert "anna@example.se" not in status_page  # the contact is for staff only
    # Its own address, written out to copy, on the configured public address.
    public = seeded.config["PUBLIC_URL"].rstrip("/")
    assert f"<code>{public}/ideas/status/{token}</code>" in status_page
    [idea] = _ideas(seeded)
    assert (idea.origin, idea.submitted_by_id, idea.contact) == ("public", None, "anna@example.se")
    assert client.get("/ideas/status/" + token[:-1] + "x").status_code == 404


@pytest.mark.parametrize("changes, message", [
    ({"title": "   ", "problem": "\n\t  "}, "Please fill in this field."),
    ({"problem": "x" * (10 * 1024 * 1024)}, "At most 5000 characters."),
    ({"title": "y" * 201}, "At most 200 characters."),
    ({"contact": "z" * 201}, "At most 200 characters."),
])
def test_bad_input_is_refused_clearly_and_nothing_is_stored(seeded, client, changes, message):
    _english(client)
    response = _send(client, **changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _ideas(seeded) == []


def test_html_and_script_are_shown_as_text_never_run(seeded, client, login):
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = _send(client, title=script, problem=script)
    assert response.status_code == 303
    for page in (client.get(_status_url(response)), login("officer").get("/ideas/")):
        html = page.get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html


def test_the_same_idea_twice_is_stored_once(seeded, client):
    _english(client)
    assert _send(client).status_code == 303
    again = _send(client, title="  halka VID busshållplatser ")  # spacing and case aside
    assert again.status_code == 400
    assert "not stored twice" in again.get_data(as_text=True)
    assert len(_ideas(seeded)) == 1


@pytest.mark.parametrize("app_config", [{"IDEA_RATE_LIMIT": "5 per minute"}])
def test_fifty_a_minute_from_one_address_are_refused(seeded, client, app_config):
    _english(client)
    statuses = [_send(client, title=f"Idé nummer {n}").status_code for n in range(50)]
    assert statuses[:5] == [303] * 5
    assert set(statuses[5:]) == {429}
    assert "Too many attempts" in _send(client, title="En till").get_data(as_text=True)
    assert len(_ideas(seeded)) == 5


def _idea_id(app, client) -> int:
    assert _send(client).status_code == 303
    return _ideas(app)[-1].id


def test_accepting_drafts_a_need_with_the_texts_linked_both_ways_once(seeded, client, login):
    idea_id = _idea_id(seeded, client)
    officer = login("officer")
    form = {"target": "accepted", "reason": "", "merge_into": "", "language": "sv"}
    response = officer.post_form(f"/ideas/{idea_id}/triage", form)
    assert response.status_code == 303
    need_url = response.headers["Location"]
    reference = need_url.rstrip("/").rsplit("/", 1)[1]
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert need.status == "draft" and need.title == FORM["title"]
        assert FORM["problem"] in need.problem and FORM["affected"] in need.problem
        assert FORM["suggestion"] in need.background
        # Each answer after its question, in the need's language: the officer sees that
        # the background holds the submitter's proposed solution, to rewrite.
        assert f"Idéns förslag till lösning (skriv om som ett behov, eller stryk): " \
               f"{FORM['suggestion']}" in need.background
        assert f"Hur ofta det händer, med idéns ord: {FORM['frequency']}" in need.background
        assert f"Vem som berörs, med idéns ord: {FORM['affected']}" in need.problem
    need_page = officer.get(need_url).get_data(as_text=True)
    assert f'href="/ideas/{idea_id}"' in need_page
    assert f'href="{need_url}"' in officer.get(f"/ideas/{idea_id}").get_data(as_text=True)
    # Converting again (a second click, a second officer) gives the same need.
    again = officer.post_form(f"/ideas/{idea_id}/triage", form)
    assert again.headers["Location"] == need_url
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count(Need.id)).filter_by(
            title=FORM["title"])).scalar_one() == 1
    page = client.get(_status_url_of(seeded, idea_id)).get_data(as_text=True)
    assert "Godtagen" in page


def _status_url_of(app, idea_id) -> str:
    with app.app_context():
        return f"/ideas/status/{db.session.get(Idea, idea_id).token}"


def test_declining_needs_a_reason_the_submitter_sees(seeded, client, make_client):
    idea_id = _idea_id(seeded, client)
    officer = make_client("officer")
    _english(officer)
    refused = officer.post_form(f"/ideas/{idea_id}/triage", {"target": "declined", "reason": " "})
    assert refused.status_code == 400
    assert "Say why: the submitter reads the reason." in refused.get_data(as_text=True)
    assert _ideas(seeded)[0].status == "submitted"
    officer.post_form(f"/ideas/{idea_id}/comments", {"body": "Internt: dyrt och osäkert."})
    done = officer.post_form(f"/ideas/{idea_id}/triage", {"target": "declined",
                                                          "reason": "Trafikkontoret saltar redan."})
    assert done.status_code == 303
    page = client.get(_status_url_of(seeded, idea_id)).get_data(as_text=True)
    assert "Trafikkontoret saltar redan." in page and "Avslagen" in page
    assert "Internt" not in page  # staff comments never reach the submitter
    # A decided idea takes no further steps.
    late = officer.post_form(f"/ideas/{idea_id}/triage", {"target": "accepted"})
    assert late.status_code == 400


def test_merging_into_another_idea_or_a_need(seeded, client, login):
    first = _idea_id(seeded, client)
    assert _send(client, title="Is på trottoaren").status_code == 303
    second = _ideas(seeded)[-1].id
    officer = login("officer")
    unknown = officer.post_form(f"/ideas/{second}/triage", {"target": "merged",
                                                            "merge_into": "999999"})
    assert unknown.status_code == 400
    assert officer.post_form(f"/ideas/{second}/triage", {"target": "merged",
                                                         "merge_into": f"#{first}"}).status_code == 303
    assert _send(client, title="Mat som slängs").status_code == 303
    third = _ideas(seeded)[-1].id
    assert officer.post_form(f"/ideas/{third}/triage", {"target": "merged",
                                                        "merge_into": "UTB-2026-001"}).status_code == 303
    with seeded.app_context():
        merged = db.session.get(Idea, second), db.session.get(Idea, third)
        assert merged[0].merged_into_idea_id == first
        assert merged[1].merged_into_need.reference == "UTB-2026-001"
    assert f"/ideas/{third}" in officer.get("/needs/UTB-2026-001").get_data(as_text=True)


def test_one_vote_per_person(seeded, client, make_client):
    idea_id = _idea_id(seeded, client)
    officer, other = make_client("officer"), make_client("other_officer")
    for voter in (officer, officer, other):
        assert voter.post_form(f"/ideas/{idea_id}/support").status_code == 303
    with seeded.app_context():
        assert db.session.execute(db.select(db.func.count(IdeaSupport.id)).filter_by(
            idea_id=idea_id)).scalar_one() == 2
    page = officer.get("/ideas/").get_data(as_text=True)
    assert re.search(r'<td class="number">2</td>', page)
    # The title is the link: a number alone says nothing to a screen reader's link list.
    assert f'<a href="/ideas/{idea_id}">{FORM["title"]}</a>' in page


def test_staff_submissions_name_the_person(seeded, login):
    officer = login("officer")
    assert _send(officer).status_code == 303
    with seeded.app_context():
        [idea] = _ideas(seeded)
        assert idea.origin == "staff" and idea.submitted_by_id == user_by_role("officer").id


def test_the_idea_list_filters_by_status(seeded, client, login):
    _idea_id(seeded, client)
    officer = login("officer")
    assert "Halka" in officer.get("/ideas/?status=submitted").get_data(as_text=True)
    assert "Halka" not in officer.get("/ideas/?status=declined").get_data(as_text=True)
