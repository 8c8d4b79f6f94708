"""What the app's own figures say about each item of the self-assessment, in words.

Each item maps to the figures of :mod:`procure.metrics.queries` (and two counts of its
own) that bear on it, for the whole city and the assessment's year: operations to the
share of needs with a market dialogue before tender, the SME share against the national
benchmark and the time from draft to approval; performance evaluation to the questions
answered and the PCP phase gates; and so on (see ``_FIGURES``). An item the app holds no
figure on says so.
"""
from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import distinct, func, select

from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db
from procure.formatting import format_share
from procure.i18n import current_language, format_money
from procure.metrics import queries
from procure.metrics.queries import Filters, Share
from procure.needs.models import Need
from procure.needs.vocabulary import APPROVED_STATES, INNOVATION_PROCEDURES


def sentences(key: str, year: int) -> list[str]:
    """What the app's figures for ``year`` (the whole city) say about item ``key``, as
    sentences in the UI language; "no figure" for an item the app has nothing on."""
    filters = Filters(year=year)
    said = [sentence for figure in _FIGURES.get(key, ()) for sentence in [figure(filters)]
            if sentence]
    return said or [_("No figure in the app for this item.")]


def _percent(ratio: Decimal | None) -> str:
    return "–" if ratio is None else format_share(ratio, current_language())


def _number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.0", locale=current_language())


def _dialogue_before_tender(filters: Filters) -> str:
    share = queries.dialogue_before_tender(filters)
    if not share.whole:
        return _("No need of %(year)s went to tender, so no share of needs with a market "
                 "dialogue first can be given.", year=filters.year)
    return _("%(share)s of the needs that went to tender had a market dialogue first "
             "(%(part)d of %(whole)d).", share=_percent(share.ratio), part=share.part,
             whole=share.whole)


def _sme_share(filters: Filters) -> str:
    share = queries.sme_share(filters)
    if not share.whole:
        return _("No organisation took part in a market dialogue on the needs of %(year)s.",
                 year=filters.year)
    values = {"share": _percent(share.ratio), "part": share.part, "whole": share.whole,
              "benchmark": _percent(queries.SME_BENCHMARK)}
    if share.ratio >= queries.SME_BENCHMARK:
        return _("SMEs were %(share)s of the organisations taking part in market dialogues "
                 "(%(part)d of %(whole)d), at or above the national benchmark of "
                 "%(benchmark)s.", **values)
    return _("SMEs were %(share)s of the organisations taking part in market dialogues "
             "(%(part)d of %(whole)d), below the national benchmark of %(benchmark)s.",
             **values)


def _days_to_approval(filters: Filters) -> str:
    days = queries.median_days_to_approval(filters)
    if days is None:
        return _("No need of %(year)s has been approved yet.", year=filters.year)
    return _("A need took a median of %(days)s days from its first draft to approval.",
             days=_number(days))


def _days_to_tender(filters: Filters) -> str:
    days = queries.median_days_to_tender(filters)
    if days is None:
        return _("No need of %(year)s has gone from approval to tender yet.", year=filters.year)
    return _("A need took a median of %(days)s days from approval to tender.",
             days=_number(days))


def _questions(filters: Filters) -> str:
    figures = queries.questions(filters)
    if not figures.asked:
        return _("Suppliers asked no questions in the market dialogues on the needs of "
                 "%(year)s.", year=filters.year)
    if figures.median_days_to_answer is None:
        return _("%(answered)d of %(asked)d questions from suppliers were answered.",
                 answered=figures.answered, asked=figures.asked)
    return _("%(answered)d of %(asked)d questions from suppliers were answered, after a "
             "median of %(days)s days.", answered=figures.answered, asked=figures.asked,
             days=_number(figures.median_days_to_answer))


def _pcp_gates(filters: Filters) -> str:
    funnel = queries.pcp_funnel(filters)
    counts = {number: count for number, count, _amount in funnel}
    if not any(counts.values()):
        return ""
    return _("In pre-commercial procurements, %(first)d, %(second)d and %(third)d suppliers "
             "had a contract in phases 1, 2 and 3: each phase ends in an evaluation.",
             first=counts.get(1, 0), second=counts.get(2, 0), third=counts.get(3, 0))


def _findings(filters: Filters) -> str:
    quarters = queries.findings_by_approval_quarter(filters)
    needs = sum(count for _quarter, count, _mean in quarters)
    if not needs:
        return _("No need of %(year)s has been approved yet.", year=filters.year)
    mean = sum(count * mean for _quarter, count, mean in quarters) / needs
    return _("The need-language checker found %(findings)s findings per approved need on "
             "average (%(needs)d needs): fewer findings, more functional statements.",
             findings=_number(Decimal(mean)), needs=needs)


