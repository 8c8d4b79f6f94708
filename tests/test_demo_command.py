"""The README's first command: `flask --app procure demo` migrates, seeds and serves."""
import gzip
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_serves_the_seeded_app(tmp_path):
    port = _free_port()
    env = {**os.environ, "PROCURE_INSTANCE_PATH": str(tmp_path), "PROCURE_ENV": "development"}
    env.pop("DATABASE_URL", None)
    env.pop("PUBLIC_URL", None)
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
        # Absolute links point where the demo is served.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dialogues/feed.atom",
                                    timeout=5) as answer:
            assert f"http://127.0.0.1:{port}/dialogues/" in answer.read().decode()
        # The open-data page offers the bulk file the demo published, of its own address.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/open-data", timeout=5) as answer:
            assert 'href="/open-data/ocds-releases.json.gz"' in answer.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/open-data/ocds-releases.json.gz",
                                    timeout=5) as answer:
            package = json.loads(gzip.decompress(answer.read()))
        assert package["uri"].startswith(f"http://127.0.0.1:{port}/")
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


# --- the demo's dates: all in the past, in order, and the stored first times agree ---

# Times the demo puts ahead of its load on purpose: deadlines and meetings to come.
AHEAD = {("dialogues", "registration_deadline"), ("dialogues", "questions_deadline"),
         ("dialogues", "input_deadline"), ("dialogue_slots", "starts_at")}


@pytest.fixture
def demo(app):
    """The demo loaded into an empty database, and the moment the load ended."""
    from procure.db import utcnow
    from procure.extensions import db
    from procure.seeding import load_demo_data

    with app.app_context():
        load_demo_data(app.config["SEED_DIR"])
        db.session.commit()
        loaded = utcnow()
    return app, loaded


def _timestamp_columns():
    from procure.db import UTCDateTime
    from procure.extensions import db

    return [(table, column) for table in db.metadata.sorted_tables for column in table.c
            if isinstance(column.type, UTCDateTime)
            and (table.name, column.name) not in AHEAD]


def test_no_demo_timestamp_is_after_the_load(demo):
    """What people did in the demo (histories, revisions, registrations, questions,
    answers, bookings...) happened before it was loaded, as on a real site."""
    from procure.extensions import db

    app, loaded = demo
    with app.app_context():
        later = {f"{table.name}.{column.name}": [str(value) for value in db.session.execute(
                     db.select(column).where(column > loaded)).scalars()]
                 for table, column in _timestamp_columns()}
    assert {name: values for name, values in later.items() if values} == {}


def test_each_demo_need_history_starts_at_its_creation_and_runs_in_order(demo):
    """/needs/<ref>/history: "→ Draft" first, at the need's creation; every later step
    after it; the revisions saved while drafting before the first step."""
    from procure.extensions import db
    from procure.needs.models import Need, NeedRevision

    app, _loaded = demo
    with app.app_context():
        needs = db.session.execute(db.select(Need).order_by(Need.reference)).scalars().all()
        assert len(needs) == 8
        for need in needs:
            steps = need.status_changes
            assert (steps[0].from_status, steps[0].to_status) == (None, "draft"), need.reference
            assert steps[0].at == need.created_at, need.reference
            times = [step.at for step in steps]
            assert times == sorted(times), need.reference
            if len(steps) > 1:
                assert steps[1].at > need.created_at, need.reference
            revisions = db.session.execute(db.select(NeedRevision).filter_by(
                need_id=need.id).order_by(NeedRevision.number)).scalars().all()
            saved = [revision.saved_at for revision in revisions]
            assert saved == sorted(saved), need.reference
            assert saved[0] == need.created_at, need.reference
            drafted = [revision.saved_at for revision in revisions
                       if revision.section != "reopened"]
            if len(steps) > 1:
                assert max(drafted) <= steps[1].at, need.reference


def test_the_stored_first_times_agree_with_each_demo_need_history(demo):
    from procure.dialogues.models import Dialogue
    from procure.extensions import db
    from procure.needs.models import Need

    app, _loaded = demo
    with app.app_context():
        for need in db.session.execute(db.select(Need)).scalars():
            def first(status):
                return min((step.at for step in need.status_changes
                            if step.to_status == status), default=None)

            published = [dialogue.published_at for dialogue in db.session.execute(
                db.select(Dialogue).filter_by(need_id=need.id)).scalars()
                if dialogue.published_at and dialogue.status != "cancelled"]
            assert (need.first_approved_at, need.first_tendered_at, need.first_dialogue_at) \
                == (first("approved"), first("in_procurement"), min(published, default=None)), \
                need.reference


def test_the_dashboard_and_portfolio_durations_mean_something(demo):
    """The city's median days from approval to tender is more than 0, and the portfolio
    does not say 0 days in stage for every need."""
    from procure.metrics import queries
    from procure.portfolio import services as portfolio

    app, _loaded = demo
    with app.app_context():
        assert queries.median_days_to_tender(queries.Filters()) > 0
        assert queries.median_days_to_approval(queries.Filters()) > 0
        rows = [row for row in portfolio.rows(portfolio.Filters()) if row.kind == "need"]
        assert len(rows) == 8
        assert all(row.days_in_stage > 0 for row in rows), \
            {row.key: row.days_in_stage for row in rows}


def test_a_reviewer_waits_for_questions_asked_in_the_past(demo):
    """The start page's "Questions waiting ... since <day>": a day that has come."""
    from procure.dialogues.models import Question
    from procure.extensions import db
    from procure.needs.services import city_date

    app, loaded = demo
    with app.app_context():
        waiting = db.session.execute(db.select(Question).where(
            Question.answer_id.is_(None))).scalars().all()
        assert waiting
        assert all(city_date(question.created_at) < city_date(loaded) for question in waiting)


def test_each_demo_dialogue_was_published_after_its_need_was_approved(demo):
    """Publishing takes an approved need: no demo dialogue ran before its need existed."""
    from procure.dialogues.models import Dialogue
    from procure.extensions import db

    app, _loaded = demo
    with app.app_context():
        for dialogue in db.session.execute(db.select(Dialogue)).scalars():
            if dialogue.published_at:
                assert dialogue.need.first_approved_at < dialogue.published_at, dialogue.title


def test_what_suppliers_did_in_a_demo_dialogue_came_after_its_publication(demo):
    """Registrations, bookings, questions and written input: after the dialogue was
    published and by its deadlines; a booking before its meeting."""
    from procure.dialogues.models import Booking, Dialogue, Question, Registration, WrittenInput
    from procure.extensions import db

    app, _loaded = demo
    with app.app_context():
        for dialogue in db.session.execute(db.select(Dialogue)).scalars():
            def made(model):
                return [row.created_at for row in db.session.execute(db.select(model).filter_by(
                    dialogue_id=dialogue.id)).scalars()]

            for model, deadline in ((Registration, dialogue.registration_deadline),
                                    (Question, dialogue.questions_deadline),
                                    (WrittenInput, dialogue.input_deadline)):
                assert all(dialogue.published_at < when <= deadline
                           for when in made(model)), (dialogue.title, model.__name__)
        for booking in db.session.execute(db.select(Booking)).scalars():
            assert booking.registration.created_at < booking.created_at < booking.slot.starts_at
