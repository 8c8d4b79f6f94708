"""Rate limits kept in Redis are shared by every app server (REDIS_URL), and only then.

Runs against the Redis at 127.0.0.1:6379 (a database of its own, emptied before and
after; PROCURE_TEST_REDIS_URL names another); skipped, with the reason, without one.
"""
import os

import pytest

from procure import create_app
from procure.config import load_config
from tests.conftest import BrowserLikeClient, config_for_tests, empty_and_close

# The Redis databases these tests empty are one per machine: one worker runs them all.
pytestmark = pytest.mark.xdist_group("redis")

REDIS_URL = os.environ.get("PROCURE_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis", reason="the redis package is not installed")
    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=2)
    try:
        connection.ping()
    except redis.exceptions.RedisError as error:
        pytest.skip(f"no Redis to test against at {REDIS_URL}: {error}")
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def kept_in_redis(redis_db, pattern: str, ask, monkeypatch) -> str:
    """``ask()`` (a request that keeps a value) until Redis holds a key matching
    ``pattern``; at most three times, and what the last ``ask()`` answered.

    A machine as busy as CI's can keep Redis from answering in time once, and a Redis
    that fails pauses keeping for half a minute (procure.core.kept): here the pause is
    cut to nothing, so that the next request keeps the value. A value that is never
    kept still fails the test."""
    from procure.core import kept

    monkeypatch.setattr(kept, "PAUSE_SECONDS", 0)
    for _ in range(3):
        answer = ask()
        if redis_db.keys(pattern):
            return answer
    pytest.fail(f"nothing matching {pattern} was kept in Redis after three requests")


@pytest.fixture
def app_servers(database_url, monkeypatch):
    """``app_servers(redis=True)`` builds an app as another server would; tables are
    emptied afterwards (the failed sign-ins leave audit events)."""
    built = []

    def _build(redis: bool):
        if redis:
            monkeypatch.setenv("REDIS_URL", REDIS_URL)
        else:
            monkeypatch.delenv("REDIS_URL", raising=False)
        config = config_for_tests(database_url, LOGIN_RATE_LIMIT="3 per minute")
        del config["RATELIMIT_STORAGE_URI"]  # as in production: it follows REDIS_URL
        app = create_app(config)
        app.test_client_class = BrowserLikeClient
        built.append(app)
        return app

    yield _build
    if built:
        empty_and_close(built[0])


def _attempt(app) -> int:
    return app.test_client().post_form("/login", {"email": "x@procure.example",
                                                  "password": "a wrong guess"}).status_code


def test_the_limiter_follows_redis_url(monkeypatch, tmp_path):
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == REDIS_URL
    monkeypatch.delenv("REDIS_URL")
    assert load_config(str(tmp_path))["RATELIMIT_STORAGE_URI"] == "memory://"


def test_two_app_servers_share_their_counts_in_redis(redis_db, app_servers):
    first = app_servers(redis=True)
    assert [_attempt(first) for _ in range(3)] == [400, 400, 400]
    assert redis_db.dbsize() > 0  # the counts are in Redis, not in the process
    second = app_servers(redis=True)
    client = second.test_client()
    with client.session_transaction() as session:
        session["lang"] = "en"
    response = client.post_form("/login", {"email": "x@procure.example",
                                           "password": "a wrong guess"})
    assert response.status_code == 429
    assert "Try again in 1 minute." in response.get_data(as_text=True)


def test_without_redis_each_app_server_counts_alone(app_servers):
    first = app_servers(redis=False)
    assert [_attempt(first) for _ in range(3)] == [400, 400, 400]
    second = app_servers(redis=False)
    assert _attempt(second) == 400
