"""Validators and fields shared by every domain's forms (messages in both languages)."""
from __future__ import annotations

import math
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectMultipleField, validators
from wtforms.validators import DataRequired, Email, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget, TextInput


def required():
    return DataRequired(message=_l("Please fill in this field."))


def email_address():
    return Email(message=_l("Write a whole e-mail address, for example name@example.se."),
                 check_deliverability=False)


class NumberRange(validators.NumberRange):
    """WTForms' range check, also for whole numbers too large for a float.

    WTForms checks ``math.isnan(data)``, which raises OverflowError for an integer past
    about 1.8e308 (a pasted row of nines): such a number is checked as infinity instead,
    so it gets the range's own message rather than a server error.
    """

    def __call__(self, form, field):
        try:
            super().__call__(form, field)
        except OverflowError:
            number, field.data = field.data, math.inf if field.data > 0 else -math.inf
            try:
                super().__call__(form, field)
            finally:
                field.data = number


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes (the form macro renders it as a fieldset with a legend)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class CommaDecimalField(DecimalField):
    """A decimal number written the Swedish way (4,5) or the English way (4.5).

    A text box, not type=number: number boxes refuse or silently rewrite a decimal
    comma depending on the browser's locale.
    """

    widget = TextInput()

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        if isinstance(self.data, Decimal):
            return format(self.data.normalize(), "f")  # 10.00 shows as 10, 3.50 as 3.5
        return super()._value()

    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is not None and not self.data.is_finite():
            raise ValidationError(_l("Give a number, for example 4 or 4,5."))
        if self.data is not None and self.data.as_tuple().exponent < -2:
            raise ValidationError(_l("At most two decimals."))

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].strip().replace("\u00a0", "").replace(" ", "")
                         .replace(",", ".")]
        super().process_formdata(valuelist)


def plausible_year(form, field):
    """Dates from 2000 to 2100: a year 1 or 9999 is a typing mistake, and date arithmetic
    (time zones, charts) would overflow on it."""
    if field.data and not 2000 <= field.data.year <= 2100:
        raise ValidationError(_l("Give a date between the years 2000 and 2100."))
