"""The contract-length scenario model: what a longer or shorter term costs, in numbers.

Suppliers say a four-year framework is too short to recover an investment in something
new; the law allows longer only with special reasons the city must prove. Pure module (no
Flask, no database). The rules of :func:`evaluate`, so an officer can check any figure:

Term
    ``term`` = base + options when ``options_exercised``, else base. The *legal* term is
    always base + options: an option may be used, so it counts toward the cap either way.
Contracts over the horizon
    The first contract runs years 1..term, the next from year term + 1, and so on; the
    horizon may cut the last one short. Each start after the first costs one re-tender,
    in the new contract's first year: ``retenders = ceil(horizon / term) - 1``.
City
    In contract year k (1-based within the contract running that year) the city pays
    ``annual_value * (1 - improvement/100) ** (k - 1)``; a new contract after a re-tender
    starts again at the full annual value. An amount in year y is discounted by dividing
    by ``(1 + discount_rate/100) ** y`` (end of year); the city's discounted figure for a
    year is (payment + re-tender cost) discounted.
Supplier (of the first contract only; later ones may go to someone else)
    Year 0: cash = -investment; year k of the first contract: cash = payment_k * margin/100.
    The payback year is the first year k in 1..term whose cumulative cash from year 0, in
    whole kronor as reported, is >= 0; None ("never") if none within the term (year 1 when
    there is no investment). Discounted payback likewise with each year's cash discounted
    (year 0 is not), so it is never earlier than the simple one.
Shares (Decimal, four decimals, rounded half-up)
    unrecovered at base end = max(0, -cumulative cash at the end of the BASE term) /
    investment (0 without investment); undepreciated at term end = max(0, 1 - term /
    depreciation_years), the straight-line book value left when the first contract ends.
Law
    A framework agreement may last at most four years unless there are special reasons,
    which the city must prove (LOU 2016:1145 7 kap. 2 §; Directive 2014/24/EU art. 33); a
    supplier investment with a longer depreciation period is a recognised one.
    ``needs_special_reasons`` is True exactly for a framework whose legal term is over
    four years (4: no; 4+1 or 5: yes). A single contract is not under the cap; nor is an
    innovation partnership (art. 31), but its phases' length and value must reflect the
    degree of innovation, so a long term still needs a reason.
Rounding
    Decimal with 50 digits, never float. Kronor are rounded half-up, that is half away
    from zero (2.5 -> 3, -2.5 -> -3). Cumulative figures are summed unrounded and rounded
    once, so they may differ by a krona from the sum of the rounded yearly figures.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext

from procure.catalogue import N_, texts
from procure.errors import Refused
from procure.formatting import format_sek, format_share
from procure.scenarios.vocabulary import CONTRACT_FORMS, needs_special_reasons

LANGUAGES = ("sv", "en")
MAX_BASE_YEARS, MAX_OPTION_YEARS, MAX_OPTIONS, MAX_HORIZON_YEARS = 20, 10, 5, 40
MAX_VALUE_SEK = 100_000_000_000
MAX_RETENDER_COST_SEK = 1_000_000_000
MAX_MARGIN_PERCENT, MAX_IMPROVEMENT_PERCENT, MAX_DISCOUNT_RATE_PERCENT = 100, 50, 20
FLAGS = ("framework_over_four_years", "investment_unrecovered_at_base_end", "payback_never",
         "discounted_payback_never", "depreciation_beyond_term")

_KRONA, _SHARE = Decimal(1), Decimal("0.0001")

# field -> (Swedish noun, English noun, lowest, highest, unit); both bounds are included,
# except that the annual value must be above 0 (a contract paying nothing has no length
# worth modelling). Options are checked one by one against their own row.
_FIELDS = {  # field -> (noun in a message, low, high, unit)
    "base_years": (N_("The base term"), 1, MAX_BASE_YEARS, "years"),
    "option_years": (N_("Each option"), 1, MAX_OPTION_YEARS, "years"),
    "horizon_years": (N_("The horizon"), 1, MAX_HORIZON_YEARS, "years"),
    "annual_value_sek": (N_("The annual value"), 0, MAX_VALUE_SEK, "sek"),
    "investment_sek": (N_("The supplier's investment"), 0, MAX_VALUE_SEK, "sek"),
    "depreciation_years": (N_("The depreciation period"), 1, MAX_HORIZON_YEARS, "years"),
    "margin_percent": (N_("The supplier's margin"), 0, MAX_MARGIN_PERCENT, "percent"),
    "improvement_percent": (N_("The yearly improvement"), 0, MAX_IMPROVEMENT_PERCENT,
                            "percent"),
    "retender_cost_sek": (N_("The cost of a re-tender"), 0, MAX_RETENDER_COST_SEK, "sek"),
    "discount_rate_percent": (N_("The discount rate"), 0, MAX_DISCOUNT_RATE_PERCENT,
                              "percent"),
}
_TEMPLATES = {  # code -> message; %(noun)s and %(bound)s filled in
    "too_short": N_("%(noun)s must be at least %(bound)s."),
    "negative": N_("%(noun)s must be at least %(bound)s."),
    "not_positive": N_("%(noun)s must be more than %(bound)s."),
    "too_long": N_("%(noun)s may be at most %(bound)s."),
    "too_large": N_("%(noun)s may be at most %(bound)s."),
    "not_integer": N_("%(noun)s must be a whole number."),
    "not_decimal": N_("%(noun)s must be given as an exact number."),
}


@dataclass(frozen=True)
class ScenarioInput:
    """One contract-length scenario as the officer describes it (amounts in SEK)."""

    name: str
    contract_form: str
    base_years: int
    option_years: tuple[int, ...] = ()
    annual_value_sek: int = 0
    investment_sek: int = 0
    depreciation_years: int = 1
    margin_percent: Decimal = Decimal("10")
    improvement_percent: Decimal = Decimal("0")
    retender_cost_sek: int = 0
    discount_rate_percent: Decimal = Decimal("4")
    horizon_years: int = 12
    options_exercised: bool = True


@dataclass(frozen=True)
class Problem:
    """One input error: the field, a stable code, and its message, told in any language.

    ``text`` is the English message with gettext variables: ``%(noun)s`` (the field's
    name), ``%(bound)s`` (``bound`` in the field's unit) and ``%(count)s`` (``bound`` as
    a plain number).
    """

    field: str
    code: str
    text: str
    bound: int | None = None

    def message(self, language: str) -> str:
        """The message in ``language`` ("sv" or "en")."""
        if language not in LANGUAGES:
            raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
        _ = texts(language)
        noun, _low, _high, unit = _FIELDS.get(self.field, ("", 0, 0, ""))
        bound = "" if self.bound is None else _bound_text(self.bound, unit, language)
        return _(self.text, noun=_(noun) if noun else "", bound=bound, count=self.bound)

    @property
    def message_sv(self) -> str:
        return self.message("sv")

    @property
    def message_en(self) -> str:
        return self.message("en")


class ScenarioError(Refused):
    """Invalid scenario input (``invalid_input``); ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem], scenario_name: str = ""):
        super().__init__("invalid_input")
        self.problems = list(problems)
        self.scenario_name = scenario_name
        where = f"scenario {scenario_name!r}: " if scenario_name else ""
        self.args = (where + "; ".join(p.message_en for p in self.problems),)


