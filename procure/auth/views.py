from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from procure.auth import bp, services
from procure.auth.access import public
from procure.auth.forms import ChangePasswordForm, LoginForm
from procure.core.navigation import is_safe_next
from procure.extensions import db, limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if not form.is_submitted():
        form.next.data = form.next.data or ""
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            # A fresh session at sign-in: nothing from before it carries over but the
            # language chosen before signing in, which the account keeps if it had none.
            language = session.get("lang")
            if user.locale is None and language:
                user.locale = language
            db.session.commit()
            session.clear()
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            if user.must_change_password:
                target = url_for("auth.change_password")
            elif is_safe_next(form.next.data):
                target = form.next.data
            else:
                target = url_for("needs.need_list") if user.is_staff else url_for("core.index")
            return redirect(target, code=303)
        db.session.commit()  # the failed attempt's audit event
        # One message whatever was wrong, so nobody learns which e-mails exist.
        form.password.errors = [_("The e-mail or the password is wrong.")]
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    services.sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("core.index"), code=303)


@bp.get("/account")
def account():
    return render_template("auth/account.html")


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data,
                                     form.new_password.data)
        except services.AccountError as error:
            form.current_password.errors = [_("That is not your current password.")] \
                if error.code == "password_wrong" else [_("Choose another password.")]
        else:
            db.session.commit()
            # Every other session is gone; this one goes on with the new token.
            login_user(current_user._get_current_object())
            flash(_("Your password is changed. Other sessions have been signed out."), "success")
            return redirect(url_for("auth.account"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/change_password.html", form=form), status
