"""The form that confirms deleting one's own account."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import Length

from procure.core.forms import required


class DeleteAccountForm(FlaskForm):
    # The password, not a checkbox: a borrowed, signed-in browser cannot delete the account.
    current_password = PasswordField(_l("Current password"),
                                     validators=[required(), Length(max=1024)],
                                     render_kw={"autocomplete": "current-password"})
