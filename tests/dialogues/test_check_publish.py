"""Publishing a market dialogue goes through a page that shows what will be published and
how many organisations will be alerted, with one button that publishes."""
import re

from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.suppliers.interests import interested_organisations
from tests.conftest import sign_in
from tests.dialogues.test_dialogues import _form


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def _draft(seeded, **changes):
    officer = seeded.test_client()
    sign_in(officer, "elderly.officer@procure.example")
    response = officer.post_form("/needs/AFF-2026-001/dialogues/new", _form(**changes))
    assert response.status_code == 303
    return officer, int(response.headers["Location"].rsplit("/", 1)[1])


def test_publishing_is_checked_on_a_page_that_counts_who_is_alerted(seeded):
    officer, dialogue_id = _draft(seeded, questions_to_market="Vad kan lagas på plats?")
    page = officer.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    # The dialogue page's publish step leads to the check page; it publishes nothing itself.
    assert f'<a class="button" href="/dialogues/{dialogue_id}/publish">Publicera</a>' in page
    assert 'value="published"' not in page

    html = _main(officer.get(f"/dialogues/{dialogue_id}/publish").get_data(as_text=True))
    assert "<h1>Kontrollera dialogen innan du publicerar den</h1>" in html
    for text in ("Dialog om möbler", "Möbler går sönder.", "Vad kan lagas på plats?",
                 "Behovsbeskrivningen AFF-2026-001, version 1, publiceras med dialogen.",
                 "Behovet går över till marknadsdialog."):
        assert text in html, text
    assert f'href="/dialogues/{dialogue_id}/edit">Ändra<span' in html
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, dialogue_id)
        expected = len(db.session.execute(
            interested_organisations(dialogue.need.cpv_codes)).scalars().all())
    said = int(re.search(r"(\d+) organisation(?:er)? vars intressen matchar behovets CPV-koder "
                         r"aviseras", html).group(1))
    assert said == expected > 0
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    assert len(forms) == 1 and 'name="csrf_token"' in forms[0]
    assert re.findall(r"<button[^>]*>([^<]*)</button>", forms[0]) == ["Publicera dialogen"]
    with seeded.app_context():
        assert db.session.get(Dialogue, dialogue_id).status == "draft"  # nothing done yet

    assert officer.post_form(f"/dialogues/{dialogue_id}/status",
                             {"target": "published"}).status_code == 303
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, dialogue_id)
        assert dialogue.status == "published" and dialogue.alerted_on_publish == said
    # Published, there is nothing left to check.
    again = officer.get(f"/dialogues/{dialogue_id}/publish")
    assert again.status_code == 303


def test_the_check_page_says_when_a_deadline_has_passed_and_offers_no_button(seeded):
    officer, dialogue_id = _draft(seeded)
    with seeded.app_context():
        dialogue = db.session.get(Dialogue, dialogue_id)
        dialogue.registration_deadline = dialogue.registration_deadline.replace(year=2020)
        db.session.commit()
    html = _main(officer.get(f"/dialogues/{dialogue_id}/publish").get_data(as_text=True))
    assert "En sista dag har redan passerats" in html and "<button" not in html


def test_only_the_dialogues_officers_reach_the_check_page(seeded, make_client):
    _officer, dialogue_id = _draft(seeded)
    assert seeded.test_client().get(f"/dialogues/{dialogue_id}/publish").status_code in (
        302, 303, 401, 403, 404)
    supplier = make_client("supplier")
    assert supplier.get(f"/dialogues/{dialogue_id}/publish").status_code in (403, 404)
    other = make_client("officer")  # the education department's officer
    assert other.get(f"/dialogues/{dialogue_id}/publish").status_code in (403, 404)
