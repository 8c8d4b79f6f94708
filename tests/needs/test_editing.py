"""Editing by section: lists without JavaScript, CPV codes, conflicts with nothing lost."""
from procure.extensions import db
from procure.needs.models import Need, NeedRevision
from tests.needs.conftest import edit_form


def _need(app, reference):
    with app.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        return {"outcomes": [o.description for o in need.outcomes],
                "requirements": [(r.text, r.must, [o.position for o in r.outcomes])
                                 for r in need.requirements],
                "cpv": need.cpv_codes, "lock_version": need.lock_version,
                "background": need.background}


def test_second_save_of_the_same_version_is_a_conflict_and_nothing_is_lost(make_need, login, make_client, seeded):
    reference = make_need()
    first = login("officer")
    second = make_client("reviewer")
    form_first = edit_form(first, reference, "description")
    form_second = edit_form(second, reference, "description")

    form_first.update(background="Första handläggarens bakgrund.")
    assert first.post_form(f"/needs/{reference}/edit/description", form_first).status_code == 303

    form_second.update(background="Andra handläggarens text som inte får försvinna.",
                       problem="Ett problem som bara den andra skrev.")
    response = second.post_form(f"/needs/{reference}/edit/description", form_second)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Någon annan sparade behovet medan du redigerade" in html
    assert "Omar Haddad" in html  # who saved in between
    assert "<ins>" in html and "Första" in html  # the other change, shown
    assert "Andra handläggarens text som inte får försvinna." in html  # kept input
    assert "Ett problem som bara den andra skrev." in html
    assert _need(seeded, reference)["background"] == "Första handläggarens bakgrund."

    # Sending the kept form again saves it, knowingly, over the first change.
    resend = dict(form_second)
    import re
    resend["lock_version"] = re.search(r'name="lock_version" type="hidden" value="(\d+)"', html).group(1)
    assert second.post_form(f"/needs/{reference}/edit/description", resend).status_code == 303
    assert _need(seeded, reference)["background"] == "Andra handläggarens text som inte får försvinna."


def test_outcome_rows_are_added_reordered_and_removed_without_javascript(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "Första effekten", "add_row": "1"})
    response = client.post_form(f"/needs/{reference}/edit/outcomes", data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Första effekten" in html and 'name="rows-1-description"' in html  # row added, input kept

    data.pop("add_row")
    data.update({"rows-1-description": "Andra effekten", "rows-0-position": "2",
                 "rows-1-position": "1"})
    assert client.post_form(f"/needs/{reference}/edit/outcomes", data).status_code == 303
    assert _need(seeded, reference)["outcomes"] == ["Andra effekten", "Första effekten"]

    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "Andra effekten", "rows-0-position": "1",
                 "rows-1-description": "Första effekten", "rows-1-position": "2",
                 "rows-1-remove": "y"})
    assert client.post_form(f"/needs/{reference}/edit/outcomes", data).status_code == 303
    assert _need(seeded, reference)["outcomes"] == ["Andra effekten"]


