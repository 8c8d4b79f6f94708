"""Tests for the procedure adviser (pure: no app, no database)."""
import ast
import inspect

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procure.needs import adviser
from procure.needs.adviser import (ROUTES, AdviserAnswers, Route, Thresholds, advise,
                                   is_rnd_cpv, route_name)

# Deliberately not the figures in force: the adviser must take every amount from here.
THRESHOLDS = Thresholds(direct_award_limit_sek=700_000, eu_supplies_services_sek=2_000_000,
                        eu_works_sek=50_000_000, eu_social_services_sek=7_000_000)


def answers(value=None, cpv=(), exists=None, develop=None, buy=None, kind="services"):
    return AdviserAnswers(estimated_value_sek=value, cpv_codes=cpv, solution_exists=exists,
                          development_needed=develop, will_buy_result=buy,
                          contract_kind=kind)


def route(routes, key):
    (found,) = [r for r in routes if r.key == key]
    return found


def fits(key, language="sv", thresholds=THRESHOLDS, **kwargs):
    return route(advise(answers(**kwargs), thresholds, language), key).fits


# --- Pilot under the direct-award limit ------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    (0, True), (699_999, True), (700_000, False), (700_001, False), (None, False)])
def test_pilot_fits_only_strictly_below_the_direct_award_limit(value, expected):
    assert fits("pilot", value=value) is expected


def test_pilot_limit_comes_from_the_thresholds():
    lower = Thresholds(500_000, 2_000_000, 50_000_000, 7_000_000)
    assert fits("pilot", value=600_000) is True
    assert fits("pilot", value=600_000, thresholds=lower) is False


@pytest.mark.parametrize(("language", "value", "expected"), [
    ("sv", 699_999, ["699\u00a0999\u00a0kr", "understiger", "700\u00a0000\u00a0kr"]),
    ("sv", 700_000, ["700\u00a0000\u00a0kr", "når upp till eller överstiger", "delas upp"]),
    ("en", 699_999, ["SEK\u00a0699,999", "below the direct-award limit", "SEK\u00a0700,000"]),
    ("en", 700_000, ["SEK\u00a0700,000", "not below", "split"]),
    ("en", None, ["missing", "SEK\u00a0700,000"]),
])
def test_pilot_reason_names_the_value_and_the_limit(language, value, expected):
    reason = route(advise(answers(value=value), THRESHOLDS, language), "pilot").reason
    assert all(part in reason for part in expected), reason


# --- R&D CPV codes ----------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("73000000-2", True), ("73100000-3", True), ("73110000-6", True),
    ("73111000-3", True), ("73120000-9", True), ("73200000-4", False),
    ("73210000-7", False), ("73300000-5", True), ("73400000-6", False),
    ("73410000-9", False), ("73420000-2", True), ("73430000-5", True),
    ("73431000-2", False), ("72000000-5", False), ("90500000-2", False),
    ("73110000", True), (" 73300000-5 ", True),
    ("", False), ("7311000-6", False), ("73110000-66", False), ("R&D", False),
])
def test_rnd_cpv_codes_at_the_edges_of_the_exemption(code, expected):
    assert is_rnd_cpv(code) is expected


# --- Pre-commercial procurement --------------------------------------------------------

@pytest.mark.parametrize(("develop", "cpv", "expected"), [
    (True, (), True),
    (True, ("72000000-5",), True),
    (False, ("73110000-6",), True),
    (None, ("90500000-2", "73120000-9"), True),
    (False, ("72000000-5",), False),
    (None, (), False),
    (False, ("73200000-4",), False),
])
def test_pcp_fits_when_development_is_needed_or_a_cpv_is_rnd(develop, cpv, expected):
    assert fits("pcp", develop=develop, cpv=cpv) is expected


@pytest.mark.parametrize(("language", "expected"), [
    ("sv", ["73110000-6", "inte behåller all nytta", "separat"]),
    ("en", ["73110000-6", "does not keep all the benefits", "separate"]),
])
def test_pcp_reason_names_the_rnd_code_and_the_benefit_condition(language, expected):
    routes = advise(answers(value=3_000_000, cpv=("90500000-2", "73110000-6")),
                    THRESHOLDS, language)
    reason = route(routes, "pcp").reason
    assert all(part in reason for part in expected), reason
    assert "90500000-2" not in reason


@pytest.mark.parametrize(("value", "above"), [(1_999_999, False), (2_000_000, True)])
def test_pcp_reason_explains_the_exemption_against_the_eu_threshold(value, above):
    reason = route(advise(answers(value=value, develop=True), THRESHOLDS, "en"), "pcp").reason
    assert ("at or above the EU threshold" in reason) is above
    assert "LOU does not apply" in reason if above else "below the EU threshold" in reason


