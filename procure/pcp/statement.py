"""The "PCP plan" section of the need statement: the phases, the timeline and the funnel."""
from __future__ import annotations

import sqlalchemy as sa

from procure.catalogue import N_, texts
from procure.formatting import format_long_date, format_sek
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.needs.outline import Contributed
from procure.pcp import pictures, services
from procure.pcp.models import PcpPlan, Phase, PhaseContract


def pcp_plan_section(need: Need) -> ExtraSection | None:
    """None when the need has no PCP plan."""
    plan = services.plan_of(need)
    if plan is None:
        return None
    language = need.language
    _ = texts(language)
    figures = services.phase_figures(plan, language)
    table = [(_("Phase"), _("Budget"), _("Planned suppliers"), _("Suppliers with a contract"),
              _("Testbed"))]
    for phase, figure in zip(plan.phases, figures):
        table.append((figure.name, format_sek(phase.budget_sek, language),
                      str(phase.planned_suppliers or "–") if phase.number else "–",
                      str(len(phase.contracts)) if phase.number else "–", phase.site or "–"))
    closing = []
    if plan.follow_on_title:
        published = _(", published %(date)s", date=format_long_date(
            plan.follow_on_published, language)) if plan.follow_on_published else ""
        url = f" ({plan.follow_on_url})" if plan.follow_on_url else ""
        closing.append((_("Follow-on procurement"), f"{plan.follow_on_title}{published}{url}"))
    supplies = format(plan.supplies_percent.normalize(), "f")
    if language == "sv":
        supplies = supplies.replace(".", ",")
    return ExtraSection(
        key=PCP_PLAN.key, title=_(PCP_PLAN.title),
        paragraphs=(_("The city buys research and development in competing phases. Total "
                      "budget: %(total)s. Share of supplies in the value, as stated by the "
                      "officer: %(supplies)s %%.",
                      total=format_sek(plan.total_budget_sek, language), supplies=supplies),),
        table=tuple(table),
        charts=(pictures.timeline(figures, language), pictures.funnel(figures, language)),
        closing=tuple(closing))


def pcp_plan_tracks(need: Need) -> list[tuple]:
    plans = sa.select(PcpPlan.id).where(PcpPlan.need_id == need.id)
    phases = sa.select(Phase.id).where(Phase.plan_id.in_(plans))
    return [(PcpPlan.__table__, PcpPlan.need_id == need.id, None),
            (Phase.__table__, Phase.plan_id.in_(plans), None),
            (PhaseContract.__table__, PhaseContract.phase_id.in_(phases), None)]


PCP_PLAN = Contributed("pcp_plan", N_("Pre-commercial procurement plan"), pcp_plan_section,
                       pcp_plan_tracks)
