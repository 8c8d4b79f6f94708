"""The dashboard: the figures of :mod:`procure.metrics.queries` as key figures, tables and
charts, labelled in the reader's language. The page, its PDF and its CSV files all read
the same :class:`Dashboard`, so they cannot disagree."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from procure.charts import Chart, Series
from procure.formatting import format_share
from procure.i18n import current_language, format_money
from procure.metrics import queries
from procure.metrics.queries import Filters, Share
from procure.needs.adviser import route_name


@dataclass(frozen=True)
class KeyFigure:
    label: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the dashboard; ``key`` names its CSV file."""

    key: str
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple, ...]
    # Under the table on the page and in the PDF (rows left out there, for example).
    note: str = ""


@dataclass(frozen=True)
class Dashboard:
    title: str
    selection: str
    key_figures: tuple[KeyFigure, ...]
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


def _percent(share: Share, places: int = 0) -> str:
    if not share.whole:
        return "–"
    return format_share(Decimal(share.part) / Decimal(share.whole), current_language(), places)


def _days(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}"
    return text.replace(".", ",") if current_language() == "sv" else text


def _key_figures(filters: Filters) -> tuple[KeyFigure, ...]:
    spend = current_app.config["CITY_PROCUREMENT_SPEND_SEK"]
    value = queries.innovation_value_sek(filters)
    value_share = Share(part=value, whole=spend)
    before = queries.dialogue_before_tender(filters)
    smes = queries.sme_share(filters)
    new = queries.new_organisations(filters)
    asked = queries.questions(filters)
    return (
        KeyFigure(_("Median days from draft to approval"),
                  _days(queries.median_days_to_approval(filters))),
        KeyFigure(_("Median days from approval to tender"),
                  _days(queries.median_days_to_tender(filters))),
        KeyFigure(_("Estimated value in innovation procurement"), format_money(value),
                  # A year's value against a year's spend; over all years it would mislead.
                  _("%(share)s of the city's yearly procurement spend of %(spend)s",
                    share=_percent(value_share, places=2), spend=format_money(spend))
                  if filters.year else _("Choose a year to compare it with the city's "
                                         "yearly procurement spend.")),
        KeyFigure(_("Needs with a market dialogue before tender"), _percent(before),
                  _("%(part)d of %(whole)d tendered needs", part=before.part,
                    whole=before.whole)),
        KeyFigure(_("SMEs among the organisations taking part"), _percent(smes),
                  _("%(part)d of %(whole)d; the national benchmark is about 75 %%",
                    part=smes.part, whole=smes.whole)),
        KeyFigure(_("Organisations new to the city"), _percent(new),
                  _("%(part)d of %(whole)d had their first contact here", part=new.part,
                    whole=new.whole)),
        KeyFigure(_("Questions asked and answered"), f"{asked.asked} / {asked.answered}",
                  _("median %(days)s days to an answer",
                    days=_days(asked.median_days_to_answer))),
    )


def _key_figures_table(filters: Filters, status_label) -> Table:
    return Table("key-figures", _("Key figures"), (_("Figure"), _("Value"), _("Note")),
                 tuple((k.label, k.value, k.note) for k in _key_figures(filters)))


def _status_table(filters: Filters, status_label, status=None) -> Table:
    status = queries.needs_by_status(filters) if status is None else status
    return Table("needs-by-status", _("Needs by status"), (_("Status"), _("Needs")),
                 tuple((status_label(s), n) for s, n in status))


# The page and the PDF list the newest dialogues only; the CSV file has them all.
DIALOGUES_SHOWN = 50


def _dialogue_table(filters: Filters, status_label, limit: int | None = None) -> Table:
    rows = queries.organisations_per_dialogue(filters, limit)
    # Counted apart only when the list is full: small selections need no second query.
    more = queries.dialogue_count(filters) - len(rows) if limit and len(rows) == limit else 0
    note = ngettext("%(num)d more market dialogue in the CSV file.",
                    "%(num)d more market dialogues in the CSV file.", more) if more else ""
    return Table("organisations-per-dialogue", _("Organisations per market dialogue"),
                 (_("Market dialogue"), _("Organisations")), tuple(rows), note)


