from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, Regexp

from procure.core.forms import required
from procure.formatting import normalise_newlines

KIND_CHOICES = [
    SelectChoice("request_for_information", _l("Request for information (written input)")),
    SelectChoice("information_meeting", _l("Information meeting or webinar")),
    SelectChoice("one_to_one", _l("One-to-one meetings")),
]
WHEN = _l("Give a date and a time, for example 2027-03-15 12:00.")


def deadline(label):
    return DateTimeLocalField(label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                              validators=[InputRequired(message=WHEN)],
                              description=_l("Swedish time."))


class DialogueForm(FlaskForm):
    lock_version = HiddenField()
    kind = RadioField(_l("Kind of dialogue"), choices=KIND_CHOICES, validators=[required()])
    title = StringField(_l("Title"), validators=[required(), Length(max=300)])
    description = TextAreaField(_l("Description for the market"), validators=[Length(max=20_000)],
                                filters=[normalise_newlines],
                                description=_l("What suppliers read: the problem and the effects "
                                               "sought, from the need statement."))
    questions_to_market = TextAreaField(_l("Questions the city asks the market"),
                                        validators=[Length(max=20_000)],
                                        filters=[normalise_newlines])
    place = StringField(_l("Place (optional)"), validators=[Length(max=300)])
    link = StringField(_l("Link to a meeting or webinar (optional)"), validators=[
        Optional(), Length(max=500),
        Regexp(r"^https://\S+$", message=_l("A link starting with https://."))])
    registration_deadline = deadline(_l("Registration closes"))
    questions_deadline = deadline(_l("Questions close"))
    input_deadline = deadline(_l("Written input closes"))


class RegistrationForm(FlaskForm):
    attendees = TextAreaField(_l("Who will take part"), validators=[required(), Length(max=2000)],
                              filters=[normalise_newlines],
                              description=_l("Names of the people from your company, one per line."))
