"""Forgotten passwords: ask for a link by e-mail, then choose a new password with it."""
from __future__ import annotations

import time

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from procure.auth import bp, limits, reset, sessions, throttle
from procure.auth.forms import ResetPasswordForm, ResetRequestForm
from procure.auth.services import AccountError
from procure.core.access import public
from procure.db import utcnow
from procure.extensions import db, limiter

# Well above the time either answer takes (about 15 to 40 ms, p90 under load).
_ANSWER_AFTER_SECONDS = 0.2


@bp.route("/password/reset", methods=["GET", "POST"])
@public
@limiter.limit(limits.reset_limit, methods=["POST"])
def reset_request():
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ResetRequestForm()
    if form.validate_on_submit():
        started = time.monotonic()
        reset.request_reset(form.email.data, utcnow())
        db.session.commit()
        # The same answer whether or not the address has an account, and at the same
        # time: a known address costs a few more writes (the link, the mail), so every
        # answer waits until the same moment after the request came in.
        time.sleep(max(0.0, _ANSWER_AFTER_SECONDS - (time.monotonic() - started)))
        return redirect(url_for("auth.reset_sent"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_request.html", form=form), status


@bp.get("/password/reset/sent")
@public
def reset_sent():
    return render_template("auth/reset_sent.html")


def _invalid_link():
    # 404: the link names a reset that does not exist (any more). One page for unknown,
    # used and expired links, so the answer says nothing about which links ever existed.
    return render_template("auth/reset_invalid.html"), 404


# The link's token leaves the address at once: kept in the (signed, HttpOnly) session as
# its hash, it is not in the browser's history, a proxy's log or a Referer header.
_SESSION_KEY = "reset_token_hash"


@bp.get("/password/reset/<token>")
@public
@limiter.limit(limits.reset_limit)
def reset_password(token: str):
    if reset.usable_token(token, utcnow()) is None:
        session.pop(_SESSION_KEY, None)
        return _invalid_link()
    session[_SESSION_KEY] = reset.token_hash(token)
    return redirect(url_for("auth.new_password"), code=303)


@bp.route("/password/new", methods=["GET", "POST"])
@public
@limiter.limit(limits.reset_limit, methods=["POST"])
def new_password():
    hashed = session.get(_SESSION_KEY)
    if reset.usable_hash(hashed, utcnow()) is None:
        session.pop(_SESSION_KEY, None)
        return _invalid_link()
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = reset.reset_password(hashed, form.new_password.data, utcnow())
        except AccountError as error:
            db.session.rollback()
            if error.code == "token_invalid":
                session.pop(_SESSION_KEY, None)
                return _invalid_link()
            form.new_password.errors = [_("Choose another password.")]
        else:
            db.session.commit()
            throttle.forget("sign_in", user.email)  # the owner is back in control
            if current_user.is_authenticated:
                logout_user()
            sessions.clear_keeping_language()
            flash(_("Your password is changed and every session of your account has ended. "
                    "Sign in with the new password."), "success")
            return redirect(url_for("auth.login"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset_password.html", form=form), status
