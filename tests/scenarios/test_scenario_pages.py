"""Scenario pages: build three, compare, choose six years with special reasons, PDF."""
import io
import re

import pypdf

from procure.extensions import db
from procure.needs.models import Need
from procure.scenarios.models import ContractScenario, ScenarioChoice

BASE = {"contract_form": "framework", "option_years": "", "options_exercised": "y",
        "annual_value_sek": "4500000", "investment_sek": "3600000", "depreciation_years": "8",
        "margin_percent": "15", "improvement_percent": "3", "retender_cost_sek": "400000",
        "discount_rate_percent": "4", "horizon_years": "12"}


def _add(client, reference, **values):
    return client.post_form(f"/needs/{reference}/scenarios/new", {**BASE, **values})


def _scenario_ids(app, reference):
    with app.app_context():
        need_id = db.session.execute(db.select(Need.id).filter_by(reference=reference)).scalar_one()
        return {s.name: s.id for s in db.session.execute(
            db.select(ContractScenario).filter_by(need_id=need_id)).scalars()}


def test_officer_compares_three_scenarios_and_chooses_six_years(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    assert _add(client, reference, name="Ramavtal 4 år", base_years="4").status_code == 303
    assert _add(client, reference, name="Ramavtal 4+2 år", base_years="4",
                option_years="2").status_code == 303
    assert _add(client, reference, name="Kontrakt 8 år", contract_form="single",
                base_years="8").status_code == 303

    page = client.get(f"/needs/{reference}/scenarios").get_data(as_text=True)

    def cells(label):  # the comparison row of a figure: one cell per scenario, in order
        row = page[page.index(f'<th scope="row">{label}</th>'):]
        return re.findall(r"<td>([^<]*)</td>", row[:row.index("</tr>")])

    # Four years leaves 28 % of the supplier's investment unpaid: payback never; the
    # 4+2 framework pays back in year 6 but needs special reasons; 8 years single does not.
    assert cells("Ej återvunnen investering vid grundtidens slut") == ["28\u00a0%", "28\u00a0%", "0\u00a0%"]
    assert cells("Återbetalningsår, ej diskonterat") == ["aldrig", "6", "6"]
    # The discounted figures name the rate the three scenarios share.
    assert len(cells("Återbetalningsår, diskonterat med 4\u00a0%")) == 3
    assert len(cells("Stadens kostnad, diskonterad med 4\u00a0%")) == 3
    assert cells("Kräver särskilda skäl") == ["nej", "ja", "nej"]
    assert page.count('role="img"') == 2  # the two charts, each with a table of figures
    assert "Diagrammets siffror" in page

    ids = _scenario_ids(seeded, reference)
    response = client.post_form(f"/needs/{reference}/scenarios/choice", {
        "scenario": ids["Ramavtal 4+2 år"], "justification": "Investeringen kräver sex år."})
    assert response.status_code == 400
    assert "Ramavtalet löper längre än fyra år: ange de särskilda skälen." in \
        response.get_data(as_text=True)
    response = client.post_form(f"/needs/{reference}/scenarios/choice", {
        "scenario": ids["Ramavtal 4+2 år"], "justification": "Investeringen kräver sex år.",
        "special_reasons": "28 procent av investeringen är oåterbetald efter fyra år."})
    assert response.status_code == 303
    with seeded.app_context():
        choice = db.session.execute(db.select(ScenarioChoice).join(
            Need, Need.id == ScenarioChoice.need_id).where(Need.reference == reference)).scalar_one()
        assert choice.scenario.name == "Ramavtal 4+2 år"

    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"/needs/{reference}/statement.pdf").data))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for expected in ("Avtalstid", "Stadens kumulativa kostnad, diskonterad med 4 %",
                     "Leverantörens kumulativa kassaflöde, ej diskonterat",
                     "Återbetalningsår, ej diskonterat", "Återbetalningsår, diskonterat med 4 %",
                     "Valt scenario Ramavtal 4+2 år",
                     "Investeringen kräver sex år.", "28 procent av investeringen"):
        assert expected in text
    html = client.get(f"/needs/{reference}/statement").get_data(as_text=True)
    assert "Avtalstid" in html and html.count('role="img"') == 2