def _findings_trend(filters: Filters) -> str:
    quarters = queries.findings_by_approval_quarter(filters)
    if len(quarters) < 2:
        return _("Need-language findings can be followed from quarter to quarter once needs "
                 "of %(year)s have been approved in two quarters or more.", year=filters.year)
    (first, _c1, first_mean), (last, _c2, last_mean) = quarters[0], quarters[-1]
    return _("Need-language findings per approved need went from %(first)s in %(first_quarter)s "
             "to %(last)s in %(last_quarter)s.", first=_number(first_mean),
             first_quarter=first, last=_number(last_mean), last_quarter=last)


def _needs_registered(filters: Filters) -> str:
    by_status = dict(queries.needs_by_status(filters))
    total = sum(by_status.values())
    if not total:
        return _("No needs were registered in %(year)s.", year=filters.year)
    active = sum(by_status.get(status, 0) for status in APPROVED_STATES)
    return _("%(total)d needs were registered in %(year)s; %(active)d have been approved and "
             "are going ahead.", total=total, year=filters.year, active=active)


def _new_organisations(filters: Filters) -> str:
    share = queries.new_organisations(filters)
    if not share.whole:
        return ""
    return _("%(share)s of the organisations taking part were new to the city "
             "(%(part)d of %(whole)d).", share=_percent(share.ratio), part=share.part,
             whole=share.whole)


def _innovation_value(filters: Filters) -> str:
    value = queries.innovation_value_sek(filters)
    if not value:
        return _("No active need of %(year)s is on an innovation route.", year=filters.year)
    spend = current_app.config["CITY_PROCUREMENT_SPEND_SEK"]
    return _("Needs on an innovation route are worth an estimated %(value)s, %(share)s of the "
             "city's yearly procurement spend of %(spend)s.", value=format_money(value),
             share=_percent(Share(value, spend).ratio), spend=format_money(spend))


def _contract_terms(filters: Filters) -> str:
    terms = queries.contract_terms(filters)
    chosen = sum(count for _years, count, _special in terms)
    if not chosen:
        return _("No need of %(year)s has chosen its contract term with the scenario model.",
                 year=filters.year)
    special = sum(special for _years, _count, special in terms)
    return _("%(chosen)d needs chose their contract term with the scenario model; "
             "%(special)d of them needed special reasons for a framework past four years.",
             chosen=chosen, special=special)


def _innovation_routes(filters: Filters) -> str:
    routes = queries.procedures(filters)
    whole = sum(count for _route, count in routes)
    if not whole:
        return _("No need of %(year)s has chosen a procedure yet.", year=filters.year)
    part = sum(count for route, count in routes if route in INNOVATION_PROCEDURES)
    return _("%(part)d of %(whole)d needs with a chosen procedure are on an innovation route "
             "(pilot, PCP, innovation partnership or competitive dialogue).",
             part=part, whole=whole)


def _departments_with_needs(filters: Filters) -> str:
    # Not among the dashboard's queries: how widely the need process is used.
    part = db.session.execute(select(func.count(distinct(Need.department_id)))
                              .where(Need.year == filters.year)).scalar_one()
    whole = db.session.execute(select(func.count(Department.id))).scalar_one()
    if not whole:
        return ""
    return _("Needs came from %(part)d of the city's %(whole)d departments.", part=part,
             whole=whole)


def _officers_with_needs(filters: Filters) -> str:
    part = db.session.execute(select(func.count(distinct(Need.officer_id)))
                              .join(User, User.id == Need.officer_id)
                              .where(Need.year == filters.year, User.role == "officer")
                              ).scalar_one()
    whole = db.session.execute(select(func.count(User.id)).where(
        User.role == "officer", User.is_enabled.is_(True))).scalar_one()
    if not whole:
        return ""
    return _("%(part)d of the city's %(whole)d procurement officers are responsible for a need "
             "of %(year)s.", part=part, whole=whole, year=filters.year)


# Each item's figures, in the order they are told. Items the app has no figure on
# (time set aside is not recorded anywhere in it) have none.
_FIGURES = {
    "context": (_needs_registered, _new_organisations),
    "leadership": (_innovation_value,),
    "planning": (_days_to_tender, _contract_terms),
    "support": (_findings,),
    "operations": (_dialogue_before_tender, _sme_share, _days_to_approval),
    "performance_evaluation": (_questions, _pcp_gates),
    "improvement": (_findings_trend,),
    "strategy_and_goals": (_innovation_routes,),
    "leadership_commitment": (_innovation_value,),
    "time_set_aside": (),
    "systematic_process": (_departments_with_needs, _dialogue_before_tender),
    "clear_expectations": (_officers_with_needs,),
}
