"""What one request costs in process, without load: the floor's page against the app's
cheapest pages (the layout alone, then the layout with a signed-in person) and the
benchmarked pages, on the benchmark's data.

    python bench/request_costs.py [--database-url URL] [--runs 200]

The floor reads 50 rows without a session; every signed-in page of the app also loads
the account and checks its session on the server, and counts the person's work for the
navigation. The gap between the floor and ``/account`` is what no page can go below.
"""
from __future__ import annotations

import argparse
import os
import secrets
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine  # noqa: E402

from bench import dataset, floor  # noqa: E402
from bench.run import DEFAULT_DATABASE_URL, DEMO_PASSWORD, in_process_app  # noqa: E402


def per_request_ms(client, path: str, runs: int) -> float:
    """The mean time of ``runs`` requests after five to warm up; each must answer 200."""
    for _ in range(5):
        answer = client.get(path)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code}")
    started = time.perf_counter()
    for _ in range(runs):
        client.get(path)
    return (time.perf_counter() - started) / runs * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url",
                        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    os.environ.setdefault("PUBLIC_URL", "http://127.0.0.1")

    engine = create_engine(args.database_url)
    try:
        targets = dataset.pick_targets(engine)
    finally:
        engine.dispose()
    app = in_process_app(args.database_url, secrets.token_hex(32))
    anonymous, officer = app.test_client(), app.test_client()
    answer = officer.post("/login", data={"email": targets.officer_emails[0],
                                          "password": DEMO_PASSWORD, "next": ""})
    if answer.status_code != 303:
        raise RuntimeError(f"sign-in answered {answer.status_code}")

    rows = [("floor: 50 needs, no session", floor.create_app(args.database_url).test_client(),
             "/needs"),
            ("app: /login, the layout alone", anonymous, "/login"),
            ("app: /account, signed in, no data", officer, "/account"),
            ("app: the dialogue list", anonymous, "/dialogues/"),
            ("app: the need list", officer, f"/needs/?{targets.need_list_query}"),
            ("app: a need", officer, f"/needs/{targets.need_reference}"),
            ("app: a search", officer, f"/needs/?{urlencode({'q': targets.rare_word})}")]
    floor_ms = None
    print(f"{'request':40} {'ms':>7} {'× floor':>8}")
    for label, client, path in rows:
        ms = per_request_ms(client, path, args.runs)
        floor_ms = floor_ms or ms
        print(f"{label:40} {ms:7.2f} {ms / floor_ms:8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