def test_scenarios_at_different_rates_name_each_rate_beside_its_figure(make_need, login):
    """Every payback and cost says whether it is discounted and at what rate, the same way
    in the comparison table, the chart, its table of figures and the statement PDF."""
    reference = make_need()
    client = login("officer")
    _add(client, reference, name="Ramavtal 4+2 år", base_years="4", option_years="2")
    _add(client, reference, name="Kontrakt 8 år", contract_form="single", base_years="8",
         discount_rate_percent="3,5")
    page = client.get(f"/needs/{reference}/scenarios").get_data(as_text=True)
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    row = page[page.index('<th scope="row">Återbetalningsår, diskonterat med varje scenarios '
                          'ränta</th>'):]
    cells = re.findall(r"<td>([^<]*)</td>", row[:row.index("</tr>")])
    assert [cell.split(" ", 1)[1] for cell in cells] == ["(4\u00a0%)", "(3,5\u00a0%)"]
    assert "Stadens kumulativa kostnad, diskonterad med varje scenarios ränta" in text
    assert "Ramavtal 4+2 år (4 %)" in text  # the chart's series, named with its rate
    assert "Leverantörens kumulativa kassaflöde, ej diskonterat" in text
    assert "Återbetalningsår, ej diskonterat" in text
    assert "(diskonterat med 3,5 %)" in text  # the sensitivity table's row
    pdf = pypdf.PdfReader(io.BytesIO(client.get(f"/needs/{reference}/statement.pdf").data))
    printed = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    for expected in ("Återbetalningsår, diskonterat med varje scenarios ränta",
                     "Stadens kostnad, diskonterad med varje scenarios ränta",
                     "Stadens kumulativa kostnad, diskonterad med varje scenarios ränta",
                     "Återbetalningsår, ej diskonterat", "(3,5 %)"):
        assert expected in printed, expected
    assert "Återbetalningsår Återbetalningsår" not in printed


def test_model_errors_are_shown_on_their_fields_with_input_kept(make_need, login):
    reference = make_need()
    client = login("officer")
    response = _add(client, reference, name="Fel", base_years="4", discount_rate_percent="50",
                    option_years="1+x")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Skriv hela år åtskilda med +" in html
    response = _add(client, reference, name="Fel", base_years="4", discount_rate_percent="50")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and 'value="50' in html
    assert "20" in re.search(r'id="discount_rate_percent-error">([^<]+)<', html).group(1)


