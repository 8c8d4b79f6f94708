"""What one request costs in process, without load: the floor's page against the app's
cheapest pages (the layout alone, then the layout with a signed-in person) and the
benchmarked pages, on the benchmark's data.

    python bench/request_costs.py [--database-url URL] [--runs 200]

The floor reads 50 rows without a session, and again after loading the account its
signed session cookie names (``/signed-in/needs``): what any signed-in page needs at least.
Every signed-in page of the app also checks the session's age and counts the person's
work for the navigation; the signed-in pages are compared with both floors.
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

from sqlalchemy import create_engine, text  # noqa: E402

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

    floor_client = floor.create_app(args.database_url).test_client()
    with engine.connect() as connection:
        token = connection.execute(text("SELECT session_token FROM users WHERE email = :email"),
                                   {"email": targets.officer_emails[0]}).scalar_one()
    floor_client.post("/sign-in", data={"token": token})
    # (label, client, path, whether the app's page is signed in)
    rows = [("floor: 50 needs, no session", floor_client, "/needs", False),
            ("floor: 50 needs, signed in", floor_client, "/signed-in/needs", False),
            ("app: /login, the layout alone", anonymous, "/login", False),
            ("app: /account, signed in, no data", officer, "/account", True),
            ("app: the dialogue list", anonymous, "/dialogues/", False),
            ("app: the need list", officer, f"/needs/?{targets.need_list_query}", True),
            ("app: a need", officer, f"/needs/{targets.need_reference}", True),
            ("app: a search", officer, f"/needs/?{urlencode({'q': targets.rare_word})}", True)]
    times = {}
    print(f"{'request':40} {'ms':>7} {'× floor':>8} {'× signed-in floor':>18}")
    for label, client, path, signed_in in rows:
        times[path] = ms = per_request_ms(client, path, args.runs)
        versus_signed_in = (f"{ms / times['/signed-in/needs']:18.1f}" if signed_in else "")
        print(f"{label:40} {ms:7.2f} {ms / times['/needs']:8.1f} {versus_signed_in}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
