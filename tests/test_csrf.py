"""Every state-changing request needs a CSRF token; GET changes nothing."""
import re

import pytest

from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS
from tests.test_access import ACCESS


@pytest.mark.parametrize("rule", sorted(rule for method, rule in ACCESS if method == "POST"))
def test_posts_without_a_token_are_refused(login, rule):
    client = login("admin")
    response = client.post(re.sub(r"<[^>]+>", "1", rule), data={})
    assert response.status_code == 400, rule
    assert "Formuläret hade gått ut" in response.get_data(as_text=True)


def test_sign_in_without_a_token_is_refused(seeded, client):
    response = client.post("/login", data={"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
    assert response.status_code == 400
    assert client.get("/account").status_code == 302


def test_a_token_from_another_session_is_refused(seeded, client, make_client):
    stranger_token = make_client().csrf_token()
    client.get("/")
    response = client.post("/login", data={"csrf_token": stranger_token,
                                           "email": ACCOUNTS["officer"], "password": DEMO_PASSWORD})
    assert response.status_code == 400


def test_logout_is_not_possible_by_get(login):
    client = login("officer")
    assert client.get("/logout").status_code == 405
    assert client.get("/account").status_code == 200
