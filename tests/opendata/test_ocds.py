"""The OCDS 1.1 release package: valid against the official schema, public data only,
release ids that follow the content, the same from the web and the command line."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from procure.audit.models import AuditEvent
from procure.auth.models import User
from procure.db import utcnow
from procure.dialogues.models import (
    Dialogue,
    MeetingMinutes,
    Question,
    Registration,
    WrittenInput,
)
from procure.extensions import db
from procure.marketscan.models import KeptNotice
from procure.needs import services as need_services
from procure.needs.models import Need, NeedStatusChange
from procure.needs.queries import by_reference
from procure.opendata import ocds
from procure.opendata.services import release_package
from procure.suppliers.models import SupplierOrganisation
from tests.conftest import OCDS_SCHEMAS, user_by_role
from tests.dialogues.participation import add_participation

OCDS_DIR = OCDS_SCHEMAS
URL = "/api/v1/ocds/releases.json"
# The partyScale extension's codes (not in the core zip): details.scale is free-form there.
PARTY_SCALES = {"micro", "sme", "large"}
LEFT_DRAFT = {"UTB-2026-001", "UTB-2026-002", "UTB-2026-003", "AFF-2026-001", "AFF-2026-003"}


# --- the official schema and codelists ---------------------------------------------------

@pytest.fixture(scope="module")
def validator():
    from jsonschema import Draft4Validator
    from referencing import Registry, Resource

    release = json.loads((OCDS_DIR / "release-schema.json").read_text("utf-8"))
    package = json.loads((OCDS_DIR / "release-package-schema.json").read_text("utf-8"))
    # The package schema names the release schema by its id: register it under that id
    # so nothing is fetched from the network.
    registry = Registry().with_resource(release["id"], Resource.from_contents(release))
    return Draft4Validator(package, registry=registry,
                           format_checker=Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def codelists() -> dict[str, set[str]]:
    lists = {}
    with zipfile.ZipFile(OCDS_DIR / "standard-1__1__5-schema-only.zip") as archive:
        for name in archive.namelist():
            if "/codelists/" in name and name.endswith(".csv"):
                with archive.open(name) as handle:
                    rows = csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))
                    lists[name.rsplit("/", 1)[1][:-4]] = {row["Code"] for row in rows}
    return lists


def schema_errors(validator, package) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator.iter_errors(package)]


def codelist_errors(codelists, package) -> list[str]:
    """Values the schema leaves open (or checks only as strings) that must still be codes."""
    errors = []

    def check(listname, value, where):
        if value not in codelists[listname]:
            errors.append(f"{where}: {value!r} is not in {listname}")

    for release in package["releases"]:
        where = release["ocid"]
        for tag in release["tag"]:
            check("releaseTag", tag, where)
        check("initiationType", release["initiationType"], where)
        for party in release["parties"]:
            for role in party["roles"]:
                check("partyRole", role, where)
            scale = party.get("details", {}).get("scale")
            if scale is not None and scale not in PARTY_SCALES:
                errors.append(f"{where}: scale {scale!r}")
        planning, tender = release.get("planning", {}), release["tender"]
        check("tenderStatus", tender["status"], where)
        if "mainProcurementCategory" in tender:
            check("procurementCategory", tender["mainProcurementCategory"], where)
        if "budget" in planning:
            check("currency", planning["budget"]["amount"]["currency"], where)
        for item in tender.get("items", []):
            check("itemClassificationScheme", item["classification"]["scheme"], where)
        documents = planning.get("documents", []) + tender.get("documents", [])
        for milestone in tender.get("milestones", []):
            check("milestoneType", milestone["type"], where)
            check("milestoneStatus", milestone["status"], where)
            documents += milestone.get("documents", [])
        for document in documents:
            if "documentType" in document:
                check("documentType", document["documentType"], where)
    return errors


def export(app) -> dict:
    with app.app_context():
        db.session.remove()
        return release_package()


def releases_by_reference(package) -> dict[str, dict]:
    return {release["tender"]["id"]: release for release in package["releases"]}


# --- the demo export ------------------------------------------------------------------

def test_the_demo_export_is_valid_ocds(seeded, validator, codelists):
    package = seeded.test_client().get(URL).get_json()
    assert schema_errors(validator, package) == []
    assert codelist_errors(codelists, package) == []
    assert package["version"] == "1.1"
    # The organisations' scale is the partyScale extension's field: declared, and nothing
    # else is (a page of the paged API adds Pagination).
    from procure.opendata.ocds import PARTY_SCALE_EXTENSION
    assert package["extensions"] == [PARTY_SCALE_EXTENSION]
    assert {release["ocid"] for release in package["releases"]} == {
        f"{ocds.PLACEHOLDER_PREFIX}-{reference}" for reference in LEFT_DRAFT}


def test_only_needs_that_left_draft_are_released(seeded):
    package = export(seeded)
    # AFF-2026-002 is a draft, TRF-2026-001 in review, TRF-2026-002 withdrawn as a draft.
    assert set(releases_by_reference(package)) == LEFT_DRAFT
    text = json.dumps(package, ensure_ascii=False)
    for reference in ("AFF-2026-002", "TRF-2026-001", "TRF-2026-002"):
        assert reference not in text


def test_the_lifecycle_as_tender_status_and_tag(seeded):
    releases = releases_by_reference(export(seeded))
    seen = {reference: (release["tender"]["status"], release["tag"])
            for reference, release in releases.items()}
    assert seen == {
        "AFF-2026-001": ("planning", ["planning"]),  # approved
        "UTB-2026-001": ("planning", ["planning"]),  # in market dialogue
        "AFF-2026-003": ("active", ["tender"]),  # in procurement
        "UTB-2026-002": ("complete", ["tender"]),  # contracted
        # closed, with its award recorded in the demo (data/seed/followup.json)
        "UTB-2026-003": ("complete", ["tender", "award", "contract"]),
    }


def test_a_release_carries_the_approved_statement(seeded):
    release = releases_by_reference(export(seeded))["UTB-2026-001"]
    with seeded.app_context():
        need = by_reference("UTB-2026-001")
        problem, value, codes = need.problem, need.estimated_value_sek, need.cpv_codes
    assert release["language"] == "sv" and release["initiationType"] == "tender"
    assert release["planning"]["rationale"] == problem
    assert release["planning"]["budget"]["amount"] == {"amount": value, "currency": "SEK"}
    assert release["tender"]["items"][0]["classification"] == {
        "scheme": "CPV", "id": "55523100-3", "description": "Servering av skolmåltider"}
    assert [item["classification"]["id"] for item in release["tender"]["items"]] == codes
    statement = release["planning"]["documents"][0]
    assert statement["documentType"] == "needsAssessment" and "url" not in statement
    assert release["buyer"] == {"id": "department-UTB", "name": "Utbildningsförvaltningen"}
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]


def test_market_dialogues_are_engagement_milestones(seeded):
    releases = releases_by_reference(export(seeded))
    open_ones = releases["UTB-2026-001"]["tender"]["milestones"]
    assert [(m["type"], m["status"]) for m in open_ones] == [("engagement", "scheduled")] * 2
    assert open_ones[0]["documents"][0]["url"].startswith("http://localhost:5000/dialogues/")
    (reported,) = releases["UTB-2026-002"]["tender"]["milestones"]
    assert reported["status"] == "met" and "dateMet" in reported
    # The cancelled dialogue of UTB-2026-003 is no longer public, and the draft one of
    # AFF-2026-001 never was.
    assert "milestones" not in releases["UTB-2026-003"]["tender"]
    assert "milestones" not in releases["AFF-2026-001"]["tender"]


def test_published_answers_are_clarifications_once_the_report_is_public(seeded):
    releases = releases_by_reference(export(seeded))
    documents = releases["UTB-2026-002"]["tender"]["documents"]
    assert {document["documentType"] for document in documents} == {"clarifications"}
    assert "Kan anbudet lämnas på engelska?" in [document["title"] for document in documents]
    report = releases["UTB-2026-002"]["planning"]["documents"][-1]
    assert report["documentType"] == "marketStudies" and report["url"].endswith("/report.pdf")
    # Answers of dialogues still open or not yet reported reach registered suppliers only.
    for reference in ("UTB-2026-001", "AFF-2026-003"):
        assert "documents" not in releases[reference]["tender"]


def test_suppliers_that_took_part_are_parties_with_their_scale(seeded):
    releases = releases_by_reference(export(seeded))
    parties = {party["name"]: party for party in releases["UTB-2026-002"]["parties"][1:]}
    assert parties["Nordisk Fastighetsenergi AB"] == {
        "id": "SE-BLV-559377-1495", "name": "Nordisk Fastighetsenergi AB",
        "identifier": {"scheme": "SE-BLV", "id": "559377-1495",
                       "legalName": "Nordisk Fastighetsenergi AB"},
        "roles": ["interestedParty"], "details": {"scale": "large"}}
    assert parties["Stadtbaum Systeme GmbH"]["identifier"]["scheme"] == "EU-VAT"
    assert parties["Stadtbaum Systeme GmbH"]["details"] == {"scale": "sme"}
    # Kökssvinn Analys AB registered only for the dialogue that was cancelled; Lumo Care Oy
    # only for dialogues still open or not yet reported: who takes part is named once the
    # dialogue's report is final.
    everyone = {party["name"] for release in releases.values() for party in release["parties"]}
    assert "Kökssvinn Analys AB" not in everyone and "Lumo Care Oy" not in everyone


# --- what must never be exported ----------------------------------------------------------

SECRETS = {
    "draft": "HEMLIGT-UTKAST-1", "review": "HEMLIGT-GRANSKNING-2",
    "new_version": "HEMLIGT-NY-VERSION-3", "input": "HEMLIGT-SVAR-4",
    "secret_parts": "HEMLIGT-AFFARSHEMLIGHET-5", "secret_harm": "HEMLIGT-SKADA-6",
    "attendees": "Hemliga Hanna Personsson", "question": "HEMLIG-FRAGA-7",
    "reported_question": "HEMLIG-FRAGA-8", "minutes": "HEMLIGT-PROTOKOLL-9",
    "draft_dialogue": "HEMLIG-DIALOG-10",
}


def _hide_secrets(app) -> None:
    """Secret markers everywhere the export must not look: drafts, a version under
    revision, written input marked as a trade secret, attendees, questions as asked,
    minutes, a draft dialogue."""
    add_participation(app)  # the supplier's registration, meeting, question and input
    with app.app_context():
        admin = user_by_role("admin")
        by_reference("AFF-2026-002").problem = SECRETS["draft"]
        by_reference("TRF-2026-001").background = SECRETS["review"]
        reopened = by_reference("AFF-2026-001")
        need_services.change_status(reopened, "draft", admin)
        reopened.problem = SECRETS["new_version"]
        need_services.finish_save(reopened, admin, "problem")
        for written in db.session.execute(db.select(WrittenInput)).scalars():
            written.answers = SECRETS["input"]
            written.trade_secret, written.secret_parts = True, SECRETS["secret_parts"]
            written.secret_harm = SECRETS["secret_harm"]
        for registration in db.session.execute(db.select(Registration)).scalars():
            registration.attendees = SECRETS["attendees"]
        for question in db.session.execute(db.select(Question)).scalars():
            if question.answer_id is None:
                question.text = SECRETS["question"]
        reported = db.session.execute(db.select(Dialogue).filter_by(status="reported")).scalar_one()
        registration = db.session.execute(
            db.select(Registration).filter_by(dialogue_id=reported.id)).scalars().first()
        db.session.add(Question(dialogue_id=reported.id, registration_id=registration.id,
                                text=SECRETS["reported_question"]))
        for minutes in db.session.execute(db.select(MeetingMinutes)).scalars():
            minutes.text = SECRETS["minutes"]
        draft = db.session.execute(db.select(Dialogue).filter_by(status="draft")).scalar_one()
        draft.title = draft.description = SECRETS["draft_dialogue"]
        db.session.commit()


def test_nothing_private_is_exported(seeded, validator):
    _hide_secrets(seeded)
    package = seeded.test_client().get(URL).get_json()
    text = json.dumps(package, ensure_ascii=False)
    leaked = [name for name, marker in SECRETS.items() if marker in text]
    assert leaked == []
    with seeded.app_context():
        people = db.session.execute(db.select(User.name, User.email)).all()
        asked = db.session.execute(db.select(Question.text)).scalars().all()
        attendees = db.session.execute(db.select(Registration.attendees)).scalars().all()
    # Nobody's name or address: not the city's staff, not the suppliers' people.
    assert [person for person in people if person.name in text or person.email in text] == []
    # The answered question in the reported dialogue was asked in other words than the
    # city published: the asker's wording stays out.
    assert "Kann das Angebot auf Englisch eingereicht werden?" in asked
    assert "Kann das Angebot" not in text
    assert all(name not in text for name in attendees)
    assert schema_errors(validator, package) == []


def test_a_reopened_need_stays_released_as_its_approved_version(seeded):
    before = releases_by_reference(export(seeded))["AFF-2026-001"]
    _hide_secrets(seeded)
    after = releases_by_reference(export(seeded))["AFF-2026-001"]
    assert after == before  # the new version is a draft: nothing public has changed
    assert "v1:" in after["planning"]["documents"][0]["title"]


# --- ids, dates and the same package everywhere ------------------------------------------

def test_release_ids_follow_the_content(seeded):
    first = releases_by_reference(export(seeded))
    assert releases_by_reference(export(seeded)) == first  # the same data, the same ids
    with seeded.app_context():
        # Changes the export does not show leave every release as it was.
        for written in db.session.execute(db.select(WrittenInput)).scalars():
            written.answers += " (ändrat)"
        by_reference("UTB-2026-002").finding_count += 1
        db.session.commit()
    assert releases_by_reference(export(seeded)) == first
    with seeded.app_context():
        dialogue = db.session.execute(db.select(Dialogue).filter_by(
            status="published", kind="request_for_information")).scalar_one()
        dialogue.title = "Marknadsdialog: mindre matsvinn, ny rubrik"
        db.session.commit()
    second = releases_by_reference(export(seeded))
    changed = {ref for ref in first if first[ref]["id"] != second[ref]["id"]}
    assert changed == {"UTB-2026-001"}
    assert all(first[ref]["ocid"] == second[ref]["ocid"] for ref in first)
    assert second["UTB-2026-001"]["id"].startswith(second["UTB-2026-001"]["ocid"] + "-")


def test_the_ocid_uses_the_configured_prefix(seeded):
    seeded.config.update(OCDS_PREFIX="ocds-a1b2c3", OCDS_PUBLISHER="Staden",
                         OCDS_LICENSE="https://creativecommons.org/publicdomain/zero/1.0/")
    package = export(seeded)
    assert package["publisher"] == {"name": "Staden"}
    assert package["license"].startswith("https://creativecommons.org/")
    assert releases_by_reference(package)["UTB-2026-001"]["ocid"] == "ocds-a1b2c3-UTB-2026-001"


def test_withdrawn_needs_are_withdrawn_or_cancelled(seeded, validator, codelists):
    with seeded.app_context():
        admin = user_by_role("admin")
        need_services.change_status(by_reference("UTB-2026-001"), "withdrawn", admin,
                                    "Behovet löses på annat sätt.")
        need_services.change_status(by_reference("AFF-2026-003"), "withdrawn", admin,
                                    "Upphandlingen avbryts.")
        db.session.commit()
    package = export(seeded)
    releases = releases_by_reference(package)
    assert (releases["UTB-2026-001"]["tender"]["status"], releases["UTB-2026-001"]["tag"]) \
        == ("withdrawn", ["planning"])
    assert (releases["AFF-2026-003"]["tender"]["status"], releases["AFF-2026-003"]["tag"]) \
        == ("cancelled", ["tenderCancellation"])
    assert schema_errors(validator, package) == []
    assert codelist_errors(codelists, package) == []


def test_the_release_date_is_the_latest_public_change(seeded):
    releases = releases_by_reference(export(seeded))
    with seeded.app_context():
        need = by_reference("UTB-2026-003")
        last_step = ocds.timestamp(need.status_changes[-1].at)
    assert releases["UTB-2026-003"]["date"] == last_step
    package = export(seeded)
    assert package["publishedDate"] == max(release["date"] for release in package["releases"])


def test_the_command_writes_the_same_package(seeded, tmp_path):
    path = tmp_path / "releases.json"
    result = seeded.test_cli_runner().invoke(args=["export-ocds", "--out", str(path)])
    assert result.exit_code == 0, result.output
    assert "Wrote 5 releases" in result.output
    raw = path.read_bytes()
    assert "Utbildningsförvaltningen".encode() in raw  # UTF-8, not \\u escapes
    from_api = seeded.test_client().get(URL).get_json()
    assert json.loads(raw.decode("utf-8")) == from_api

    to_stdout = seeded.test_cli_runner().invoke(args=["export-ocds", "--out", "-"])
    assert to_stdout.exit_code == 0, to_stdout.output
    assert json.loads(to_stdout.stdout) == from_api
    assert "OCDS_PREFIX is the placeholder" in to_stdout.stderr


def test_the_api_is_open_json(seeded):
    response = seeded.test_client().get(URL)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    assert response.get_json()["uri"] == "http://localhost:5000" + URL


def test_every_export_is_audited(seeded, login):
    def events():
        with seeded.app_context():
            return db.session.execute(db.select(AuditEvent).filter_by(action="export.ocds")
                                      .order_by(AuditEvent.id)).scalars().all()

    assert events() == []
    seeded.test_client().get(URL)
    seeded.test_cli_runner().invoke(args=["export-ocds", "--out", "-"])
    login("officer").get(URL)
    audited = events()
    assert [(event.detail["via"], event.detail["releases"]) for event in audited] == [
        ("api", 5), ("cli", 5), ("api", 5)]
    assert audited[0].actor_id is None and audited[1].actor_id is None
    with seeded.app_context():
        assert audited[2].actor_id == user_by_role("officer").id
    assert {event.object_type for event in audited} == {"export"}


# --- a fixed number of queries -------------------------------------------------------------

def _add_released_need(app, make_need, number: int) -> None:
    """An approved need with a published dialogue, a registration and a kept notice."""
    reference = make_need(title=f"Behov {number}", cpv_main="55523100-3",
                          estimated_value_sek=100_000 * number)
    with app.app_context():
        need = db.session.execute(db.select(Need).filter_by(reference=reference)).scalar_one()
        need.status = "approved"
        need.status_changes.append(NeedStatusChange(from_status="in_review",
                                                    to_status="approved"))
        now = utcnow()
        dialogue = Dialogue(need_id=need.id, kind="request_for_information",
                            title=f"Dialog {number}", status="published", published_at=now,
                            registration_deadline=now + timedelta(days=5),
                            questions_deadline=now + timedelta(days=5),
                            input_deadline=now + timedelta(days=9))
        db.session.add(dialogue)
        db.session.flush()
        organisation = db.session.execute(db.select(SupplierOrganisation)).scalars().first()
        db.session.add(Registration(dialogue_id=dialogue.id, organisation_id=organisation.id))
        db.session.add(KeptNotice(need_id=need.id, publication_number=f"{number}-2025",
                                  kind="prior_information", title="En förhandsannons"))
        db.session.commit()


def _statements_for_export(app) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    with app.app_context():
        db.session.remove()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            release_package()
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_the_export_reads_in_a_fixed_number_of_queries(seeded, make_need):
    before = _statements_for_export(seeded)
    for number in range(1, 4):
        _add_released_need(seeded, make_need, number)
    assert len(export(seeded)["releases"]) == len(LEFT_DRAFT) + 3
    assert _statements_for_export(seeded) == before
    # 11 since the outcome results (targets and latest measurements) came in (#18).
    assert before <= 11


# --- the builder alone ---------------------------------------------------------------------

@pytest.mark.parametrize(("status", "withdrawn_from", "tender", "tag"), [
    ("approved", None, "planning", ["planning"]),
    ("in_dialogue", None, "planning", ["planning"]),
    ("in_procurement", None, "active", ["tender"]),
    ("contracted", None, "complete", ["tender"]),
    ("closed", None, "complete", ["tender"]),
    ("withdrawn", "approved", "withdrawn", ["planning"]),
    ("withdrawn", "in_dialogue", "withdrawn", ["planning"]),
    ("withdrawn", "draft", "withdrawn", ["planning"]),  # a reopened need given up
    ("withdrawn", "in_procurement", "cancelled", ["tenderCancellation"]),
])
def test_status_and_tag_of_each_state(status, withdrawn_from, tender, tag):
    assert ocds.tender_status(status, withdrawn_from) == tender
    assert ocds.release_tag(status, withdrawn_from) == tag


@pytest.mark.parametrize(("size", "scale"), [
    ("micro", "micro"), ("small", "sme"), ("medium", "sme"), ("large", "large")])
def test_company_size_as_party_scale(size, scale):
    assert ocds.party_scale(size) == scale


def _need(**fields) -> ocds.NeedRelease:
    moment = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    values = {"reference": "UTB-2026-009", "language": "en", "status": "approved",
              "title": "Less food waste", "buyer": ocds.Buyer("UTB", "Education"),
              "changed": moment, "approved": moment, "problem": "Food is thrown away."}
    return ocds.NeedRelease(**{**values, **fields})


def test_the_release_id_is_a_digest_of_the_content_not_the_date():
    release = ocds.build_release(_need(), "ocds-a1b2c3")
    later = ocds.build_release(_need(changed=datetime(2026, 4, 1, tzinfo=UTC)), "ocds-a1b2c3")
    assert release["date"] == "2026-03-01T09:30:00Z" and later["date"] != release["date"]
    assert later["id"] == release["id"]
    other = ocds.build_release(_need(problem="Food is wasted."), "ocds-a1b2c3")
    assert other["id"] != release["id"] and other["ocid"] == release["ocid"]


def test_empty_fields_are_left_out():
    release = ocds.build_release(_need(), "ocds-a1b2c3")
    assert "budget" not in release["planning"] and "items" not in release["tender"]
    assert "description" not in release["tender"]
    assert json.dumps(release).count("null") == 0


def test_an_empty_package_still_has_a_date():
    package = ocds.build_package([], ocds.Publication("ocds-a1b2c3", "Staden", "https://x.example/"))
    assert package["publishedDate"] == "1970-01-01T00:00:00Z" and package["releases"] == []
