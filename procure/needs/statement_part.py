"""The need page's statement part, kept by what it shows.

Below the page's facts and steps, the need page shows the need-language check and the
statement's sections with the adviser's routes: most of the page's cost (six statements
for the need's rows, the check, the adviser, the template) and the same for everybody
who may or may not edit the need. That part is kept (``procure.core.kept``, signed)
under a key read in one statement from every row it shows, as a PDF's is
(``procure.core.pdf_downloads.tracked_key``): the need's own row, its rows of
outcomes, requirements and CPV codes, and the city's direct awards of its CPV group
this year, with the page's language, whether the reader may edit, and the code's
version. When any of them changes, so does the key: nobody reads an old part.

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
from procure.needs import services
from procure.needs.document import NeedDocument
from procure.needs.forms import AdviserQuestions
from procure.needs.language_check import check_need
from procure.needs.loading import advice_for, direct_awards, thresholds
from procure.needs.models import Need
from procure.needs.progress import has_text_to_check
from procure.needs.statement import need_tracks

# The key changes with what the part shows: the time only bounds what is kept.
KEPT_SECONDS = 3600
BUILDER = "needs/_statement_part.html"


def read_statement(need: Need) -> tuple[NeedDocument, list]:
    """The need's statement as the page shows it, and the need-language check's findings."""
    document = services.to_document(need, services.cpv_labels(need))
    return document, check_need(document)


def statement_part(need: Need, editable: bool, questions: AdviserQuestions, trying: bool,
                   read: Callable[[], tuple[NeedDocument, list]]) -> str:
    """The part's HTML: kept, or built from ``read()`` (the statement and its findings)."""
    def build() -> str:
        document, findings = read()
        language = current_language()
        advice = advice_for(need, language, questions if trying else None)
        # The chosen route, when the adviser finds that it does not fit (a pilot over
        # the direct-award limit...): shown as a warning next to the choice.
        saved_advice = advice_for(need, language) if trying else advice
        unfit_choice = next((r for r in saved_advice if r.key == need.procedure and not r.fits),
                            None)
        return render_template(BUILDER, need=need, document=document, findings=findings,
                               text_to_check=has_text_to_check(document), advice=advice,
                               unfit_choice=unfit_choice, questions=questions,
                               trying_answers=trying, editable=editable)

    if trying:
        return build()
    return signed_text(_key(need, editable), build, KEPT_SECONDS)


@cache
def _tracks() -> sa.Select:
    """The need's rows that the part shows, as one statement built once per process."""
    return tracks_select(need_tracks(sa.bindparam("need_id"), sa.bindparam("cpv_main")))


def _key(need: Need, editable: bool) -> str:
    awards = direct_awards(need, thresholds())
    known = {"need": row_values(need), "editable": editable,
             "thresholds": asdict(thresholds()),
             "direct_awards": asdict(awards) if awards else None}
    return "need-part:" + tracked_key(BUILDER, current_language(), known, _tracks(),
                                      {"need_id": need.id, "cpv_main": need.cpv_main})
