"""A PCP through its pages: the plan, three suppliers, evaluators with a conflict of
interest, a gate that lets two of three through, and the suppliers' own view."""
import io
import re
from datetime import date

import pytest
from pypdf import PdfReader

from procure.extensions import db
from procure.pcp.models import PcpPlan, PhaseContract
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import user_by_role

REF = "UTB-2026-001"  # the education department's food-waste need (procedure: PCP)
PHASE = f"/needs/{REF}/pcp/phases"


def _plan_form(total="1000000", **changes):
    form = {"total_budget_sek": total, "supplies_percent": "12,5"}
    rows = [("2027-01-04", "2027-02-26", "0", "", ""),
            ("2027-03-01", "2027-05-31", "300000", "3", "100000"),
            ("2027-06-01", "2027-10-29", "300000", "2", "150000"),
            ("2027-11-01", "2028-04-28", "400000", "2", "200000")]
    for n, (start, end, budget, suppliers, most) in enumerate(rows):
        form.update({f"phases-{n}-planned_start": start, f"phases-{n}-planned_end": end,
                     f"phases-{n}-budget_sek": budget, f"phases-{n}-planned_suppliers": suppliers,
                     f"phases-{n}-max_per_supplier_sek": most})
    form.update(changes)
    return form


def _org(identifier):
    return db.session.execute(db.select(SupplierOrganisation).filter_by(
        identifier=identifier)).scalar_one().id


@pytest.fixture
def planned(seeded, login):
    officer = login("officer")
    assert officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form()).status_code == 303
    with seeded.app_context():
        ids = {name: _org(identifier) for name, identifier in (
            ("a", "559214-4314"), ("b", "556987-2541"), ("c", "FI12345604"),
            ("outsider", "559377-1495"))}
    for name in ("a", "b", "c"):
        response = officer.post_form(f"{PHASE}/1/contracts", {
            "organisation": ids[name], "amount_sek": "90000", "signed_on": "2026-11-02",
            "deliverables": "En lösningsdesign."})
        assert response.status_code == 303
    return officer, ids


