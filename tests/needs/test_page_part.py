"""The need page's kept part (the panels of tender and award, ideas, dialogues and market
scan, the need-language check, the sections, the adviser) is kept by what it shows:
read again it costs one statement, and a change to any row it shows, made anywhere,
reaches the page at once."""
from procure.cpv.models import CpvCode
from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.ideas.models import Idea
from procure.needs.models import Need, NeedOutcome, NeedRequirement
from procure.needs.services import create_need
from tests.conftest import user_by_role
from tests.perf.querycount import count_queries

IN_DIALOGUE = "UTB-2026-001"  # the demo's need in market dialogue, of the officer's department


def _page(client, reference=IN_DIALOGUE, **query) -> str:
    answer = client.get(f"/needs/{reference}", query_string=query)
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def _statements(app, client, reference=IN_DIALOGUE) -> int:
    with app.app_context(), count_queries(db.engine) as log:
        _page(client, reference)
    return log.count


def test_read_again_the_part_costs_no_statement_of_its_own(seeded, login):
    officer = login("officer")
    first = _statements(seeded, officer)
    again = _statements(seeded, officer)
    # The need's outcomes, requirements with their outcomes, CPV codes and labels, its
    # tender, award, ideas, dialogues and market scan are read for the key, in one
    # statement, not one by one.
    assert again <= first - 8, (first, again)
    assert _page(officer).count('id="requirements-title"') == 1


def test_a_change_to_a_row_it_shows_reaches_the_page_at_once(seeded, login):
    officer = login("officer")
    page = _page(officer)
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=IN_DIALOGUE)).scalar_one()
        requirement = db.session.execute(db.select(NeedRequirement).filter_by(
            need_id=need.id).order_by(NeedRequirement.position)).scalars().first()
        outcome = db.session.execute(db.select(NeedOutcome).filter_by(
            need_id=need.id).order_by(NeedOutcome.position)).scalars().first()
        label = db.session.get(CpvCode, need.cpv_main)
        assert requirement.text in page and outcome.indicator in page
        # Changed behind the need's back: its own row (version, updated_at) stays.
        requirement.text = "Systemet ska visa svinnet per kök och vecka."
        outcome.indicator = "Kilo matsvinn per portion"
        label.label_sv = "En ny benämning av huvudkoden"
        db.session.commit()
    page = _page(officer)
    assert "Systemet ska visa svinnet per kök och vecka." in page
    assert "Kilo matsvinn per portion" in page
    assert "En ny benämning av huvudkoden" in page


def test_who_may_edit_and_who_may_not_each_read_their_own_part(seeded, login, make_client):
    with seeded.app_context():
        officer = user_by_role("officer")
        draft = create_need(title="Ett utkast", department=officer.department, officer=officer,
                            language="sv", actor=officer, year=2026).reference
        db.session.commit()
    edit_link = f"/needs/{draft}/edit/requirements"
    assert edit_link in _page(login("officer"), draft)
    assert edit_link not in _page(make_client("other_officer"), draft)
    assert edit_link in _page(make_client("reviewer"), draft)


def test_answers_being_tried_are_nobody_else_s(seeded, login):
    officer = login("officer")
    trying = "The advice below follows the answers you are trying"
    with officer.session_transaction() as session:
        session["lang"] = "en"
    assert trying in _page(officer, **{"ask-solution_exists": "yes",
                                       "ask-development_needed": "no"})
    assert trying not in _page(officer)


def test_each_language_reads_its_own_part(seeded, login):
    officer = login("officer")
    assert "Granskning av behovsspråket" in _page(officer)
    with officer.session_transaction() as session:
        session["lang"] = "en"
    assert "Need-language check" in _page(officer)


def test_a_change_in_another_domain_s_panel_reaches_the_page_at_once(seeded, login):
    officer = login("officer")
    page = _page(officer)
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=IN_DIALOGUE)).scalar_one()
        dialogue = db.session.execute(db.select(Dialogue).filter_by(need_id=need.id)
                                      .order_by(Dialogue.id)).scalars().first()
        assert dialogue.title in page and "Idén bakom behovet" not in page
        dialogue.title = "Ett nytt namn på dialogen"
        db.session.add(Idea(token="t" * 32, fingerprint="f" * 64, origin="staff",
                            status="accepted", title="Idén bakom behovet", problem="Svinn",
                            department_id=need.department_id, need_id=need.id))
        db.session.commit()
    page = _page(officer)
    assert "Ett nytt namn på dialogen" in page
    assert "Idén bakom behovet" in page
