"""The account's two-factor page: set up, confirm, new recovery codes, turn off."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from procure.auth import bp, limits, twofactor
from procure.auth import twofactor_services as services
from procure.auth.forms import ConfirmTwoFactorForm, RenewRecoveryCodesForm, TurnOffTwoFactorForm
from procure.auth.services import AccountError
from procure.db import utcnow
from procure.extensions import db, limiter

_REFUSALS = {
    "password_wrong": ("password", _l("That is not your current password.")),
    "code_wrong": ("code", _l("That code is not right. Type the newest code the app shows, "
                              "or one of your recovery codes.")),
    "admin_needs_two_factor": ("code", _l("Administrators keep two-factor sign-in on.")),
    "no_setup": ("code", _l("Two-factor sign-in is not on.")),
    "not_started": ("code", _l("Start the setup first: the page then shows the key for the app.")),
    "two_factor_on": ("code", _l("Two-factor sign-in is already on.")),
}


def _page(status: int = 200, **forms):
    """The two-factor page as the account stands: off, being set up, or on."""
    user = current_user
    setting_up = user.totp_secret is not None and not user.two_factor_enabled
    qr_code = secret = None
    if setting_up:
        uri = twofactor.provisioning_uri(user.totp_secret, user.email)
        # Markup: segno draws the SVG from our own data; the label is our own text.
        qr_code = Markup(twofactor.qr_svg(  # nosec B704 # segno's own markup, see above
            uri, _("QR code for your authenticator app. The same key is written out below.")))
        secret = twofactor.grouped(user.totp_secret)
    return render_template(
        "auth/two_factor.html", setting_up=setting_up, qr_code=qr_code, secret=secret,
        remaining=services.remaining_recovery_codes(user) if user.two_factor_enabled else 0,
        confirm_form=forms.get("confirm_form") or ConfirmTwoFactorForm(formdata=None),
        renew_form=forms.get("renew_form") or RenewRecoveryCodesForm(formdata=None),
        off_form=forms.get("off_form") or TurnOffTwoFactorForm(formdata=None),
    ), status


def _show_codes(codes: list[str]):
    return render_template("auth/recovery_codes.html", codes=codes)


@bp.get("/account/two-factor")
def two_factor():
    return _page()


@bp.post("/account/two-factor/start")
def two_factor_start():
    """A new secret to put in the app; confirmed by a first code on the same page."""
    try:
        services.start_setup(current_user)
    except AccountError:
        flash(_("Two-factor sign-in is already on."), "info")
    else:
        db.session.commit()
    return redirect(url_for("auth.two_factor"), code=303)


@bp.post("/account/two-factor/confirm")
@limiter.limit(limits.login_limit, key_func=limits.per_user)
def two_factor_confirm():
    form = ConfirmTwoFactorForm()
    if form.validate_on_submit():
        try:
            codes = services.confirm_setup(current_user, form.code.data, utcnow())
        except AccountError as error:
            db.session.commit()  # a wrong code's audit event
            form.code.errors = [_REFUSALS[error.code][1]]
        else:
            db.session.commit()
            flash(_("Two-factor sign-in is on."), "success")
            # Shown in this answer and never again: only their hashes are kept.
            return _show_codes(codes)
    return _page(400, confirm_form=form)


@bp.post("/account/two-factor/recovery-codes")
@limiter.limit(limits.login_limit, key_func=limits.per_user)
def recovery_codes():
    form = RenewRecoveryCodesForm()
    if form.validate_on_submit():
        try:
            codes = services.renew_recovery_codes(current_user, form.password.data,
                                                  form.current_code.data, utcnow())
        except AccountError as error:
            db.session.commit()  # a wrong code's audit event, if there is one
            field, message = _REFUSALS[error.code]
            form["password" if field == "password" else "current_code"].errors = [message]
        else:
            db.session.commit()
            flash(_("You have new recovery codes. The old ones no longer work."), "success")
            return _show_codes(codes)
    return _page(400, renew_form=form)


@bp.post("/account/two-factor/off")
@limiter.limit(limits.login_limit, key_func=limits.per_user)
def two_factor_off():
    form = TurnOffTwoFactorForm()
    if form.validate_on_submit():
        try:
            services.turn_off(current_user, form.current_password.data, form.code.data,
                              utcnow())
        except AccountError as error:
            db.session.commit()  # a wrong code's audit event, if there is one
            field, message = _REFUSALS[error.code]
            form["current_password" if field == "password" else "code"].errors = [message]
        else:
            db.session.commit()
            flash(_("Two-factor sign-in is off."), "success")
            return redirect(url_for("auth.two_factor"), code=303)
    return _page(400, off_form=form)
