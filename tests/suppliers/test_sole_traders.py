"""Sole traders (enskild näringsidkare) register with the owner's personal identity
number: checked as one, kept, shown whole only to the company's own users and the
administrators, masked to everyone else, and never published."""
import io
import json

import pypdf
import pytest

from procure.dialogues.models import Dialogue, Registration
from procure.extensions import db
from procure.suppliers.identifiers import IdentifierError, parse_org_number, parse_personal_number
from procure.suppliers.models import SupplierOrganisation
from tests.suppliers.registering import register, register_and_confirm, registration

NUMBER = "800101-1231"  # a valid personal identity number (Luhn)
KEY = "19800101-1231"
MASKED = "19800101-****"
# Every way the number could be written: none may appear where others look.
WRITTEN = ("19800101-1231", "198001011231", "800101-1231", "8001011231", "SE800101123101")
OWNER = "anna@tradgard.example"


def sole_trader(**changes):
    data = registration(company_name="Anna Ek Trädgårdsdesign", country_kind="sole_trader",
                        org_number="", personal_number=NUMBER, size="micro",
                        contact_name="Anna Ek", email=OWNER)
    data.update(changes)
    return data


def _register_sole_trader(app, client) -> int:
    assert register_and_confirm(app, client, sole_trader()).status_code == 303
    with app.app_context():
        return db.session.execute(db.select(SupplierOrganisation.id).filter_by(
            identifier=KEY)).scalar_one()


def _leaks(text: str) -> list[str]:
    return [form for form in WRITTEN if form in text]


# --- the number -------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["800101-1231", "8001011231", "198001011231",
                                   "19800101-1231", " 19800101 1231 "])
def test_a_personal_number_is_kept_with_its_century(value):
    identifier = parse_personal_number(value)
    assert identifier.key == KEY and identifier.sole_trader
    assert identifier.masked == MASKED


@pytest.mark.parametrize("value, code", [
    ("800101-1234", "checksum"), ("800101-123", "personal_length"),
    ("801301-1231", "personal_format"), ("559214-4314", "personal_format"), ("", "personal_length")])
def test_a_bad_personal_number_is_refused(value, code):
    with pytest.raises(IdentifierError) as refused:
        parse_personal_number(value)
    assert refused.value.code == code


def test_an_organisation_number_is_never_taken_for_a_person():
    identifier = parse_org_number("559214-4314")
    assert not identifier.sole_trader and identifier.masked == "559214-4314"


# --- registering ------------------------------------------------------------------------

def test_a_sole_trader_registers_and_sees_the_whole_number(seeded, client):
    page = client.get("/suppliers/register").get_data(as_text=True)
    assert "enskild näringsidkare" in page and 'name="personal_number"' in page
    organisation_id = _register_sole_trader(seeded, client)
    with seeded.app_context():
        organisation = db.session.get(SupplierOrganisation, organisation_id)
        assert organisation.sole_trader and organisation.country == "SE"
    own = client.get("/suppliers/organisation").get_data(as_text=True)
    assert "Personnummer (enskild näringsidkare)" in own and KEY in own


@pytest.mark.parametrize("changes, message", [
    ({"personal_number": "800101-1234"}, "Sista siffran stämmer inte"),
    ({"personal_number": ""}, "Ange ägarens personnummer."),
    ({"personal_number": "801301-1231"}, "Ett personnummer börjar med ett födelsedatum"),
])
def test_a_bad_number_is_refused_with_the_reason(seeded, client, changes, message):
    response = register(seeded, client, sole_trader(**changes))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_a_personal_number_as_an_organisation_number_points_to_the_sole_trader_choice(
        seeded, client):
    response = register(seeded, client, registration(org_number=NUMBER))
    assert response.status_code == 400
    assert "enskild näringsidkare" in response.get_data(as_text=True)


# --- who sees it whole ------------------------------------------------------------------

