"""The "PCP plan" section of the need statement: the phases, the timeline and the funnel."""
from __future__ import annotations

from procure.formatting import format_long_date, format_sek
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.pcp import pictures, services

TEXTS = {
    "sv": {"section": "Plan för förkommersiell upphandling",
           "intro": "Staden köper forskning och utveckling i konkurrerande faser. Total "
                    "budget: {total}. Andel varor i värdet enligt handläggaren: {supplies} %.",
           "phase": "Fas", "budget": "Budget", "planned": "Planerade leverantörer",
           "actual": "Leverantörer med avtal", "site": "Testmiljö",
           "follow_on": "Efterföljande upphandling",
           "follow_on_text": "{title}{published}{url}", "published": ", publicerad {date}"},
    "en": {"section": "Pre-commercial procurement plan",
           "intro": "The city buys research and development in competing phases. Total "
                    "budget: {total}. Share of supplies in the value, as stated by the "
                    "officer: {supplies} %.",
           "phase": "Phase", "budget": "Budget", "planned": "Planned suppliers",
           "actual": "Suppliers with a contract", "site": "Testbed",
           "follow_on": "Follow-on procurement",
           "follow_on_text": "{title}{published}{url}", "published": ", published {date}"},
}


def pcp_plan_section(need: Need) -> ExtraSection | None:
    """None when the need has no PCP plan."""
    plan = services.plan_of(need)
    if plan is None:
        return None
    language = need.language
    texts = TEXTS[language]
    figures = services.phase_figures(plan, language)
    table = [(texts["phase"], texts["budget"], texts["planned"], texts["actual"], texts["site"])]
    for phase, figure in zip(plan.phases, figures):
        table.append((figure.name, format_sek(phase.budget_sek, language),
                      str(phase.planned_suppliers or "–") if phase.number else "–",
                      str(len(phase.contracts)) if phase.number else "–", phase.site or "–"))
    closing = []
    if plan.follow_on_title:
        published = texts["published"].format(date=format_long_date(
            plan.follow_on_published, language)) if plan.follow_on_published else ""
        closing.append((texts["follow_on"], texts["follow_on_text"].format(
            title=plan.follow_on_title, published=published,
            url=f" ({plan.follow_on_url})" if plan.follow_on_url else "")))
    supplies = format(plan.supplies_percent.normalize(), "f")
    if language == "sv":
        supplies = supplies.replace(".", ",")
    return ExtraSection(
        key="pcp_plan", title=texts["section"],
        paragraphs=(texts["intro"].format(total=format_sek(plan.total_budget_sek, language),
                                          supplies=supplies),),
        table=tuple(table),
        charts=(pictures.timeline(figures, language), pictures.funnel(figures, language)),
        closing=tuple(closing))
