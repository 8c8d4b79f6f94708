"""The dashboard's figures are kept for FIGURES_CACHE_SECONDS, as JSON: in each process's
memory, or in Redis (REDIS_URL), where every app server finds them; a Redis that cannot
be reached, or a value that is not ours, costs time, never the page.

The Redis tests use a database of their own at 127.0.0.1:6379 (PROCURE_TEST_REDIS_URL
names another) and are skipped, with the reason, without one.
"""
import pytest

import pickle

from procure.core import kept
from procure.extensions import db
from procure.metrics import figures
from procure.metrics.dashboard import TABLE_KEYS
from procure.needs.models import Need
from tests.auth.test_rate_limits_redis import REDIS_URL, kept_in_redis, redis_db  # noqa: F401
from tests.conftest import ACCOUNTS, app_for_tests, sign_in
from tests.metrics.test_metrics import known  # noqa: F401

# The Redis databases these tests empty are one per machine: one worker runs them all.
pytestmark = pytest.mark.xdist_group("redis")

# A test machine as busy as CI's can keep Redis from answering within production's half
# second, which pauses keeping (as it should): the tests give it more.
KEPT = {"FIGURES_CACHE_SECONDS": 300, "REDIS_TIMEOUT_SECONDS": 5}
# The innovation value of the known data, before and after the draft N4 (9 000 000 on
# the PCP route) is approved.
BEFORE, AFTER = "1\u00a0500\u00a0000\u00a0kr", "10\u00a0500\u00a0000\u00a0kr"


@pytest.fixture
def app_config():
    return KEPT


def approve_the_draft(app, department_id):
    with app.app_context():
        draft = db.session.execute(db.select(Need).filter_by(
            department_id=department_id, status="draft", title="Behov 4")).scalar_one()
        draft.status = "approved"
        db.session.commit()


def key_figures_csv(client, department_id) -> str:
    answer = client.get(f"/dashboard/key-figures.csv?department={department_id}")
    return answer.data.decode("utf-8-sig")


def test_kept_figures_are_served_and_the_page_says_from_when(seeded, known, login):  # noqa: F811
    admin = login("admin")
    url = f"/dashboard?department={known.department_id}"
    first = admin.get(url).get_data(as_text=True)
    assert BEFORE in first
    assert "Siffrorna är från" in first and "räknas om efter högst 5 minuter" in first
    approve_the_draft(seeded, known.department_id)
    # Within the five minutes the page, its CSV file and its PDF read the kept figures.
    assert BEFORE in admin.get(url).get_data(as_text=True)
    assert "1500000" in key_figures_csv(admin, known.department_id).replace("\u00a0", "")
    with seeded.app_context():
        kept.store().clear()  # as when the five minutes have passed
    assert AFTER in admin.get(url).get_data(as_text=True)


def test_without_keeping_every_request_computes_afresh(seeded, known, login):  # noqa: F811
    seeded.config["FIGURES_CACHE_SECONDS"] = 0
    admin = login("admin")
    url = f"/dashboard?department={known.department_id}"
    page = admin.get(url).get_data(as_text=True)
    assert BEFORE in page and "räknas om" not in page
    approve_the_draft(seeded, known.department_id)
    assert AFTER in admin.get(url).get_data(as_text=True)


def other_server(database_url, monkeypatch, redis_url):
    monkeypatch.setenv("REDIS_URL", redis_url)
    app = app_for_tests(database_url, **KEPT)
    client = app.test_client()
    sign_in(client, ACCOUNTS["admin"])
    return app, client


