"""What the PCP pages share: loading a plan or phase the current person may see."""
from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash
from flask_login import current_user

from procure.db import utcnow
from procure.formatting import local_date
from procure.needs.models import Need
from procure.needs.loading import load_need
from procure.pcp import services
from procure.pcp.models import PcpPlan, Phase


def city_today() -> date:
    return local_date(utcnow(), current_app.config["BABEL_DEFAULT_TIMEZONE"])


def load_plan(reference: str, manage: bool = False) -> tuple[Need, PcpPlan]:
    """The need and its plan (404 without one); ``manage`` asks for the right to run it."""
    need = load_need(reference)
    plan = services.plan_of(need) or abort(404)
    if manage and not services.can_manage(current_user, need):
        abort(403)
    return need, plan


def load_phase(reference: str, number: int, manage: bool = False) -> tuple[Need, Phase]:
    need, plan = load_plan(reference, manage)
    return need, services.phase_of(plan, number)


def flash_form_errors(form) -> None:
    """A form posted from a section of a larger page goes back there: its errors travel as
    messages, one per field (a row form's errors are flattened)."""
    for name, errors in form.errors.items():
        label = form[name].label.text if name in form._fields else ""
        flat = [e for error in errors for e in (error.values() if isinstance(error, dict)
                                                 else [error])]
        flash(f"{label}: {' '.join(str(e) for e in flat)}", "error")
