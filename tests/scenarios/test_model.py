"""Tests for the contract-length scenario model (pure: no app, no database)."""
import ast
import inspect
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure.formatting import format_sek
from procure.scenarios import model
from procure.scenarios.model import (FLAGS, Problem, ScenarioError,
                                     ScenarioInput, compare, evaluate, sensitivity,
                                     term_label, validate)
from procure.scenarios.vocabulary import CONTRACT_FORMS

PROPERTIES = settings(max_examples=150, deadline=None)


def scenario(**changes) -> ScenarioInput:
    """The brief's four-year framework: 1 000 000 kr a year, a 1 500 000 kr investment."""
    values = dict(name="Ramavtal 4 år", contract_form="framework", base_years=4,
                  annual_value_sek=1_000_000, investment_sek=1_500_000,
                  depreciation_years=8, margin_percent=Decimal("10"),
                  improvement_percent=Decimal("0"), retender_cost_sek=200_000,
                  discount_rate_percent=Decimal("0"), horizon_years=12)
    return ScenarioInput(**{**values, **changes})


def never_is_late(year):
    """Order payback years with "never" (None) after every year."""
    return float("inf") if year is None else year


# --- Worked examples, checked by hand -------------------------------------------------

def test_four_year_framework_leaves_the_investment_unrecovered():
    """Four years, no discounting, no improvement, horizon 12.

    Contracts start in years 1, 5 and 9: ceil(12 / 4) - 1 = 2 re-tenders (years 5, 9).
    City: 12 x 1 000 000 + 2 x 200 000 = 12 400 000 (rate 0: discounting changes nothing).
    Supplier: cash 10 % x 1 000 000 = 100 000 a year; cumulative -1 500 000 + 4 x 100 000
    = -1 100 000 at the end of year 4 (base = term), so payback never; unrecovered
    1 100 000 / 1 500 000 = 0.73333 -> 0.7333. Book value left: 1 - 4/8 = 0.5.
    """
    result = evaluate(scenario())
    assert result.term_years == 4
    assert result.retenders == 2
    assert result.city_discounted_total_sek == 12_400_000
    assert [y.retender_cost_sek for y in result.years] == [0] * 4 + [200_000] + [0] * 3 \
        + [200_000] + [0] * 3
    assert [y.supplier_cumulative_sek for y in result.years[:4]] == [
        -1_400_000, -1_300_000, -1_200_000, -1_100_000]
    assert all(y.supplier_cash_sek is None for y in result.years[4:])
    assert result.payback_year is None and result.discounted_payback_year is None
    assert result.unrecovered_share_at_base_end == Decimal("0.7333")
    assert result.undepreciated_share_at_term_end == Decimal("0.5000")
    assert result.needs_special_reasons is False
    assert result.flags == ("investment_unrecovered_at_base_end", "payback_never",
                            "discounted_payback_never", "depreciation_beyond_term")


def test_eight_years_with_options_pays_back_in_the_last_year():
    """4+2+2 framework, margin 20 %, otherwise as above.

    Term 8: ceil(12 / 8) - 1 = 1 re-tender (year 9). City: 12 000 000 + 200 000.
    Supplier: 200 000 a year; cumulative -1 500 000 + 200 000 k: year 7 -100 000,
    year 8 +100 000, so payback year 8 (rate 0: discounted payback too). At the end of the
    BASE term (year 4): -1 500 000 + 800 000 = -700 000; 700 000 / 1 500 000 = 0.4667.
    Depreciation 8 = term: nothing left. Options count, so 8 years > 4: special reasons.
    Were it only the four-year base, 4 x 200 000 leaves -700 000: payback never.
    """
    eight = scenario(option_years=(2, 2), margin_percent=Decimal("20"))
    result = evaluate(eight)
    assert (result.term_years, result.retenders) == (8, 1)
    assert result.city_discounted_total_sek == 12_200_000
    assert result.years[6].supplier_cumulative_sek == -100_000
    assert result.years[7].supplier_cumulative_sek == 100_000
    assert (result.payback_year, result.discounted_payback_year) == (8, 8)
    assert result.unrecovered_share_at_base_end == Decimal("0.4667")
    assert result.undepreciated_share_at_term_end == Decimal("0.0000")
    assert result.needs_special_reasons is True
    assert result.flags == ("framework_over_four_years", "investment_unrecovered_at_base_end")
    assert evaluate(replace(eight, option_years=())).payback_year is None


