"""The innovation capability self-assessment: the questionnaire, saving a year, the
radar, the lowest items with the app's own figures, who may do what, and two admins
saving at once.

The demo (data/seed/assessment.json) has 2025 and 2026; its three lowest items in 2026
are 8 Operations and Clear expectations (1, no gain on 2025), then 7 Support (1, up
from 0).
"""
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask_babel import force_locale

from procure.assessment import services
from procure.assessment.models import AssessmentAnswer
from procure.assessment.questions import ITEMS, KEYS, SCALE, items_in, level_name
from procure.assessment.radar import Radar
from procure.audit.models import AuditEvent
from procure.charts import SERIES_COLOURS, Series, to_svg
from procure.extensions import db
from procure.metrics import queries
from procure.metrics.queries import Filters
from tests.conftest import user_by_role

SVG = "{http://www.w3.org/2000/svg}"


def svg_colour(colour) -> str:
    return "rgb({:d}%,{:d}%,{:d}%)".format(*(int(part * 100) for part in colour.rgb()))


def full_form(scores: dict | None = None, evidence: str = "Beslut i KS") -> dict:
    """A complete questionnaire: every item 2 unless ``scores`` says otherwise."""
    data = {}
    for key in KEYS:
        data[f"score_{key}"] = str((scores or {}).get(key, 2))
        data[f"evidence_{key}"] = evidence
    return data


def versions_on(page: str) -> str:
    match = re.search(r'name="versions" type="hidden" value="([^"]*)"', page)
    assert match, "no versions field on the page"
    return match.group(1)


def stored(app, year: int) -> dict[str, tuple[int, str]]:
    with app.app_context():
        return {key: (answer.score, answer.evidence)
                for key, answer in services.answers_for(year).items()}


def in_english(client):
    client.post_form("/language", {"lang": "en"})
    return client


# The questionnaire as data ------------------------------------------------------------

def test_the_questionnaire_has_the_standards_clauses_and_the_strategys_factors():
    clauses = items_in("iso")
    assert [item.clause for item in clauses] == ["4", "5", "6", "7", "8", "9", "10"]
    assert [item.title("en") for item in clauses] == [
        "4 Context of the organization", "5 Leadership", "6 Planning", "7 Support",
        "8 Operations", "9 Performance evaluation", "10 Improvement"]
    assert [item.title("sv") for item in items_in("factor")] == [
        "Tydlig strategi och mål", "Ledningens engagemang", "Avsatt tid",
        "Systematisk process", "Tydliga förväntningar på medarbetare"]
    assert len(set(KEYS)) == len(ITEMS) == 12
    for item in ITEMS:
        assert item.question("sv").endswith("?") and item.question("en").endswith("?")
    assert sorted(SCALE) == [0, 1, 2, 3, 4]
    assert level_name(0, "en") == "Not in place"
    assert level_name(4, "en") == "Systematic and improving"
    assert level_name(0, "sv") == "Finns inte"


# Saving and reading back --------------------------------------------------------------

def test_a_saved_year_reads_back_and_is_on_the_record(seeded):
    with seeded.test_request_context():
        admin = user_by_role("admin")
        changed = services.save_answers(
            2030, {"context": (3, "  Omvärldsanalys\r\nbeslutad  "), "support": (0, "")},
            expected_versions={}, actor=admin)
        db.session.commit()
        assert changed == ["context", "support"]
        answers = services.answers_for(2030)
        assert (answers["context"].score, answers["context"].evidence) == (
            3, "Omvärldsanalys\nbeslutad")
        assert answers["context"].answered_by.email == admin.email
        assert answers["support"].score == 0 and answers["context"].lock_version == 1
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="assessment.saved", object_id=2030)).scalar_one()
        assert event.detail == {"year": 2030, "scores": {"context": 3, "support": 0}}
        assert 2030 in services.years_answered()

        # Saving the same values again changes nothing and records nothing.
        versions = services.versions_of(services.answers_for(2030))
        assert services.save_answers(2030, {"context": (3, "Omvärldsanalys\nbeslutad")},
                                     expected_versions=versions, actor=admin) == []
        db.session.commit()
        assert services.answers_for(2030)["context"].lock_version == 1


