"""Forms for writing a need, one section at a time.

Lists (outcomes, requirements) are edited without JavaScript: every row has an order
number and a remove box, one blank row is always offered for a new entry, and the
"add a row" button re-shows the form with one more blank row, keeping what was typed.
"""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from procure.core.forms import MultiCheckboxField, NumberRange, required
from procure.formatting import normalise_newlines

LONG_TEXT = 20_000
MAX_OUTCOMES = 50
MAX_REQUIREMENTS = 100
# A need worth more than this (100 billion SEK) is a typing mistake.
MAX_VALUE_SEK = 100_000_000_000

LANGUAGE_CHOICES = [SelectChoice("sv", _l("Swedish")), SelectChoice("en", _l("English"))]
TRI_STATE = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No")),
             SelectChoice("unknown", _l("Don't know"))]


def long_text(label, description=None):
    return TextAreaField(label, validators=[Length(max=LONG_TEXT, message=_l(
        "At most %(max)d characters.", max=LONG_TEXT))], description=description,
        filters=[normalise_newlines])


class VersionedForm(FlaskForm):
    """Carries the version the form was loaded with, so a later save is detected."""

    lock_version = HiddenField()

    def validate_lock_version(self, field):
        value = field.data or ""
        if not (value.isascii() and value.isdecimal() and len(value) <= 9):
            raise ValidationError(_l("The form is incomplete: reload the page."))


class NewNeedForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), Length(max=300)],
                        description=_l("Name the problem, not a solution: for example "
                                       "\"Less food waste in pre-school kitchens\"."))
    language = RadioField(_l("Language of the statement"), choices=LANGUAGE_CHOICES,
                          default="sv", validators=[required()])
    department = SelectField(_l("Department"), coerce=int, validators=[Optional()])


class BasicsForm(VersionedForm):
    title = StringField(_l("Title"), validators=[required(), Length(max=300)])
    language = RadioField(_l("Language of the statement"), choices=LANGUAGE_CHOICES,
                          validators=[required()])
    officer = SelectField(_l("Responsible officer"), coerce=int, validators=[required()])
    case_number = StringField(_l("Case number (optional)"), default="",
                              validators=[Length(max=50)],
                              description=_l("The city\'s case number (diarienummer), if the case is registered. It is printed on the documents."))
    estimated_value_sek = IntegerField(
        _l("Estimated value (SEK)"),
        validators=[Optional(), NumberRange(min=0, max=MAX_VALUE_SEK, message=_l(
            "Give a whole number of kronor between 0 and 100 000 000 000."))],
        description=_l("All phases, options and extensions included, excluding VAT."),
        render_kw={"inputmode": "numeric"},
    )
    timeline = long_text(_l("Planned timeline"))


class DescriptionForm(VersionedForm):
    background = long_text(_l("Background"))
    problem = long_text(_l("The problem and who is affected"),
                        _l("Describe what goes wrong and for whom, not how to fix it."))
    current_situation = long_text(_l("Today's situation and its cost"))
    constraints = long_text(_l("Constraints"),
                            _l("Law, data, integration with existing systems, budget."))
    sustainability_ecological = long_text(_l("Ecological sustainability goals"))
    sustainability_social = long_text(_l("Social sustainability goals"))


class _Row(Form):
    position = IntegerField(_l("Order"), validators=[Optional(), NumberRange(min=1, max=999)])
    remove = BooleanField(_l("Remove"))

    text_fields: tuple[str, ...] = ()

    def is_blank(self) -> bool:
        return not any((self[name].data or "").strip() for name in self.text_fields)


class OutcomeRow(_Row):
    # Which saved outcome this row is, so reordering keeps requirements tied to the
    # outcome they were tied to, not to whatever lands in its place.
    outcome_id = HiddenField()
    description = TextAreaField(_l("Desired outcome"), validators=[Length(max=LONG_TEXT)],
                                filters=[normalise_newlines])
    indicator = StringField(_l("Indicator"), validators=[Length(max=500)],
                            description=_l("What is measured, for example kg of food waste per child and week."))
    baseline = StringField(_l("Baseline"), validators=[Length(max=500)])
    target = StringField(_l("Target"), validators=[Length(max=500)])
    when = StringField(_l("By when"), validators=[Length(max=200)])

    text_fields = ("description", "indicator", "baseline", "target", "when")