def test_others_see_it_masked_the_admin_whole(seeded, client, make_client):
    organisation_id = _register_sole_trader(seeded, client)
    # A colleague who asks to join is not yet the company's own: masked, in the page and
    # in their personal data.
    colleague = make_client()
    assert register_and_confirm(seeded, colleague, sole_trader(
        email="bo@tradgard.example", contact_name="Bo Ek")).status_code == 303
    page = colleague.get("/suppliers/organisation").get_data(as_text=True)
    assert MASKED in page and _leaks(page) == []
    data = colleague.get("/account/personal-data.json")
    assert data.status_code == 200 and MASKED in data.get_data(as_text=True)
    assert _leaks(data.get_data(as_text=True)) == []
    # The owner's own copy has it whole; so has the administrator's page of the company.
    assert KEY in client.get("/account/personal-data.json").get_data(as_text=True)
    admin = make_client("admin").get(f"/admin/organisations/{organisation_id}")
    assert admin.status_code == 200 and KEY in admin.get_data(as_text=True)


def test_officers_see_the_winner_masked(seeded, client, make_client):
    organisation_id = _register_sole_trader(seeded, client)
    officer = make_client("officer")
    assert officer.post_form("/needs/UTB-2026-001/tender", {
        "source": "ted", "notice_reference": "654321-2026",
        "notice_url": "https://ted.europa.eu/sv/notice/-/detail/654321-2026",
        "procedure": "open", "published_on": "2026-01-10",
        "deadline_on": "2026-02-15"}).status_code == 303
    form = officer.get("/needs/UTB-2026-001/award").get_data(as_text=True)
    assert f"Anna Ek Trädgårdsdesign ({MASKED})" in form and _leaks(form) == []
    assert officer.post_form("/needs/UTB-2026-001/award", {
        "winners-0-organisation": str(organisation_id), "amount_sek": "250000",
        "signed_on": "2026-03-01", "starts_on": "2026-03-01",
        "ends_on": "2027-02-28"}).status_code == 303
    need = officer.get("/needs/UTB-2026-001").get_data(as_text=True)
    assert MASKED in need and _leaks(need) == []


# --- never published ---------------------------------------------------------------------

def test_nothing_published_contains_the_number(seeded, client, make_client):
    from tests.opendata.test_ocds import export, releases_by_reference

    organisation_id = _register_sole_trader(seeded, client)
    with seeded.app_context():
        reported = db.session.execute(db.select(Dialogue).filter_by(status="reported")).scalar_one()
        reported_id, reference = reported.id, reported.need.reference
        db.session.add(Registration(dialogue_id=reported_id, organisation_id=organisation_id,
                                    attendees="Anna Ek"))
        db.session.commit()
    # OCDS: the export and the API; the sole trader is a party by name, never by number.
    package = export(seeded)
    assert _leaks(json.dumps(package)) == []
    party = next(p for p in releases_by_reference(package)[reference]["parties"]
                 if p["name"] == "Anna Ek Trädgårdsdesign")
    assert party["id"] == f"procure-sole-trader-o{organisation_id}"
    assert party["identifier"] == {"legalName": "Anna Ek Trädgårdsdesign"}
    public = make_client()
    api = public.get("/api/v1/ocds/releases.json")
    assert api.status_code == 200 and "Anna Ek Trädgårdsdesign" in api.get_data(as_text=True)
    assert _leaks(api.get_data(as_text=True)) == []
    # The consultation report (web and PDF), the feed, the dialogue API.
    for url in (f"/dialogues/{reported_id}/report", "/dialogues/feed.atom", "/api/v1/dialogues",
                f"/dialogues/{reported_id}", "/cases/"):
        response = public.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.get_data(as_text=True)) == [], url
    pdf = public.get(f"/dialogues/{reported_id}/report.pdf")
    assert pdf.status_code == 200
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert _leaks(text.replace(" ", "")) == []


def test_the_staff_csv_files_do_not_contain_the_number(seeded, client, make_client):
    organisation_id = _register_sole_trader(seeded, client)
    with seeded.app_context():
        reported = db.session.execute(db.select(Dialogue).filter_by(status="reported")).scalar_one()
        db.session.add(Registration(dialogue_id=reported.id, organisation_id=organisation_id,
                                    attendees="Anna Ek"))
        db.session.commit()
    officer = make_client("officer")
    for url in ("/portfolio.csv", "/dashboard/organisations-per-dialogue.csv"):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert _leaks(response.get_data(as_text=True)) == [], url
