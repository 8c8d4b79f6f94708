"""The "PCP plan" section of the need statement: the phases, the timeline and the funnel."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from procure.catalogue import N_, texts
from procure.formatting import format_long_date, format_sek, plain_number
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.needs.outline import Contributed
from procure.pcp import pages, pictures, services
from procure.pcp.models import PcpPlan, Phase, PhaseContract
from procure.pcp.vocabulary import PUBLICATION, RESULTS_OWNERS


def rights_rows(plan: PcpPlan, language: str) -> list[tuple[str, str]]:
    """How the plan shares results and rights, as (label, text) rows in ``language``."""
    _ = texts(language)
    unrecorded = _("Not recorded yet")
    yes, no = _("Yes"), _("No")
    rows = [(_("Who owns the results"),
             _(RESULTS_OWNERS[plan.results_owner]) if plan.results_owner else unrecorded),
            (_("The city's licence to use the results"), yes if plan.city_licence else no),
            (_("Licences to others on fair market terms"),
             yes if plan.third_party_licences else no),
            (_("What the city may publish"),
             _(PUBLICATION[plan.publication]) if plan.publication else unrecorded)]
    if plan.rights_notes:
        rows.append((_("Notes on results and rights"), plan.rights_notes))
    return rows


def pcp_plan_section(need: Need, today: date | None = None) -> ExtraSection | None:
    """None when the need has no PCP plan. ``today`` is the date the statement is made
    (the city's today unless given): a running phase is drawn up to it and the timeline
    marks it, as on the PCP page, which the legend's "drawn up to today" promises."""
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
    # One paragraph a row (blank lines part them).
    closing = [(_("Results and rights"), "\n\n".join(
        f"{label}: {value}" for label, value in rights_rows(plan, language)))]
    if plan.follow_on_title:
        published = _(", published %(date)s", date=format_long_date(
            plan.follow_on_published, language)) if plan.follow_on_published else ""
        url = f" ({plan.follow_on_url})" if plan.follow_on_url else ""
        closing.append((_("Follow-on procurement"), f"{plan.follow_on_title}{published}{url}"))
    supplies = plain_number(plan.supplies_percent, language)
    return ExtraSection(
        key=PCP_PLAN.key, title=_(PCP_PLAN.title),
        paragraphs=(_("The city buys research and development in competing phases. Total "
                      "budget: %(total)s. Share of supplies in the value, as stated by the "
                      "officer: %(supplies)s %%.",
                      total=format_sek(plan.total_budget_sek, language), supplies=supplies),),
        table=tuple(table),
        charts=(pictures.timeline(figures, language, today or pages.city_today()),
                pictures.funnel(figures, language)),
        closing=tuple(closing))


def pcp_plan_tracks(need: Need) -> list[tuple]:
    plans = sa.select(PcpPlan.id).where(PcpPlan.need_id == need.id)
    phases = sa.select(Phase.id).where(Phase.plan_id.in_(plans))
    # The timeline is drawn up to the day the statement is made: a need with a plan gets
    # a new PDF each day, one without keeps its PDF (the date is read only with a plan).
    today = sa.literal(pages.city_today().isoformat(), sa.String)
    return [(PcpPlan.__table__, PcpPlan.need_id == need.id, None),
            (PcpPlan.__table__, PcpPlan.need_id == need.id, [today]),
            (Phase.__table__, Phase.plan_id.in_(plans), None),
            (PhaseContract.__table__, PhaseContract.phase_id.in_(phases), None)]


PCP_PLAN = Contributed("pcp_plan", N_("Pre-commercial procurement plan"), pcp_plan_section,
                       pcp_plan_tracks)