def test_the_plan_rules_are_refused_with_the_input_kept(seeded, login):
    officer = login("officer")
    response = officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form(total="900000"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="900000"' in page
    assert "mer än totalen" in page  # budgets above the total
    grow = officer.post_form(f"/needs/{REF}/pcp/plan", _plan_form(**{
        "phases-2-planned_suppliers": "4"}))
    assert grow.status_code == 400 and "bara leverantörer från föregående fas" in \
        grow.get_data(as_text=True)
    with seeded.app_context():
        references = [p.need.reference for p in db.session.execute(db.select(PcpPlan)).scalars()]
        assert REF not in references


def test_two_of_three_go_on_after_a_complete_evaluation(seeded, planned, make_client):
    officer, ids = planned
    wrong = officer.post_form(f"{PHASE}/1/criteria", {
        "rows-0-name": "Minskat matsvinn", "rows-0-weight": "60",
        "rows-1-name": "Kostnad per kök", "rows-1-weight": "30"})
    assert "de måste bli 100" in officer.get(wrong.headers["Location"]).get_data(as_text=True)
    officer.post_form(f"{PHASE}/1/criteria", {
        "rows-0-name": "Minskat matsvinn", "rows-0-weight": "60",
        "rows-1-name": "Kostnad per kök", "rows-1-weight": "40"})
    with seeded.app_context():
        evaluators = [user_by_role(role).id for role in ("officer", "reviewer")]
    for user_id in evaluators:
        officer.post_form(f"{PHASE}/1/evaluators", {"user": user_id})

    gate = {"selected": [ids["a"], ids["c"]], "reasons": "Högst viktad poäng.",
            "decided_on": "2026-11-20"}
    refused = officer.post_form(f"{PHASE}/1/gate", gate)
    assert "Alla tilldelade utvärderingar" in officer.get(refused.headers["Location"]).get_data(
        as_text=True)

    # The officer has no conflict; the reviewer has one with supplier B.
    _declare_and_score(officer, ids, conflicts=[], scores={"a": (5, 4), "b": (3, 3), "c": (4, 4)})
    reviewer = make_client("reviewer")
    page = reviewer.get(f"{PHASE}/1/evaluation").get_data(as_text=True)
    assert "intressekonflikt" in page
    _declare_and_score(reviewer, ids, conflicts=["b"], scores={"a": (4, 4), "c": (3, 5)})
    score_b = reviewer.post_form(f"{PHASE}/1/evaluation/{ids['b']}", _scores(ids, "b", (5, 5)))
    assert score_b.status_code == 400  # no scoring with a declared conflict

    outside = officer.post_form(f"{PHASE}/1/gate", {**gate, "selected": [ids["a"], ids["outsider"]]})
    assert outside.status_code == 303
    assert "Inte beslutat ännu." in officer.get(outside.headers["Location"]).get_data(
        as_text=True)
    with seeded.app_context():  # past the form, the service refuses it too
        from procure.needs.queries import by_reference
        from procure.pcp import services

        phase_1 = services.phase_of(services.plan_of(by_reference(REF)), 1)
        with pytest.raises(services.PcpRefused) as refused:
            services.decide_gate(phase_1, [ids["a"], ids["outsider"]], reasons="x",
                                 decided_on=date(2026, 11, 20), actor=user_by_role("officer"),
                                 today=date(2026, 11, 20))
        assert refused.value.code == "not_in_phase"

    page = officer.get(f"{PHASE}/1").get_data(as_text=True)
    assert "Rangordning" in page
    assert officer.post_form(f"{PHASE}/1/gate", gate).status_code == 303
    page = officer.get(f"{PHASE}/1").get_data(as_text=True)
    assert "Beslut den" in page and "Högst viktad poäng." in page

    # Only suppliers the gate let through get a phase 2 contract.
    officer.post_form(f"{PHASE}/2/contracts", {"organisation": ids["b"], "amount_sek": "1",
                                               "signed_on": "2026-11-21"})
    officer.post_form(f"{PHASE}/2/contracts", {"organisation": ids["a"], "amount_sek": "140000",
                                               "signed_on": "2026-11-21"})
    with seeded.app_context():
        phase_2 = db.session.execute(db.select(PhaseContract.organisation_id).join(
            PhaseContract.phase).filter_by(number=2)).scalars().all()
        assert ids["a"] in phase_2 and ids["b"] not in phase_2

    overview = officer.get(f"/needs/{REF}/pcp").get_data(as_text=True)
    funnel = overview[overview.index('id="pcp-funnel-caption"'):]
    funnel = funnel[:funnel.index("</table>")]
    # Phase 1: 3 planned, 3 with a contract; phase 2: 2 planned, 1 so far.
    assert re.findall(r"<td>(\d+)</td>", funnel)[:4] == ["3", "3", "2", "1"]
    assert overview.count('role="img"') == 3

    statement = officer.get(f"/needs/{REF}/statement.pdf").data
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(statement)).pages)
    assert "Plan för förkommersiell upphandling" in text and "Fas 2: Prototyper" in text

    # Supplier B sees its own result, never A's contract or anyone's scores.
    other = make_client("other_supplier")
    own = other.get("/pcp/contracts").get_data(as_text=True)
    assert "Går inte vidare" in own and "Kökssvinn" not in own
    with seeded.app_context():
        a_contract = db.session.execute(db.select(PhaseContract.id).filter_by(
            organisation_id=ids["a"])).scalars().first()
    assert other.get(f"/pcp/contracts/{a_contract}").status_code == 404
    mine = make_client("supplier").get(f"/pcp/contracts/{a_contract}").get_data(as_text=True)
    assert "Går vidare till nästa fas" in mine and "Möbelcirkeln" not in mine


def _scores(ids, name, values):
    with_rows = {}
    for index, value in enumerate(values):
        with_rows[f"org{ids[name]}-rows-{index}-score"] = str(value)
        with_rows[f"org{ids[name]}-rows-{index}-justification"] = "Motiverat."
    return with_rows


def _declare_and_score(client, ids, conflicts, scores):
    data = {"truthful": "y", "conflicts": [ids[name] for name in conflicts]}
    assert client.post_form(f"{PHASE}/1/evaluation", data).status_code == 303
    page = client.get(f"{PHASE}/1/evaluation").get_data(as_text=True)
    for name in conflicts:
        assert f'id="supplier-{ids[name]}"' in page
    for name, values in scores.items():
        # The criterion ids ride along in hidden fields: read them from the form.
        hidden = re.findall(rf'name="org{ids[name]}-rows-(\d+)-criterion_id" type="hidden" '
                            rf'value="(\d+)"', page)
        data = {f"org{ids[name]}-rows-{i}-criterion_id": c for i, c in hidden}
        data.update(_scores(ids, name, values))
        assert client.post_form(f"{PHASE}/1/evaluation/{ids[name]}", data).status_code == 303