def test_app_servers_share_kept_figures_through_redis(seeded, known, database_url,  # noqa: F811
                                                      monkeypatch, redis_db):  # noqa: F811
    first, first_client = other_server(database_url, monkeypatch, REDIS_URL)
    second, second_client = other_server(database_url, monkeypatch, REDIS_URL)
    url = f"/dashboard?department={known.department_id}"
    assert BEFORE in kept_in_redis(redis_db, "procure:*figures:*",
                                   lambda: first_client.get(url).get_data(as_text=True),
                                   monkeypatch)
    approve_the_draft(seeded, known.department_id)
    # The second server has computed nothing itself: it reads what the first one kept.
    assert BEFORE in second_client.get(url).get_data(as_text=True)
    redis_db.flushdb()
    assert AFTER in second_client.get(url).get_data(as_text=True)
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()


def test_an_unreachable_redis_costs_time_not_the_page(seeded, known, database_url,  # noqa: F811
                                                      monkeypatch):
    # Nothing listens on port 1.
    app, client = other_server(database_url, monkeypatch, "redis://127.0.0.1:1/0")
    url = f"/dashboard?department={known.department_id}"
    answer = client.get(url)
    assert answer.status_code == 200 and BEFORE in answer.get_data(as_text=True)
    approve_the_draft(seeded, known.department_id)
    assert AFTER in client.get(url).get_data(as_text=True)
    with app.app_context():
        db.engine.dispose()


def test_kept_figures_read_back_exactly_and_nothing_else_is_read(seeded, known):  # noqa: F811
    with seeded.app_context():
        computed = figures.compute(known)
        assert figures.from_json(figures.to_json(computed)) == computed
        for foreign in ("", "[]", "{}", '{"sme_share": {"Share": [1]}}',
                        '{"computed_at": {"exec": "x"}}', "not json"):
            with pytest.raises(ValueError):
                figures.from_json(foreign)


def test_a_foreign_value_in_redis_is_never_unpickled(seeded, known, database_url,  # noqa: F811
                                                     monkeypatch, redis_db):  # noqa: F811
    app, client = other_server(database_url, monkeypatch, REDIS_URL)
    url = f"/dashboard?department={known.department_id}"
    assert BEFORE in client.get(url).get_data(as_text=True)
    # Whoever can write to Redis puts a pickle (or garbage) where the figures were.
    (key,) = redis_db.keys("procure:*figures:*")
    unpickled = []
    monkeypatch.setattr(pickle, "loads", lambda *args, **kwargs: unpickled.append(args))
    approve_the_draft(seeded, known.department_id)
    for foreign in (b"!" + pickle.dumps({"x": 1}), b"\xff\xfe", b'{"computed_at": 1}'):
        redis_db.set(key, foreign)
        # Not read as figures: computed afresh (so the approval shows), and kept again.
        answer = client.get(url)
        assert answer.status_code == 200 and AFTER in answer.get_data(as_text=True)
        assert not unpickled
    with app.app_context():
        db.engine.dispose()


def test_every_table_has_its_csv_file_and_no_other_name_has_one(seeded, known, login):  # noqa: F811
    admin = login("admin")
    assert admin.get("/dashboard/no-such-table.csv").status_code == 404
    for key in TABLE_KEYS:
        assert admin.get(f"/dashboard/{key}.csv").status_code == 200
    page = admin.get("/dashboard").get_data(as_text=True)
    assert [key for key in TABLE_KEYS if f"/dashboard/{key}.csv" in page] == list(TABLE_KEYS)


@pytest.mark.parametrize("value, read", [("", 0.5), ("2", 2.0), ("0.25", 0.25)])
def test_the_redis_timeout_comes_from_the_environment(monkeypatch, tmp_path, value, read):
    from procure.config import load_config

    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", value)
    assert load_config(str(tmp_path))["REDIS_TIMEOUT_SECONDS"] == read


@pytest.mark.parametrize("value", ["soon", "0", "-1"])
def test_a_redis_timeout_that_is_no_time_stops_the_start(monkeypatch, tmp_path, value):
    from procure.config import load_config

    monkeypatch.setenv("REDIS_TIMEOUT_SECONDS", value)
    with pytest.raises(RuntimeError, match="REDIS_TIMEOUT_SECONDS must be a number of seconds"):
        load_config(str(tmp_path))
