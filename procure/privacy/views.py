"""A supplier user's personal data and account deletion, at /account/personal-data."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from procure.audit.services import record
from procure.auth import limits, sessions
from procure.auth.models import User
from procure.auth.services import AccountError
from procure.core.downloads import attachment_disposition
from procure.extensions import db, limiter
from procure.privacy import bp
from procure.privacy.forms import DeleteAccountForm
from procure.privacy.services import (
    delete_account,
    is_deleted_address,
    personal_data,
    record_refused_deletion,
)


@bp.app_template_test("deleted_address")
def deleted_address_test(email: str | None) -> bool:
    """``{% if email is deleted_address %}``: the e-mail of a deleted account."""
    return is_deleted_address(email)


def _is_last_member(user: User) -> bool:
    others = db.session.execute(
        db.select(db.func.count(User.id)).where(
            User.organisation_id == user.organisation_id, User.id != user.id,
            User.membership == "confirmed", User.deleted_at.is_(None))).scalar_one()
    return user.membership == "confirmed" and others == 0


@bp.get("/account/personal-data")
def personal_data_page():
    return render_template("privacy/personal_data.html")


@bp.get("/account/personal-data.json")
def personal_data_download():
    data = personal_data(current_user)
    record("privacy.exported", current_user, actor=current_user)
    db.session.commit()
    body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return Response(body, content_type="application/json; charset=utf-8", headers={
        "Content-Disposition": attachment_disposition("personal-data.json"),
        "Cache-Control": "private, no-store",
    })


@bp.route("/account/delete", methods=["GET", "POST"])
# The password is asked for, so a taken-over session could guess it here: the same
# per-user limit as the password and e-mail pages.
@limiter.limit(limits.login_limit, methods=["POST"], key_func=limits.per_user)
def delete_account_page():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            delete_account(current_user, form.current_password.data)
        except AccountError as error:
            db.session.rollback()
            if error.code != "password_wrong":
                raise
            record_refused_deletion(current_user)
            db.session.commit()
            form.current_password.errors = [_("That is not your current password.")]
        else:
            db.session.commit()
            logout_user()
            sessions.clear_keeping_language()
            flash(_("Your account is deleted and you are signed out. Your company's records "
                    "stay with the company."), "info")
            return redirect(url_for("core.index"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("privacy/delete.html", form=form,
                           last_member=_is_last_member(current_user)), status
