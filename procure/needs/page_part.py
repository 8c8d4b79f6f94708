"""The need page's kept part: everything on it about the need that is the same for every
reader with the same rights, kept by what it shows.

Below its facts and steps, the need page shows the tender and award, the ideas behind
the need, its dialogues, its market scan, the need-language check and the statement's
sections with the adviser's routes: most of the page's cost (ten statements, the
check, the adviser, the template). That part is kept (``procure.core.kept``, signed)
under a key read in one statement from every row it shows, as a PDF's is
(``procure.core.pdf_downloads.tracked_key``): the need's own row and its rows of
outcomes, requirements and CPV codes, the other domains' rows of their panels
(:data:`PANEL_TRACKS`), and the city's direct awards of its CPV group this year, with
the page's language, whether the reader may edit the need, and the code's version.
When any of them changes, so does the key: nobody reads an old part.

The adviser's answers being tried (``?ask-...``) are nobody else's: that part is built
for the request alone.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from functools import cache

import sqlalchemy as sa
from flask import render_template

from procure.core.kept import signed_text
from procure.core.pdf_downloads import row_values, tracked_key, tracks_select
from procure.i18n import current_language
from procure.needs import lifecycle, services
from procure.needs.document import NeedDocument
from procure.needs.forms import AdviserQuestions
from procure.needs.language_check import check_need
from procure.needs.loading import advice_for, direct_awards, thresholds
from procure.needs.models import Need
from procure.needs.progress import has_text_to_check
from procure.needs.statement import need_tracks

# The key changes with what the part shows: the time only bounds what is kept.
KEPT_SECONDS = 3600
TEMPLATE = "needs/_page_part.html"
# The rows of the other domains' panels in the part (tender and award, ideas, dialogues,
# market scan): each a function of the need's id giving tracks (see tracked_key).
# Filled by procure.register_need_page_panels(); the needs do not import those domains.
PANEL_TRACKS: list[Callable[[sa.ColumnElement], list[tuple]]] = []


def read_statement(need: Need) -> tuple[NeedDocument, list]:
    """The need's statement as the page shows it, and the need-language check's findings."""
    document = services.to_document(need, services.cpv_labels(need))
    return document, check_need(document)


def page_part(need: Need, can_edit: bool, questions: AdviserQuestions, trying: bool,
              statement: tuple[NeedDocument, list] | None = None) -> str:
    """The part's HTML: kept, or built (from ``statement`` when the page has read it)."""
    def build() -> str:
        document, findings = statement or read_statement(need)
        language = current_language()
        advice = advice_for(need, language, questions if trying else None)
        # The chosen route, when the adviser finds that it does not fit (a pilot over
        # the direct-award limit...): shown as a warning next to the choice.
        saved_advice = advice_for(need, language) if trying else advice
        unfit_choice = next((r for r in saved_advice if r.key == need.procedure and not r.fits),
                            None)
        return render_template(TEMPLATE, need=need, document=document, findings=findings,
                               text_to_check=has_text_to_check(document), advice=advice,
                               unfit_choice=unfit_choice, questions=questions,
                               trying_answers=trying, can_edit=can_edit,
                               editable=can_edit and lifecycle.is_editable(need.status))

    if trying:
        return build()
    return signed_text(_key(need, can_edit), build, KEPT_SECONDS)


@cache
def _tracks(panels: tuple[Callable, ...]) -> sa.Select:
    """Every row the part shows, as one statement built once per process: building it
    cost more than reading it."""
    need_id = sa.bindparam("need_id")
    tracks = need_tracks(need_id, sa.bindparam("cpv_main"))
    for panel in panels:
        tracks += panel(need_id)
    return tracks_select(tracks)


def _key(need: Need, can_edit: bool) -> str:
    in_force = thresholds()
    awards = direct_awards(need, in_force)
    known = {"need": row_values(need), "can_edit": can_edit, "thresholds": asdict(in_force),
             "direct_awards": asdict(awards) if awards else None}
    return "need-part:" + tracked_key(TEMPLATE, current_language(), known,
                                      _tracks(tuple(PANEL_TRACKS)),
                                      {"need_id": need.id, "cpv_main": need.cpv_main})
