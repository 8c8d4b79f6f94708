"""The public dialogue list, feed and API are built once per PUBLIC_CACHE_SECONDS for
visitors who are nobody in particular; a signed-in person or a chosen language always
gets them fresh, and nothing of one visitor (CSRF token, flashed message) reaches another.
"""
import re

import pytest

from procure.core import kept
from procure.dialogues.models import Dialogue
from procure.extensions import db
from tests.auth.test_rate_limits_redis import REDIS_URL, kept_in_redis, redis_db  # noqa: F401
from tests.conftest import app_for_tests
from tests.perf.querycount import count_queries

PUBLIC = ("/dialogues/", "/dialogues/?kind=request_for_information",
          "/api/v1/dialogues", "/dialogues/feed.atom", "/dialogues/{dialogue}")
OLD, NEW = "Marknadsdialog: mindre matsvinn", "Omdöpt dialog om matsvinn"


@pytest.fixture
def app_config():
    return {"PUBLIC_CACHE_SECONDS": 60}


@pytest.fixture(autouse=True)
def nothing_kept_yet(app):
    with app.app_context():
        kept.store().clear()


@pytest.fixture
def address(seeded, url):
    """``url`` with the id of the demo's open dialogue on food waste."""
    with seeded.app_context():
        dialogue_id = db.session.execute(db.select(Dialogue.id).where(
            Dialogue.title.startswith(OLD))).scalar_one()
    return url.format(dialogue=dialogue_id)


def rename_the_dialogue(app):
    with app.app_context():
        dialogue = db.session.execute(db.select(Dialogue).where(
            Dialogue.title.startswith(OLD))).scalar_one()
        dialogue.title = NEW + dialogue.title.removeprefix(OLD)
        db.session.commit()


def text(client, url) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def statements_for(app, client, url) -> int:
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as sent:
        text(client, url)
    return sent.count


@pytest.mark.parametrize("url", PUBLIC)
def test_anonymous_visitors_share_an_answer_for_a_while(seeded, client, make_client, address):
    assert OLD in text(client, address)
    rename_the_dialogue(seeded)
    # Another anonymous visitor reads the kept answer, without a query to the database.
    other = make_client()
    assert statements_for(seeded, other, address) == 0
    assert OLD in text(other, address) and NEW not in text(other, address)
    # Officers see their change at once; anonymous visitors once the time has passed.
    assert NEW in text(make_client("officer"), address)
    with seeded.app_context():
        kept.store().clear()
    assert NEW in text(other, address)


@pytest.mark.parametrize("url", PUBLIC)
def test_a_chosen_language_is_never_answered_from_the_shared_text(seeded, client, address):
    text(client, address)
    rename_the_dialogue(seeded)
    client.post_form("/language", {"lang": "sv"})
    assert NEW in text(client, address)


def test_each_filter_and_page_is_kept_apart(seeded, client):
    assert OLD in text(client, "/dialogues/?kind=request_for_information")
    assert OLD not in text(client, "/dialogues/?kind=one_to_one")
    assert OLD in text(client, "/dialogues/?kind=request_for_information")


def test_the_layout_around_the_kept_list_is_each_visitors_own(seeded, client, make_client):
    text(client, "/dialogues/")
    other = make_client()
    page = text(other, "/dialogues/")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert token not in text(client, "/dialogues/")
    # The other visitor's language form works with the token it was given.
    answer = other.post("/language", data={"lang": "en", "csrf_token": token})
    assert answer.status_code in (302, 303)
    assert "Market dialogues" in text(other, "/dialogues/")


def test_a_flashed_message_stays_with_its_visitor(seeded, make_client):
    supplier = make_client("supplier")
    text(make_client(), "/dialogues/")  # kept by somebody else first
    signed_out = supplier.post_form("/logout", {})
    assert signed_out.status_code in (302, 303)
    mine = text(supplier, "/dialogues/")
    assert 'class="flash' in mine
    assert 'class="flash' not in text(make_client(), "/dialogues/")


def test_the_memory_store_keeps_texts_within_its_budget():
    store = kept.MemoryStore(size=10, chars=100)
    store.set("a", "x" * 60, 60)
    store.set("b", "y" * 30, 60)
    assert store.get("a") and store.get("b")
    store.set("c", "z" * 30, 60)  # 120 characters: the least recently used goes
    assert store.get("a") is None and store.get("b") and store.get("c")
    store.set("too big", "w" * 101, 60)
    assert store.get("too big") is None and store.get("c")


