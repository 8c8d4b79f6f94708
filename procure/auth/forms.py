from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from procure.auth.passwords import MAX_LENGTH, MIN_LENGTH
from procure.core.forms import email_address, required


def new_password_field(label):
    """A new password, with the length the password rules ask for."""
    return PasswordField(
        label,
        validators=[
            required(),
            Length(min=MIN_LENGTH, max=MAX_LENGTH,
                   message=_l("A password needs between %(min)d and %(max)d characters.",
                              min=MIN_LENGTH, max=MAX_LENGTH)),
        ],
        description=_l("At least %(min)d characters. A few unrelated words make a good one.",
                       min=MIN_LENGTH),
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[required(), Length(max=254), email_address()],
                        render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password"), validators=[required(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[required()],
                                     render_kw={"autocomplete": "current-password"})
    new_password = new_password_field(_l("New password"))
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[required(), EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


def _code_field(label):
    return StringField(label, validators=[required(), Length(max=64)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text",
                                  "autocapitalize": "none", "spellcheck": "false"})


class LoginCodeForm(FlaskForm):
    code = _code_field(_l("Code"))


class ConfirmTwoFactorForm(FlaskForm):
    code = StringField(_l("The six-digit code the app shows"),
                       validators=[required(), Length(max=64)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "numeric"})


class TurnOffTwoFactorForm(FlaskForm):
    # Not "password": the form for new recovery codes on the same page has that id.
    current_password = PasswordField(_l("Current password"),
                                     validators=[required(), Length(max=1024)],
                                     render_kw={"autocomplete": "current-password"})
    code = _code_field(_l("A code from the app, or a recovery code"))


class RenewRecoveryCodesForm(FlaskForm):
    password = PasswordField(_l("Current password"), validators=[required(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})
    # Not "code": the form to turn two-factor sign-in off on the same page has that id.
    current_code = _code_field(_l("A code from the app, or a recovery code"))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ChangeEmailForm(FlaskForm):
    email = StringField(_l("New e-mail"), validators=[required(), Length(max=254), email_address()],
                        filters=[_strip], render_kw={"autocomplete": "email"})
    password = PasswordField(_l("Current password"), validators=[required(), Length(max=1024)],
                             render_kw={"autocomplete": "current-password"})


class ResetRequestForm(FlaskForm):
    email = StringField(_l("E-mail"), validators=[required(), Length(max=254), email_address()],
                        filters=[_strip], render_kw={"autocomplete": "username"})


class ResetPasswordForm(FlaskForm):
    new_password = new_password_field(_l("New password"))
    confirm_password = PasswordField(
        _l("New password again"),
        validators=[required(),
                    EqualTo("new_password", message=_l("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )
