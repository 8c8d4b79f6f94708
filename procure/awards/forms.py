"""The tender form and the award form (winners as rows, no JavaScript needed)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from procure.awards.services import check_identifier
from procure.core.forms import CommaDecimalField, NumberRange, plausible_year
from procure.formatting import normalise_newlines
from procure.suppliers.forms import IDENTIFIER_MESSAGES
from procure.suppliers.identifiers import IdentifierError

DATE = _l("Give a date, for example 2027-03-15.")
MAX_SEK = 100_000_000_000
WINNER_ROWS = 3


def day(label, optional=True, description=None):
    return DateField(label, description=description, validators=[
        Optional() if optional else InputRequired(message=DATE), plausible_year])


class TenderForm(FlaskForm):
    source = SelectField(_l("Where the notice is published"), choices=[])
    notice_reference = StringField(_l("Notice reference"), validators=[Length(max=100)],
                                   description=_l("On TED the publication number, for example "
                                                  "123456-2026."))
    notice_url = StringField(_l("Link to the notice"), validators=[Length(max=500)],
                             render_kw={"inputmode": "url"})
    procedure = SelectField(_l("Procedure"), choices=[])
    published_on = day(_l("Publication date"))
    deadline_on = day(_l("Deadline for tenders"))
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)],
                            filters=[normalise_newlines])


class WinnerRow(Form):
    organisation = SelectField(_l("Registered organisation"), choices=[],
                               validate_choice=False)
    name = StringField(_l("Or: the organisation's name"), validators=[Length(max=200)])
    identifier = StringField(_l("Its organisation number or EU VAT number"),
                             validators=[Length(max=20)])

    def validate_organisation(self, field):
        value = field.data or ""
        if value and not (value.isdecimal() and len(value) <= 12):
            raise ValidationError(_l("Choose an organisation from the list."))

    def validate_identifier(self, field):
        if self.organisation.data or not (self.name.data or field.data or "").strip():
            return
        if not (field.data or "").strip():
            raise ValidationError(_l("Give the organisation number or EU VAT number."))
        if not (self.name.data or "").strip():
            raise ValidationError(_l("Give the organisation's name too."))
        try:
            check_identifier(field.data)
        except IdentifierError as error:
            raise ValidationError(IDENTIFIER_MESSAGES[error.code]) from None


class AwardForm(FlaskForm):
    winners = FieldList(FormField(WinnerRow), min_entries=WINNER_ROWS, max_entries=WINNER_ROWS)
    amount_sek = CommaDecimalField(_l("Contract value (SEK, excluding VAT)"), places=2,
                                   validators=[InputRequired(message=_l(
                                       "Give the amount in kronor, for example 1250000.")),
                                       NumberRange(min=1, max=MAX_SEK, message=_l(
                                           "Give the amount in kronor, for example 1250000."))])
    signed_on = day(_l("Signature date"), optional=False)
    starts_on = day(_l("Contract starts"), optional=False)
    ends_on = day(_l("Contract ends"), optional=False)
    options = TextAreaField(_l("Options and extensions"), validators=[Length(max=2000)],
                            filters=[normalise_newlines],
                            description=_l("For example: two optional extensions of one year."))
    options_until = day(_l("Latest end with every option"))
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)],
                            filters=[normalise_newlines])