def test_a_dialogue_that_is_not_public_stays_not_found(seeded, client, make_client):
    with seeded.app_context():
        draft = db.session.execute(db.select(Dialogue.id).filter_by(status="draft")).scalars().first()
    assert draft is not None, "the demo has a draft dialogue"
    # Its officers see the draft; nothing of their page is kept for anybody else.
    assert make_client("admin").get(f"/dialogues/{draft}").status_code == 200
    assert [client.get(f"/dialogues/{draft}").status_code for _ in range(2)] == [404, 404]


@pytest.mark.parametrize("made_up, honest", [
    # An argument hidden in another's value is that value, not two arguments.
    ("/dialogues/?kind=request_for_information%26past%3D1",
     "/dialogues/?kind=request_for_information&past=1"),
    ("/api/v1/dialogues?kind=request_for_information%26past%3D1",
     "/api/v1/dialogues?kind=request_for_information&past=1"),
    # A repeated argument counts with its first value, as the page reads it.
    ("/dialogues/?kind=one_to_one&kind=request_for_information",
     "/dialogues/?kind=request_for_information&kind=one_to_one"),
    # What an answer does not depend on is not part of it.
    ("/api/v1/dialogues?x=%3Cb%3Eforged%3C/b%3E", "/api/v1/dialogues"),
])
def test_no_made_up_address_stands_in_for_another(seeded, make_client, made_up, honest):
    assert make_client().get(made_up).status_code == 200  # kept first, if at all
    with seeded.app_context():
        kept.store().clear()
    fresh = _without_token(make_client().get(honest).get_data(as_text=True))
    with seeded.app_context():
        kept.store().clear()
    make_client().get(made_up)
    assert _without_token(make_client().get(honest).get_data(as_text=True)) == fresh


def _without_token(page: str) -> str:
    """The page but for its visitor's own CSRF token."""
    return re.sub(r'name="csrf_token" value="[^"]+"', "", page)


def test_a_kept_page_changed_in_the_store_is_not_served(seeded, client, make_client):
    """Whoever can write to a shared Redis cannot put words into the public pages."""
    assert OLD in text(client, "/dialogues/")
    with seeded.app_context():
        store = kept.store()
        (key,) = [key for key in store._items if key.startswith("shared:")]
        signed = store.get(key)
        store.set(key, signed.replace(OLD, "Ring 0700-000000 och uppge ditt BankID"), 60)
    page = text(make_client(), "/dialogues/")
    assert OLD in page and "BankID" not in page


@pytest.mark.xdist_group("redis")
def test_app_servers_share_the_kept_answers_through_redis(seeded, database_url, monkeypatch,
                                                         redis_db):  # noqa: F811
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    servers = [app_for_tests(database_url, PUBLIC_CACHE_SECONDS=60, REDIS_TIMEOUT_SECONDS=5)
               for _ in range(2)]
    try:
        assert OLD in kept_in_redis(redis_db, "procure:*shared:*",
                                    lambda: text(servers[0].test_client(), "/dialogues/"),
                                    monkeypatch)
        rename_the_dialogue(seeded)
        # The second server builds nothing itself: it serves what the first one kept.
        assert statements_for(servers[1], servers[1].test_client(), "/dialogues/") == 0
        redis_db.flushdb()
        assert NEW in text(servers[1].test_client(), "/dialogues/")
    finally:
        for app in servers:
            with app.app_context():
                db.engine.dispose()


@pytest.mark.parametrize("url", PUBLIC)
def test_a_reader_with_the_current_copy_is_told_304(seeded, client, address):
    first = client.get(address)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    rename_the_dialogue(seeded)
    with seeded.app_context():
        kept.store().clear()
    changed = client.get(address, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and NEW in changed.get_data(as_text=True)


def test_browsers_may_keep_the_anonymous_pages_but_no_shared_cache(seeded, client, make_client):
    assert client.get("/dialogues/").headers["Cache-Control"] == "private, no-cache"
    assert make_client("supplier").get("/dialogues/").headers["Cache-Control"] == "no-store"


def test_a_browsers_copy_stays_current_while_its_session_lasts(seeded, client, make_client):
    """Flask-WTF signs the page's CSRF token anew every second; the copy the browser keeps
    works with its own token as long as its session, so the ETag leaves the token out, but
    not the session: after signing in or out the page comes again."""
    import time

    first = client.get("/dialogues/")
    time.sleep(1.1)
    assert client.get("/dialogues/", headers={"If-None-Match": first.headers["ETag"]}
                      ).status_code == 304
    other = make_client()
    assert other.get("/dialogues/", headers={"If-None-Match": first.headers["ETag"]}
                     ).status_code == 200
    signed_in = make_client("supplier").get("/dialogues/")
    assert "ETag" not in signed_in.headers and signed_in.headers["Cache-Control"] == "no-store"
