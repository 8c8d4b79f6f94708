from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, ValidationError

from procure.core.forms import CommaDecimalField, NumberRange, required
from procure.formatting import normalise_newlines
from procure.scenarios.services import parse_options
from procure.scenarios.vocabulary import CONTRACT_FORMS

FORM_CHOICES = [SelectChoice(form.key, _l(form.label)) for form in CONTRACT_FORMS.values()]
WHOLE_NUMBER = _l("Give a whole number, 0 or more.")
NUMBER = _l("Give a number, for example 4 or 4,5.")


def without_control_characters(value):
    """Pasted text (a Word line break is \\x0b) must not carry control characters."""
    return "".join(ch for ch in value if ch >= " " or ch == "\t").strip() if value else value


def whole(label, description=None, **kwargs):
    return IntegerField(label, validators=[InputRequired(message=WHOLE_NUMBER),
                                           NumberRange(min=0, message=WHOLE_NUMBER)],
                        description=description, render_kw={"inputmode": "numeric"}, **kwargs)


def percent(label, description=None):
    return CommaDecimalField(label, places=2, validators=[InputRequired(message=NUMBER)],
                        description=description, render_kw={"inputmode": "decimal"})


class ScenarioForm(FlaskForm):
    """The model checks the bounds (and says them); the form checks the kinds of value."""

    lock_version = HiddenField()
    name = StringField(_l("Name"), validators=[required(), Length(max=100)],
                       filters=[without_control_characters],
                       description=_l("For example \"Framework 4 years\" or \"Contract 6+2\"."))
    contract_form = RadioField(_l("Contract form"), choices=FORM_CHOICES, default="framework",
                               validators=[required()])
    base_years = whole(_l("Base term (years)"))
    option_years = StringField(_l("Options (years)"), validators=[Length(max=40)],
                               description=_l("Each option period, for example 1+1. Empty for none."))
    options_exercised = BooleanField(_l("Assume the options are used"), default=True)
    annual_value_sek = whole(_l("Annual contract value (SEK)"))
    investment_sek = whole(_l("The supplier's up-front investment (SEK)"))
    depreciation_years = whole(_l("Depreciation period of the investment (years)"))
    margin_percent = percent(_l("The supplier's margin (%)"))
    improvement_percent = percent(
        _l("Yearly improvement once running (%)"),
        _l("How much cheaper each contract year gets as the solution matures; a new "
           "contract after a re-tender starts again from the full value."))
    retender_cost_sek = whole(_l("Cost of one re-tender for the city (SEK)"))
    discount_rate_percent = percent(_l("Discount rate (%)"))
    horizon_years = whole(_l("Horizon (years)"), _l("How far ahead to compare, for example 12."))

    def validate_option_years(self, field):
        try:
            parse_options(field.data or "")
        except ValueError:
            raise ValidationError(_l("Write whole years separated by +, for example 1+1.")) from None

    def values(self) -> dict:
        """The form's values as the model's input fields."""
        return {
            "name": self.name.data.strip(), "contract_form": self.contract_form.data,
            "base_years": self.base_years.data,
            "option_years": parse_options(self.option_years.data or ""),
            "options_exercised": bool(self.options_exercised.data),
            **{name: self[name].data for name in (
                "annual_value_sek", "investment_sek", "depreciation_years", "margin_percent",
                "improvement_percent", "retender_cost_sek", "discount_rate_percent",
                "horizon_years")},
        }


class ChoiceForm(FlaskForm):
    scenario = RadioField(_l("Chosen scenario"), coerce=int, validators=[InputRequired(
        message=_l("Choose a scenario."))], choices=[])
    justification = TextAreaField(_l("Why this contract length"), validators=[
        required(), Length(max=10_000)], filters=[normalise_newlines])
    special_reasons = TextAreaField(
        _l("Special reasons for a framework longer than four years"),
        validators=[Length(max=10_000)], filters=[normalise_newlines],
        description=_l("Needed when the chosen framework runs past four years, options "
                       "included (LOU 7 kap. 2 §). The city must be able to prove them."))
