"""Pages that stand before a step of a need: check your answers before sending it for
review (the GOV.UK pattern), and what withdrawing will do before it is done.

Both post to the need's status form (``needs.change_status``), which takes the step; a
refused withdrawal (no reason given) comes back to its own page with the reason asked for.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.i18n import current_language
from procure.needs import bp, lifecycle, services, vocabulary
from procure.needs.forms import StatusForm
from procure.needs.language_check import check_need
from procure.needs.loading import advice_for, load_need
from procure.needs.models import Need
from procure.needs.staff_alerts import department_officers


def _may_change(need: Need) -> None:
    if not services.can_edit(current_user, need):
        abort(403)  # as the status form itself answers


def _step_open(need: Need, name: str) -> bool:
    return any(step.name == name for step in services.available_steps(current_user, need))


def _not_open(need: Need):
    flash(_("That step is not possible from here."), "error")
    return redirect(url_for("needs.show", reference=need.reference), code=303)


@bp.get("/<reference>/submit")
def check_submit(reference: str):
    """Every section's content with a link to change it, then one button that sends the
    need for review (with an optional comment)."""
    need = load_need(reference)
    _may_change(need)
    if not _step_open(need, "submit"):
        return _not_open(need)
    return submit_page(need, StatusForm())


def submit_page(need: Need, form: StatusForm, status: int = 200):
    """The check page, again with the comment kept and its error when it was refused."""
    document = services.to_document(need, services.cpv_labels(need))
    advice = advice_for(need, current_language())
    unfit_choice = next((r for r in advice if r.key == need.procedure and not r.fits), None)
    return render_template("needs/check_submit.html", need=need, document=document,
                           findings=check_need(document), unfit_choice=unfit_choice,
                           missing=lifecycle.missing_before_review(document),
                           reviewers=_reviewers(need), status_form=form,
                           editable=lifecycle.is_editable(need.status)), status


def _reviewers(need: Need) -> int:
    """How many officers are alerted that the need waits for review (the department's
    other officers, as ``staff_alerts.need_status_changed`` chooses them)."""
    return len(department_officers(need.department_id, but=current_user.id))


@bp.get("/<reference>/withdraw")
def confirm_withdraw(reference: str):
    """What withdrawing the need does, and who is told, before it is done."""
    need = load_need(reference)
    _may_change(need)
    if not _step_open(need, "withdraw"):
        return _not_open(need)
    return withdraw_page(need, StatusForm())


def withdraw_page(need: Need, form: StatusForm, status: int = 200):
    """The confirmation page, again with the reason asked for when it was refused. The
    need's dialogues come through the dialogues package's template global (it sits above
    this one)."""
    return render_template("needs/confirm_withdraw.html", need=need, status_form=form,
                           public=need.status in vocabulary.APPROVED_STATES), status