@dataclass(frozen=True)
class YearFigures:
    """One year's figures in whole kronor; supplier figures only within the first term."""

    year: int
    city_payment_sek: int
    retender_cost_sek: int
    city_discounted_sek: int
    city_cumulative_discounted_sek: int
    supplier_cash_sek: int | None
    supplier_cumulative_sek: int | None
    supplier_cumulative_discounted_sek: int | None


@dataclass(frozen=True)
class ScenarioResult:
    """What :func:`evaluate` reports for one scenario (the rules: module docstring)."""

    scenario: ScenarioInput
    term_years: int
    years: tuple[YearFigures, ...]
    city_discounted_total_sek: int
    retenders: int
    payback_year: int | None
    discounted_payback_year: int | None
    unrecovered_share_at_base_end: Decimal
    undepreciated_share_at_term_end: Decimal
    needs_special_reasons: bool
    flags: tuple[str, ...]


def term_label(scenario: ScenarioInput) -> str:
    """The term as officers write it: "2+1+1", "4", "6" (options shown even if unused)."""
    return "+".join(str(years) for years in (scenario.base_years, *scenario.option_years))


def legal_term_years(scenario: ScenarioInput) -> int:
    """Base plus every option: the length the four-year cap is judged on."""
    return scenario.base_years + sum(scenario.option_years)


def _term_years(scenario: ScenarioInput) -> int:
    return legal_term_years(scenario) if scenario.options_exercised else scenario.base_years


