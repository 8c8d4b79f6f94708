"""The open data tells the whole story: the contract's implementation (payments only
where recorded, the outcome results as milestones), every extension used declared, and
each party named once, in one language per package; still valid OCDS 1.1.5."""
from datetime import UTC, date, datetime
from decimal import Decimal

from procure.opendata import ocds
from tests.opendata.test_ocds import (  # noqa: F401
    codelist_errors,
    codelists,
    export,
    releases_by_reference,
    schema_errors,
    validator,
)

PUBLICATION = ocds.Publication(prefix="ocds-a1b2c3", publisher="Staden",
                               uri="https://example.org/ocds.json")
WINNER = ocds.Supplier(name="Tallriksvågen Sverige AB", country="SE",
                       identifier="556677-8899", size="small")
MOMENT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _need(reference="UTB-2026-009", language="sv", **fields) -> ocds.NeedRelease:
    values = {"reference": reference, "language": language, "status": "contracted",
              "title": "Mindre matsvinn", "buyer": ocds.Buyer("UTB", "Utbildningsförvaltningen"),
              "changed": MOMENT, "approved": MOMENT, "problem": "Mat slängs."}
    return ocds.NeedRelease(**{**values, **fields})


def _award(*suppliers, transactions=()):
    return ocds.AwardRecord(suppliers=suppliers or (WINNER,), amount_sek=Decimal("640000"),
                            signed=date(2026, 4, 1), starts=date(2026, 4, 15),
                            ends=date(2028, 4, 14), transactions=transactions)


RESULTS = (
    ocds.OutcomeResult(1, "Mindre matsvinn", "Andel mat som slängs (%)", Decimal("25"),
                       Decimal("12"), date(2028, 4, 14), "met", Decimal("11.5"),
                       date(2026, 10, 1)),
    ocds.OutcomeResult(2, "Fler barn äter", "Andel som äter (%)", Decimal("50"),
                       Decimal("85"), date(2027, 4, 15), "on_track", Decimal("82"),
                       date(2026, 11, 1)),
    ocds.OutcomeResult(3, "Färre klagomål", "Klagomål per månad", Decimal("10"),
                       Decimal("2"), date(2026, 9, 1), "missed", Decimal("6"),
                       date(2026, 8, 1)),
)


def _milestone_errors(codelists, package):  # noqa: F811
    """The milestone codes of contracts and planning (the shared check reads the tender's)."""
    errors = []
    for release in package["releases"]:
        milestones = list(release.get("planning", {}).get("milestones", []))
        for contract in release.get("contracts", []):
            milestones += contract.get("implementation", {}).get("milestones", [])
        for milestone in milestones:
            if milestone["type"] not in codelists["milestoneType"]:
                errors.append(milestone["type"])
            if milestone["status"] not in codelists["milestoneStatus"]:
                errors.append(milestone["status"])
    return errors


def test_outcome_results_are_the_contract_s_milestones_and_payments_only_when_recorded(
        validator, codelists):  # noqa: F811
    package = ocds.build_package([_need(award=_award(), results=RESULTS)], PUBLICATION)
    assert schema_errors(validator, package) == []
    assert _milestone_errors(codelists, package) == []
    [contract] = package["releases"][0]["contracts"]
    implementation = contract["implementation"]
    assert "transactions" not in implementation  # no payment recorded: none invented
    met, on_track, missed = implementation["milestones"]
    assert (met["status"], met["dateMet"], met["dueDate"]) == (
        "met", "2026-10-01T00:00:00Z", "2028-04-14T00:00:00Z")
    assert met["title"] == "Mindre matsvinn" and met["code"] == "outcome"
    assert "från 25 till 12" in met["description"] and "11,5 den 2026-10-01" in met["description"]
    assert on_track["status"] == "scheduled" and "dateMet" not in on_track
    assert missed["status"] == "notMet" and missed["dateModified"] == "2026-08-01T00:00:00Z"
    # A recorded payment is a transaction to the party that won.
    paid = ocds.Transaction("1", date(2026, 6, 30), Decimal("320000"), WINNER)
    package = ocds.build_package([_need(award=_award(transactions=(paid,)))], PUBLICATION)
    assert schema_errors(validator, package) == []
    implementation = package["releases"][0]["contracts"][0]["implementation"]
    assert implementation == {"transactions": [{
        "id": "UTB-2026-009-transaction-1", "date": "2026-06-30T00:00:00Z",
        "value": {"amount": 320000, "currency": "SEK"},
        "payee": {"id": "SE-BLV-556677-8899", "name": "Tallriksvågen Sverige AB"}}]}
    # Nothing at all: no implementation block.
    bare = ocds.build_package([_need(award=_award())], PUBLICATION)
    assert "implementation" not in bare["releases"][0]["contracts"][0]


