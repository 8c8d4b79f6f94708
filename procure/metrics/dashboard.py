"""The dashboard: the figures of :mod:`procure.metrics.queries` as key figures, tables and
charts, labelled in the reader's language. The page, its PDF and its CSV files are all
built as one :class:`Dashboard` from the kept figures (:mod:`procure.metrics.figures`)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from procure.charts import Chart, Series
from procure.formatting import format_share
from procure.i18n import current_language, format_moment, format_money
from procure.metrics import queries
from procure.metrics.figures import Figures
from procure.metrics.loop import LoopFigures
from procure.metrics.figures import current as current_figures
from procure.metrics.queries import Filters, Share
from procure.needs.adviser import route_name


@dataclass(frozen=True)
class KeyFigure:
    """One key figure: ``value`` in words for the page; ``amount`` and ``unit`` for the
    key-figures table and its CSV file, where a spreadsheet must read a number."""

    label: str
    value: str
    note: str = ""
    amount: int | Decimal | None = None
    unit: str = ""


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
    # When the figures were computed, in words (they are kept for a while: figures.py).
    as_of: str
    # The key of the table each chart draws, in the order of ``charts``: the page shows
    # each chart with its table folded under it.
    chart_tables: tuple[str, ...] = ()

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    def chart_for(self, key: str) -> Chart | None:
        """The chart drawn from the table ``key``, if it has one."""
        return next((chart for chart, table_key in zip(self.charts, self.chart_tables)
                     if table_key == key), None)


def _percent(share: Share, places: int = 0) -> str:
    if not share.whole:
        return "–"
    return format_share(Decimal(share.part) / Decimal(share.whole), current_language(), places)


def _percent_amount(share: Share) -> Decimal | None:
    """A share as a plain percentage number (73.3), for tables a spreadsheet reads."""
    if not share.whole:
        return None
    return (Decimal(share.part) * 100 / Decimal(share.whole)).quantize(Decimal("0.1"))


def _days(value: Decimal | None) -> str:
    if value is None:
        return "–"
    text = f"{value:.1f}"
    return text.replace(".", ",") if current_language() == "sv" else text


def _key_figures(figures: Figures, filters: Filters) -> tuple[KeyFigure, ...]:
    spend = current_app.config["CITY_PROCUREMENT_SPEND_SEK"]
    value = figures.loop.innovation_value_sek
    value_share = Share(part=value, whole=spend)
    before, smes, new = (figures.dialogue_before_tender, figures.sme_share,
                         figures.new_organisations)
    asked = figures.questions
    days, percent = _("days"), "%"
    return (
        KeyFigure(_("Median days from draft to approval"),
                  _days(figures.median_days_to_approval),
                  amount=figures.median_days_to_approval, unit=days),
        KeyFigure(_("Median days from approval to tender"),
                  _days(figures.median_days_to_tender),
                  amount=figures.median_days_to_tender, unit=days),
        KeyFigure(_("Estimated value in innovation procurement"), format_money(value),
                  # A year's value against a year's spend; over all years it would mislead.
                  _("%(share)s of the city's yearly procurement spend of %(spend)s",
                    share=_percent(value_share, places=2), spend=format_money(spend))
                  if filters.year else _("Choose a year to compare it with the city's "
                                         "yearly procurement spend."),
                  amount=value, unit="SEK"),
        KeyFigure(_("Needs with a market dialogue before tender"), _percent(before),
                  _("%(part)d of %(whole)d tendered needs", part=before.part,
                    whole=before.whole), amount=_percent_amount(before), unit=percent),
        KeyFigure(_("SMEs among the organisations taking part"), _percent(smes),
                  _("%(part)d of %(whole)d; the national benchmark is about 75 %%",
                    part=smes.part, whole=smes.whole),
                  amount=_percent_amount(smes), unit=percent),
        KeyFigure(_("Organisations new to the city"), _percent(new),
                  _("%(part)d of %(whole)d had their first contact here", part=new.part,
                    whole=new.whole), amount=_percent_amount(new), unit=percent),
        KeyFigure(_("Questions asked and answered"), f"{asked.asked} / {asked.answered}",
                  _("median %(days)s days to an answer",
                    days=_days(asked.median_days_to_answer))),
        *_loop_key_figures(figures.loop),
    )


def _loop_key_figures(loop: LoopFigures) -> tuple[KeyFigure, ...]:
    """The innovation loop's figures: ideas in, outcomes out. Those that are two numbers
    on the page are rows of their own in the key-figures table (:func:`_loop_rows`)."""
    ideas, met = loop.ideas_to_needs, loop.outcomes_met
    decisions, budget = loop.decisions, loop.innovation_budget
    spent = Share(part=budget.used_sek, whole=budget.earmarked_sek)
    return (
        KeyFigure(_("Ideas in and turned into needs"), f"{ideas.whole} / {ideas.part}",
                  _("%(share)s of the ideas became needs", share=_percent(ideas))),
        KeyFigure(_("Median days from idea to contract"),
                  _days(loop.median_days_idea_to_contract),
                  amount=loop.median_days_idea_to_contract, unit=_("days")),
        KeyFigure(_("Followed-up outcomes met"), _percent(met),
                  _("%(part)d of %(whole)d outcomes with measurements", part=met.part,
                    whole=met.whole), amount=_percent_amount(met), unit="%"),
        KeyFigure(_("Initiatives scaled and stopped"),
                  f"{decisions.scaled} / {decisions.stopped}",
                  _("Continued as before: %(count)d", count=decisions.continued)),
        KeyFigure(_("Innovation budget used of earmarked"), _percent(spent),
                  _("%(used)s used of %(earmarked)s earmarked",
                    used=format_money(budget.used_sek),
                    earmarked=format_money(budget.earmarked_sek))),
        KeyFigure(_("Staff engaged"), str(loop.staff_engaged),
                  _("who submitted, supported, drafted, reviewed or evaluated"),
                  amount=loop.staff_engaged, unit=_("people")),
    )


def _loop_rows(loop: LoopFigures) -> list[tuple]:
    """The loop's two-number figures as one number a row, for a spreadsheet."""
    ideas, decisions, budget = loop.ideas_to_needs, loop.decisions, loop.innovation_budget
    initiatives = _("initiatives")
    return [(_("Ideas in"), ideas.whole, _("ideas"), ""),
            (_("Ideas turned into needs"), ideas.part, _("ideas"), ""),
            (_("Initiatives scaled"), decisions.scaled, initiatives, ""),
            (_("Initiatives continued as they are"), decisions.continued, initiatives, ""),
            (_("Initiatives stopped"), decisions.stopped, initiatives, ""),
            (_("Innovation budget earmarked"), budget.earmarked_sek, "SEK", ""),
            (_("Innovation budget used"), budget.used_sek, "SEK", "")]


