"""The need page guides the drafting: each section's state, what blocks review, an honest
language panel, the next step as the primary action, and the reviewer's decision last."""
import re

from procure.needs.document import NeedDocument, Outcome
from procure.needs.progress import section_progress


def _states(page: str) -> dict[str, str]:
    """The task list as {section name: state in words}."""
    listing = page[page.index('class="task-list"'):page.index("</ol>")]
    return {re.sub(r"<[^>]+>", "", name).strip(): state.strip() for name, state in re.findall(
        r'<span class="task-name">(.*?)</span>\s*<strong class="task-state[^"]*">(.*?)</strong>',
        listing, re.S)}


def test_an_empty_draft_says_every_section_is_not_started_and_what_blocks_review(
        make_need, login):
    reference = make_need()
    page = login("officer").get(f"/needs/{reference}").get_data(as_text=True)
    assert _states(page) == {
        "Rubrik, handläggare, värde och tidplan": "Ej påbörjad",
        "Bakgrund, problem, nuläge, förutsättningar och hållbarhet": "Ej påbörjad",
        "Önskade effekter": "Ej påbörjad", "Funktionella krav": "Ej påbörjad",
        "CPV-koder": "Ej påbörjad", "Förfarande": "Ej påbörjad"}
    assert "5 saker saknas innan behovet kan skickas till granskning." in page
    assert page.count('class="task-blocking"') == 5
    # Each section links to its form.
    assert f'href="/needs/{reference}/edit/outcomes">Önskade effekter</a>' in page
    # Nothing written: the language check says it has nothing to read, not "no findings".
    assert "Inget att kontrollera ännu" in page and "Inga anmärkningar" not in page
    # The next step (submit) is the primary button; the PDF of an empty draft is a link.
    pdf = re.search(r'<a([^>]*) href="/needs/[^"]+/statement.pdf">', page).group(1)
    assert 'class="button"' not in pdf
    assert re.search(rf'<a class="button" href="/needs/{reference}/submit">', page)


def test_sections_in_progress_complete_and_with_findings(make_need, login):
    reference = make_need(problem="Äldre faller i hemmet. Vi ska använda Philips larmarmband.",
                          estimated_value_sek=2_500_000)
    page = login("officer").get(f"/needs/{reference}").get_data(as_text=True)
    states = _states(page)
    assert states["Bakgrund, problem, nuläge, förutsättningar och hållbarhet"] in (
        "1 anmärkning", "2 anmärkningar")
    assert states["Rubrik, handläggare, värde och tidplan"] == "Påbörjad"
    assert "3 saker saknas" in page
    assert "Inget att kontrollera ännu" not in page


def test_section_progress_reads_the_document():
    empty = NeedDocument(reference="X", title="T", language="sv")
    assert [p.state for p in section_progress(empty, [])] == ["not_started"] * 6
    filled = NeedDocument(reference="X", title="T", language="sv", estimated_value_sek=5,
                          timeline="2027",
                          outcomes=(Outcome("Färre fall", "fall per år", "35", "25", "2028"),))
    progress = {p.section: p for p in section_progress(filled, [])}
    assert progress["basics"].state == "complete" and progress["basics"].blocking == ()
    assert progress["outcomes"].state == "complete"
    assert progress["description"].blocking == ("problem",)
    assert progress["cpv"].blocking == ("cpv_main",)


def test_the_reviewer_reads_first_and_decides_at_the_end(make_need, login, make_client, seeded):
    from procure.extensions import db
    from procure.needs.models import Need
    reference = make_need()
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        need.status = "in_review"
        db.session.commit()
    page = make_client("reviewer").get(f"/needs/{reference}").get_data(as_text=True)
    assert "Läs beskrivningen först" in page
    decision = page.index('id="steps-title"')
    # After every section of the statement, the procedure being the last one.
    assert decision > page.index('id="procedure-title"')
    buttons = re.findall(r'<button type="submit" name="target" value="(\w+)"', page[decision:])
    assert buttons == ["approved", "draft"]
    # Withdrawing comes last, as a link to the page that confirms it.
    assert page.index(f"/needs/{reference}/withdraw") > page.index('value="draft"')
    # The author sees the page as before: no decision of their own to take.
    author = login("officer").get(f"/needs/{reference}").get_data(as_text=True)
    assert "Läs beskrivningen först" not in author


def test_the_adviser_re_ranks_as_you_answer_without_saving(make_need, login, seeded):
    from procure.extensions import db
    from procure.needs.models import Need
    reference = make_need()
    officer = login("officer")
    page = officer.get(f"/needs/{reference}").get_data(as_text=True)
    # Nothing answered: no route fits yet, and the five that do not are folded, with why.
    assert "Ingen väg passar svaren ännu" in page and 'class="best-route' not in page
    assert "<summary>5 vägar passar inte, och varför</summary>" in page
    assert 'id="ask-solution_exists"' in page and 'method="get"' in page
    page = officer.get(f"/needs/{reference}?ask-solution_exists=no&ask-development_needed=yes"
                       "&ask-will_buy_result=yes").get_data(as_text=True)
    best = page[page.index('class="best-route'):page.index("</div>", page.index('class="best-route'))]
    assert "Förkommersiell upphandling" in best and 'class="legal"' in best
    assert "Rådet nedan följer svaren du prövar" in page
    chosen = page.split('id="ask-development_needed"')[1].split("</fieldset>")[0]
    assert re.search(r'<input checked[^>]*value="yes"', chosen)
    with seeded.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        assert need.development_needed is None  # tried, not saved
    # A value that is no answer reads as "don't know".
    assert officer.get(f"/needs/{reference}?ask-solution_exists=maybe").status_code == 200


def test_the_language_panel_counts_one_finding_in_the_singular(make_need, login):
    reference = make_need(problem="Vi ska använda blinkande LED-skyltar.")
    html = login("officer").get(f"/needs/{reference}").get_data(as_text=True)
    assert "1 ställe anger en lösning" in html and "1 ställen" not in html
