from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import EqualTo, Length

from procure.core.forms import email_address, new_password_field, required


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