def test_decimal_comma_is_understood(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    assert _add(client, reference, name="Komma", base_years="4",
                discount_rate_percent="3,5").status_code == 303
    with seeded.app_context():
        rate = db.session.execute(db.select(ContractScenario.discount_rate_percent)
                                  .filter_by(name="Komma")).scalar_one()
        assert str(rate) == "3.50"


def test_copy_edit_and_remove(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    _add(client, reference, name="Ramavtal 4 år", base_years="4")
    original = _scenario_ids(seeded, reference)["Ramavtal 4 år"]
    response = client.post_form(f"/needs/{reference}/scenarios/{original}/copy")
    assert response.status_code == 303 and response.headers["Location"].endswith("/edit")
    copy = _scenario_ids(seeded, reference)["Kopia av Ramavtal 4 år"]
    form = client.get(f"/needs/{reference}/scenarios/{copy}/edit").get_data(as_text=True)
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', form).group(1)
    response = client.post_form(f"/needs/{reference}/scenarios/{copy}/edit",
                                {**BASE, "lock_version": version, "name": "Ramavtal 6 år",
                                 "base_years": "6"})
    assert response.status_code == 303
    # An edit based on the old version is refused, the values typed kept.
    response = client.post_form(f"/needs/{reference}/scenarios/{copy}/edit",
                                {**BASE, "lock_version": version, "name": "Ramavtal 7 år",
                                 "base_years": "7"})
    assert response.status_code == 409
    assert 'value="Ramavtal 7 år"' in response.get_data(as_text=True)
    assert client.post_form(f"/needs/{reference}/scenarios/{copy}/remove").status_code == 303
    assert set(_scenario_ids(seeded, reference)) == {"Ramavtal 4 år"}


def test_scenarios_of_a_need_past_draft_are_read_only(login):
    client = login("officer")
    page = client.get("/needs/UTB-2026-002/scenarios").get_data(as_text=True)
    assert "Ramavtal 4+2 år" in page and "Lägg till ett scenario" not in page
    assert "Särskilda skäl för ett ramavtal längre än fyra år" in page
    assert client.get("/needs/UTB-2026-002/scenarios/new").status_code == 403


def test_another_needs_scenario_is_404(make_need, login, seeded):
    reference = make_need()
    other = _scenario_ids(seeded, "UTB-2026-001")["Ramavtal 4 år"]
    client = login("officer")
    assert client.get(f"/needs/{reference}/scenarios/{other}/edit").status_code == 404


def test_cli_prints_the_comparison(seeded):
    result = seeded.test_cli_runner().invoke(args=["scenarios", "UTB-2026-002"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[0] == "Scenario" and "Ramavtal 4+2 år" in lines[0]
    assert any(line.startswith("Återbetalningsår, ej diskonterat ") and "aldrig" in line for line in lines)
    assert "Valt scenario: Ramavtal 4+2 år" in result.output
    english = seeded.test_cli_runner().invoke(args=["scenarios", "UTB-2026-002",
                                                    "--language", "en"])
    assert "Payback year, discounted at 4%" in english.output
    missing = seeded.test_cli_runner().invoke(args=["scenarios", "NOPE-1"])
    assert missing.exit_code != 0


def test_demo_has_one_need_where_four_years_is_enough_and_one_where_it_is_not(seeded):
    from procure.needs.queries import by_reference
    from procure.scenarios.services import evaluated

    with seeded.app_context():
        enough = {r.scenario.name: r.result for r in evaluated(by_reference("UTB-2026-001"))}
        short = {r.scenario.name: r.result for r in evaluated(by_reference("UTB-2026-002"))}
    assert enough["Ramavtal 4 år"].payback_year is not None
    assert short["Ramavtal 4 år"].payback_year is None
    assert short["Ramavtal 4+2 år"].payback_year == 6


def test_a_pasted_control_character_does_not_break_the_pages(make_need, login):
    reference = make_need()
    client = login("officer")
    assert _add(client, reference, name="Ramavtal\x0b4 år", base_years="4").status_code == 303
    assert client.get(f"/needs/{reference}/scenarios").status_code == 200
    assert client.get(f"/needs/{reference}/statement").status_code == 200


def test_editing_the_chosen_scenario_asks_for_the_choice_again(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    _add(client, reference, name="Ramavtal 4 år", base_years="4")
    scenario_id = _scenario_ids(seeded, reference)["Ramavtal 4 år"]
    client.post_form(f"/needs/{reference}/scenarios/choice",
                     {"scenario": scenario_id, "justification": "Fyra år räcker."})
    form = client.get(f"/needs/{reference}/scenarios/{scenario_id}/edit").get_data(as_text=True)
    version = re.search(r'name="lock_version" type="hidden" value="(\d+)"', form).group(1)
    # Now a framework of 4+2+2 years: the old justification argued for four.
    client.post_form(f"/needs/{reference}/scenarios/{scenario_id}/edit",
                     {**BASE, "lock_version": version, "name": "Ramavtal 4 år",
                      "base_years": "4", "option_years": "2+2"})
    with seeded.app_context():
        assert db.session.get(ScenarioChoice, db.session.execute(
            db.select(Need.id).filter_by(reference=reference)).scalar_one()) is None


def test_a_tampered_version_is_a_conflict_not_a_crash(make_need, login, seeded):
    reference = make_need()
    client = login("officer")
    _add(client, reference, name="Ramavtal 4 år", base_years="4")
    scenario_id = _scenario_ids(seeded, reference)["Ramavtal 4 år"]
    response = client.post_form(f"/needs/{reference}/scenarios/{scenario_id}/edit",
                                {**BASE, "lock_version": "abc", "name": "X", "base_years": "4"})
    assert response.status_code == 409


def test_more_than_two_decimals_are_refused_not_rounded(make_need, login):
    reference = make_need()
    response = _add(login("officer"), reference, name="Decimaler", base_years="4",
                    discount_rate_percent="3,456")
    assert response.status_code == 400
    assert "Högst två decimaler." in response.get_data(as_text=True)


def test_a_scenario_the_model_no_longer_accepts_can_be_edited_or_removed(make_need, login, seeded):
    from decimal import Decimal

    reference = make_need()
    with seeded.app_context():
        need_id = db.session.execute(db.select(Need.id).filter_by(reference=reference)).scalar_one()
        broken = ContractScenario(need_id=need_id, name="Gammalt", contract_form="framework",
                                  base_years=4, annual_value_sek=1_000_000,
                                  margin_percent=Decimal("10"),
                                  discount_rate_percent=Decimal("30"), horizon_years=12)
        db.session.add(broken)
        db.session.commit()
        broken_id = broken.id
    client = login("officer")
    page = client.get(f"/needs/{reference}/scenarios").get_data(as_text=True)
    assert "Gammalt" in page and f"/scenarios/{broken_id}/edit" in page
    response = client.post_form(f"/needs/{reference}/scenarios/{broken_id}/copy")
    assert response.status_code == 303


def test_each_scenario_shows_its_assumptions_and_every_payback_says_if_it_is_discounted(login):
    import re
    page = login("officer").get("/needs/UTB-2026-002/scenarios").get_data(as_text=True)
    section = page[page.index('id="assumptions-title"'):]
    section = section[:section.index("</section>")]
    rows = {re.sub(r"<[^>]+>", "", head).strip(): re.findall(r"<td[^>]*>(.*?)</td>", cells)
            for head, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', section, re.S)}
    assert rows["Diskonteringsränta (%)"] == ["4\u00a0%"] * 3
    assert rows["Leverantörens investering i förväg (kronor)"][0] == "3\u00a0600\u00a0000\u00a0kr"
    assert rows["Tidshorisont (år)"] == ["12"] * 3
    # The sensitivity table's payback is the discounted one, and says at which rate.
    sensitivity = page[page.index('id="sensitivity-title"'):]
    assert "Här är återbetalningen diskonterad" in sensitivity
    assert sensitivity.count("(diskonterat med 4\u00a0%)") == 3
