from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import EqualTo, Length, ValidationError

from procure.auth.forms import new_password_field
from procure.core.forms import MultiCheckboxField, email_address, required
from procure.formatting import normalise_newlines
from procure.suppliers.identifiers import (
    IdentifierError,
    parse_org_number,
    parse_personal_number,
    parse_vat_number,
)

SIZE_CHOICES = [
    SelectChoice("micro", _l("Micro: fewer than 10 employees and at most €2 million turnover")),
    SelectChoice("small", _l("Small: fewer than 50 employees and at most €10 million turnover")),
    SelectChoice("medium", _l("Medium: fewer than 250 employees and at most €50 million turnover")),
    SelectChoice("large", _l("Large: 250 employees or more")),
]

IDENTIFIER_MESSAGES = {
    "length": _l("An organisation number has ten digits, written NNNNNN-NNNN."),
    "format": _l("An organisation number has ten digits, written NNNNNN-NNNN."),
    "checksum": _l("The last digit does not match: check the organisation number for a typo."),
    "personal_number": _l(
        "This looks like a personal identity number. Give your company's organisation "
        "number (its third digit is 2 or more), or choose sole trader if you run your "
        "business under your own personal identity number."
    ),
    "personal_length": _l("A personal identity number has 10 or 12 digits, written "
                          "YYMMDD-NNNN or YYYYMMDD-NNNN."),
    "personal_format": _l("A personal identity number starts with a date of birth, written "
                          "YYMMDD-NNNN or YYYYMMDD-NNNN."),
    "vat_format": _l("Write the VAT number with its country code, for example DE123456789."),
    "vat_checksum": _l("The VAT number's check digits do not match: check it for a typo."),
}


class OrganisationDetailsForm(FlaskForm):
    company_name = StringField(_l("Company name"), validators=[required(), Length(max=200)],
                               render_kw={"autocomplete": "organization"})
    size = RadioField(_l("Company size (EU SME definition)"), choices=SIZE_CHOICES,
                      validators=[required()])


class SupplierRegistrationForm(OrganisationDetailsForm):
    country_kind = RadioField(
        _l("Where is the company registered?"),
        choices=[SelectChoice("se", _l("In Sweden (organisation number)")),
                 SelectChoice("sole_trader", _l("A sole trader (enskild näringsidkare) in "
                                                "Sweden (the owner's personal identity "
                                                "number)")),
                 SelectChoice("eu", _l("In another EU country (VAT number)"))],
        default="se", validators=[required()],
    )
    org_number = StringField(_l("Organisation number"), validators=[Length(max=20)],
                             description=_l("Ten digits, for example 556036-0793."))
    personal_number = StringField(
        _l("Personal identity number"), validators=[Length(max=20)],
        render_kw={"autocomplete": "off"},
        description=_l("A sole trader's organisation number is the owner's personal "
                       "identity number, for example 19800101-1231. Only your company's "
                       "users and the city's administrators see it whole; nothing the "
                       "city publishes contains it."))
    vat_number = StringField(_l("EU VAT number"), validators=[Length(max=20)],
                             description=_l("With the country code, for example DE136695976."))
    # Optional: so that alerts about dialogues work from the first day (a company that
    # already exists keeps the interests its members chose).
    divisions = MultiCheckboxField(_l("Areas your company works in (optional)"), choices=[],
                                   description=_l("You are alerted when the city publishes "
                                                  "a market dialogue in one of them. A "
                                                  "division covers every code under it."))
    codes = TextAreaField(_l("Single CPV codes (optional)"), filters=[normalise_newlines],
                          validators=[Length(max=2000)], description=_l(
                              "One code per line, written as in notices, for example "
                              "48000000-8."))
    contact_name = StringField(_l("Your name"), validators=[required(), Length(max=200)],
                               render_kw={"autocomplete": "name"})
    email = StringField(_l("E-mail"), validators=[required(), Length(max=254), email_address()],
                        render_kw={"autocomplete": "email"})
    password = new_password_field(_l("Password"))
    confirm_password = PasswordField(
        _l("Password again"),
        validators=[required(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )

    identifier = None  # the parsed CompanyIdentifier once validated

    def validate_org_number(self, field):
        if self.country_kind.data != "se":
            return
        self.identifier = self._parse(field, parse_org_number,
                                      _l("Give the company's organisation number."))

    def validate_personal_number(self, field):
        if self.country_kind.data != "sole_trader":
            return
        self.identifier = self._parse(field, parse_personal_number,
                                      _l("Give the owner's personal identity number."))

    def validate_vat_number(self, field):
        if self.country_kind.data != "eu":
            return
        self.identifier = self._parse(field, parse_vat_number,
                                      _l("Give the company's EU VAT number."))

    @staticmethod
    def _parse(field, parser, missing_message):
        if not (field.data or "").strip():
            raise ValidationError(missing_message)
        try:
            return parser(field.data)
        except IdentifierError as error:
            raise ValidationError(IDENTIFIER_MESSAGES[error.code]) from None


class InterestsForm(FlaskForm):
    """The CPV areas a company wants alerts for: whole divisions, or single codes."""

    divisions = MultiCheckboxField(_l("Divisions"), choices=[], description=_l(
        "A division covers every code under it."))
    codes = TextAreaField(_l("Single CPV codes (optional)"), filters=[normalise_newlines],
                          validators=[Length(max=2000)], description=_l(
                              "One code per line, written as in notices, for example "
                              "48000000-8."))
