"""What the scenario pages and the statement show: charts, tables, form values.

No Flask here: texts come in Swedish and English from the small table below, so the
web page (in the user's language) and the PDF (in the statement's) share the code.
"""
from __future__ import annotations

from decimal import Decimal

from procure.charts import Chart, Series
from procure.formatting import format_sek, format_share
from procure.scenarios.model import term_label

TEXTS = {
    "sv": {
        "city_chart": "Stadens kumulativa diskonterade kostnad",
        "supplier_chart": "Leverantörens kumulativa kassaflöde",
        "year": "År", "kr": "kr",
        "scenario": "Scenario", "form": "Avtalsform", "term": "Avtalstid (år)",
        "city_total": "Stadens diskonterade kostnad", "retenders": "Omupphandlingar",
        "payback": "Återbetalningsår", "discounted_payback": "Återbetalningsår (diskonterat)",
        "unrecovered": "Ej återvunnen investering vid grundtidens slut",
        "special": "Kräver särskilda skäl", "never": "aldrig", "yes": "ja", "no": "nej",
        "framework": "Ramavtal", "single": "Enskilt kontrakt",
        "innovation_partnership": "Innovationspartnerskap",
        "section": "Avtalstid", "chosen": "Valt scenario", "justification": "Motivering",
        "special_reasons": "Särskilda skäl för ett ramavtal längre än fyra år",
        "intro": "Scenarierna jämför avtalstider över {horizon} år med samma "
                 "förutsättningar i övrigt.",
        "default_name": "Ramavtal 4 år",
    },
    "en": {
        "city_chart": "The city's cumulative discounted cost",
        "supplier_chart": "The supplier's cumulative cash flow",
        "year": "Year", "kr": "SEK",
        "scenario": "Scenario", "form": "Contract form", "term": "Term (years)",
        "city_total": "City's discounted cost", "retenders": "Re-tenders",
        "payback": "Payback year", "discounted_payback": "Payback year (discounted)",
        "unrecovered": "Investment unrecovered at the end of the base term",
        "special": "Needs special reasons", "never": "never", "yes": "yes", "no": "no",
        "framework": "Framework agreement", "single": "Single contract",
        "innovation_partnership": "Innovation partnership",
        "section": "Contract length", "chosen": "Chosen scenario", "justification": "Justification",
        "special_reasons": "Special reasons for a framework longer than four years",
        "intro": "The scenarios compare contract lengths over {horizon} years with the "
                 "same assumptions otherwise.",
        "default_name": "Framework 4 years",
    },
}


def percent_text(share: Decimal, language: str) -> str:
    """0.7333 → "73 %" (sv) / "73%" (en)."""
    return format_share(share, language)


def year_text(year: int | None, language: str) -> str:
    return TEXTS[language]["never"] if year is None else str(year)


def charts(rows, language: str) -> tuple[Chart, Chart]:
    """The city's cumulative discounted cost and the supplier's cumulative cash, per scenario."""
    texts = TEXTS[language]
    horizon = max((row.result.scenario.horizon_years for row in rows), default=0)
    years = tuple(str(year) for year in range(1, horizon + 1))

    def series(value_of):
        return tuple(
            Series(row.scenario.name, tuple(
                value_of(row.result.years[i]) if i < len(row.result.years) else None
                for i in range(horizon)))
            for row in rows)

    city = Chart(texts["city_chart"], years,
                 series(lambda year: year.city_cumulative_discounted_sek), texts["kr"],
                 money=True, x_title=texts["year"])
    supplier = Chart(texts["supplier_chart"], years,
                     series(lambda year: year.supplier_cumulative_sek), texts["kr"],
                     money=True, x_title=texts["year"])
    return city, supplier


def comparison_table(rows, language: str) -> list[list[str]]:
    """The scenarios side by side: a column per scenario, a row per figure."""
    texts = TEXTS[language]
    results = [row.result for row in rows]
    lines = [
        ("form", [texts[row.scenario.contract_form] for row in rows]),
        ("term", [term_label(result.scenario) for result in results]),
        ("city_total", [format_sek(r.city_discounted_total_sek, language) for r in results]),
        ("retenders", [str(r.retenders) for r in results]),
        ("payback", [year_text(r.payback_year, language) for r in results]),
        ("discounted_payback", [year_text(r.discounted_payback_year, language) for r in results]),
        ("unrecovered", [percent_text(r.unrecovered_share_at_base_end, language)
                         for r in results]),
        ("special", [texts["yes"] if r.needs_special_reasons else texts["no"] for r in results]),
    ]
    header = [texts["scenario"], *(row.scenario.name for row in rows)]
    return [header, *([texts[key], *cells] for key, cells in lines)]


def new_defaults(need) -> dict:
    """Starting values for a first scenario: a four-year framework at the need's value."""
    annual = (need.estimated_value_sek or 4_000_000) // 4
    return {"name": TEXTS[need.language]["default_name"], "contract_form": "framework",
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
