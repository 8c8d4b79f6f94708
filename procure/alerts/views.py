"""A supplier organisation's alerts, and their count in the menu."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.alerts import bp
from procure.auth.access import confirmed_supplier_required
from procure.core.navigation import int_arg
from procure.db import utcnow
from procure.dialogues import alerts
from procure.dialogues.vocabulary import PUBLIC_STATES
from procure.extensions import db


@bp.get("")
@confirmed_supplier_required
def listing():
    organisation_id = current_user.organisation_id
    pagination = db.paginate(alerts.alerts_for(organisation_id), page=int_arg("page", 1),
                             per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("alerts/list.html", pagination=pagination,
                           unread=alerts.unread_count(organisation_id),
                           public_states=PUBLIC_STATES, alert_text=alerts.alert_text)


@bp.post("/read")
@confirmed_supplier_required
def mark_read():
    alerts.mark_all_read(current_user.organisation_id, utcnow())
    db.session.commit()
    flash(_("All alerts are marked as read."), "success")
    return redirect(url_for("alerts.listing"), code=303)


@bp.app_template_global("unread_alerts")
def unread_alerts() -> int:
    """The signed-in confirmed supplier's unread alerts (0 for everybody else)."""
    if not (current_user.is_authenticated and current_user.is_confirmed_member):
        return 0
    return alerts.unread_count(current_user.organisation_id)
