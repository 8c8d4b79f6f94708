"""The department filter of the lists offers every department, built once and kept while
the departments are unchanged: a department added is offered on the next page."""
import re

from procure.departments.services import create_department
from procure.extensions import db


def options(html: str) -> list[str]:
    select = re.search(r'<select id="department".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>[^<]*</option>", select)


def test_a_new_department_is_offered_at_once_and_the_chosen_one_is_selected(seeded, login):
    officer = login("officer")
    before = options(officer.get("/needs/").get_data(as_text=True))
    with seeded.app_context():
        added = create_department(code="NYA", name_sv="Nya <nämnden> & co",
                                  name_en="New board", kind="administration")
        db.session.commit()
        added_id = added.id
    after = options(officer.get("/needs/").get_data(as_text=True))
    assert len(after) == len(before) + 1
    assert f'<option value="{added_id}">Nya &lt;nämnden&gt; &amp; co</option>' in after
    chosen = options(officer.get(f"/needs/?department={added_id}").get_data(as_text=True))
    assert [o for o in chosen if "selected" in o] == [
        f'<option value="{added_id}" selected>Nya &lt;nämnden&gt; &amp; co</option>']
    # The English pages name it in English, from their own options.
    officer.post_form("/language", {"lang": "en"})
    english = options(officer.get("/needs/").get_data(as_text=True))
    assert f'<option value="{added_id}">New board</option>' in english
    # Named in English, ordered in English.
    labels = [re.sub(r"<[^>]+>", "", option) for option in english][1:]
    assert labels == sorted(labels)


def test_a_renamed_department_is_offered_by_its_new_name(seeded, login):
    from procure.departments.models import Department

    officer = login("officer")
    before = options(officer.get("/needs/").get_data(as_text=True))
    with seeded.app_context():
        department = db.session.execute(db.select(Department).order_by(Department.id)).scalars().first()
        department.name_sv = "Omdöpta förvaltningen"
        db.session.commit()
        renamed_id = department.id
    after = options(officer.get("/needs/").get_data(as_text=True))
    assert len(after) == len(before)
    assert f'<option value="{renamed_id}">Omdöpta förvaltningen</option>' in after
