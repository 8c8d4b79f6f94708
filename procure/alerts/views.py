"""Alerts: a supplier organisation's and an officer's, each with a page of its own and a
"mark as read" per item; their count in the menu."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.alerts import bp
from procure.audit.services import record
from procure.core.navigation import int_arg
from procure.db import utcnow
from procure.dialogues import alerts as services
from procure.dialogues.models import Alert
from procure.dialogues.vocabulary import PUBLIC_STATES
from procure.extensions import db
from procure.needs import staff_alerts as staff
from procure.needs.models import StaffAlert


def _suppliers(view):
    """A confirmed member of a supplier organisation (others are turned away)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_confirmed_member:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


def _staff(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)
    return wrapped


@bp.get("")
def listing():
    page, per_page = int_arg("page", 1), current_app.config["PAGE_SIZE"]
    if current_user.is_staff:
        pagination = db.paginate(staff.alerts_for(current_user.id), page=page,
                                 per_page=per_page, error_out=False)
        return render_template("alerts/staff_list.html", pagination=pagination,
                               unread=staff.unread_count(current_user.id))
    if not current_user.is_confirmed_member:
        abort(403)
    organisation_id = current_user.organisation_id
    pagination = db.paginate(services.alerts_for(organisation_id), page=page,
                             per_page=per_page, error_out=False)
    return render_template("alerts/list.html", pagination=pagination,
                           unread=services.unread_count(organisation_id),
                           public_states=PUBLIC_STATES)


@bp.post("/read")
def mark_read():
    if current_user.is_staff:
        staff.mark_all_read(current_user.id, utcnow())
    elif current_user.is_confirmed_member:
        services.mark_all_read(current_user.organisation_id, utcnow())
    else:
        abort(403)
    db.session.commit()
    flash(_("All alerts are marked as read."), "success")
    return redirect(url_for("alerts.listing"), code=303)


def _organisation_alert(alert_id: int) -> Alert:
    alert = db.session.get(Alert, alert_id)
    if alert is None or alert.organisation_id != current_user.organisation_id:
        abort(404)
    return alert


def _own_staff_alert(alert_id: int) -> StaffAlert:
    alert = db.session.get(StaffAlert, alert_id)
    if alert is None or alert.user_id != current_user.id:
        abort(404)
    return alert


@bp.get("/<id:alert_id>")
@_suppliers
def supplier_alert(alert_id: int):
    """One of the organisation's alerts, with a link to where it leads."""
    alert = _organisation_alert(alert_id)
    return render_template("alerts/show.html", alert=alert,
                           text=services.alert_text(alert.kind, alert.dialogue.title),
                           target=url_for("dialogues.show", dialogue_id=alert.dialogue_id)
                           if alert.dialogue.status in PUBLIC_STATES else None,
                           read_url=url_for("alerts.read_supplier_alert", alert_id=alert.id))


@bp.post("/<id:alert_id>/read")
@_suppliers
def read_supplier_alert(alert_id: int):
    alert = _organisation_alert(alert_id)
    return _mark_one_read(alert, url_for("alerts.listing"))


@bp.get("/staff/<id:alert_id>")
@_staff
def staff_alert(alert_id: int):
    """One of the officer's alerts, with a link to where the work is done."""
    alert = _own_staff_alert(alert_id)
    return render_template("alerts/show.html", alert=alert, text=staff_text(alert),
                           target=staff_target(alert),
                           read_url=url_for("alerts.read_staff_alert", alert_id=alert.id))


@bp.post("/staff/<id:alert_id>/read")
@_staff
def read_staff_alert(alert_id: int):
    alert = _own_staff_alert(alert_id)
    return _mark_one_read(alert, url_for("alerts.listing"))


def _mark_one_read(alert, back: str):
    if alert.read_at is None:
        alert.read_at = utcnow()
        record("alert.read", alert, actor=current_user, kind=alert.kind)
        db.session.commit()
    flash(_("The alert is marked as read."), "success")
    return redirect(back, code=303)


@bp.app_template_global("staff_alert_text")
def staff_text(alert: StaffAlert) -> str:
    title = alert.dialogue.title if alert.dialogue is not None else alert.need.title
    return staff.staff_alert_text(alert.kind, alert.need.reference, title)


@bp.app_template_global("staff_alert_target")
def staff_target(alert: StaffAlert) -> str:
    """Where the work an officer's alert asks for is done."""
    if alert.kind == "question_asked":
        return url_for("dialogues.show", dialogue_id=alert.dialogue_id, _anchor="questions")
    if alert.kind == "input_received":
        return url_for("dialogues.all_inputs", dialogue_id=alert.dialogue_id)
    return url_for("needs.show", reference=alert.need.reference)


@bp.app_template_global("unread_alerts")
def unread_alerts() -> int:
    """The signed-in person's unread alerts: an officer's own, a confirmed supplier's
    organisation's (0 for everybody else)."""
    if not current_user.is_authenticated:
        return 0
    if current_user.is_staff:
        return staff.unread_count(current_user.id)
    if current_user.is_confirmed_member:
        return services.unread_count(current_user.organisation_id)
    return 0
