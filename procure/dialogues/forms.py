from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    Regexp,
)

from procure.core.forms import NumberRange, plausible_year, required
from procure.dialogues.vocabulary import KINDS
from procure.formatting import normalise_newlines

KIND_CHOICES = [SelectChoice(kind.key, _l(kind.choice)) for kind in KINDS.values()]
WHEN = _l("Give a date and a time, for example 2027-03-15 12:00.")


def deadline(label, description=_l("Swedish time.")):
    return DateTimeLocalField(label, format=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                              validators=[InputRequired(message=WHEN), plausible_year],
                              description=description)


def whole_number(label, low, high, default, description=None):
    message = _l("A whole number from %(low)d to %(high)d.", low=low, high=high)
    return IntegerField(label, default=default, description=description,
                        validators=[InputRequired(message=message),
                                    NumberRange(min=low, max=high, message=message)])


def text(label, limit=20_000, description=None, optional=False):
    validators = [Length(max=limit, message=_l("At most %(max)d characters.", max=limit))]
    return TextAreaField(label, description=description, filters=[normalise_newlines],
                         validators=validators if optional else [required(), *validators])


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
    # default="": a post without these fields (no browser sends one) stores empty text,
    # not NULL into the NOT NULL columns.
    case_number = StringField(_l("Case number (optional)"), default="",
                              validators=[Length(max=50)],
                              description=_l("The city\'s case number (diarienummer), if the case is registered. It is printed on the documents."))
    place = StringField(_l("Place (optional)"), default="", validators=[Length(max=300)])
    link = StringField(_l("Link to a meeting or webinar (optional)"), default="", validators=[
        Optional(), Length(max=500),
        Regexp(r"^https://\S+$", message=_l("A link starting with https://."))])
    registration_deadline = deadline(_l("Registration closes"))
    questions_deadline = deadline(_l("Questions close"))
    input_deadline = deadline(_l("Written input closes"))
    slots_per_supplier = whole_number(
        _l("Meetings one company may book"), 1, 10, 1,
        _l("For one-to-one meetings. Usually 1, so that every company gets a turn."))
    cancel_cutoff_hours = whole_number(
        _l("Hours before a meeting that a booking can still be cancelled"), 0, 336, 24)


class RegistrationForm(FlaskForm):
    attendees = TextAreaField(_l("Who will take part"), validators=[required(), Length(max=2000)],
                              filters=[normalise_newlines],
                              description=_l("Names of the people from your company, one per line."))


class SlotForm(FlaskForm):
    starts_at = deadline(_l("Starts"))
    minutes = whole_number(_l("Length in minutes"), 5, 480, 45)
    capacity = whole_number(_l("Companies per meeting"), 1, 50, 1,
                            _l("Usually 1: a meeting with one company at a time."))


class QuestionForm(FlaskForm):
    question = text(_l("Your question"), 4000, _l(
        "The question and the answer are published to every registered company, "
        "without your company's name."))


class AnswerForm(FlaskForm):
    public_question = text(_l("The question as it will be published"), 4000, _l(
        "Remove anything that would tell who asked."))
    answer = text(_l("Answer"), 20_000)


class InformationForm(FlaskForm):
    body = text(_l("Information for every registered company"), 20_000, _l(
        "Published at once to every registered company, which is alerted."))


class MinutesForm(FlaskForm):
    minutes = text(_l("Minutes of the meeting"), 20_000)
    material = BooleanField(_l("Something was said that every company should know"),
                            description=_l("You will be reminded until it is shared with all."))


class InputForm(FlaskForm):
    lock_version = HiddenField()
    answers = text(_l("Your answers to the city's questions"), 50_000, optional=True)
    trade_secret = BooleanField(_l("Our input contains trade secrets"))
    secret_parts = text(_l("Which parts are trade secrets"), 5000, optional=True)
    secret_harm = text(_l("What harm would disclosure cause your company"), 5000,
                       optional=True)
    attachments = MultipleFileField(_l("Attach PDF files"), description=_l(
        "Up to %(count)d PDF files of at most %(size)d MB each.", count=5, size=10))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.trade_secret.data:
            for field in (self.secret_parts, self.secret_harm):
                if not (field.data or "").strip():
                    field.errors = [*field.errors, _l(
                        "Say which parts are secret and what harm disclosure would cause.")]
                    valid = False
        return valid


class ReasonForm(FlaskForm):
    reason = text(_l("Why must you read this input?"), 2000, _l(
        "For example: a request for the documents under the principle of public access, "
        "with its date and who handles it. The reason is kept in the audit trail."))


class LessonsForm(FlaskForm):
    lessons_learnt = text(_l("Lessons learnt"), 20_000, _l(
        "What the city learnt from the market: it goes into the report and the need "
        "statement. Name no company."))
