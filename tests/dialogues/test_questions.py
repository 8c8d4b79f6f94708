"""Questions answered to all: the deadline, anonymity towards other suppliers, alerts to
every registered company, information on the officer's own initiative, and the
equal-treatment log."""
from datetime import timedelta

import pytest

from procure.dialogues import messages, services
from procure.dialogues.models import Alert, Dialogue, Question
from procure.extensions import db
from tests.conftest import user_by_role

RFI = "request_for_information"


def _dialogue():
    return db.session.execute(db.select(Dialogue).filter_by(status="published", kind=RFI)
                              ).scalar_one()


@pytest.mark.parametrize("offset, allowed", [(timedelta(0), True), (timedelta(seconds=1), False)])
def test_questions_close_at_the_deadline(seeded, offset, allowed):
    with seeded.app_context():
        dialogue = _dialogue()
        registration = services.register(dialogue, user_by_role("supplier"), "Sara")
        now = dialogue.questions_deadline + offset
        if allowed:
            assert messages.ask(dialogue, registration, "Hur?", user_by_role("supplier"), now=now)
        else:
            with pytest.raises(services.DialogueRefused) as refused:
                messages.ask(dialogue, registration, "Hur?", user_by_role("supplier"), now=now)
            assert refused.value.code == "questions_closed"


def test_an_answer_reaches_every_registered_company_without_the_asker(seeded, login, make_client):
    with seeded.app_context():
        dialogue_id = _dialogue().id
    asker, other = login("supplier"), make_client("other_supplier")
    for client, name in ((asker, "Sara Holm"), (other, "Erik Wallin")):
        client.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": name})
    asked = "Vi på Kökssvinn undrar hur många kök som ingår?"
    assert asker.post_form(f"/dialogues/{dialogue_id}/questions",
                           {"question": asked}).status_code == 303
    # Before the answer the other company sees nothing of the question.
    assert "hur många kök" not in other.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Inte besvarad ännu" in asker.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)

    with seeded.app_context():
        question_id = db.session.execute(db.select(Question.id).filter_by(text=asked)).scalar_one()
    officer = make_client("officer")
    form = officer.get(f"/dialogues/questions/{question_id}/answer").get_data(as_text=True)
    assert "Kökssvinn Analys AB" in form  # the officer knows who asked
    response = officer.post_form(f"/dialogues/questions/{question_id}/answer", {
        "public_question": "Hur många kök ingår?", "answer": "Tio kök ingår i piloten."})
    assert response.status_code == 303

    page = other.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    assert "Hur många kök ingår?" in page and "Tio kök ingår i piloten." in page
    assert "Kökssvinn" not in page and asked not in page
    assert "Besvarad till alla" in asker.get(f"/dialogues/{dialogue_id}").get_data(as_text=True)
    # Anonymous visitors see the dialogue, not what is published to those taking part.
    assert "Tio kök" not in make_client().get(f"/dialogues/{dialogue_id}").get_data(as_text=True)

    with seeded.app_context():
        alerted = set(db.session.execute(db.select(Alert.organisation_id).filter_by(
            kind="answer_published", dialogue_id=dialogue_id)).scalars())
        assert alerted == {user_by_role("supplier").organisation_id,
                           user_by_role("other_supplier").organisation_id}
    # A second answer to the same question is refused.
    again = officer.post_form(f"/dialogues/questions/{question_id}/answer", {
        "public_question": "X", "answer": "Y"})
    assert again.status_code == 400


def test_information_on_the_officers_initiative_and_the_log(seeded, login):
    with seeded.app_context():
        dialogue = _dialogue()
        services.register(dialogue, user_by_role("supplier"), "Sara")
        services.register(dialogue, user_by_role("other_supplier"), "Erik")
        db.session.commit()
        dialogue_id = dialogue.id
    officer = login("officer")
    response = officer.post_form(f"/dialogues/{dialogue_id}/information",
                                 {"body": "Piloten börjar i augusti."})
    assert response.status_code == 303
    log = officer.get(f"/dialogues/{dialogue_id}/log").get_data(as_text=True)
    assert "Piloten börjar i augusti." in log
    assert "Dialogen publicerades; intresserade företag aviserades" in log
    with seeded.app_context():
        entries = messages.equal_treatment_log(db.session.get(Dialogue, dialogue_id))
        assert [(e.what, e.recipients) for e in entries][-1] == ("information", 2)
    empty = officer.post_form(f"/dialogues/{dialogue_id}/information", {"body": " "})
    assert empty.status_code == 400 and "Fyll i" in empty.get_data(as_text=True)


def test_a_registered_companys_name_is_never_published(seeded, login):
    with seeded.app_context():
        dialogue = _dialogue()
        registration = services.register(dialogue, user_by_role("supplier"), "Sara")
        question = messages.ask(dialogue, registration, "Vi på Kökssvinn Analys AB undrar?",
                                user_by_role("supplier"))
        db.session.commit()
        question_id = question.id
    officer = login("officer")
    response = officer.post_form(f"/dialogues/questions/{question_id}/answer", {
        "public_question": "Vi på Kökssvinn Analys AB undrar?", "answer": "Svar."})
    assert response.status_code == 400
    assert "nämner ett anmält företag" in response.get_data(as_text=True)
    assert officer.post_form(f"/dialogues/questions/{question_id}/answer", {
        "public_question": "Hur?", "answer": "Svar."}).status_code == 303