class RequirementRow(_Row):
    text = TextAreaField(_l("Requirement"), validators=[Length(max=LONG_TEXT)],
                         filters=[normalise_newlines])
    must = RadioField(_l("Kind"), choices=[SelectChoice("must", _l("Must")),
                                           SelectChoice("should", _l("Should"))],
                      default="must", validators=[Optional()])
    outcomes = MultiCheckboxField(_l("Serves outcomes"), coerce=int, choices=[],
                                  validate_choice=False)

    text_fields = ("text",)


def with_blank_row(rows: list[dict], limit: int) -> list[dict]:
    """The rows plus one empty row to write a new entry in, while below ``limit``."""
    return rows + [{}] if len(rows) < limit else rows


class _ListForm(VersionedForm):
    def check_row_count(self, field):
        # FieldList silently drops rows past max_entries: say so instead of losing them.
        sent = {key.split("-")[1] for key in request.form if key.startswith(f"{field.name}-")}
        if len(sent) > field.max_entries:
            raise ValidationError(_l("At most %(max)d rows.", max=field.max_entries))

    def kept_rows(self) -> list:
        """The rows to save, in the order asked for: blank and removed rows dropped."""
        rows = [(row.form.position.data or 1000 + index, index, row.form)
                for index, row in enumerate(self.rows)
                if not row.form.remove.data and not row.form.is_blank()]
        return [form for _position, _index, form in sorted(rows, key=lambda r: (r[0], r[1]))]


class OutcomesForm(_ListForm):
    rows = FieldList(FormField(OutcomeRow), min_entries=1, max_entries=MAX_OUTCOMES)

    def validate_rows(self, field):
        self.check_row_count(field)
        for row in field:
            if not row.form.remove.data and not row.form.is_blank() \
                    and not (row.form.description.data or "").strip():
                row.form.description.errors.append(_l("Describe the outcome, or clear the row."))
                raise ValidationError(_l("An outcome needs a description."))


class RequirementsForm(_ListForm):
    rows = FieldList(FormField(RequirementRow), min_entries=1, max_entries=MAX_REQUIREMENTS)

    def validate_rows(self, field):
        self.check_row_count(field)
        for row in field:
            if row.form.remove.data or row.form.is_blank():
                continue
            if row.form.must.data not in ("must", "should"):
                row.form.must.errors.append(_l("Choose must or should."))
                raise ValidationError(_l("Choose must or should."))


class CpvForm(VersionedForm):
    cpv_main = StringField(_l("Main CPV code"), validators=[Length(max=12)],
                           description=_l("For example 55523100-3."))
    cpv_additional = TextAreaField(_l("Additional CPV codes"), validators=[Length(max=2000)],
                                   description=_l("One code per line."))
    cpv_query = StringField(_l("Find a code by number or words"), validators=[Length(max=100)])


class ProcedureForm(VersionedForm):
    solution_exists = RadioField(_l("Is there a solution on the market today?"),
                                 choices=TRI_STATE, default="unknown", validators=[InputRequired()])
    development_needed = RadioField(_l("Is research or development needed?"),
                                    choices=TRI_STATE, default="unknown",
                                    validators=[InputRequired()])
    will_buy_result = RadioField(_l("Will the city buy the result at scale?"),
                                 choices=TRI_STATE, default="unknown",
                                 validators=[InputRequired()])
    contract_kind = RadioField(_l("What is bought"), default="services",
                               choices=[SelectChoice("supplies", _l("Supplies")),
                                        SelectChoice("services", _l("Services")),
                                        SelectChoice("works", _l("Works")),
                                        SelectChoice("social", _l("Social and other specific services"))],
                               validators=[InputRequired()])
    procedure = SelectField(_l("Chosen procedure"), validators=[Optional()])
    procedure_reason = long_text(_l("Why this procedure"))


class AdviserQuestions(FlaskForm):
    """The adviser's questions as a GET form on the need page: answering re-ranks the
    routes at once, without saving (the Procedure section saves answers)."""

    class Meta:
        csrf = False  # a GET form that changes nothing

    solution_exists = RadioField(_l("Is there a solution on the market today?"),
                                 choices=TRI_STATE, default="unknown")
    development_needed = RadioField(_l("Is research or development needed?"),
                                    choices=TRI_STATE, default="unknown")
    will_buy_result = RadioField(_l("Will the city buy the result at scale?"),
                                 choices=TRI_STATE, default="unknown")


class StatusForm(FlaskForm):
    target = HiddenField(validators=[InputRequired(message=_l("Choose one of the steps."))])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Length(max=2000)])


def tri_state(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def from_tri_state(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)
