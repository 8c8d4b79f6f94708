"""The PCP plan's rules and warnings at their edges; the evaluation arithmetic."""
from datetime import date
from decimal import Decimal

import pytest

from procure.pcp.evaluation import Missing, missing, ranking
from procure.pcp.rules import PhasePlan, PlanFacts, check_plan, rules_broken

RND = ("73110000-6",)


def _facts(total=1000, supplies="10", budgets=(0, 200, 300, 500), suppliers=(None, 4, 3, 2),
           maxima=(None, None, None, None), cpv=RND, dates=None):
    phases = tuple(PhasePlan(number=n, budget_sek=b, planned_suppliers=s, max_per_supplier_sek=m,
                             planned_start=(dates or {}).get(n, (None, None))[0],
                             planned_end=(dates or {}).get(n, (None, None))[1])
                   for n, b, s, m in zip(range(4), budgets, suppliers, maxima))
    # Results and rights shared as usual: the suppliers own them, the city has a licence.
    return PlanFacts(total_budget_sek=total, supplies_percent=Decimal(supplies), phases=phases,
                     cpv_codes=cpv, results_owner="suppliers", city_licence=True)


def _codes(facts):
    return {(f.code, f.rule) for f in check_plan(facts)}


def test_a_sound_plan_has_no_findings():
    assert check_plan(_facts()) == []


@pytest.mark.parametrize("total, expected", [
    (1000, set()), (999, {("budget_over", True)}), (1001, {("budget_under", False)})])
def test_phase_budgets_against_the_total(total, expected):
    assert _codes(_facts(total=total)) == expected


@pytest.mark.parametrize("suppliers, expected", [
    ((None, 4, 4, 4), set()),
    ((None, 3, 4, 2), {("suppliers_grow", True)}),
    ((None, 4, 2, 3), {("suppliers_grow", True)}),
    ((None, 4, 3, 1), {("phase3_competition", False)}),
    ((None, 4, 3, None), {("phase3_competition", False)}),
])
def test_planned_suppliers_never_grow_and_two_reach_phase_3(suppliers, expected):
    assert _codes(_facts(suppliers=suppliers)) == expected


@pytest.mark.parametrize("supplies, refused", [("49.99", False), ("50", True), ("50.01", True)])
def test_supplies_stay_under_half(supplies, refused):
    assert bool(rules_broken(_facts(supplies=supplies))) is refused


def test_an_rnd_cpv_code_is_wanted():
    assert _codes(_facts(cpv=("55523100-3",))) == {("no_rnd_cpv", False)}
    assert _codes(_facts(cpv=("73120000-9",))) == set()  # the end of the R&D range
    assert _codes(_facts(cpv=("73200000-4",))) == {("no_rnd_cpv", False)}  # just past it


def test_dates_and_maxima():
    reversed_dates = {1: (date(2026, 5, 1), date(2026, 4, 30))}
    assert ("dates_reversed", True) in _codes(_facts(dates=reversed_dates))
    same_day = {1: (date(2026, 5, 1), date(2026, 5, 1))}
    assert _codes(_facts(dates=same_day)) == set()
    overlap = {1: (date(2026, 1, 1), date(2026, 6, 30)), 2: (date(2026, 6, 29), date(2026, 12, 1))}
    assert _codes(_facts(dates=overlap)) == {("phases_overlap", False)}
    assert _codes(_facts(maxima=(None, 50, 100, 250))) == set()  # 4 × 50 = 200: exactly
    assert _codes(_facts(maxima=(None, 51, 100, 250))) == {("max_exceeds_budget", False)}


def test_rules_come_before_warnings():
    findings = check_plan(_facts(total=900, supplies="60", cpv=()))
    assert [f.rule for f in findings] == sorted([f.rule for f in findings], reverse=True)


def test_a_declared_conflict_takes_the_evaluator_out_of_that_suppliers_scores():
    conflicts = {(1, 10): False, (1, 20): False, (2, 10): True, (2, 20): False}
    scores = [(1, 10, 100, 4), (1, 10, 101, 2), (1, 20, 100, 3), (1, 20, 101, 3),
              (2, 10, 100, 0), (2, 10, 101, 0),  # given despite the conflict: never counts
              (2, 20, 100, 5), (2, 20, 101, 5)]
    ranked = ranking([10, 20], {100: 60, 101: 40}, conflicts, scores)
    by_id = {r.organisation_id: r for r in ranked}
    assert by_id[10].mean == Decimal("3.20") and list(by_id[10].by_evaluator) == [1]
    assert by_id[20].mean == Decimal("4.00") and by_id[20].spread == Decimal("2.00")
    assert [r.organisation_id for r in ranked] == [20, 10]


def test_what_is_missing():
    conflicts = {(1, 10): False, (2, 10): True, (1, 20): True, (2, 20): True}
    gaps = missing([1, 2], [10, 20, 30], [100], conflicts, [(1, 10, 100)])
    assert Missing("no_evaluator", 20) in gaps
    assert Missing("declaration", 30, 1) in gaps and Missing("declaration", 30, 2) in gaps
    assert not [g for g in gaps if g.organisation_id == 10]
    assert missing([1], [10], [100, 101], {(1, 10): False}, [(1, 10, 100)]) == [
        Missing("scores", 10, 1)]
