"""The consultation report: lessons learnt, the web page and the PDF.

The report is the officers' until the dialogue is marked as reported; then it is
public, like the dialogue itself (it names no supplier).
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.audit.services import record
from procure.catalogue import texts
from procure.core.access import public
from procure.core.pdf_downloads import (
    cached_pdf_response,
    pdf_cache,
    row_values,
    tracked_key,
    tracks_select,
)
from procure.db import utcnow
from procure.dialogues import bp, reporting, services
from procure.dialogues.forms import LessonsForm
from procure.dialogues.models import Dialogue
from procure.dialogues.pages import load_managed, load_visible
from procure.dialogues.report import country_rows, kind_label, report_texts, size_rows
from procure.dialogues.report_pdf import build_consultation_report
from procure.dialogues.vocabulary import REPORT_STATES
from procure.extensions import db
from procure.formatting import local_date

REPORT_BUILDER = "procure.dialogues.report_pdf"


def _load_report_dialogue(dialogue_id: int):
    dialogue = load_visible(dialogue_id)
    if dialogue.status not in REPORT_STATES:
        abort(404)
    managing = current_user.is_authenticated and services.can_manage(current_user,
                                                                     dialogue.need)
    if dialogue.status != "reported" and not managing:
        abort(404)  # a report in the making is the officers'
    return dialogue, managing


@bp.route("/dialogues/<id:dialogue_id>/report", methods=["GET"])
@public
def report(dialogue_id: int):
    dialogue, managing = _load_report_dialogue(dialogue_id)
    assembled = reporting.assemble(dialogue)
    form = LessonsForm(data={"lessons_learnt": dialogue.lessons_learnt})
    return _report_page(dialogue, assembled, managing, form)


def _report_page(dialogue, assembled, managing, form, status=200):
    return render_template(
        "dialogues/report.html", dialogue=dialogue, report=assembled, managing=managing,
        form=form, texts=report_texts(assembled.language), size_rows=size_rows(assembled),
        kind_label=kind_label(assembled.kind, assembled.language),
        country_rows=country_rows(assembled),
        awaiting=services.minutes_awaiting_sharing(dialogue) if managing else 0), status


@bp.post("/dialogues/<id:dialogue_id>/report")
def save_lessons(dialogue_id: int):
    dialogue = load_managed(dialogue_id)
    if dialogue.status != "closed":
        flash(_("Lessons learnt are written while the dialogue is closed and not yet "
                "reported."), "error")
        return redirect(url_for("dialogues.show", dialogue_id=dialogue.id), code=303)
    form = LessonsForm()
    if not form.validate_on_submit():
        return _report_page(dialogue, reporting.assemble(dialogue), True, form, 400)
    dialogue.lessons_learnt = form.lessons_learnt.data.strip()
    record("dialogue.lessons_saved", dialogue, actor=current_user)
    db.session.commit()
    flash(_("The lessons learnt are saved."), "success")
    return redirect(url_for("dialogues.report", dialogue_id=dialogue.id), code=303)


@bp.get("/dialogues/<id:dialogue_id>/report.pdf")
@public
def report_pdf(dialogue_id: int):
    dialogue, _managing = _load_report_dialogue(dialogue_id)
    key = report_pdf_key(dialogue)
    # On a miss the report is read now, in the transaction the key was read in.
    assembled = None if request.if_none_match.contains(key) or pdf_cache().path(key).is_file() \
        else reporting.assemble(dialogue)
    kind = texts(dialogue.need.language).pgettext("file name", "consultation-report")
    filename = f"{dialogue.need.reference}-{kind}-{dialogue.id}.pdf"
    published = dialogue.status == "reported"
    record("dialogue.report_downloaded", dialogue,
           actor=current_user if current_user.is_authenticated else None)
    db.session.commit()
    return cached_pdf_response(key, lambda: build_consultation_report(
        assembled or reporting.assemble(load_visible(dialogue_id))), filename,
        published=published)


def report_pdf_key(dialogue) -> str:
    """The report PDF's cache key from the rows it shows (one read besides the dialogue
    and its need), without assembling it. A report not yet final prints today's date."""
    need = dialogue.need
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    known = {"dialogue": row_values(dialogue), "need": row_values(need),
             "department": row_values(need.department) if need.department else None,
             "today": None if dialogue.reported_at else local_date(utcnow(), zone)}
    this = sa.select(Dialogue.id).where(Dialogue.id == dialogue.id).subquery()
    return tracked_key(REPORT_BUILDER, need.language, known,
                       tracks_select(reporting.report_tracks(this)))