def test_before_a_contract_the_targets_are_planning_milestones(validator, codelists):  # noqa: F811
    waiting = tuple(ocds.OutcomeResult(r.position, r.description, r.indicator, r.baseline,
                                       r.target, r.target_on, "not_measured")
                    for r in RESULTS[:1])
    package = ocds.build_package([_need(status="in_procurement", results=waiting)],
                                 PUBLICATION)
    assert schema_errors(validator, package) == []
    assert _milestone_errors(codelists, package) == []
    [milestone] = package["releases"][0]["planning"]["milestones"]
    assert milestone["status"] == "scheduled" and "dateModified" not in milestone
    assert "Senaste mätning" not in milestone["description"]


def test_every_extension_used_is_declared_and_only_those(validator):  # noqa: F811
    import io
    import json

    without = ocds.build_package([_need(status="approved")], PUBLICATION)
    assert "extensions" not in without
    scaled = ocds.build_package([_need(award=_award())], PUBLICATION)
    assert scaled["extensions"] == [ocds.PARTY_SCALE_EXTENSION]
    unknown_size = ocds.Supplier("Grüne Küche GmbH", "DE", "DE136695976", "")
    plain = ocds.build_package([_need(award=_award(unknown_size))], PUBLICATION)
    assert "extensions" not in plain
    # The streamed export declares them at its end, as it finds them.
    out = io.StringIO()
    ocds.write_package(out, [_need(status="approved"), _need("UTB-2026-010",
                                                             award=_award())], PUBLICATION)
    streamed = json.loads(out.getvalue())
    assert streamed["extensions"] == [ocds.PARTY_SCALE_EXTENSION]
    assert schema_errors(validator, streamed) == []
    out = io.StringIO()
    ocds.write_package(out, [_need(status="approved")], PUBLICATION)
    assert "extensions" not in json.loads(out.getvalue())


def test_each_party_is_named_once_in_a_package():
    typed_otherwise = ocds.Supplier(name="TALLRIKSVÅGEN SVERIGE AKTIEBOLAG", country="SE",
                                    identifier="556677-8899", size="")
    package = ocds.build_package([
        _need("UTB-2026-009", award=_award()),
        _need("UTB-2026-010", language="en", award=_award(typed_otherwise),
              buyer=ocds.Buyer("UTB", "Education department"))], PUBLICATION)
    names: dict[str, set[str]] = {}
    for release in package["releases"]:
        for party in release["parties"]:
            names.setdefault(party["id"], set()).add(party["name"])
            if "identifier" in party:
                names[party["id"]].add(party["identifier"]["legalName"])
        for award in release["awards"]:
            for supplier in award["suppliers"]:
                names[supplier["id"]].add(supplier["name"])
        names["department-UTB"].add(release["buyer"]["name"])
        names["department-UTB"].add(release["tender"]["procuringEntity"]["name"])
    assert names == {"department-UTB": {"Utbildningsförvaltningen"},
                     "SE-BLV-556677-8899": {"Tallriksvågen Sverige AB"}}


def test_the_demo_pilot_publishes_its_outcome_results(seeded, validator, codelists):  # noqa: F811
    package = export(seeded)
    assert schema_errors(validator, package) == []
    assert codelist_errors(codelists, package) == []
    assert _milestone_errors(codelists, package) == []
    pilot = next(r for r in package["releases"]
                 if r["tender"]["title"].startswith("Pilot: measuring plate waste"))
    milestones = pilot["contracts"][0]["implementation"]["milestones"]
    assert [m["status"] for m in milestones] == ["met", "scheduled"]
    assert "transactions" not in pilot["contracts"][0]["implementation"]
    # A measurement's source and comment stay with the staff.
    text = str(pilot)
    assert "Kitchen scales" not in text and "weighing daily" not in text
    # The buyers are named in the city's language in every release, English ones too.
    buyers = {r["buyer"]["id"]: set() for r in package["releases"]}
    for release in package["releases"]:
        buyers[release["buyer"]["id"]].add(release["buyer"]["name"])
    assert all(len(found) == 1 for found in buyers.values())
    assert pilot["language"] == "en" and pilot["buyer"]["name"].endswith("förvaltningen")
