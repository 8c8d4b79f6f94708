"""Validators and fields shared by every domain's forms (messages in both languages)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectMultipleField
from wtforms.validators import DataRequired, Email, Length
from wtforms.widgets import CheckboxInput, ListWidget

from procure.auth.passwords import MAX_LENGTH, MIN_LENGTH


def required():
    return DataRequired(message=_l("Please fill in this field."))


def email_address():
    return Email(message=_l("Write a whole e-mail address, for example name@example.se."),
                 check_deliverability=False)


def new_password_field(label):
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


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the form macro renders it as a fieldset with a legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
