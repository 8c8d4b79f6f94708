"""The README's first command: `flask --app procure demo` migrates, seeds and serves."""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_serves_the_seeded_app(tmp_path):
    port = _free_port()
    env = {**os.environ, "PROCURE_INSTANCE_PATH": str(tmp_path), "PROCURE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "procure", "demo", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()
                assert time.monotonic() < deadline, "the demo did not start within a minute"
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
            assert "Logga in" in answer.read().decode()
        assert (tmp_path / "procure.sqlite3").exists()
    finally:
        server.terminate()
        server.wait(timeout=10)
    _searches_the_whole_cpv_list(tmp_path / "procure.sqlite3")


def _searches_the_whole_cpv_list(database: Path) -> None:
    """The full CPV 2008 list ships with the app: a fresh demo finds any code by its words."""
    from procure.cpv.services import search_codes
    from procure.extensions import db
    from tests.conftest import app_for_tests

    app = app_for_tests(f"sqlite:///{database}")
    with app.app_context():
        assert db.session.scalar(db.text("SELECT count(*) FROM cpv_codes")) >= 9454
        found = search_codes("övervakning", "sv")
        assert found and all("vervakning" in code.label("sv").lower() for code in found)
        db.engine.dispose()