def test_an_admin_fills_in_a_year_through_the_form(login):
    client = login("admin")
    page = client.get("/assessment/2027").get_data(as_text=True)
    assert page.count('type="radio"') == 12 * 5
    assert page.count("<fieldset") == 2 + 12  # a group per part, a radio group per item
    response = client.post_form("/assessment/2027", {
        **full_form({"operations": 0, "strategy_and_goals": 4}),
        "versions": versions_on(page), "evidence_operations": "Ingen dialog\r\nännu"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/assessment?year=2027")
    answers = stored(client.application, 2027)
    assert answers["operations"] == (0, "Ingen dialog\nännu")
    assert answers["strategy_and_goals"] == (4, "Beslut i KS")
    assert len(answers) == 12

    page = client.get("/assessment/2027").get_data(as_text=True)
    assert 'checked id="score_operations-0"' in page
    assert 'checked id="score_strategy_and_goals-4"' in page


# The radar ----------------------------------------------------------------------------

def _radar(language="sv") -> Radar:
    return Radar("Innovationsförmåga 2026 jämfört med 2025",
                 [item.title(language) for item in ITEMS],
                 [Series("2026", [2, 2, 2, 1, 1, 1, 1, 3, 2, 1, 2, 1]),
                  Series("2025", [1, 1, 1, 0, 1, 0, 0, 1, 2, 0, 0, 1])],
                 axis_title="Område")


def test_the_radars_svg_carries_both_series_and_every_axis_label():
    radar = _radar()
    root = ET.fromstring(to_svg(radar, "radar", "beskrivning", 480, 400, language="sv"))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == radar.title
    texts = [element.text for element in root.iter(f"{SVG}text")]
    words = " ".join(texts).split()
    for label in radar.axes:  # wrapped over lines, but every word is there
        assert all(word in words for word in label.split()), label
    assert "2026" in texts and "2025" in texts  # the legend
    assert {"1", "2", "3", "4"} <= set(texts)  # the scale

    outlines = [element for element in root.iter()
                if element.tag in (f"{SVG}polygon", f"{SVG}path", f"{SVG}polyline")
                and element.get("fill") == "none"]
    this_year, last_year = (svg_colour(colour) for colour in SERIES_COLOURS[:2])
    assert {this_year, last_year} <= {element.get("stroke") for element in outlines}
    # Colour is not the only cue: last year's outline is dashed, this year's is not, and
    # each has its own markers (filled circles, filled squares).
    dashed = {element.get("stroke") for element in outlines
              if element.get("stroke-dasharray") not in (None, "none")}
    assert last_year in dashed and this_year not in dashed
    assert len([element for element in root.iter(f"{SVG}circle")
                if element.get("fill") == this_year]) == 12 + 1  # + the legend's
    squares = [element for element in root.iter() if element.get("fill") == last_year
               and element.tag != f"{SVG}circle"]
    assert len(squares) == 12 + 1


def test_the_radar_plugs_into_the_chart_template_global(seeded):
    radar = _radar("en")
    with seeded.test_request_context():
        svg = str(seeded.jinja_env.globals["chart_svg"](radar, "radar-1", "en"))
    assert 'aria-labelledby="radar-1-title radar-1-desc"' in svg
    assert "Innovationsförmåga 2026 jämfört med 2025: 2026, 2025" in svg


def test_the_radars_table_is_exact():
    radar = Radar("R", ["4 Kontext", "5 Ledarskap", "Avsatt tid"],
                  [Series("2026", [2, 4, 0]), Series("2025", [1, None, 0])],
                  axis_title="Område")
    assert radar.table_rows("sv") == [["Område", "2026", "2025"], ["4 Kontext", "2", "1"],
                                      ["5 Ledarskap", "4", "–"], ["Avsatt tid", "0", "0"]]


def test_the_demo_radar_against_last_year(seeded):
    with seeded.test_request_context(), force_locale("en"):
        radar = services.radar(2026, services.compare(2026), "en")
        rows = radar.table_rows("en")
    assert radar.title == "Innovation capability 2026 against 2025"
    assert rows[:3] == [["Item", "2026", "2025"], ["4 Context of the organization", "2", "1"],
                        ["5 Leadership", "2", "1"]]
    assert rows[-1] == ["Clear expectations on staff", "1", "1"]
    assert len(rows) == 13


def test_a_radar_refuses_values_that_do_not_match_its_axes():
    with pytest.raises(ValueError):
        Radar("R", ["a", "b", "c"], [Series("2026", [1, 2])])


# The lowest items and the app's figures -----------------------------------------------

def test_the_lowest_items_come_first_and_stalling_counts_against_an_item():
    scores = [services.ItemScore(item, score, previous) for item, score, previous in zip(
        ITEMS, [2, 1, 3, 1, 1, 0, 4, 4, 4, 4, 4, None], [1, 0, 3, 1, 0, 0, 4, 4, 4, 4, 4, 4],
        strict=True)]
    assert [entry.item.key for entry in services.lowest(scores)] == [
        "performance_evaluation", "support", "leadership"]


def test_the_overview_shows_the_lowest_items_with_the_apps_figures(login, seeded):
    page = in_english(login("admin")).get("/assessment").get_data(as_text=True)
    assert "Innovation capability 2026 against 2025" in page
    weakest = re.findall(r'<article class="card" aria-labelledby="weak-([a-z_]+)"', page)
    assert weakest == ["operations", "clear_expectations", "support"]

    with seeded.app_context():
        filters = Filters(year=2026)
        dialogue = queries.dialogue_before_tender(filters)
        smes = queries.sme_share(filters)
        days = queries.median_days_to_approval(filters)
    assert dialogue.whole and smes.whole and days is not None  # the demo has figures
    operations = page.split('id="weak-operations"')[1].split("</article>")[0]
    assert (f"{dialogue.ratio * 100:.0f}% of the needs that went to tender had a market "
            f"dialogue first ({dialogue.part} of {dialogue.whole})") in operations
    assert f"SMEs were {smes.ratio * 100:.0f}% of the organisations" in operations
    assert f"({smes.part} of {smes.whole}), at or above the national benchmark of 75%" \
        in operations
    assert f"a median of {days:.1f} days from its first draft to approval" in operations
    assert "Marknadsdialog används, men bara på en del av behoven" in operations  # evidence


def test_every_item_has_something_to_say_and_an_empty_year_says_so(seeded):
    with seeded.test_request_context(), force_locale("en"):
        for key in KEYS:
            assert services.evidence_from_app(key, 2026), key
        assert services.evidence_from_app("time_set_aside", 2026) == [
            "No figure in the app for this item."]
        operations = services.evidence_from_app("operations", 2024)
        assert operations[0].startswith("No need of 2024 went to tender")
        assert services.evidence_from_app("performance_evaluation", 2026)[0].startswith(
            "3 of 4 questions from suppliers were answered")


def test_a_year_without_answers_says_so(login):
    page = in_english(login("officer")).get("/assessment?year=2031").get_data(as_text=True)
    assert "2031 has not been assessed." in page
    assert "<svg" not in page


# Who may do what ----------------------------------------------------------------------

def test_officers_read_the_answers_but_cannot_save(login):
    client = login("officer")
    page = client.get("/assessment/2026").get_data(as_text=True)
    assert 'type="radio"' not in page and "<textarea" not in page
    assert "Marknadsdialog används, men bara på en del av behoven" in page
    assert client.post_form("/assessment/2026", full_form()).status_code == 403
    assert stored(client.application, 2026)["operations"][0] == 1
    overview = in_english(client).get("/assessment").get_data(as_text=True)
    assert "/assessment/2026" in overview and "Fill in the assessment" not in overview
    # The lowest items with their scores and evidence, but not the whole city's figures
    # (an officer's figures are their own department's, on the dashboard).
    assert 'aria-labelledby="weak-operations"' in overview
    assert "had a market dialogue first" not in overview
    assert 'href="/dashboard?year=2026"' in overview


@pytest.mark.parametrize("role", ["supplier", "pending_supplier"])
def test_suppliers_are_refused(make_client, role):
    client = make_client(role)
    assert client.get("/assessment").status_code == 403
    assert client.get("/assessment/2026").status_code == 403
    assert client.post_form("/assessment/2026", full_form()).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(seeded, client):
    assert client.get("/assessment").status_code == 302
    assert client.get("/assessment/2026").status_code == 302


# Bad input ----------------------------------------------------------------------------

@pytest.mark.parametrize("score", ["5", "-1", "three", "", "2.5", "1e1"])
def test_a_score_outside_0_to_4_is_a_400_with_the_input_kept(login, score):
    client = in_english(login("admin"))
    form = {**full_form(), "score_support": score, "evidence_support": "Min text <b>här</b>",
            "versions": versions_on(client.get("/assessment/2028").get_data(as_text=True))}
    response = client.post_form("/assessment/2028", form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a level from 0 to 4." in page
    assert 'href="#score_support"' in page  # the error summary leads to the item
    assert "Min text &lt;b&gt;här&lt;/b&gt;" in page
    assert 'checked id="score_context-2"' in page
    assert stored(client.application, 2028) == {}


def test_an_empty_post_is_a_400(login):
    client = login("admin")
    response = client.post_form("/assessment/2028", {})
    assert response.status_code == 400
    assert response.get_data(as_text=True).count('class="field-error"') == 12


def test_too_long_evidence_is_a_400(login):
    client = login("admin")
    response = client.post_form("/assessment/2028", {**full_form(),
                                                     "evidence_context": "x" * 4001})
    assert response.status_code == 400


@pytest.mark.parametrize("url", ["/assessment/1999", "/assessment/2101", "/assessment/0",
                                 "/assessment/99999999999999999999"])
def test_years_out_of_range_are_404(login, url):
    client = login("admin")
    assert client.get(url).status_code == 404
    assert client.post_form(url, full_form()).status_code == 404


def test_odd_years_in_the_query_fall_back_to_the_newest(login):
    page = in_english(login("admin")).get("/assessment?year=1&x").get_data(as_text=True)
    assert "Innovation capability 2026 against 2025" in page


def test_the_services_refuse_what_the_form_would(seeded):
    with seeded.app_context():
        admin = user_by_role("admin")
        for year, values, problem in [
                (2028, {"support": (5, "")}, {"support": "score"}),
                (2028, {"support": (-1, "")}, {"support": "score"}),
                (2028, {"support": (True, "")}, {"support": "score"}),
                (2028, {"support": ("2", "")}, {"support": "score"}),
                (2028, {"nonsense": (2, "")}, {"nonsense": "unknown"}),
                (2028, {"support": (2, "x" * 4001)}, {"support": "evidence"}),
                (1999, {"support": (2, "")}, {"year": "range"})]:
            with pytest.raises(services.AssessmentError) as raised:
                services.save_answers(year, values, expected_versions=None, actor=admin)
            assert raised.value.problems == problem
        assert db.session.execute(db.select(AssessmentAnswer).filter_by(year=2028)).first() is None


# Two admins at once -------------------------------------------------------------------

def _save_as_other_admin(app, year, values):
    with app.test_request_context():
        current = services.answers_for(year)
        services.save_answers(year, values, actor=user_by_role("admin"),
                              expected_versions=services.versions_of(current))
        db.session.commit()


def test_a_save_made_meanwhile_is_detected_not_overwritten(login):
    client = in_english(login("admin"))
    page = client.get("/assessment/2026").get_data(as_text=True)
    loaded = versions_on(page)
    _save_as_other_admin(client.application, 2026, {"operations": (2, "Nu på alla behov.")})

    mine = {**full_form(), "score_operations": "3", "evidence_operations": "Min bedömning",
            "versions": loaded}
    response = client.post_form("/assessment/2026", mine)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else saved this year&#39;s assessment" in page
    assert "Nu på alla behov." in page  # what was saved meanwhile, to compare
    assert "Min bedömning" in page and 'checked id="score_operations-3"' in page
    assert stored(client.application, 2026)["operations"] == (2, "Nu på alla behov.")
    assert stored(client.application, 2026)["context"][1] != "Beslut i KS"

    # Saving again from the conflict page is a deliberate choice, and goes through.
    again = client.post_form("/assessment/2026", {**mine, "versions": versions_on(page)})
    assert again.status_code == 303
    assert stored(client.application, 2026)["operations"] == (3, "Min bedömning")


def test_a_save_meanwhile_of_what_this_form_also_says_is_no_conflict(login):
    client = login("admin")
    loaded = versions_on(client.get("/assessment/2026").get_data(as_text=True))
    _save_as_other_admin(client.application, 2026, {"operations": (2, "Beslut i KS")})
    response = client.post_form("/assessment/2026", {**full_form(), "versions": loaded})
    assert response.status_code == 303


def test_a_tampered_versions_field_reads_as_a_conflict(login):
    client = login("admin")
    response = client.post_form("/assessment/2026", {**full_form(), "versions": "x;y"})
    assert response.status_code == 409
    assert stored(client.application, 2026)["operations"][0] == 1


def test_a_first_year_is_drawn_alone(seeded):
    with seeded.test_request_context(), force_locale("en"):
        services.save_answers(2040, {"context": (2, ""), "support": (1, "")},
                              expected_versions=None, actor=None)
        radar = services.radar(2040, services.compare(2040), "en")
    assert radar.title == "Innovation capability 2040"
    assert [series.name for series in radar.series] == ["2040"]
    assert radar.table_rows("en")[1:3] == [["4 Context of the organization", "2"],
                                           ["5 Leadership", "–"]]


def test_the_radar_stays_plain_svg_after_the_atom_feed(login):
    # The feed registers its own default XML namespace, process-wide; a chart serialised
    # after it must still be an <svg> a browser draws inline, not an <ns0:svg>.
    client = login("admin")
    assert client.get("/dialogues/feed.atom").status_code == 200
    page = client.get("/assessment").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and "ns0:" not in page


def test_loading_the_demo_again_adds_nothing(seeded):
    from procure.assessment.demo import load_demo_assessment

    with seeded.app_context():
        assert load_demo_assessment(Path(seeded.config["SEED_DIR"])) == 0
        assert services.years_answered() == [2026, 2025]
