from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp, ValidationError

from procure.core.forms import MultiCheckboxField

KIND_CHOICES = [
    SelectChoice("prior_information", _l("Prior information notices (often market consultations)")),
    SelectChoice("contract", _l("Contract notices")),
    SelectChoice("award", _l("Award notices")),
]


class ScanForm(FlaskForm):
    widen_to = RadioField(_l("Which CPV codes"), default="code", choices=[
        SelectChoice("code", _l("The need's own codes")),
        SelectChoice("group", _l("Widened to their groups (first three digits)")),
        SelectChoice("division", _l("Widened to their divisions (first two digits)")),
    ])
    countries = StringField(
        _l("Buyer countries (optional)"), validators=[Length(max=100), Regexp(
            r"^[A-Za-z ,]*$", message=_l("Country codes separated by spaces, for example SE DK NO."))],
        description=_l("Two- or three-letter country codes, for example SE DK FI. Empty for all."))
    published_from = DateField(_l("Published from (optional)"), validators=[Optional()])
    published_to = DateField(_l("Published until (optional)"), validators=[Optional()])
    kinds = MultiCheckboxField(_l("Kinds of notice"), choices=KIND_CHOICES,
                               default=["prior_information", "contract", "award"])

    def validate_published_to(self, field):
        if field.data and self.published_from.data and field.data < self.published_from.data:
            raise ValidationError(_l("The end of the period comes before its start."))

    def validate_kinds(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one kind of notice."))

    def country_codes(self) -> tuple[str, ...]:
        return tuple(code.upper() for code in (self.countries.data or "").replace(",", " ").split())


class KeepForm(FlaskForm):
    publication_number = StringField(validators=[Length(min=1, max=30)])
    note = TextAreaField(_l("Why it matters (optional)"), validators=[Length(max=2000)])