def _bound_text(bound: int, unit: str, language: str) -> str:
    if unit == "sek":
        return format_sek(bound, language)
    if unit == "percent":
        return format_share(Decimal(bound) / 100, language)
    if unit == "years":
        return texts(language).plural("%(num)d year", "%(num)d years", bound)
    return str(bound)


def _problem(field: str, code: str, bound: int = 0) -> Problem:
    return Problem(field, code, _TEMPLATES[code], bound)


def _checked(problems: list[Problem], field: str, value):
    """``value`` if of the right kind and within bounds, else None (problem added)."""
    _noun, low, high, unit = _FIELDS[field]
    kinds = (int, Decimal) if unit == "percent" else int
    # Floats are refused, not converted: 0.1 is not exactly a tenth.
    if isinstance(value, bool) or not isinstance(value, kinds) \
            or (isinstance(value, Decimal) and not value.is_finite()):
        problems.append(_problem(field, "not_decimal" if unit == "percent" else "not_integer"))
    elif field == "annual_value_sek" and value <= 0:
        problems.append(_problem(field, "not_positive", 0))
    elif value < low:
        problems.append(_problem(field, "too_short" if unit == "years" else "negative", low))
    elif value > high:
        problems.append(_problem(field, "too_long" if unit == "years" else "too_large", high))
    else:
        return value
    return None


def _checked_options(problems: list[Problem], options) -> tuple[int, ...] | None:
    """The options if valid, else None; each kind of mistake is reported once."""
    if not isinstance(options, (tuple, list)):
        problems.append(_problem("option_years", "not_integer"))
        return None
    found = []
    if len(options) > MAX_OPTIONS:
        found.append(Problem("option_years", "too_many",
                             N_("At most %(count)s options are allowed."), MAX_OPTIONS))
    for years in options:
        local: list[Problem] = []
        _checked(local, "option_years", years)
        found += [problem for problem in local if problem not in found]
    problems.extend(found)
    return None if found else tuple(options)


def validate(scenario: ScenarioInput) -> list[Problem]:
    """Every problem with ``scenario``, in field order; an empty list means valid."""
    problems: list[Problem] = []
    if not isinstance(scenario.name, str) or not scenario.name.strip():
        problems.append(Problem("name", "empty", N_("Give the scenario a name.")))
    if scenario.contract_form not in CONTRACT_FORMS:
        problems.append(Problem(
            "contract_form", "unknown",
            N_("The contract form must be a framework agreement, a single contract or an "
               "innovation partnership.")))
    base = _checked(problems, "base_years", scenario.base_years)
    options = _checked_options(problems, scenario.option_years)
    horizon = _checked(problems, "horizon_years", scenario.horizon_years)
    if base is not None and options is not None and horizon is not None \
            and base + sum(options) > horizon:
        # The model must see the whole first contract, options included.
        term = base + sum(options)
        problems.append(Problem(
            "horizon_years", "shorter_than_term",
            N_("The horizon must be at least the whole term with options, %(bound)s."), term))
    _checked(problems, "annual_value_sek", scenario.annual_value_sek)
    _checked(problems, "investment_sek", scenario.investment_sek)
    depreciation = _checked(problems, "depreciation_years", scenario.depreciation_years)
    if depreciation is not None and horizon is not None and depreciation > horizon:
        problems.append(Problem(
            "depreciation_years", "longer_than_horizon",
            N_("The depreciation period may not be longer than the horizon, %(bound)s: the "
               "model does not look further."), horizon))
    for field in ("margin_percent", "improvement_percent", "retender_cost_sek",
                  "discount_rate_percent"):
        _checked(problems, field, getattr(scenario, field))
    return problems


def _kronor(amount: Decimal) -> int:
    return int(amount.quantize(_KRONA, rounding=ROUND_HALF_UP))


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(_SHARE, rounding=ROUND_HALF_UP)


