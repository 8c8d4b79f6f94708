"""Tender and award in the open data: the procedure as procurementMethod, the notice as
a document, the award and its contract with their suppliers, still valid OCDS."""
from tests.opendata.test_ocds import (  # noqa: F401
    codelist_errors,
    codelists,
    export,
    releases_by_reference,
    schema_errors,
    validator,
)

NEED = "UTB-2026-001"


def test_a_contracted_need_has_its_tender_award_and_contract(seeded, login, validator,
                                                             codelists):
    officer = login("officer")
    assert officer.post_form(f"/needs/{NEED}/tender", {
        "source": "ted", "notice_reference": "654321-2026",
        "notice_url": "https://ted.europa.eu/sv/notice/-/detail/654321-2026",
        "procedure": "open", "published_on": "2026-12-01",
        "deadline_on": "2027-01-15"}).status_code == 303
    assert officer.post_form(f"/needs/{NEED}/award", {
        "winners-0-name": "Hållbar Mat i Norden AB", "winners-0-identifier": "556677-8899",
        "winners-1-name": "Grüne Küche GmbH", "winners-1-identifier": "DE136695976",
        "amount_sek": "1250000,50", "signed_on": "2027-02-10", "starts_on": "2027-03-01",
        "ends_on": "2029-02-28", "options_until": "2030-02-28"}).status_code == 303
    package = export(seeded)
    assert schema_errors(validator, package) == []
    assert codelist_errors(codelists, package) == []
    release = releases_by_reference(package)[NEED]
    assert release["tag"] == ["tender", "award", "contract"]
    tender = release["tender"]
    assert tender["procurementMethod"] == "open"
    assert tender["tenderPeriod"] == {"startDate": "2026-12-01T00:00:00Z",
                                      "endDate": "2027-01-15T00:00:00Z"}
    assert any(d["documentType"] == "tenderNotice" and d["url"].endswith("654321-2026")
               for d in tender["documents"])
    [award], [contract] = release["awards"], release["contracts"]
    assert award["value"] == {"amount": 1250000.5, "currency": "SEK"}
    assert [s["name"] for s in award["suppliers"]] == ["Hållbar Mat i Norden AB",
                                                       "Grüne Küche GmbH"]
    assert contract["awardID"] == award["id"] and contract["dateSigned"] == "2027-02-10T00:00:00Z"
    assert contract["period"]["maxExtentDate"] == "2030-02-28T00:00:00Z"
    suppliers = {p["id"]: p for p in release["parties"] if "supplier" in p["roles"]}
    assert set(suppliers) == {"SE-BLV-556677-8899", "EU-VAT-DE136695976"}
    # Each party named once, even a registered participant who also won.
    ids = [p["id"] for p in release["parties"]]
    assert len(ids) == len(set(ids))


def test_the_demo_pilot_direct_award_is_direct(seeded):
    package = export(seeded)
    pilot = next(r for r in package["releases"]
                 if r["tender"]["title"].startswith("Pilot: measuring plate waste"))
    assert pilot["tender"]["procurementMethod"] == "direct"
    assert pilot["contracts"][0]["status"] == "terminated"  # the need is closed
