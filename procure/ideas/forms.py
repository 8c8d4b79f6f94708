"""The idea form (open to everyone), staff comments and triage."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from procure.core.forms import required
from procure.formatting import normalise_newlines

# Enough for a page of text; a pasted book is refused, not stored.
TITLE_MAX = 200
TEXT_MAX = 5_000
SHORT_MAX = 500
CONTACT_MAX = 200


def _at_most(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class IdeaForm(FlaskForm):
    title = StringField(_l("In a few words: what is the problem or the idea?"),
                        validators=[required(), _at_most(TITLE_MAX)], filters=[_strip])
    problem = TextAreaField(_l("What goes wrong today?"), validators=[required(),
                            _at_most(TEXT_MAX)], filters=[normalise_newlines, _strip],
                            description=_l("Describe the problem, not a product."))
    affected = TextAreaField(_l("Who is affected?"), validators=[_at_most(TEXT_MAX)],
                             filters=[normalise_newlines, _strip])
    frequency = StringField(_l("How often does it happen?"), validators=[_at_most(SHORT_MAX)],
                            filters=[_strip])
    suggestion = TextAreaField(_l("Do you have an idea for a solution? (optional)"),
                               validators=[_at_most(TEXT_MAX)],
                               filters=[normalise_newlines, _strip])
    department = SelectField(_l("Which part of the city does it concern? (optional)"),
                             coerce=str, validators=[Optional()], choices=[])
    contact = StringField(
        _l("Contact (optional)"), validators=[_at_most(CONTACT_MAX)], filters=[_strip],
        description=_l("An e-mail address or a phone number, only if you want an officer to be "
                       "able to ask you more. It is seen only by the city's staff handling "
                       "ideas and is removed with the idea. Leave it empty to stay anonymous."))

    def department_id(self) -> int | None:
        value = self.department.data or ""
        return int(value) if value.isdecimal() and len(value) <= 12 else None


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Comment"), validators=[required(), _at_most(TEXT_MAX)],
                         filters=[normalise_newlines, _strip],
                         description=_l("Seen by staff only, never by the submitter."))


class TriageForm(FlaskForm):
    target = HiddenField(validators=[InputRequired(message=_l("Choose one of the steps."))])
    reason = TextAreaField(_l("Reason"), validators=[_at_most(TEXT_MAX)],
                           filters=[normalise_newlines],
                           description=_l("Required when declining: the submitter reads it."))
    merge_into = StringField(_l("Merge into (idea number or need reference)"),
                             validators=[_at_most(40)], filters=[_strip])
    language = SelectField(_l("Language of the need statement"), choices=[
        SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))], default="sv")
