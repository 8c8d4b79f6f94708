"""A cached PDF is found from what it shows, read in one statement, not by building its
content: a hit costs a few statements, and the key changes whenever any part of the
statement does."""
from __future__ import annotations

from datetime import date

import pytest

from procure.dialogues.models import Dialogue
from procure.extensions import db
from procure.marketscan.models import KeptNotice
from procure.needs.models import NeedOutcome
from procure.needs.queries import by_reference
from procure.needs.statement import statement_pdf_key
from procure.pcp.models import PcpPlan
from procure.scenarios.models import ScenarioChoice
from tests.perf.querycount import count_queries

# The demo need with a reported dialogue, a PCP plan and a chosen scenario.
NEED = "UTB-2026-002"


@pytest.fixture
def app_config(tmp_path):
    return {"PDF_CACHE_DIR": str(tmp_path / "pdf-cache")}


def test_a_cached_statement_costs_a_few_statements_and_no_build(seeded, login, monkeypatch):
    from procure.needs import statement

    officer = login("officer")
    first = officer.get(f"/needs/{NEED}/statement.pdf")
    assert first.status_code == 200

    def no_build(*args, **kwargs):
        raise AssertionError("a cache hit builds nothing")

    monkeypatch.setattr(statement, "statement_document", no_build)
    monkeypatch.setattr(statement, "build_need_statement", no_build)
    with seeded.app_context(), count_queries(db.engine) as log:
        second = officer.get(f"/needs/{NEED}/statement.pdf")
    assert second.status_code == 200 and second.data == first.data
    reads = [sql for sql in log.statements if sql.lstrip().upper().startswith("SELECT")]
    # The signed-in user, the need with its department and officer, the key's one read.
    assert len(reads) <= 3, log.report()
    assert log.count <= 5, log.report()  # and the download's audit event


def _key() -> str:
    return statement_pdf_key(by_reference(NEED))


def _need(**changes):
    need = by_reference(NEED)
    for name, value in changes.items():
        setattr(need, name, value)
    need.lock_version += 1


def _outcome():
    outcome = db.session.execute(db.select(NeedOutcome).filter_by(
        need_id=by_reference(NEED).id)).scalars().first()
    outcome.target = outcome.target + " (skärpt)"


def _report():
    dialogue = db.session.execute(db.select(Dialogue).filter_by(
        need_id=by_reference(NEED).id, status="reported")).scalar_one()
    dialogue.lessons_learnt = dialogue.lessons_learnt + " Ännu en lärdom."


def _plan():
    plan = db.session.execute(db.select(PcpPlan).filter_by(
        need_id=by_reference(NEED).id)).scalar_one()
    plan.follow_on_title = "Upphandling av det bästa"


def _choice():
    choice = db.session.get(ScenarioChoice, by_reference(NEED).id)
    choice.justification = choice.justification + " Och kortare."


def _kept_notice():
    db.session.add(KeptNotice(need_id=by_reference(NEED).id, publication_number="654321-2025",
                              kind="award", title="Tilldelning", note="Likt vårt",
                              publication_date=date(2025, 3, 1)))


@pytest.mark.parametrize("change", [
    lambda: _need(background="Ny bakgrund."), _outcome, _report, _plan, _choice,
    _kept_notice,
], ids=["need text", "outcome", "dialogue report", "pcp plan", "scenario choice",
        "kept notice"])
def test_the_key_changes_when_a_shown_part_does(seeded, change):
    with seeded.app_context():
        before = _key()
        assert _key() == before, "the same content, the same key"
        change()
        db.session.commit()
        assert _key() != before


def test_the_key_does_not_change_with_another_need(seeded):
    with seeded.app_context():
        before = _key()
        other = by_reference("UTB-2026-001")
        other.background = "Något annat."
        other.lock_version += 1
        db.session.commit()
        assert _key() == before


def test_the_key_follows_the_city_identity(seeded):
    with seeded.app_context():
        before = _key()
        seeded.config["CITY_NAME_FOR_TEST"] = "Nystad"
        try:
            assert _key() != before
        finally:
            del seeded.config["CITY_NAME_FOR_TEST"]


def test_the_report_key_follows_what_the_report_shows(seeded, client, monkeypatch):
    from procure.dialogues import report_views
    from procure.dialogues.models import Registration

    with seeded.app_context():
        reported = db.session.execute(db.select(Dialogue.id).filter_by(
            status="reported")).scalar_one()
    url = f"/dialogues/{reported}/report.pdf"
    first = client.get(url)
    assert first.status_code == 200

    def no_assembly(*args, **kwargs):
        raise AssertionError("a cache hit assembles nothing")

    with monkeypatch.context() as patched:
        patched.setattr(report_views.reporting, "assemble", no_assembly)
        with seeded.app_context(), count_queries(db.engine) as log:
            again = client.get(url)
    assert again.status_code == 200 and again.data == first.data
    reads = [sql for sql in log.statements if sql.lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 4, log.report()  # the dialogue, its need, the key's read

    with seeded.app_context():
        registration = db.session.execute(db.select(Registration).filter_by(
            dialogue_id=reported, cancelled_at=None)).scalars().first()
        registration.cancelled_at = registration.created_at
        db.session.commit()
    withdrawn = client.get(url)
    assert withdrawn.headers["ETag"] != first.headers["ETag"]
    assert withdrawn.data != first.data
