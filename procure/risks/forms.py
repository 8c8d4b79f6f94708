"""The risk form: one form adds a risk and edits one."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from procure.core.forms import plausible_year, required
from procure.formatting import normalise_newlines
from procure.risks.scoring import SCALE

TEXT_MAX = 2_000
SCALE_MESSAGE = _l("Choose a value from 1 to 5.")


def _scale(label, description):
    return RadioField(label, choices=[SelectChoice(n, str(n)) for n in SCALE], coerce=int,
                      description=description,
                      validators=[InputRequired(message=SCALE_MESSAGE)])


class RiskForm(FlaskForm):
    description = TextAreaField(_l("Risk"), filters=[normalise_newlines],
                                validators=[required(), Length(max=TEXT_MAX, message=_l(
                                    "At most %(max)d characters.", max=TEXT_MAX))],
                                description=_l("What may happen, and what it would lead to."))
    likelihood = _scale(_l("Likelihood"), _l("1 = very unlikely, 5 = almost certain."))
    impact = _scale(_l("Impact"), _l("1 = negligible, 5 = the initiative fails."))
    owner = SelectField(_l("Owner"), coerce=int, choices=[],
                        validators=[InputRequired(message=_l("Choose who owns the risk."))])
    mitigation = TextAreaField(_l("Mitigation"), filters=[normalise_newlines],
                               validators=[Length(max=TEXT_MAX, message=_l(
                                   "At most %(max)d characters.", max=TEXT_MAX))])
    status = SelectField(_l("Status"), choices=[
        SelectChoice("open", _l("Open")), SelectChoice("mitigating", _l("Being mitigated")),
        SelectChoice("closed", _l("Closed"))], default="open")
    review_on = DateField(_l("Review date"), validators=[
        InputRequired(message=_l("Give a date, for example 2027-03-15.")), plausible_year])
