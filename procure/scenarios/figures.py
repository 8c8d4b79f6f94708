"""What the scenario pages and the statement show: charts, tables, form values.

No Flask here: texts come from the catalogue in the language asked for, so the web
page (in the user's language) and the PDF (in the statement's) share the code.
"""
from __future__ import annotations

from decimal import Decimal

from procure.catalogue import N_, texts
from procure.charts import Chart, Series
from procure.formatting import format_sek, format_share
from procure.scenarios.model import term_label

# The pages' and the statement's words by key, in English; labels() translates them.
LABELS = {
    # Every cost and payback label says whether it is discounted and at what rate, in the
    # same words on the page, in its charts and in the PDF (see discounted_label()).
    "city_chart": N_("The city's cumulative cost, discounted at %(rate)s"),
    "supplier_chart": N_("The supplier's cumulative cash flow, not discounted"),
    "year": N_("Year"),
    "kr": N_("SEK"),
    "scenario": N_("Scenario"),
    "form": N_("Contract form"),
    "term": N_("Term (years)"),
    "city_total": N_("The city's cost, discounted at %(rate)s"),
    "retenders": N_("Re-tenders"),
    "payback": N_("Payback year, not discounted"),
    "discounted_payback": N_("Payback year, discounted at %(rate)s"),
    "each_rate": N_("each scenario's rate"),
    "unrecovered": N_("Investment unrecovered at the end of the base term"),
    "special": N_("Needs special reasons"),
    "never": N_("never"),
    "yes": N_("yes"),
    "no": N_("no"),
    "framework": N_("Framework agreement"),
    "single": N_("Single contract"),
    "innovation_partnership": N_("Innovation partnership"),
    "section": N_("Contract length"),
    "chosen": N_("Chosen scenario"),
    "justification": N_("Justification"),
    "special_reasons": N_("Special reasons for a framework longer than four years"),
    "intro": N_("The scenarios compare contract lengths over %(horizon)s years with the "
                "same assumptions otherwise."),
    "default_name": N_("Framework 4 years"),
}


def labels(language: str) -> dict[str, str]:
    """The words by key in ``language`` (the page's, or the statement's)."""
    _ = texts(language)
    return {key: _(text) for key, text in LABELS.items()}


def percent_text(share: Decimal, language: str) -> str:
    """0.7333 → "73 %" (sv) / "73%" (en)."""
    return format_share(share, language)


def year_text(year: int | None, language: str) -> str:
    return texts(language)(LABELS["never"]) if year is None else str(year)


def rate_text(rate: Decimal, language: str) -> str:
    """A discount rate as the labels name it: 4 → "4 %" (sv) / "4%" (en), 3.5 → "3,5 %"."""
    return format_share(Decimal(str(rate)) / 100, language, 2, optional=True)


def _rates(rows) -> list[Decimal]:
    return [Decimal(str(row.result.scenario.discount_rate_percent)) for row in rows]


def discounted_label(key: str, rows, language: str) -> str:
    """The label of a discounted figure with its rate: "Payback year, discounted at 4 %".

    When the scenarios' rates differ the label says "at each scenario's rate" and
    rate_suffixes() names each one beside its figure."""
    words = labels(language)
    rates = set(_rates(rows))
    rate = rate_text(rates.pop(), language) if len(rates) == 1 else words["each_rate"]
    return words[key] % {"rate": rate}


def rate_suffixes(rows, language: str) -> list[str]:
    """What follows each scenario's discounted figure: nothing when the label names the one
    rate they share, " (3,5 %)" for each when the rates differ."""
    rates = _rates(rows)
    if len(set(rates)) <= 1:
        return ["" for _ in rows]
    return [f" ({rate_text(rate, language)})" for rate in rates]


def charts(rows, language: str) -> tuple[Chart, Chart]:
    """The city's cumulative discounted cost and the supplier's cumulative cash, per scenario."""
    words = labels(language)
    horizon = max((row.result.scenario.horizon_years for row in rows), default=0)
    years = tuple(str(year) for year in range(1, horizon + 1))

    def series(value_of):
        return tuple(
            Series(row.scenario.name, tuple(
                value_of(row.result.years[i]) if i < len(row.result.years) else None
                for i in range(horizon)))
            for row in rows)

    suffixes = rate_suffixes(rows, language)
    city_series = tuple(Series(line.name + suffix, line.values) for line, suffix in zip(
        series(lambda year: year.city_cumulative_discounted_sek), suffixes))
    city = Chart(discounted_label("city_chart", rows, language), years, city_series,
                 words["kr"], money=True, x_title=words["year"])
    supplier = Chart(words["supplier_chart"], years,
                     series(lambda year: year.supplier_cumulative_sek), words["kr"],
                     money=True, x_title=words["year"])
    return city, supplier


def comparison_table(rows, language: str) -> list[list[str]]:
    """The scenarios side by side: a column per scenario, a row per figure."""
    words = labels(language)
    results = [row.result for row in rows]
    suffixes = rate_suffixes(rows, language)
    for key in ("city_total", "discounted_payback"):
        words[key] = discounted_label(key, rows, language)
    lines = [
        ("form", [words[row.scenario.contract_form] for row in rows]),
        ("term", [term_label(result.scenario) for result in results]),
        ("city_total", [format_sek(r.city_discounted_total_sek, language) + suffix
                        for r, suffix in zip(results, suffixes)]),
        ("retenders", [str(r.retenders) for r in results]),
        ("payback", [year_text(r.payback_year, language) for r in results]),
        ("discounted_payback", [year_text(r.discounted_payback_year, language) + suffix
                                for r, suffix in zip(results, suffixes)]),
        ("unrecovered", [percent_text(r.unrecovered_share_at_base_end, language)
                         for r in results]),
        ("special", [words["yes"] if r.needs_special_reasons else words["no"] for r in results]),
    ]
    header = [words["scenario"], *(row.scenario.name for row in rows)]
    return [header, *([words[key], *cells] for key, cells in lines)]


def new_defaults(need) -> dict:
    """Starting values for a first scenario: a four-year framework at the need's value."""
    annual = (need.estimated_value_sek or 4_000_000) // 4
    return {"name": texts(need.language)(LABELS["default_name"]), "contract_form": "framework",
            "base_years": 4, "option_years": "", "options_exercised": True,
            "annual_value_sek": annual, "investment_sek": 0, "depreciation_years": 5,
            "margin_percent": Decimal("10"), "improvement_percent": Decimal("0"),
            "retender_cost_sek": 300_000, "discount_rate_percent": Decimal("4"),
            "horizon_years": 12}


def form_data(scenario) -> dict:
    """A saved scenario as the edit form shows it."""
    return {
        "lock_version": str(scenario.lock_version), "name": scenario.name,
        "contract_form": scenario.contract_form, "base_years": scenario.base_years,
        "option_years": "+".join(str(years) for years in scenario.options),
        "options_exercised": scenario.options_exercised,
        **{name: getattr(scenario, name) for name in (
            "annual_value_sek", "investment_sek", "depreciation_years", "margin_percent",
            "improvement_percent", "retender_cost_sek", "discount_rate_percent",
            "horizon_years")},
    }