def test_discounting_and_improvement_to_the_krona():
    """Single contract of 3 years, horizon 5, 1 000 000 kr, improvement 10 %, rate 5 %,
    re-tender 100 000, investment 400 000, margin 15 %, depreciation 3.

    Contract years: 1 2 3 | 1 2 (new contract in year 4, one re-tender).
    Payments: 1 000 000, 900 000, 810 000 | 1 000 000, 900 000.
    Factors 1.05^y: 1.05, 1.1025, 1.157625, 1.21550625, 1.2762815625.
    Discounted: 952 380.95 -> 952 381; 816 326.53 -> 816 327; 699 708.45 -> 699 708;
    (1 000 000 + 100 000) / 1.21550625 = 904 972.72 -> 904 973; 705 173.55 -> 705 174.
    Cumulative (unrounded, then rounded): 952 381; 1 768 707; 2 468 416; 3 373 389;
    4 078 562.21 -> 4 078 562 (the rounded yearly figures would add up to 4 078 563).
    Supplier cash: 150 000, 135 000, 121 500; cumulative -250 000, -115 000, +6 500:
    payback year 3. Discounted: 142 857.14, 122 448.98, 104 956.27; cumulative
    -257 142.86 -> -257 143, -134 693.88 -> -134 694, -29 737.61 -> -29 738: never.
    """
    result = evaluate(scenario(
        name="Kontrakt 3 år", contract_form="single", base_years=3, horizon_years=5,
        improvement_percent=Decimal("10"), discount_rate_percent=Decimal("5"),
        retender_cost_sek=100_000, investment_sek=400_000, margin_percent=Decimal("15"),
        depreciation_years=3))
    assert [y.city_payment_sek for y in result.years] == [
        1_000_000, 900_000, 810_000, 1_000_000, 900_000]
    assert [y.city_discounted_sek for y in result.years] == [
        952_381, 816_327, 699_708, 904_973, 705_174]
    assert [y.city_cumulative_discounted_sek for y in result.years] == [
        952_381, 1_768_707, 2_468_416, 3_373_389, 4_078_562]
    assert result.city_discounted_total_sek == 4_078_562
    assert result.retenders == 1
    assert [y.supplier_cash_sek for y in result.years] == [150_000, 135_000, 121_500,
                                                           None, None]
    assert [y.supplier_cumulative_sek for y in result.years[:3]] == [-250_000, -115_000,
                                                                     6_500]
    assert [y.supplier_cumulative_discounted_sek for y in result.years[:3]] == [
        -257_143, -134_694, -29_738]
    assert (result.payback_year, result.discounted_payback_year) == (3, None)
    assert result.unrecovered_share_at_base_end == Decimal("0.0000")
    assert result.needs_special_reasons is False
    assert result.flags == ("discounted_payback_never",)


def test_kronor_round_half_away_from_zero():
    """Annual value 5 kr at 10 %: cash 0.5 kr a year, reported as 1 (half-up).

    Investment 1: cumulative -1 + 0.5 = -0.5 -> -1 (half away from zero), so no payback
    in year 1; -1 + 1.0 = 0 in year 2 -> payback year 2.
    """
    result = evaluate(scenario(annual_value_sek=5, investment_sek=1, retender_cost_sek=0))
    assert result.years[0].supplier_cash_sek == 1
    assert [y.supplier_cumulative_sek for y in result.years[:2]] == [-1, 0]
    assert result.payback_year == 2


def test_payback_is_judged_on_the_reported_kronor():
    """Annual value 6 kr at 10 %, investment 1: cumulative -1 + 0.6 = -0.4, reported as 0.

    The table shows 0 in year 1, so the payback year is 1: the verdict agrees with the
    figures an officer sees (unrounded it would be year 2, at +0.2).
    """
    result = evaluate(scenario(annual_value_sek=6, investment_sek=1, retender_cost_sek=0))
    assert result.years[0].supplier_cumulative_sek == 0
    assert result.payback_year == result.discounted_payback_year == 1


def test_no_investment_pays_back_in_year_one():
    result = evaluate(scenario(investment_sek=0, margin_percent=Decimal("0")))
    assert result.payback_year == result.discounted_payback_year == 1
    assert result.unrecovered_share_at_base_end == 0
    assert "investment_unrecovered_at_base_end" not in result.flags


# --- Term, options and the law --------------------------------------------------------

@pytest.mark.parametrize("base, options, form, special", [
    (4, (), "framework", False),
    (3, (1,), "framework", False),
    (2, (1, 1), "framework", False),
    (4, (1,), "framework", True),
    (5, (), "framework", True),
    (8, (), "single", False),
    (8, (), "innovation_partnership", False),
])
def test_four_year_cap_on_frameworks(base, options, form, special):
    result = evaluate(scenario(base_years=base, option_years=options, contract_form=form))
    assert result.needs_special_reasons is special
    assert ("framework_over_four_years" in result.flags) is special