# --- Innovation partnership, competitive dialogue, open procedure ----------------------

@pytest.mark.parametrize(("exists", "develop", "buy", "expected"), [
    (False, True, True, True),
    (None, True, True, True),
    (True, True, True, False),   # art. 31: not when the market already has a solution
    (False, True, False, False),
    (False, True, None, False),
    (False, False, True, False),
    (False, None, True, False),
])
def test_innovation_partnership_needs_development_and_a_buyer(exists, develop, buy,
                                                              expected):
    assert fits("innovation_partnership", exists=exists, develop=develop,
                buy=buy) is expected


@pytest.mark.parametrize(("exists", "develop", "expected"), [
    (False, False, True),
    (False, None, True),
    (False, True, False),
    (True, False, False),
    (None, False, False),
])
def test_competitive_dialogue_fits_without_a_ready_solution_or_rnd(exists, develop,
                                                                  expected):
    assert fits("competitive_dialogue", exists=exists, develop=develop) is expected


@pytest.mark.parametrize(("exists", "expected"), [(True, True), (False, False),
                                                  (None, False)])
def test_open_procedure_fits_when_a_solution_exists(exists, expected):
    assert fits("open_functional", exists=exists) is expected


@pytest.mark.parametrize(("kind", "threshold"), [
    ("supplies", 2_000_000), ("services", 2_000_000), ("works", 50_000_000),
    ("social", 7_000_000)])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_reason_says_whether_the_eu_threshold_for_the_kind_is_reached(kind, threshold,
                                                                     offset):
    routes = advise(answers(value=threshold + offset, exists=True, kind=kind),
                    THRESHOLDS, "en")
    reason = route(routes, "open_functional").reason
    if offset >= 0:
        assert "must be advertised in TED" in reason
    else:
        assert "TED is not required" in reason
    assert f"SEK\u00a0{threshold:,}" in reason


def test_swedish_reason_names_the_threshold_in_swedish():
    routes = advise(answers(value=60_000_000, exists=True, kind="works"), THRESHOLDS)
    reason = route(routes, "open_functional").reason
    assert "byggentreprenader (50\u00a0000\u00a0000\u00a0kr)" in reason
    assert "ska annonseras i TED" in reason


def test_unknown_value_asks_for_it_against_the_threshold():
    reason = route(advise(answers(exists=True), THRESHOLDS, "en"), "open_functional").reason
    assert "Give the estimated value" in reason and "SEK\u00a02,000,000" in reason


# --- The whole answer ------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "suggested"), [
    ({"value": 400_000, "exists": True, "develop": False, "buy": None},
     ["pilot", "open_functional"]),
    ({"value": 12_000_000, "exists": False, "develop": True, "buy": True,
      "cpv": ("73110000-6",)}, ["pcp", "innovation_partnership"]),
    ({"value": 5_000_000, "exists": False, "develop": False, "buy": True},
     ["competitive_dialogue"]),
    ({"value": 3_000_000, "exists": None, "develop": None, "buy": None}, []),
])
def test_suggested_routes_come_first_in_a_stable_order(kwargs, suggested):
    routes = advise(answers(**kwargs), THRESHOLDS)
    assert [r.key for r in routes if r.fits] == suggested
    assert [r.key for r in routes] == suggested + [k for k in ROUTES if k not in suggested]


@given(value=st.one_of(st.none(), st.integers(0, 10**9)),
       cpv=st.lists(st.sampled_from(["73110000-6", "72000000-5", "45000000-7", "x"]),
                    max_size=3).map(tuple),
       exists=st.sampled_from([True, False, None]),
       develop=st.sampled_from([True, False, None]),
       buy=st.sampled_from([True, False, None]),
       kind=st.sampled_from(adviser.CONTRACT_KINDS),
       language=st.sampled_from(["sv", "en"]))
def test_every_answer_gives_all_five_routes_with_reasons(value, cpv, exists, develop,
                                                         buy, kind, language):
    routes = advise(answers(value, cpv, exists, develop, buy, kind), THRESHOLDS, language)
    assert sorted(r.key for r in routes) == sorted(ROUTES)
    assert [r.fits for r in routes] == sorted((r.fits for r in routes), reverse=True)
    assert all(isinstance(r, Route) and r.reason and r.legal_reference for r in routes)


@pytest.mark.parametrize(("key", "reference"), [
    ("pilot", "19 a kap."),
    ("pcp", "art. 14"), ("pcp", "3 kap. 23 §"),
    ("innovation_partnership", "art. 31"),
    ("competitive_dialogue", "art. 30"),
    ("open_functional", "art. 27"), ("open_functional", "42.3"),
])
def test_legal_references(key, reference):
    assert reference in route(advise(answers(), THRESHOLDS), key).legal_reference


