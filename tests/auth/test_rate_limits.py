"""Too many attempts: sign-in, password reset and questions are limited, and the page
says how many minutes to wait."""
import pytest

from procure.dialogues.models import Dialogue
from procure.extensions import db
from tests.conftest import ACCOUNTS


def _english(client):
    with client.session_transaction() as session:
        session["lang"] = "en"


def _failed_sign_in(client):
    return client.post_form("/login", {"email": ACCOUNTS["officer"], "password": "a wrong guess"})


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "2 per minute"}])
def test_sign_in_answers_429_with_the_minutes_to_wait(seeded, client, app_config):
    _english(client)
    assert [_failed_sign_in(client).status_code for _ in range(3)] == [400, 400, 429]
    page = _failed_sign_in(client).get_data(as_text=True)
    assert "<h1>Too many attempts</h1>" in page
    assert "Try again in 1 minute." in page


@pytest.mark.parametrize("app_config", [{"LOGIN_RATE_LIMIT": "2 per hour"}])
def test_the_wait_is_counted_from_the_limit_broken(seeded, client, app_config):
    _english(client)
    for _ in range(2):
        _failed_sign_in(client)
    response = _failed_sign_in(client)
    assert response.status_code == 429
    assert "Try again in 60 minutes." in response.get_data(as_text=True)
    assert 3590 <= int(response.headers["Retry-After"]) <= 3601


@pytest.mark.parametrize("app_config", [{"PASSWORD_RESET_RATE_LIMIT": "2 per hour"}])
def test_password_reset_requests_are_limited(seeded, client, app_config):
    _english(client)
    statuses = [client.post_form("/password/reset", {"email": ACCOUNTS["officer"]}).status_code
                for _ in range(3)]
    assert statuses == [303, 303, 429]
    page = client.post_form("/password/reset", {"email": "x@procure.example"}).get_data(
        as_text=True)
    assert "Try again in 60 minutes." in page


@pytest.mark.parametrize("app_config", [{"PASSWORD_RESET_RATE_LIMIT": "2 per minute"}])
def test_guessing_reset_links_is_limited(seeded, client, app_config):
    statuses = [client.get(f"/password/reset/guess{n}").status_code for n in range(3)]
    assert statuses == [404, 404, 429]


@pytest.mark.parametrize("app_config", [{"QUESTION_RATE_LIMIT": "2 per hour"}])
def test_questions_are_limited_per_supplier_user(seeded, login, make_client, app_config):
    with seeded.app_context():
        dialogue_id = db.session.execute(db.select(Dialogue.id).filter_by(
            status="published", kind="request_for_information")).scalar_one()
    asker = login("supplier")
    _english(asker)
    other = make_client("other_supplier")
    for client, name in ((asker, "Sara Holm"), (other, "Erik Wallin")):
        client.post_form(f"/dialogues/{dialogue_id}/registration", {"attendees": name})
    url = f"/dialogues/{dialogue_id}/questions"
    statuses = [asker.post_form(url, {"question": f"Fråga nummer {n}?"}).status_code
                for n in range(3)]
    assert statuses == [303, 303, 429]
    page = asker.post_form(url, {"question": "En till?"}).get_data(as_text=True)
    assert "Too many attempts" in page and "Try again in 60 minutes." in page
    # Another company's user (here from the same address) still asks.
    assert other.post_form(url, {"question": "Vår fråga?"}).status_code == 303
