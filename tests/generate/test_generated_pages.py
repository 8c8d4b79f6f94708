"""The pages people use open on generated data, signed in as generated accounts."""
from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from procure.auth.models import User
from procure.departments.models import Department
from procure.dialogues.models import Dialogue, Registration
from procure.extensions import db
from procure.needs import vocabulary
from procure.needs.models import Need
from procure.pcp.models import PcpPlan, Phase, PhaseContract
from procure.scenarios.models import ScenarioChoice

OFFICER = "officer1@utb.example"
ADMIN = "admin1@utb.example"


@pytest.fixture(scope="module")
def sample(generated):
    """Two needs of every status, two dialogues of every state, and what hangs on them."""
    with generated.app_context():
        needs = {status: db.session.execute(
            select(Need.reference).filter_by(status=status).order_by(Need.id).limit(2)
        ).scalars().all() for status in vocabulary.STATES}
        # Each dialogue with the code of its department, whose officers run it.
        dialogues = {status: db.session.execute(
            select(Dialogue.id, Department.code).join(Need, Need.id == Dialogue.need_id)
            .join(Department, Department.id == Need.department_id)
            .where(Dialogue.status == status).order_by(Dialogue.id).limit(2)
        ).all() for status in ("draft", "published", "closed", "reported", "cancelled")}
        plan_need = db.session.execute(
            select(Need.reference).join(PcpPlan, PcpPlan.need_id == Need.id)
            .join(Phase, Phase.plan_id == PcpPlan.id)
            .join(PhaseContract, PhaseContract.phase_id == Phase.id)
            .where(Phase.number == 2).limit(1)).scalar_one()
        chosen_need = db.session.execute(
            select(Need.reference).join(ScenarioChoice, ScenarioChoice.need_id == Need.id)
            .limit(1)).scalar_one()
        contractor = db.session.execute(
            select(User.email).join(PhaseContract, PhaseContract.organisation_id
                                    == User.organisation_id)
            .where(User.membership == "confirmed").order_by(User.id).limit(1)).scalar_one()
        registered = db.session.execute(
            select(User.email, Registration.dialogue_id)
            .join(Registration, Registration.organisation_id == User.organisation_id)
            .join(Dialogue, Dialogue.id == Registration.dialogue_id)
            .where(Dialogue.status == "published", Registration.cancelled_at.is_(None),
                   User.membership == "confirmed").order_by(Registration.id).limit(1)).one()
    return {"needs": needs, "dialogues": dialogues, "plan_need": plan_need,
            "chosen_need": chosen_need, "contractor": contractor, "registered": registered}


def assert_opens(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_an_officer_opens_needs_of_every_status_with_history_and_statement(signed_in, sample):
    client = signed_in(OFFICER)
    assert_opens(client, "/needs/")
    for status, references in sample["needs"].items():
        assert references, status
        for reference in references:
            page = assert_opens(client, f"/needs/{reference}")
            assert reference in page
            assert_opens(client, f"/needs/{reference}/history")
            assert_opens(client, f"/needs/{reference}/statement")


def test_the_statement_pdf_of_a_generated_need_reads_back(signed_in, sample):
    client = signed_in(OFFICER)
    for reference in (sample["needs"]["closed"][0], sample["needs"]["draft"][0]):
        response = client.get(f"/needs/{reference}/statement.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(
            io.BytesIO(response.data)).pages)
        assert reference in text


def test_officers_open_their_dialogues_of_every_state(signed_in, sample):
    clients = {}
    for status, dialogues in sample["dialogues"].items():
        assert dialogues, status
        for dialogue_id, code in dialogues:
            if code not in clients:
                clients[code] = signed_in(f"officer1@{code.lower()}.example")
            client = clients[code]
            assert_opens(client, f"/dialogues/{dialogue_id}")
            if status != "draft":
                assert_opens(client, f"/dialogues/{dialogue_id}/log")
            if status in ("closed", "reported"):
                assert_opens(client, f"/dialogues/{dialogue_id}/report")
                assert_opens(client, f"/dialogues/{dialogue_id}/inputs")


def test_an_officer_opens_a_pcp_and_scenarios(signed_in, sample):
    client = signed_in(OFFICER)
    reference = sample["plan_need"]
    assert_opens(client, f"/needs/{reference}/pcp")
    for number in (0, 1, 2, 3):
        assert_opens(client, f"/needs/{reference}/pcp/phases/{number}")
    assert_opens(client, f"/needs/{sample['chosen_need']}/scenarios")


def csv_rows(client, key: str) -> list[list[str]]:
    response = client.get(f"/dashboard/{key}.csv")
    assert response.status_code == 200
    text = response.data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))[1:]  # as Excel in Swedish


def test_the_dashboard_counts_the_generated_data(signed_in, generated):
    admin = signed_in(ADMIN)  # with the demo admin's second factor
    for client in (admin, signed_in(OFFICER)):
        assert_opens(client, "/dashboard")
    response = admin.get("/dashboard.pdf")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    with generated.app_context():
        needs = db.session.execute(select(func.count(Need.id))).scalar_one()
        first_phase = db.session.execute(
            select(func.count(PhaseContract.id)).join(Phase).where(Phase.number == 1)
        ).scalar_one()
    by_status = csv_rows(admin, "needs-by-status")
    assert len(by_status) == len(vocabulary.STATES)
    assert sum(int(count) for _status, count in by_status) == needs
    phase_1 = csv_rows(admin, "pcp-funnel")[0]
    assert int(phase_1[1]) == first_phase > 0


def test_suppliers_see_their_dialogues_alerts_and_contracts(signed_in, sample):
    email, dialogue_id = sample["registered"]
    client = signed_in(email)
    assert_opens(client, "/dialogues/")
    assert_opens(client, "/alerts")
    page = assert_opens(client, f"/dialogues/{dialogue_id}")
    assert f"/dialogues/{dialogue_id}/input" in page  # its own part: the company is registered
    contracts = assert_opens(signed_in(sample["contractor"]), "/pcp/contracts")
    assert "/pcp/contracts/" in contracts


def test_the_public_lists_and_open_data_work(generated):
    client = generated.test_client()
    for url in ("/dialogues/", "/dialogues/?past=1", "/dialogues/feed.atom",
                "/api/v1/dialogues", "/api/v1/ocds/releases.json"):
        assert client.get(url).status_code == 200, url