@pytest.mark.parametrize(("key", "sv", "en"), [
    ("pilot", "Pilot genom direktupphandling", "Pilot by direct award"),
    ("pcp", "Förkommersiell upphandling", "Pre-commercial procurement (PCP)"),
    ("innovation_partnership", "Innovationspartnerskap", "Innovation partnership"),
    ("competitive_dialogue", "Konkurrenspräglad dialog", "Competitive dialogue"),
    ("open_functional", "Öppet förfarande med funktionskrav",
     "Open procedure with functional requirements"),
])
def test_route_names_in_both_languages(key, sv, en):
    assert (route_name(key, "sv"), route_name(key, "en")) == (sv, en)


@pytest.mark.parametrize("call", [
    lambda: route_name("pilot", "de"),
    lambda: advise(answers(), THRESHOLDS, "de"),
    lambda: advise(answers(kind="consulting"), THRESHOLDS),
    lambda: advise(answers(value=-1), THRESHOLDS),
])
def test_bad_input_is_refused(call):
    with pytest.raises(ValueError):
        call()


def test_unknown_route_key_is_refused():
    with pytest.raises(KeyError):
        route_name("auction", "en")


def test_thresholds_have_no_defaults():
    with pytest.raises(TypeError):
        Thresholds()  # type: ignore[call-arg]


def test_no_amount_is_written_into_the_module():
    # CPV codes (73...) are the only large numbers the module may hold.
    tree = ast.parse(inspect.getsource(adviser))
    numbers = {n.value for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and type(n.value) is int}
    assert not {n for n in numbers if 10_000 <= n and not 73_000_000 <= n < 74_000_000}


@pytest.mark.parametrize("language, one, many", [
    ("sv", "CPV-koden 73110000-6 är", "CPV-koderna 73110000-6, 73300000-5 är"),
    ("en", "The CPV code 73110000-6 is", "The CPV codes 73110000-6, 73300000-5 are"),
])
def test_rnd_codes_are_named_in_singular_or_plural(language, one, many):
    thresholds = Thresholds(700_000, 2_000_000, 50_000_000, 7_000_000)

    def pcp_reason(codes):
        answers = AdviserAnswers(1_000_000, codes, None, None, None)
        return next(r.reason for r in advise(answers, thresholds, language) if r.key == "pcp")

    assert one in pcp_reason(("73110000-6",))
    assert many in pcp_reason(("73110000-6", "73300000-5"))


# --- Direct awards of the same kind in the financial year -------------------------------

def _pilot_with(value, earlier, language="sv"):
    given = AdviserAnswers(estimated_value_sek=value, cpv_codes=("45233000-9",),
                           solution_exists=None, development_needed=None,
                           will_buy_result=None, direct_awards=earlier)
    return route(advise(given, THRESHOLDS, language), "pilot")


def test_the_city_s_earlier_direct_awards_of_the_group_are_added_before_a_pilot_fits():
    from procure.needs.adviser import DirectAwards

    fitting = _pilot_with(300_000, DirectAwards("452", 2026, 399_999))
    assert fitting.fits
    for part in ("CPV-grupp 452", "2026", "399\u00a0999\u00a0kr", "699\u00a0999\u00a0kr",
                 "under gränsen"):
        assert part in fitting.reason, part
    refused = _pilot_with(300_000, DirectAwards("452", 2026, 400_000), "en")
    assert not refused.fits
    for part in ("CPV group 452", "in 2026", "SEK\u00a0400,000", "SEK\u00a0700,000",
                 "cannot be awarded directly"):
        assert part in refused.reason, part
    # The route falls among the routes that do not fit.
    routes = advise(AdviserAnswers(300_000, ("45233000-9",), None, None, None,
                                   direct_awards=DirectAwards("452", 2026, 650_000)),
                    THRESHOLDS, "en")
    assert route(routes, "pilot") in [r for r in routes if not r.fits]


def test_without_the_sum_the_pilot_still_fits_but_says_to_check_the_earlier_awards():
    unknown = _pilot_with(300_000, None, "en")
    assert unknown.fits and "cannot be added up" in unknown.reason
    # Above the limit alone, the sum is not needed to refuse.
    assert not _pilot_with(700_000, None).fits


@pytest.mark.parametrize(("code", "group"), [("45233000-9", "452"), ("73110000", "731"),
                                              ("", None), ("abc", None), (None, None)])
def test_the_cpv_group_is_the_first_three_digits(code, group):
    from procure.needs.adviser import cpv_group
    assert cpv_group(code) == group