def test_requirements_are_tied_to_outcomes(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A", "rows-1-description": "B"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    data = edit_form(client, reference, "requirements")
    page = client.get(f"/needs/{reference}/edit/requirements").get_data(as_text=True)
    assert "Effekt 2: B" in page
    data.update({"rows-0-text": "Krav ett", "rows-0-must": "should",
                 "rows-0-outcomes": ["1", "2"]})
    assert client.post_form(f"/needs/{reference}/edit/requirements", data).status_code == 303
    assert _need(seeded, reference)["requirements"] == [("Krav ett", False, [1, 2])]


def test_outcome_without_description_keeps_input_and_says_what_to_fix(make_need, login):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-indicator": "Kilo per vecka"})
    response = client.post_form(f"/needs/{reference}/edit/outcomes", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Beskriv effekten, eller töm raden." in html and "Kilo per vecka" in html


def test_unknown_cpv_code_is_refused(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "cpv")
    data.update(cpv_main="55523100-3", cpv_additional="99999999-9")
    response = client.post_form(f"/needs/{reference}/edit/cpv", data)
    assert response.status_code == 400
    assert "Finns inte i CPV-listan: 99999999-9" in response.get_data(as_text=True)
    assert _need(seeded, reference)["cpv"] == []


def test_cpv_search_and_add_work_without_javascript(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "cpv")
    data.update(cpv_query="skolmåltider", search="1")
    html = client.post_form(f"/needs/{reference}/edit/cpv", data).get_data(as_text=True)
    assert "55523100-3" in html and "Servering av skolmåltider" in html
    data.pop("search")
    data["add_code"] = "55523100-3"
    html = client.post_form(f"/needs/{reference}/edit/cpv", data).get_data(as_text=True)
    assert 'value="55523100-3"' in html  # now the main code in the form, not yet saved
    assert _need(seeded, reference)["cpv"] == []
    data.pop("add_code")
    data.update(cpv_main="55523100-3")
    assert client.post_form(f"/needs/{reference}/edit/cpv", data).status_code == 303
    assert _need(seeded, reference)["cpv"] == ["55523100-3"]


def test_every_save_keeps_a_revision_and_the_history_compares_them(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    for text in ("Första versionen av bakgrunden.", "Andra versionen av bakgrunden."):
        data = edit_form(client, reference, "description")
        data.update(background=text)
        client.post_form(f"/needs/{reference}/edit/description", data)
    with seeded.app_context():
        numbers = db.session.execute(db.select(NeedRevision.number).join(Need).where(
            Need.reference == reference).order_by(NeedRevision.number)).scalars().all()
    assert numbers == [1, 2, 3]
    assert "Vad som ändrades i revision 3" in client.get(f"/needs/{reference}/history").get_data(as_text=True)
    html = client.get(f"/needs/{reference}/history/compare?a=2&b=3").get_data(as_text=True)
    assert "<del>Första</del>" in html and "<ins>Andra</ins>" in html
    assert client.get(f"/needs/{reference}/history/compare?a=2&b=99").status_code == 404


def test_value_must_be_a_sensible_number(make_need, login):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "basics")
    page = client.get(f"/needs/{reference}/edit/basics").get_data(as_text=True)
    import re
    officer_id = re.search(r'<option selected value="(\d+)">Omar Haddad', page)
    assert officer_id, "the responsible officer is preselected"
    data.update(title="Titel", language="sv", officer=officer_id.group(1),
                estimated_value_sek="-5", timeline="")
    response = client.post_form(f"/needs/{reference}/edit/basics", data)
    assert response.status_code == 400
    assert "Ange ett helt antal kronor" in response.get_data(as_text=True)
    data.update(estimated_value_sek="1500000")
    assert client.post_form(f"/needs/{reference}/edit/basics", data).status_code == 303
    assert "1\u00a0500\u00a0000\u00a0kr" in client.get(f"/needs/{reference}").get_data(as_text=True)


def test_list_filters(login):
    client = login("officer")
    html = client.get("/needs/?status=draft").get_data(as_text=True)
    assert "AFF-2026-002" in html and "UTB-2026-001" not in html
    html = client.get("/needs/?division=55").get_data(as_text=True)
    assert "UTB-2026-001" in html and "TRF-2026-001" not in html
    html = client.get("/needs/?q=matsvinn").get_data(as_text=True)
    assert "UTB-2026-001" in html and "AFF-2026-001" not in html
    # Case folds beyond ASCII on SQLite as on PostgreSQL.
    html = client.get("/needs/?q=FÄRRE+FALLOLYCKOR").get_data(as_text=True)
    assert "AFF-2026-002" in html and "UTB-2026-001" not in html


def test_paragraphs_typed_in_a_browser_keep_their_breaks(make_need, login):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "description")
    data.update(background="Första stycket.\r\nSamma stycke, ny rad.\r\n\r\nAndra stycket.")
    client.post_form(f"/needs/{reference}/edit/description", data)
    html = client.get(f"/needs/{reference}/statement").get_data(as_text=True)
    assert '<p class="prose">Första stycket.\nSamma stycke, ny rad.</p>' in html
    assert '<p class="prose">Andra stycket.</p>' in html


def test_a_full_list_offers_no_blank_row_and_refuses_more(make_need, login, seeded):
    from procure.needs.forms import MAX_OUTCOMES

    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({f"rows-{i}-description": f"Effekt {i}" for i in range(MAX_OUTCOMES)})
    assert client.post_form(f"/needs/{reference}/edit/outcomes", data).status_code == 303
    page = client.get(f"/needs/{reference}/edit/outcomes")
    assert page.status_code == 200
    assert f'name="rows-{MAX_OUTCOMES}-description"' not in page.get_data(as_text=True)

    data = edit_form(client, reference, "outcomes")
    data.update({f"rows-{i}-description": f"Effekt {i}" for i in range(MAX_OUTCOMES)})
    response = client.post_form(f"/needs/{reference}/edit/outcomes", {**data, "add_row": "1"})
    assert response.status_code == 200 and "Högst 50 rader." in response.get_data(as_text=True)
    data[f"rows-{MAX_OUTCOMES}-description"] = "En för mycket"
    response = client.post_form(f"/needs/{reference}/edit/outcomes", data)
    assert response.status_code == 400 and "En för mycket" not in _need(seeded, reference)["outcomes"]


def test_a_save_racing_past_the_check_cannot_overwrite(make_need, seeded):
    import pytest
    from sqlalchemy import update
    from sqlalchemy.orm.exc import StaleDataError

    from procure.needs import sections
    from tests.conftest import user_by_role

    reference = make_need()
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        expected = need.lock_version
        # Another request saves between this one's version check and its write.
        with db.engine.begin() as other:
            other.execute(update(Need).where(Need.id == need.id)
                          .values(lock_version=Need.lock_version + 1))
        with pytest.raises(StaleDataError):
            sections.save_section(need, "description", {"background": "Skriver över?"},
                                  expected_lock_version=expected, actor=user_by_role("officer"))
        db.session.rollback()
    assert _need(seeded, reference)["background"] == ""


def test_removing_an_outcome_unlinks_it_from_requirements(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A", "rows-1-description": "B"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    data = edit_form(client, reference, "requirements")
    data.update({"rows-0-text": "Krav", "rows-0-must": "must", "rows-0-outcomes": ["2"]})
    client.post_form(f"/needs/{reference}/edit/requirements", data)
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A", "rows-1-description": "B", "rows-1-remove": "y"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A", "rows-1-description": "Ny effekt"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    assert _need(seeded, reference)["requirements"] == [("Krav", True, [])]


def test_reordering_outcomes_keeps_requirements_tied_to_the_same_outcome(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A", "rows-1-description": "B"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    data = edit_form(client, reference, "requirements")
    data.update({"rows-0-text": "Krav för B", "rows-0-must": "must", "rows-0-outcomes": ["2"]})
    client.post_form(f"/needs/{reference}/edit/requirements", data)

    page = client.get(f"/needs/{reference}/edit/outcomes").get_data(as_text=True)
    import re
    ids = re.findall(r'name="rows-(\d)-outcome_id" type="hidden" value="(\d+)"', page)
    data = edit_form(client, reference, "outcomes")
    for index, outcome_id in ids:
        data[f"rows-{index}-outcome_id"] = outcome_id
    data.update({"rows-0-description": "A", "rows-0-position": "2",
                 "rows-1-description": "B", "rows-1-position": "1"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    state = _need(seeded, reference)
    assert state["outcomes"] == ["B", "A"]
    assert state["requirements"] == [("Krav för B", True, [1])]  # still B, now number 1


def test_two_officers_may_write_different_sections_at_once(make_need, login, make_client, seeded):
    reference = make_need()
    first, second = login("officer"), make_client("reviewer")
    description = edit_form(first, reference, "description")
    cpv_form = edit_form(second, reference, "cpv")
    description.update(background="Bakgrund från den första.")
    assert first.post_form(f"/needs/{reference}/edit/description", description).status_code == 303
    cpv_form.update(cpv_main="55523100-3")
    assert second.post_form(f"/needs/{reference}/edit/cpv", cpv_form).status_code == 303
    state = _need(seeded, reference)
    assert state["background"] == "Bakgrund från den första." and state["cpv"] == ["55523100-3"]


def test_a_row_added_to_requirements_can_be_tied_at_once(make_need, login):
    reference = make_need()
    client = login("officer")
    data = edit_form(client, reference, "outcomes")
    data.update({"rows-0-description": "A"})
    client.post_form(f"/needs/{reference}/edit/outcomes", data)
    data = edit_form(client, reference, "requirements")
    data.update({"rows-0-text": "Krav", "rows-0-must": "must", "add_row": "1"})
    html = client.post_form(f"/needs/{reference}/edit/requirements", data).get_data(as_text=True)
    assert 'name="rows-1-outcomes"' in html  # the new row offers the outcomes


def test_enter_in_a_field_saves_rather_than_adding_a_row(make_need, login):
    import re

    reference = make_need()
    html = login("officer").get(f"/needs/{reference}/edit/outcomes").get_data(as_text=True)
    form = html[html.index('<form method="post"'):]
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert 'name="save"' in first_button
