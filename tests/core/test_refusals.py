"""One shape for every refused change: a code, a domain's text table, and one helper that
commits or rolls back and says why, so that no refusal and no lost race is a 500."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from flask import get_flashed_messages
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from procure.core.refusals import UNKNOWN, RefusalTexts, attempt
from procure.departments.models import Department
from procure.dialogues import inputs
from procure.errors import CONFLICT, Refused
from procure.extensions import db
from procure.pcp import services as pcp_services
from procure.pcp.refusals import REFUSALS as PCP_REFUSALS
from tests.test_races import PCP_NEED, plan_form, registered

TEXTS = RefusalTexts({"over_budget": _l("The phase's budget has %(left)s left."),
                      "plain": _l("Registration has closed.")},
                     formats={"left": lambda amount: f"{amount // 1000} thousand"})


def test_a_refusal_reads_its_text_with_its_values_formatted(app):
    with app.test_request_context(), force_locale("en"):
        assert TEXTS.text(Refused("over_budget", left=25_000)) == \
            "The phase's budget has 25 thousand left."
        assert TEXTS.text("plain") == "Registration has closed."
    with app.test_request_context(), force_locale("sv"):
        assert TEXTS.text("plain") == "Anmälan har stängt."


def test_an_unknown_code_or_a_missing_value_reads_as_a_sentence_not_a_500(app):
    with app.test_request_context(), force_locale("en"):
        assert TEXTS.text(Refused("no_such_code")) == str(UNKNOWN)
        # Every table knows the shared conflict, in the same words.
        assert TEXTS.text(CONFLICT).startswith("Someone else saved this while you were")
        # A value missing from the refusal: the text without it, not a KeyError.
        assert TEXTS.text(Refused("over_budget", other=1)).startswith("The phase's budget")


def test_the_pcps_amounts_read_as_money(app):
    with app.test_request_context(), force_locale("sv"):
        assert PCP_REFUSALS.text(Refused("over_max", max=150_000)) == \
            "Beloppet är större än det högsta per leverantör, 150\u00a0000\u00a0kr."


def test_attempt_commits_once_or_rolls_back_and_flashes(seeded):
    with seeded.test_request_context():
        done = attempt(lambda: db.session.add(Department(
            code="TST", name_sv="Testförvaltningen", name_en="Test", kind="administration")),
            TEXTS)
        assert done.ok and done.status == 200

        def refused():
            db.session.add(Department(code="TVÅ", name_sv="Andra", name_en="Two",
                                      kind="administration"))
            raise Refused("plain")

        done = attempt(refused, TEXTS)
        assert (done.ok, done.code, done.status) == (False, "plain", 400)
        assert get_flashed_messages(with_categories=True) == [
            ("error", "Anmälan har stängt.")]
        codes = set(db.session.execute(db.select(Department.code)).scalars())
        assert "TST" in codes and "TVÅ" not in codes


def test_a_key_taken_twice_is_tried_again_then_refused_as_the_collision(seeded):
    """Whatever the change, a unique key that stays taken ends as the ``collision`` code
    (409 for a conflict), never as an IntegrityError."""
    calls = []

    def duplicate():
        calls.append(1)
        db.session.add(Department(code="UTB", name_sv=f"Dubblett {len(calls)}", name_en="x",
                                  kind="administration"))

    with seeded.test_request_context():
        done = attempt(duplicate, TEXTS)
    assert len(calls) == 2  # once more after the rollback, as a request coming second
    assert (done.code, done.status) == (CONFLICT, 409)


def test_an_integrity_error_that_is_no_race_is_not_hidden(seeded):
    """A broken rule other than a unique key is a bug: it is not turned into a refusal."""
    with seeded.test_request_context():
        with pytest.raises(IntegrityError):
            attempt(lambda: db.session.add(Department(code="NUL", name_sv=None,
                                                      name_en="x", kind="administration")),
                    TEXTS)
        db.session.rollback()


def _lost_race(monkeypatch, module, name, miss_on=2):
    """Make the check before a create miss the row once (its ``miss_on``-th call: the
    view reads the row first), as a request does whose check ran before another
    request's commit: the insert then breaks the unique key."""
    real = getattr(module, name)
    calls, missed = [], []

    def stale(*args, **kwargs):
        calls.append(1)
        if len(calls) == miss_on:
            missed.append(True)
            return None
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, stale)
    return missed


def test_a_pcp_plan_created_meanwhile_is_a_conflict_not_a_500(seeded, login, monkeypatch):
    """The issue's double click on a fresh plan: the request that lost the race answers
    409 with its input kept, as when it comes second; one plan."""
    officer = login("officer")
    assert officer.post_form(f"/needs/{PCP_NEED}/pcp/plan", plan_form()).status_code == 303
    missed = _lost_race(monkeypatch, pcp_services, "plan_of")
    response = officer.post_form(f"/needs/{PCP_NEED}/pcp/plan", plan_form(total="1100000"))
    assert missed and response.status_code == 409
    page = response.get_data(as_text=True)
    assert "1100000" in page.replace("\u00a0", "").replace(" ", "")
    assert "Någon annan sparade" in page or "Someone else saved" in page


def test_a_first_written_input_saved_meanwhile_is_a_conflict_not_a_500(seeded, login,
                                                                        monkeypatch):
    with seeded.app_context():
        ctx = registered()
    supplier = login("supplier")
    url = f"/dialogues/{ctx['dialogue']}/input"
    assert supplier.post_form(url, {"answers": "Först", "lock_version": ""}).status_code == 303
    missed = _lost_race(monkeypatch, inputs, "input_of")
    response = supplier.post_form(url, {"answers": "Min egen text", "lock_version": ""})
    assert missed and response.status_code == 409
    assert "Min egen text" in response.get_data(as_text=True)