def _key_figure_rows(key_figures: tuple[KeyFigure, ...], figures: Figures) -> tuple[tuple, ...]:
    """The key figures as numbers with their unit in a column of its own (a spreadsheet
    sums numbers, not "73 %"); the questions as two rows, one number each."""
    asked = figures.questions
    # A figure without a value has no unit either: "– days" would say there are days.
    rows = [(k.label, k.amount, k.unit if k.amount is not None else "", k.note)
            for k in key_figures if k.amount is not None or k.unit]
    rows += [(_("Questions asked"), asked.asked, _("questions"), ""),
             (_("Questions answered"), asked.answered, _("questions"),
              _("median %(days)s days to an answer", days=_days(asked.median_days_to_answer)))]
    rows += _loop_rows(figures.loop)
    return tuple(rows)


KEY_FIGURES = "key-figures"
DIALOGUE_TABLE = "organisations-per-dialogue"
# The tables in the dashboard's order, by the names of their CSV files.
TABLE_KEYS = (KEY_FIGURES, "needs-by-status", DIALOGUE_TABLE, "language-findings",
              "pcp-funnel", "contract-terms", "procedures")


def _dialogue_header() -> tuple[str, str]:
    return (_("Market dialogue"), _("Organisations"))


def _dialogue_table(rows, more: int) -> Table:
    note = ngettext("%(num)d more market dialogue in the CSV file.",
                    "%(num)d more market dialogues in the CSV file.", more) if more else ""
    return Table(DIALOGUE_TABLE, _("Organisations per market dialogue"),
                 _dialogue_header(), tuple(rows), note)


def streamed_table(key: str, filters: Filters) -> tuple[tuple[str, ...], Iterator] | None:
    """The header and the rows, read as they are written, of a table too long to hold:
    the dialogues' file lists every dialogue of the selection. None for the others."""
    if key != DIALOGUE_TABLE:
        return None
    return _dialogue_header(), queries.iter_organisations_per_dialogue(filters)


def table(key: str, filters: Filters, status_label) -> Table | None:
    """One table of the dashboard (a CSV file). The dialogues' file lists every
    dialogue of the selection, counted now; the others are the page's tables."""
    if key not in TABLE_KEYS:
        return None
    if key == DIALOGUE_TABLE:
        return _dialogue_table(queries.organisations_per_dialogue(filters), 0)
    return build(filters, "", status_label).table(key)


def build(filters: Filters, selection: str, status_label) -> Dashboard:
    """Every figure for ``filters`` (see :mod:`procure.metrics.figures`);
    ``status_label`` names a need status in the UI language (the needs package's
    filter)."""
    figures = current_figures(filters)
    key_figures = _key_figures(figures, filters)
    status, findings = figures.needs_by_status, figures.findings_by_quarter
    funnel, routes = figures.pcp_funnel, figures.procedures
    language = current_language()
    tables = (
        Table(KEY_FIGURES, _("Key figures"), (_("Figure"), _("Value"), _("Unit"), _("Note")),
              _key_figure_rows(key_figures, figures)),
        Table("needs-by-status", _("Needs by status"), (_("Status"), _("Needs")),
              tuple((status_label(s), n) for s, n in status)),
        _dialogue_table(figures.newest_dialogues,
                        figures.dialogue_count - len(figures.newest_dialogues)),
        Table("language-findings", _("Need-language findings per approved need"),
              (_("Quarter approved"), _("Needs approved"), _("Findings per need")), findings),
        Table("pcp-funnel", _("PCP funnel across all PCPs"),
              (_("Phase"), _("Suppliers with a contract"), _("Contracted (SEK)")),
              tuple((_("Phase %(number)d", number=n), count, amount)
                    for n, count, amount in funnel)),
        Table("contract-terms", _("Chosen contract terms"),
              (_("Years with options"), _("Needs"), _("With special reasons")),
              figures.contract_terms),
        Table("procedures", _("Procedures chosen"), (_("Procedure"), _("Needs")),
              tuple((route_name(r, language) if r else "–", n) for r, n in routes)),
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
                     charts, _("Figures as of %(moment)s.",
                               moment=format_moment(figures.computed_at)),
                     chart_tables=("needs-by-status", "pcp-funnel", "language-findings",
                                   "procedures"))
