"""The assessment's pages: the overview (radar, table, lowest items with the app's
figures) and a year's questionnaire. Staff read both; admins fill the questionnaire in.
The app's figures beside the lowest items are the whole city's, so only admins see them
(officers see their own department's on the dashboard)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from procure.assessment import bp, services
from procure.assessment.forms import assessment_form
from procure.assessment.questions import (
    GROUPS,
    SCORES,
    group_title,
    items_in,
    level_name,
    score_label,
)
from procure.assessment.refusals import REFUSALS
from procure.charts import to_svg
from procure.core.navigation import int_arg
from procure.core.refusals import attempt
from procure.db import utcnow
from procure.errors import CONFLICT
from procure.formatting import local_date
from procure.i18n import current_language

RADAR_SIZE = (400, 360)  # squarer than the line charts: the labels go all the way round


def _this_year() -> int:
    return local_date(utcnow(), current_app.config["BABEL_DEFAULT_TIMEZONE"]).year


@bp.get("/assessment")
def overview():
    """A year (the newest assessed unless ?year= says) against the year before: the radar
    and its table, and the lowest items with their evidence and the app's figures."""
    answered = services.years_answered()
    asked = int_arg("year")
    if asked is not None and services.is_assessable_year(asked):
        year = asked
    else:
        year = answered[0] if answered else _this_year()
    language = current_language()
    scores = services.compare(year)
    radar = services.radar(year, scores, language)
    lowest = services.lowest(scores)
    svg = None
    if lowest:  # the finding in words, for those who cannot see the picture
        description = _("%(title)s. Lowest in %(year)s: %(items)s.", title=radar.title,
                        year=year, items="; ".join(
                            f"{entry.item.title(language)} ({entry.score})" for entry in lowest))
        # to_svg serialises its tree with ElementTree, which escapes every text and
        # attribute (titles and names people typed): the markup is ours alone.
        svg = Markup(to_svg(radar, "assessment-radar", description, *RADAR_SIZE,  # nosec B704
                            language=language, title_shown=True))
    # The figures are the whole city's: admins see them; officers see their own
    # department's on the dashboard, as everywhere else.
    weakest = [(entry, services.evidence_from_app(entry.item.key, year)
                if current_user.is_admin else None) for entry in lowest]
    return render_template(
        "assessment/overview.html", year=year, answered=answered, radar=radar, svg=svg,
        table=radar.table_rows(language), weakest=weakest, has_answers=bool(lowest),
        this_year=_this_year(), score_label=lambda score: score_label(score, language),
        score_scale=[score_label(score, language) for score in SCORES])


@bp.route("/assessment/<int:year>", methods=["GET", "POST"])
def questionnaire(year: int):
    """Admins fill the year in; officers read its answers."""
    if not services.is_assessable_year(year):
        abort(404)
    language = current_language()
    if not current_user.is_admin:
        if request.method == "POST":
            abort(403)
        return _page(year, None, language)
    if request.method == "GET":
        form = assessment_form(language, formdata=None,
                               data=_form_data(services.answers_for(year)))
        return _page(year, form, language)
    form = assessment_form(language)
    if not form.validate_on_submit():
        return _page(year, form, language, status=400)
    done = attempt(lambda: services.save_answers(
        year, form.values(), expected_versions=services.parse_versions(form.versions.data),
        actor=current_user), REFUSALS)
    if done.code == CONFLICT:
        current = services.answers_for(year)
        # The form keeps what this person typed; the versions move on, so saving again
        # (after comparing) is a deliberate choice to replace the other save.
        form.versions.data = services.encode_versions(services.versions_of(current))
        conflicted = {key: current[key] for key in getattr(done.refused, "keys", ())
                      if key in current}
        return _page(year, form, language, status=409, conflicted=conflicted)
    if not done.ok:
        return _page(year, form, language, status=done.status)
    changed = done.value
    if changed:
        flash(_("The assessment for %(year)s is saved.", year=year), "success")
    else:
        flash(_("Nothing had changed: the assessment for %(year)s is as it was.", year=year),
              "info")
    return redirect(url_for("assessment.overview", year=year), code=303)


def _form_data(answers) -> dict:
    data = {"versions": services.encode_versions(services.versions_of(answers))}
    for key, answer in answers.items():
        data[f"score_{key}"] = str(answer.score)
        data[f"evidence_{key}"] = answer.evidence
    return data


def _page(year: int, form, language: str, status: int = 200, conflicted=None):
    answers = services.answers_for(year) if form is None else {}
    groups = [(group_title(group, language), items_in(group)) for group in GROUPS]
    return render_template(
        "assessment/questionnaire.html", year=year, form=form, groups=groups,
        answers=answers, conflicted=conflicted or {}, language=language, scores=SCORES,
        score_label=lambda score: score_label(score, language),
        level_name=lambda score: level_name(score, language)), status
