"""One computation per key at a time: when kept figures expire under load, the requests
that arrive meanwhile wait for the first one's result (in a process, and across app
servers through Redis)."""
import threading
import time

import pytest
import redis

from procure.core import kept

REDIS_URL = "redis://127.0.0.1:6379/13"
pytestmark = pytest.mark.xdist_group("redis")


def _many_at_once(store, workers: int = 6) -> int:
    """``workers`` threads ask for one missing key together; return the computations."""
    computed = []
    start = threading.Barrier(workers)

    def ask():
        start.wait()
        if store.get("figures") is not None:
            return
        with store.turn("figures"):
            if store.get("figures") is None:
                computed.append(1)
                time.sleep(0.2)  # a slow aggregate
                store.set("figures", "42", 60)

    threads = [threading.Thread(target=ask) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert store.get("figures") == "42"
    return len(computed)


def test_in_one_process_the_figures_are_computed_once():
    assert _many_at_once(kept.MemoryStore()) == 1


def test_across_app_servers_redis_gives_one_turn():
    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=1).flushdb()
    except redis.RedisError:
        pytest.skip(f"no Redis answers at {REDIS_URL}")
    store = kept.RedisStore(REDIS_URL, "procure:test-turns:")
    try:
        assert _many_at_once(store) == 1
        assert not any(b"turn:" in key for key in redis.Redis.from_url(REDIS_URL).keys())
    finally:
        store.clear()


def test_a_failing_redis_lets_everybody_compute():
    store = kept.RedisStore("redis://127.0.0.1:1/0", "procure:test-turns:")
    started = time.monotonic()
    with store.turn("figures"):
        pass
    assert time.monotonic() - started < 5