def test_options_count_toward_the_cap_even_when_not_exercised():
    result = evaluate(scenario(option_years=(1,), options_exercised=False))
    assert result.term_years == 4
    assert result.needs_special_reasons is True


def test_options_count_toward_the_term_when_exercised():
    used = evaluate(scenario(base_years=2, option_years=(1, 1)))
    unused = evaluate(scenario(base_years=2, option_years=(1, 1), options_exercised=False))
    assert (used.term_years, used.retenders) == (4, 2)
    assert (unused.term_years, unused.retenders) == (2, 5)
    # The supplier's figures end with the first contract's term.
    assert unused.years[1].supplier_cash_sek is not None
    assert unused.years[2].supplier_cash_sek is None


def test_unrecovered_share_is_read_at_the_end_of_the_base_term():
    result = evaluate(scenario(base_years=2, option_years=(1, 1)))
    # -1 500 000 + 2 x 100 000 = -1 300 000 after the two base years.
    assert result.unrecovered_share_at_base_end == Decimal("0.8667")


def test_the_last_contract_may_be_cut_by_the_horizon():
    result = evaluate(scenario(base_years=5, horizon_years=12))  # 1-5, 6-10, 11-12
    assert result.retenders == 2
    assert [y.retender_cost_sek > 0 for y in result.years].count(True) == 2
    assert result.years[5].retender_cost_sek == result.years[10].retender_cost_sek == 200_000


@pytest.mark.parametrize("base, options, label", [
    (2, (1, 1), "2+1+1"), (4, (), "4"), (6, (), "6"), (4, (2, 2), "4+2+2")])
def test_term_label(base, options, label):
    assert term_label(scenario(base_years=base, option_years=options)) == label


# --- Validation -----------------------------------------------------------------------

PROBLEMS = [
    # changes, field, code, a piece of the Swedish message, of the English message
    (dict(name="  "), "name", "empty", "namn", "name"),
    (dict(contract_form="dps"), "contract_form", "unknown", "ramavtal", "framework"),
    (dict(base_years=0), "base_years", "too_short", "minst 1 år", "at least 1 year"),
    (dict(base_years=21, horizon_years=40), "base_years", "too_long", "högst 20 år",
     "at most 20 years"),
    (dict(base_years=1, option_years=(1,) * 6), "option_years", "too_many", "Högst 5",
     "At most 5"),
    (dict(option_years=(0,)), "option_years", "too_short", "minst 1 år", "at least 1 year"),
    (dict(base_years=1, option_years=(11,), horizon_years=40), "option_years", "too_long",
     "högst 10 år", "at most 10 years"),
    (dict(option_years=(1.5,)), "option_years", "not_integer", "heltal", "whole number"),
    (dict(option_years=(2,), horizon_years=5, depreciation_years=5), "horizon_years",
     "shorter_than_term", "6 år", "6 years"),
    (dict(horizon_years=0), "horizon_years", "too_short", "minst 1 år", "at least 1 year"),
    (dict(horizon_years=41), "horizon_years", "too_long", "högst 40 år", "at most 40 years"),
    (dict(annual_value_sek=0), "annual_value_sek", "not_positive", "större än",
     "more than"),
    (dict(annual_value_sek=100_000_000_001), "annual_value_sek", "too_large",
     format_sek(100_000_000_000, "sv"), format_sek(100_000_000_000, "en")),
    (dict(investment_sek=-1), "investment_sek", "negative", format_sek(0, "sv"),
     format_sek(0, "en")),
    (dict(investment_sek=100_000_000_001), "investment_sek", "too_large",
     format_sek(100_000_000_000, "sv"), format_sek(100_000_000_000, "en")),
    (dict(depreciation_years=0), "depreciation_years", "too_short", "minst 1 år",
     "at least 1 year"),
    (dict(depreciation_years=13), "depreciation_years", "longer_than_horizon", "12 år",
     "12 years"),
    (dict(margin_percent=Decimal("-0.01")), "margin_percent", "negative", "0\u00a0%", "0%"),
    (dict(margin_percent=Decimal("100.01")), "margin_percent", "too_large", "100\u00a0%",
     "100%"),
    (dict(margin_percent=0.1), "margin_percent", "not_decimal", "exakt", "exact"),
    (dict(improvement_percent=Decimal("-1")), "improvement_percent", "negative",
     "0\u00a0%", "0%"),
    (dict(improvement_percent=Decimal("50.5")), "improvement_percent", "too_large",
     "50\u00a0%", "50%"),
    (dict(retender_cost_sek=-1), "retender_cost_sek", "negative", format_sek(0, "sv"),
     format_sek(0, "en")),
    (dict(retender_cost_sek=1_000_000_001), "retender_cost_sek", "too_large",
     format_sek(1_000_000_000, "sv"), format_sek(1_000_000_000, "en")),
    (dict(discount_rate_percent=Decimal("-0.5")), "discount_rate_percent", "negative",
     "0\u00a0%", "0%"),
    (dict(discount_rate_percent=Decimal("20.01")), "discount_rate_percent", "too_large",
     "20\u00a0%", "20%"),
    (dict(discount_rate_percent=Decimal("NaN")), "discount_rate_percent", "not_decimal",
     "exakt", "exact"),
    (dict(base_years=True), "base_years", "not_integer", "heltal", "whole number"),
]


