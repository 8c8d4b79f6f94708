"""Forms of the follow-up page: a target per outcome, a measurement, the decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from procure.core.forms import CommaDecimalField, NumberRange, plausible_year, required
from procure.formatting import normalise_newlines

DATE = _l("Give a date, for example 2027-03-15.")
NUMBER = _l("Give a number, for example 42 or 3,5.")
BIG = 10 ** 13


def day(label):
    return DateField(label, validators=[InputRequired(message=DATE), plausible_year])


def number(label):
    return CommaDecimalField(label, places=4, validators=[
        InputRequired(message=NUMBER), NumberRange(min=-BIG, max=BIG, message=NUMBER)])


class TargetForm(FlaskForm):
    unit = SelectField(_l("Unit of the indicator"), choices=[])
    baseline_value = number(_l("Baseline (a number)"))
    target_value = number(_l("Target (a number)"))
    target_on = day(_l("Target date"))


class MeasurementForm(FlaskForm):
    outcome = SelectField(_l("Outcome"), coerce=int, choices=[],
                          validators=[InputRequired(message=_l("Choose an outcome."))])
    measured_on = day(_l("Date measured"))
    value = number(_l("Value"))
    source = StringField(_l("Source"), validators=[required(), Length(max=300)],
                         description=_l("Where the figure comes from, for example the kitchen "
                                        "system's monthly report."))
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)],
                            filters=[normalise_newlines])


class DecisionForm(FlaskForm):
    decision = RadioField(_l("Decision"), choices=[
        SelectChoice("scaled", _l("Scaled: taken into use more widely")),
        SelectChoice("continued", _l("Continued as it is")),
        SelectChoice("stopped", _l("Stopped"))],
        validators=[InputRequired(message=_l("Choose a decision."))])
    scale_count = IntegerField(_l("Scaled to how many"), validators=[
        Optional(), NumberRange(min=1, max=10_000_000, message=_l(
            "A whole number from %(low)d to %(high)d.", low=1, high=10_000_000))])
    scale_unit = SelectField(_l("Of what"), choices=[
        SelectChoice("", _l("Choose")), SelectChoice("units", _l("units")),
        SelectChoice("sites", _l("sites")), SelectChoice("users", _l("users"))],
        validators=[Optional()])
    lessons = TextAreaField(_l("Lessons learnt"), filters=[normalise_newlines],
                            validators=[required(), Length(max=10_000)],
                            description=_l("What others in the city should know: what worked, "
                                           "what did not, what you would do again."))
    decided_on = day(_l("Decision date"))


class PublicationForm(FlaskForm):
    publish = HiddenField()
