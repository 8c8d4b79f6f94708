from __future__ import annotations

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from procure.auth import bp, limits, services, sessions, throttle, twofactor_services
from procure.auth.forms import ChangeEmailForm, ChangePasswordForm, LoginCodeForm, LoginForm
from procure.auth.models import User
from procure.core.access import public
from procure.core.navigation import is_safe_next
from procure.db import utcnow
from procure.extensions import db, limiter
from procure.i18n import current_language


def _landing(user: User, next_url: str | None) -> str:
    """Where a user goes after signing in: what must be done first, else the page asked
    for, else the user's own start."""
    if user.must_change_password:
        return url_for("auth.change_password")
    if user.must_set_up_two_factor:
        return url_for("auth.two_factor")
    if is_safe_next(next_url):
        return next_url
    return url_for("core.index")  # everyone's start page lists their own work


def _welcome(user: User, next_url: str | None):
    flash(_("Welcome, %(name)s.", name=user.name), "success")
    response = redirect(_landing(user, next_url), code=303)
    # This browser is the account's now: the per-account brake does not slow it down.
    throttle.remember_device(response, user.email)
    return response


def _braked(form: LoginForm, email: str):
    """Too many wrong passwords for this address lately: this attempt is not even tried
    (the same for every address, known or not)."""
    minutes = -(-throttle.wait_seconds("sign_in", email) // 60)
    services.record_failed_sign_in(email, reason="braked")
    db.session.commit()
    form.password.errors = [ngettext(
        "There have been many wrong passwords for this address. Try again in %(num)d "
        "minute, or choose a new password with \"Forgot your password?\".",
        "There have been many wrong passwords for this address. Try again in %(num)d "
        "minutes, or choose a new password with \"Forgot your password?\".", minutes)]
    return render_template("auth/login.html", form=form), 429


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = LoginForm()
    if not form.is_submitted():
        form.next.data = form.next.data or ""
    if form.validate_on_submit():
        email = form.email.data
        if throttle.wait_seconds("sign_in", email) and not throttle.known_device(email):
            return _braked(form, email)
        user = services.authenticate(email, form.password.data)
        if user is None:
            if throttle.note_attempt("sign_in", email) == current_app.config["ACCOUNT_BRAKE_AFTER"]:
                services.warn_owner_of_guessing(email)
        else:
            throttle.forget("sign_in", email)
        if user is not None and user.two_factor_enabled:
            db.session.commit()
            sessions.start_pending(user, form.next.data or "")
            return redirect(url_for("auth.login_code"), code=303)
        if user is not None:
            services.record_sign_in(user)
            sessions.begin(user)  # a fresh session; commits the sign-in
            return _welcome(user, form.next.data)
        db.session.commit()  # the failed attempt's audit event
        # One message whatever was wrong, so nobody learns which e-mails exist.
        form.password.errors = [_("The e-mail or the password is wrong.")]
    elif form.is_submitted():
        services.record_failed_sign_in(form.email.data or "", reason="form_incomplete")
        db.session.commit()
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(limits.login_limit, methods=["POST"])
@limiter.limit(limits.login_limit, methods=["POST"], key_func=limits.per_pending_user)
def login_code():
    """The second step of signing in: a code from the app, or a recovery code."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    waiting = sessions.pending()
    user = db.session.get(User, waiting["user_id"]) if waiting else None
    if user is None or not services.may_sign_in(user) or not user.two_factor_enabled \
            or not sessions.pending_is_current(waiting, user):
        sessions.drop_pending()
        flash(_("The sign-in was not finished within five minutes. Please sign in again."),
              "info")
        return redirect(url_for("auth.login"))
    form = LoginCodeForm()
    if form.validate_on_submit():
        second_factor = twofactor_services.check_code(user, form.code.data, utcnow())
        if second_factor is not None:
            services.record_sign_in(user, second_factor)
            left = twofactor_services.remaining_recovery_codes(user)
            sessions.begin(user)
            if second_factor == "recovery_code":
                flash(ngettext("You signed in with a recovery code. %(num)d code is left: "
                               "make new ones on the two-factor page of your account.",
                               "You signed in with a recovery code. %(num)d codes are left: "
                               "make new ones on the two-factor page of your account.", left),
                      "info")
            return _welcome(user, waiting.get("next"))
        form.code.errors = [_("That code is not right. Type the newest code the app shows, "
                              "or one of your recovery codes.")]
    elif form.is_submitted():
        twofactor_services.record_failed_code(user, "sign_in")
    if form.is_submitted():
        db.session.commit()  # the failed attempt's audit event
        return render_template("auth/login_code.html", form=form), 400
    return render_template("auth/login_code.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    language = current_language()
    services.sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    if language != current_app.config["BABEL_DEFAULT_LOCALE"]:
        session["lang"] = language  # the signed-out pages stay in the language they were
    flash(_("You are signed out."), "info")
    return redirect(url_for("core.index"), code=303)


@bp.get("/account")
def account():
    return render_template("auth/account.html")


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(limits.login_limit, methods=["POST"], key_func=limits.per_user)
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


# A refused change of e-mail: the field the message belongs to, and the message.
_EMAIL_REFUSALS = {
    "email_same": ("email", _l("That is already your e-mail address.")),
    "email_taken": ("email", _l("Another account has this e-mail address.")),
    "password_wrong": ("password", _l("That is not your current password.")),
}


@bp.route("/account/email", methods=["GET", "POST"])
@limiter.limit(limits.login_limit, methods=["POST"], key_func=limits.per_user)
def change_email():
    """A new e-mail address (the sign-in name), after the current password."""
    form = ChangeEmailForm()
    if form.validate_on_submit():
        try:
            services.change_email(current_user, form.password.data, form.email.data)
        except services.AccountError as error:
            field, message = _EMAIL_REFUSALS[error.code]
            form[field].errors = [message]
        else:
            db.session.commit()
            flash(_("Your e-mail address is changed. Sign in with it from now on."), "success")
            return redirect(url_for("auth.account"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/change_email.html", form=form), status