@pytest.mark.parametrize("changes, field, code, sv, en", PROBLEMS,
                         ids=[f"{p[1]}-{p[2]}" for p in PROBLEMS])
def test_each_problem_names_its_field_and_bound(changes, field, code, sv, en):
    problems = validate(scenario(**changes))
    assert [(p.field, p.code) for p in problems] == [(field, code)]
    (problem,) = problems
    assert sv in problem.message_sv and en in problem.message_en
    assert problem.message("sv") == problem.message_sv
    assert problem.message("en") == problem.message_en


def test_every_field_a_problem_names_is_an_input_field():
    fields = set(ScenarioInput.__dataclass_fields__)
    assert {field for _, field, *_ in PROBLEMS} <= fields


def test_the_bounds_themselves_are_allowed():
    assert validate(scenario(base_years=20, horizon_years=40, depreciation_years=40,
                             annual_value_sek=100_000_000_000,
                             investment_sek=100_000_000_000, margin_percent=Decimal("100"),
                             improvement_percent=Decimal("50"),
                             retender_cost_sek=1_000_000_000,
                             discount_rate_percent=Decimal("20"))) == []
    assert validate(scenario(base_years=1, option_years=(10, 1, 1, 1, 1), horizon_years=15,
                             depreciation_years=1, margin_percent=0)) == []


def test_the_term_with_unused_options_must_still_fit_the_horizon():
    problems = validate(scenario(option_years=(1, 1), horizon_years=5, depreciation_years=5,
                                 options_exercised=False))
    assert [p.code for p in problems] == ["shorter_than_term"]


def test_evaluate_raises_with_every_problem():
    with pytest.raises(ScenarioError) as raised:
        evaluate(scenario(name="Fel", annual_value_sek=0, discount_rate_percent=Decimal("25")))
    assert isinstance(raised.value, ValueError)
    assert [p.code for p in raised.value.problems] == ["not_positive", "too_large"]
    assert "Fel" in str(raised.value)


def test_problem_message_refuses_unknown_languages():
    with pytest.raises(ValueError):
        Problem("name", "empty", "sv", "en").message("de")


# --- compare and sensitivity -----------------------------------------------------------

def test_compare_keeps_the_order_and_refuses_any_invalid_scenario():
    four, eight = scenario(), scenario(name="8 år", base_years=8)
    assert [r.term_years for r in compare([eight, four])] == [8, 4]
    assert compare([]) == []
    with pytest.raises(ScenarioError, match="Trasig"):
        compare([four, scenario(name="Trasig", base_years=0)])


def test_sensitivity_keys_and_direction():
    """4+2+2, cash 25 % x 1 000 000 = 250 000 a year, rate 4 %: discounted payback.

    Annuity factors at 4 %: 6 years 5.2421, 7 years 6.0021, 8 years 6.7327.
    Base, investment 1 500 000: 250 000 x 5.2421 = 1 310 534 < 1 500 000 <= 1 500 514
    (7 years): year 7. Investment -20 % = 1 200 000 <= 1 310 534: year 6. Investment
    +20 % = 1 800 000 > 1 683 186 (8 years): never. Rate 3.2 %: year 7 still; rate 4.8 %:
    7 years give 250 000 x 5.8286 = 1 457 137 < 1 500 000: year 8.
    """
    result = sensitivity(scenario(option_years=(2, 2), margin_percent=Decimal("25"),
                                  discount_rate_percent=Decimal("4")))
    assert result == {"base": 7, "investment_low": 6, "investment_high": None,
                      "rate_low": 7, "rate_high": 8}