def _findings_table(filters: Filters, status_label, findings=None) -> Table:
    findings = queries.findings_by_approval_quarter(filters) if findings is None else findings
    return Table("language-findings", _("Need-language findings per approved need"),
                 (_("Quarter approved"), _("Needs approved"), _("Findings per need")),
                 tuple(findings))


def _funnel_table(filters: Filters, status_label, funnel=None) -> Table:
    funnel = queries.pcp_funnel(filters) if funnel is None else funnel
    return Table("pcp-funnel", _("PCP funnel across all PCPs"),
                 (_("Phase"), _("Suppliers with a contract"), _("Contracted (SEK)")),
                 tuple((_("Phase %(number)d", number=n), count, amount)
                       for n, count, amount in funnel))


def _terms_table(filters: Filters, status_label) -> Table:
    return Table("contract-terms", _("Chosen contract terms"),
                 (_("Years with options"), _("Needs"), _("With special reasons")),
                 tuple(queries.contract_terms(filters)))


def _procedures_table(filters: Filters, status_label, routes=None) -> Table:
    routes = queries.procedures(filters) if routes is None else routes
    language = current_language()
    return Table("procedures", _("Procedures chosen"), (_("Procedure"), _("Needs")),
                 tuple((route_name(r, language) if r else "–", n) for r, n in routes))


# Each table by the key of its CSV file, in the dashboard's order.
_TABLES = {
    "key-figures": _key_figures_table,
    "needs-by-status": _status_table,
    "organisations-per-dialogue": _dialogue_table,
    "language-findings": _findings_table,
    "pcp-funnel": _funnel_table,
    "contract-terms": _terms_table,
    "procedures": _procedures_table,
}


def table(key: str, filters: Filters, status_label) -> Table | None:
    """One table of the dashboard (a CSV file), computing only its own figures."""
    builder = _TABLES.get(key)
    return builder(filters, status_label) if builder else None


def build(filters: Filters, selection: str, status_label, dialogue_label=None) -> Dashboard:
    """Every figure for ``filters``; ``status_label`` names a need status in the UI
    language (the needs package's filter)."""
    key_figures = _key_figures(filters)
    status = queries.needs_by_status(filters)
    findings = queries.findings_by_approval_quarter(filters)
    funnel = queries.pcp_funnel(filters)
    routes = queries.procedures(filters)
    language = current_language()
    tables = (
        Table("key-figures", _("Key figures"), (_("Figure"), _("Value"), _("Note")),
              tuple((k.label, k.value, k.note) for k in key_figures)),
        _status_table(filters, status_label, status),
        _dialogue_table(filters, status_label, DIALOGUES_SHOWN),
        _findings_table(filters, status_label, findings),
        _funnel_table(filters, status_label, funnel),
        _terms_table(filters, status_label),
        _procedures_table(filters, status_label, routes),
    )
    charts = (
        Chart(_("Needs by status"), tuple(status_label(s) for s, _n in status),
              (Series(_("Needs"), tuple(n for _s, n in status)),), kind="bar",
              x_title=_("Status")),
        Chart(_("PCP funnel across all PCPs"),
              tuple(_("Phase %(number)d", number=n) for n, _c, _a in funnel),
              (Series(_("Suppliers with a contract"), tuple(c for _n, c, _a in funnel)),),
              kind="bar", x_title=_("Phase")),
        Chart(_("Need-language findings per approved need"),
              tuple(q for q, _c, _m in findings),
              (Series(_("Findings per need"), tuple(m for _q, _c, m in findings)),),
              kind="line", x_title=_("Quarter approved")),
        Chart(_("Procedures chosen"), tuple(route_name(r, language) for r, _n in routes),
              (Series(_("Needs"), tuple(n for _r, n in routes)),), kind="bar",
              x_title=_("Procedure")),
    )
    return Dashboard(_("Innovation procurement in numbers"), selection, key_figures, tables,
                     charts)
