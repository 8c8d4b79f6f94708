"""The inputs the fuzz tests found breaking the app (issue #9), kept as plain examples.

Each one answered 500 or lost what a person wrote before its fix; the fuzz tests find
them again only by chance, these every time.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import sqlalchemy as sa

from procure.dialogues.models import Dialogue
from procure.extensions import db
from tests.fuzz.forms import form_for

NINES = "9" * 400  # past what a float holds: WTForms' NumberRange raised OverflowError


def test_a_row_of_nines_is_out_of_range_not_a_server_error(world):
    officer = world.client("officer")
    with world.rolled_back():
        response = officer.post_form("/dialogues/2/slots", {
            "starts_at": "2030-02-01T10:00", "minutes": NINES, "capacity": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "A whole number from 5 to 480." in page or "Ett heltal från 5 till 480." in page
    assert f'value="{NINES}"' in page


def test_a_nul_character_in_a_form_is_dropped(world):
    supplier, officer = world.client("supplier"), world.client("officer")
    with world.rolled_back():
        asked = supplier.post_form("/dialogues/2/questions",
                                   {"question": "Hur många\x00 kök ingår i piloten?"})
        assert asked.status_code == 303  # PostgreSQL refused the NUL: 500
        assert "Hur många kök ingår i piloten?" in officer.get("/dialogues/2").get_data(
            as_text=True)


def test_a_nul_character_in_a_search_is_dropped(world):
    admin = world.client("admin")
    with world.rolled_back():
        for url in ("/cpv?q=sko%00l", "/cpv/search.json?q=sko%00l", "/needs/?division=%00",
                    "/admin/audit?action=auth.%00", "/admin/audit.csv?action=auth.%00"):
            response = admin.get(url)
            response.get_data()  # the CSV streams: the query runs while it is read
            assert response.status_code == 200, url


def test_a_status_comment_past_its_limit_comes_back_with_its_error(world):
    officer = world.client("officer")
    reference = world.url("<reference>")
    comment = "Klar för granskning. " * 100  # 2,100 characters, the limit is 2,000
    with world.rolled_back():
        response = officer.post_form(f"/needs/{reference}/status",
                                     {"target": "in_review", "comment": comment})
    assert response.status_code == 400  # was the bare error page, the comment lost
    page = response.get_data(as_text=True)
    assert 'class="field-error"' in page
    shown = form_for(page, f"/needs/{reference}", "/needs/<reference>/status")
    assert shown.fields["comment"].value.strip() == comment.strip()


def test_a_dialogue_saved_without_its_optional_fields(world):
    admin = world.client("admin")
    with world.rolled_back():
        page = admin.get("/dialogues/3/edit").get_data(as_text=True)
        form = form_for(page, "/dialogues/3/edit", "/dialogues/<id:dialogue_id>/edit")
        data = {field.name: field.checked or field.value for field in form.fields.values()
                if field.name not in ("place", "link")}
        response = admin.post(form.action, data=data)
        assert response.status_code == 303  # NULL into NOT NULL columns: 500
        again = form_for(admin.get("/dialogues/3/edit").get_data(as_text=True),
                         "/dialogues/3/edit", "/dialogues/<id:dialogue_id>/edit")
    assert again.fields["place"].value == again.fields["link"].value == ""


def test_the_feed_stays_well_formed_with_a_stored_control_character(world):
    anonymous = world.client("anonymous")
    with world.rolled_back():
        with world.app.app_context():  # as text written before requests were cleaned
            db.session.execute(sa.update(Dialogue).where(Dialogue.id == 1)
                               .values(title="Marknadsdialog:\x0b matsvinn"))
            db.session.commit()
        feed = ET.fromstring(anonymous.get("/dialogues/feed.atom").data)
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert "Marknadsdialog: matsvinn" in titles