def test_sensitivity_goes_past_the_input_bounds_without_complaint():
    result = sensitivity(scenario(discount_rate_percent=Decimal("20"),
                                  investment_sek=100_000_000_000))
    assert result["rate_high"] is None and result["investment_high"] is None


@pytest.mark.parametrize("change", [Decimal("1"), Decimal("-0.1"), 0.2])
def test_sensitivity_refuses_a_nonsense_change(change):
    with pytest.raises(ValueError):
        sensitivity(scenario(), change)


def test_the_model_is_pure_and_float_free():
    tree = ast.parse(inspect.getsource(model))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert not imported & {"flask", "flask_sqlalchemy", "sqlalchemy"}
    assert not [node for node in ast.walk(tree)
                if isinstance(node, ast.Constant) and type(node.value) is float]
    assert not [node for node in ast.walk(tree)
                if isinstance(node, ast.Name) and node.id == "float"]


# --- Properties -------------------------------------------------------------------------

percents = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False,
                       allow_infinity=False)


@st.composite
def scenarios(draw, min_horizon=1):
    """Valid scenarios of every form, kept small enough to run fast."""
    base = draw(st.integers(1, 8))
    options = tuple(draw(st.lists(st.integers(1, 3), max_size=3)))
    horizon = draw(st.integers(max(min_horizon, base + sum(options)), 30))
    return ScenarioInput(
        name="S", contract_form=draw(st.sampled_from(tuple(CONTRACT_FORMS))), base_years=base,
        option_years=options, annual_value_sek=draw(st.integers(1, 10**9)),
        investment_sek=draw(st.integers(0, 10**10)),
        depreciation_years=draw(st.integers(1, horizon)),
        margin_percent=draw(percents),
        improvement_percent=draw(percents.filter(lambda p: p <= 50)),
        retender_cost_sek=draw(st.integers(0, 10**8)),
        discount_rate_percent=draw(percents.filter(lambda p: p <= 20)),
        horizon_years=horizon, options_exercised=draw(st.booleans()))


@PROPERTIES
@given(scenarios(min_horizon=10), st.integers(0, 10))
def test_a_longer_term_never_means_more_retenders(base_scenario, extra_years):
    longer = replace(base_scenario, base_years=base_scenario.base_years + extra_years)
    if validate(longer):  # the longer term no longer fits the horizon
        return
    assert evaluate(longer).retenders <= evaluate(base_scenario).retenders


@PROPERTIES
@given(scenarios(), st.lists(percents.filter(lambda p: p <= 20), min_size=2, max_size=2))
def test_a_higher_rate_never_raises_the_citys_discounted_total(base_scenario, rates):
    low, high = sorted(rates)
    assert evaluate(replace(base_scenario, discount_rate_percent=high)) \
        .city_discounted_total_sek <= evaluate(
        replace(base_scenario, discount_rate_percent=low)).city_discounted_total_sek


@PROPERTIES
@given(scenarios())
def test_the_invariants_of_one_result(one):
    result = evaluate(one)
    term = result.term_years
    end_of_term = result.years[term - 1]
    assert len(result.years) == one.horizon_years
    assert result.retenders == -(-one.horizon_years // term) - 1
    assert (result.payback_year is None) == (end_of_term.supplier_cumulative_sek < 0)
    assert never_is_late(result.payback_year) <= never_is_late(result.discounted_payback_year)
    assert 0 <= result.unrecovered_share_at_base_end <= 1
    assert 0 <= result.undepreciated_share_at_term_end <= 1
    assert result.city_discounted_total_sek == result.years[-1].city_cumulative_discounted_sek
    assert set(result.flags) <= set(FLAGS)
    assert all(y.supplier_cash_sek is None for y in result.years[term:])


@PROPERTIES
@given(scenarios(), st.lists(st.integers(0, 10**10), min_size=2, max_size=2))
def test_more_investment_never_brings_payback_earlier(one, investments):
    low, high = sorted(investments)
    cheap = evaluate(replace(one, investment_sek=low))
    dear = evaluate(replace(one, investment_sek=high))
    assert never_is_late(cheap.payback_year) <= never_is_late(dear.payback_year)
    assert never_is_late(cheap.discounted_payback_year) \
        <= never_is_late(dear.discounted_payback_year)


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_sensitivity_moves_the_right_way(one):
    result = sensitivity(one)
    assert result["base"] == evaluate(one).discounted_payback_year
    for low, high in (("investment_low", "investment_high"), ("rate_low", "rate_high")):
        assert never_is_late(result[low]) <= never_is_late(result["base"]) \
            <= never_is_late(result[high])