def _compute(scenario: ScenarioInput) -> ScenarioResult:
    """The figures for a scenario assumed valid (sensitivity may go past the bounds)."""
    term = _term_years(scenario)
    with localcontext() as context:
        context.prec = 50
        keep = 1 - Decimal(scenario.improvement_percent) / 100
        margin = Decimal(scenario.margin_percent) / 100
        growth = 1 + Decimal(scenario.discount_rate_percent) / 100
        city_total = Decimal(0)
        cash_total = cash_total_discounted = Decimal(-scenario.investment_sek)
        years, retenders, payback, discounted_payback = [], 0, None, None
        cumulative_at_base_end = 0
        for year in range(1, scenario.horizon_years + 1):
            contract_year = (year - 1) % term + 1
            starts_again = contract_year == 1 and year > 1
            retender = scenario.retender_cost_sek if starts_again else 0
            retenders += starts_again
            payment = scenario.annual_value_sek * keep ** (contract_year - 1)
            factor = growth ** year
            discounted = (payment + retender) / factor
            city_total += discounted
            supplier: tuple[int | None, ...] = (None, None, None)
            if year <= term:
                cash = payment * margin
                cash_total += cash
                cash_total_discounted += cash / factor
                supplier = (_kronor(cash), _kronor(cash_total), _kronor(cash_total_discounted))
                # Judged on the reported kronor, so the table and the verdict agree.
                if payback is None and supplier[1] >= 0:
                    payback = year
                if discounted_payback is None and supplier[2] >= 0:
                    discounted_payback = year
                if year == scenario.base_years:
                    cumulative_at_base_end = supplier[1]
            years.append(YearFigures(year, _kronor(payment), retender, _kronor(discounted),
                                     _kronor(city_total), *supplier))
    investment, depreciation = scenario.investment_sek, scenario.depreciation_years
    unrecovered = (_share(max(0, -cumulative_at_base_end), investment) if investment
                   else Decimal("0.0000"))
    undepreciated = _share(max(0, depreciation - term), depreciation)
    special = needs_special_reasons(scenario.contract_form, legal_term_years(scenario))
    raised = {"framework_over_four_years": special,
              "investment_unrecovered_at_base_end": cumulative_at_base_end < 0,
              "payback_never": payback is None,
              "discounted_payback_never": discounted_payback is None,
              "depreciation_beyond_term": depreciation > term}
    return ScenarioResult(
        scenario=scenario, term_years=term, years=tuple(years),
        city_discounted_total_sek=_kronor(city_total), retenders=retenders,
        payback_year=payback, discounted_payback_year=discounted_payback,
        unrecovered_share_at_base_end=unrecovered,
        undepreciated_share_at_term_end=undepreciated, needs_special_reasons=special,
        flags=tuple(flag for flag in FLAGS if raised[flag]))


def evaluate(scenario: ScenarioInput) -> ScenarioResult:
    """The yearly figures and verdict for ``scenario``; raises ScenarioError if invalid."""
    problems = validate(scenario)
    if problems:
        raise ScenarioError(problems, scenario.name)
    return _compute(scenario)


def compare(scenarios: Sequence[ScenarioInput]) -> list[ScenarioResult]:
    """Evaluate each scenario, in the given order; all are checked before any is computed.

    Raises ScenarioError for the first invalid scenario (its name on the error).
    """
    for scenario in scenarios:
        problems = validate(scenario)
        if problems:
            raise ScenarioError(problems, scenario.name)
    return [_compute(scenario) for scenario in scenarios]


def sensitivity(scenario: ScenarioInput,
                change: Decimal = Decimal("0.20")) -> dict[str, int | None]:
    """The DISCOUNTED payback year when the investment or the discount rate moves.

    Keys: "base", "investment_low"/"investment_high" (investment times 1 -/+ ``change``,
    rounded half-up to whole kronor) and "rate_low"/"rate_high" (discount rate times
    1 -/+ ``change``). Discounted payback, because the simple payback does not depend on
    the rate at all. The varied inputs are not re-validated: +20 % on a 20 % rate is
    24 %, and the model computes that fine. Raises ScenarioError for an invalid
    scenario and ValueError unless 0 <= change < 1.
    """
    problems = validate(scenario)
    if problems:
        raise ScenarioError(problems, scenario.name)
    if not isinstance(change, Decimal) or not change.is_finite() or not 0 <= change < 1:
        raise ValueError(f"change must be a Decimal in [0, 1), not {change!r}")
    investment = Decimal(scenario.investment_sek)
    rate = Decimal(scenario.discount_rate_percent)

    def payback(**changes) -> int | None:
        return _compute(replace(scenario, **changes)).discounted_payback_year

    return {
        "base": payback(),
        "investment_low": payback(investment_sek=_kronor(investment * (1 - change))),
        "investment_high": payback(investment_sek=_kronor(investment * (1 + change))),
        "rate_low": payback(discount_rate_percent=rate * (1 - change)),
        "rate_high": payback(discount_rate_percent=rate * (1 + change)),
    }
