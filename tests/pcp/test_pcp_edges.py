"""PCP edges: changes that would contradict what is already signed, declared or scored,
and odd input that must answer with a clear error, never a 500."""
import pytest

from procure.extensions import db
from procure.needs.queries import by_reference
from procure.pcp import services
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role

RUNNING = "AFF-2026-003"  # the demo PCP in phase 2 (contracts signed, evaluators assigned)


def _plan_form(client, reference, **changes):
    """The plan form as the page fills it, with ``changes``."""
    import re

    page = client.get(f"/needs/{reference}/pcp/plan").get_data(as_text=True)
    form = dict(re.findall(r'name="((?:phases-\d-)?\w+)" [^>]*value="([^"]*)"', page))
    form.pop("csrf_token", None)
    form.update(changes)
    return form


@pytest.mark.parametrize("changes, message", [
    ({"phases-2-budget_sek": "100000"}, "budgeten kan inte vara mindre"),
    ({"phases-2-max_per_supplier_sek": "1000"}, "högsta beloppet per leverantör kan inte"),
    ({"supplies_percent": "NaN"}, "Ange ett tal"),
    ({"phases-3-planned_end": "9999-12-30"}, "mellan åren 2000 och 2100"),
])
def test_the_plan_cannot_contradict_what_is_signed_or_be_absurd(seeded, login, changes, message):
    admin = login("admin")
    response = admin.post_form(f"/needs/{RUNNING}/pcp/plan", _plan_form(admin, RUNNING, **changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_no_supplier_joins_after_the_declarations_and_scores_freeze_when_complete(seeded):
    with seeded.app_context():
        plan = services.plan_of(by_reference(RUNNING))
        phase_2 = services.phase_of(plan, 2)
        officer = db.session.get(type(user_by_role("admin")), phase_2.evaluators[0].user_id)
        services.declare(phase_2, officer, {c.organisation_id: False for c in phase_2.contracts},
                         "")
        newcomer = db.session.execute(db.select(SupplierOrganisation).filter_by(
            identifier="556412-7669")).scalar_one()
        with pytest.raises(services.PcpRefused) as refused:
            services.add_contract(phase_2, newcomer, amount_sek=1, signed_on=phase_2.actual_start,
                                  deliverables="", actor=user_by_role("admin"))
        assert refused.value.code in ("evaluation_started", "not_selected")

        phase_1 = services.phase_of(plan, 1)  # decided: every evaluation was in
        evaluator = phase_1.evaluators[0].user
        organisation = phase_1.contracts[0].organisation_id
        with pytest.raises(services.PcpRefused) as refused:
            services.save_scores(phase_1, evaluator, organisation,
                                 {c.id: (0, "Ändrat i efterhand.") for c in phase_1.criteria})
        assert refused.value.code in ("phase_decided", "evaluation_complete")


def test_odd_criteria_and_decision_ids(seeded, login):
    officer = login("officer")
    # A name without a weight: a clear refusal, not a broken check constraint.
    response = officer.post_form("/needs/UTB-2026-002/pcp/phases/1/criteria", {
        "rows-0-name": "A", "rows-0-weight": "100", "rows-1-name": "B", "rows-1-weight": ""})
    assert response.status_code == 303
    huge = officer.post_form("/needs/UTB-2026-002/pcp/phases/1/gate", {
        "corrects": "9" * 30, "reasons": "x", "decided_on": "2026-11-01"})
    assert huge.status_code == 404
