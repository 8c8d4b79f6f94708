"""A PCP plan records how results and rights are shared, and warns when the city would
keep all the benefits (the R&D exemption of art. 14 depends on sharing them)."""
import io
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from procure.extensions import db
from procure.pcp.models import PcpPlan
from procure.pcp.rules import PhasePlan, PlanFacts, check_plan, rules_broken
from tests.pcp.test_pcp_round import REF, _plan_form

SOUND = PlanFacts(total_budget_sek=1000, supplies_percent=Decimal("10"),
                  phases=tuple(PhasePlan(number=n, budget_sek=b, planned_suppliers=s)
                               for n, b, s in ((0, 0, None), (1, 200, 4), (2, 300, 3),
                                               (3, 500, 2))),
                  cpv_codes=("73110000-6",), results_owner="suppliers", city_licence=True)


@pytest.mark.parametrize("owner, licence, expected", [
    ("suppliers", True, set()),
    ("shared", True, set()),
    (None, True, {"rights_not_recorded"}),
    ("city", True, {"city_keeps_benefits"}),
    ("city", False, {"city_keeps_benefits"}),
    ("suppliers", False, {"no_city_licence"}),
])
def test_the_sharing_of_results_and_rights_is_checked(owner, licence, expected):
    facts = replace(SOUND, results_owner=owner, city_licence=licence)
    findings = check_plan(facts)
    assert {f.code for f in findings} == expected
    # Warnings: the plan is still saved (the officer may be negotiating the terms).
    assert rules_broken(facts) == []


def test_the_plan_records_the_rights_and_shows_them_on_its_page_and_statement(seeded, login):
    officer = login("officer")
    page = officer.get(f"/needs/{REF}/pcp/plan").get_data(as_text=True)
    assert "Resultat och rättigheter" in page and 'name="results_owner"' in page
    response = officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form(**{
        "results_owner": "city", "publication": "full",
        "rights_notes": "Staden tar över all immateriell egendom."}))
    assert response.status_code == 303
    overview = officer.get(f"/needs/{REF}/pcp").get_data(as_text=True)
    assert "Staden äger alla resultat" in overview
    assert "Staden får publicera resultaten i sin helhet" in overview
    assert "skulle äga alla resultat och därmed behålla alla fördelar" in overview
    with seeded.app_context():
        plan = db.session.execute(db.select(PcpPlan).join(PcpPlan.need).filter_by(
            reference=REF)).scalar_one()
        assert (plan.results_owner, plan.city_licence, plan.publication) == ("city", False,
                                                                            "full")
        version = plan.lock_version
    # Shared as the exemption wants: the warning goes.
    edit = officer.get(f"/needs/{REF}/pcp/plan").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="results_owner"[^>]*value="city"', edit)
    assert officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form(**{
        "lock_version": str(version), "results_owner": "suppliers", "city_licence": "y",
        "third_party_licences": "y", "publication": "summaries",
        "rights_notes": "Licensen gäller i tio år."})).status_code == 303
    overview = officer.get(f"/needs/{REF}/pcp").get_data(as_text=True)
    assert "Leverantörerna äger det de utvecklar" in overview
    assert "behålla alla fördelar" not in overview and "Ange hur resultat" not in overview
    statement = officer.get(f"/needs/{REF}/statement.pdf").data
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(statement)).pages)
                    .split())
    assert "Resultat och rättigheter" in text
    assert "Vem som äger resultaten: Leverantörerna äger det de utvecklar" in text
    assert "Licensen gäller i tio år." in text


def test_an_unknown_owner_is_refused(seeded, login):
    officer = login("officer")
    response = officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form(results_owner="mayor"))
    assert response.status_code == 400
    with seeded.app_context():
        assert db.session.execute(db.select(PcpPlan).join(PcpPlan.need).filter_by(
            reference=REF)).scalar_one_or_none() is None


def test_a_plan_without_the_rights_recorded_is_warned_about(seeded, login):
    officer = login("officer")
    assert officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form()).status_code == 303
    overview = officer.get(f"/needs/{REF}/pcp").get_data(as_text=True)
    assert "Ange hur resultat och rättigheter delas" in overview
    assert "Inte angivet ännu" in overview
