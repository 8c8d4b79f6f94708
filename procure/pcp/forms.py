from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
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
from wtforms.validators import InputRequired, Length, Optional, Regexp

from procure.core.forms import (
    CommaDecimalField,
    MultiCheckboxField,
    NumberRange,
    plausible_year,
    required,
)
from procure.formatting import normalise_newlines
from procure.pcp.vocabulary import PHASES, PUBLICATION, RESULTS_OWNERS, SCALE

MAX_SEK = 100_000_000_000  # more than this is a typing mistake
DATE = _l("Give a date, for example 2027-03-15.")
SEK = _l("Whole kronor, 0 or more.")


def day(label, optional=True):
    return DateField(label, validators=[Optional() if optional else InputRequired(message=DATE),
                                        plausible_year])


def kronor(label, optional=True, description=None):
    return IntegerField(label, description=description, render_kw={"inputmode": "numeric"},
                        validators=[Optional() if optional else InputRequired(message=SEK),
                                    NumberRange(min=0, max=MAX_SEK, message=SEK)])


class PhaseRow(Form):
    planned_start = day(_l("Planned start"))
    planned_end = day(_l("Planned end"))
    actual_start = day(_l("Actual start"))
    actual_end = day(_l("Actual end"))
    budget_sek = kronor(_l("Budget (SEK)"))
    planned_suppliers = IntegerField(
        _l("Planned suppliers"), render_kw={"inputmode": "numeric"},
        validators=[Optional(), NumberRange(min=1, max=500, message=_l(
            "A whole number from %(low)d to %(high)d.", low=1, high=500))])
    max_per_supplier_sek = kronor(_l("Most per supplier (SEK)"))
    site = StringField(_l("Testbed or site"), validators=[Length(max=300)])


class PlanForm(FlaskForm):
    lock_version = HiddenField()
    total_budget_sek = kronor(_l("Total budget (SEK)"), optional=False)
    supplies_percent = CommaDecimalField(
        _l("Share of supplies in the PCP's value (%)"), places=2,
        render_kw={"inputmode": "decimal"},
        validators=[InputRequired(message=_l("Give a number from 0 to 100.")),
                    NumberRange(min=0, max=100, message=_l("Give a number from 0 to 100."))],
        description=_l("Products bought as part of the R&D, as a share of the whole. Under "
                       "50 per cent for the R&D exemption to apply."))
    phases = FieldList(FormField(PhaseRow), min_entries=len(PHASES), max_entries=len(PHASES))
    # How results and rights are shared (the R&D exemption depends on it).
    results_owner = RadioField(
        _l("Who owns the results"), validators=[Optional()],
        choices=[SelectChoice(key, _l(label)) for key, label in RESULTS_OWNERS.items()])
    city_licence = BooleanField(_l("The city gets a free licence to use the results for "
                                   "its own needs"))
    third_party_licences = BooleanField(_l("The city may require the suppliers to licence "
                                           "the results to others on fair market terms"))
    publication = RadioField(
        _l("What the city may publish"), validators=[Optional()],
        choices=[SelectChoice(key, _l(label)) for key, label in PUBLICATION.items()])
    rights_notes = TextAreaField(_l("Notes on results and rights"),
                                 filters=[normalise_newlines],
                                 validators=[Length(max=5000)],
                                 description=_l("For example how long the licence runs or "
                                                "what the suppliers pay back if they sell "
                                                "the results."))


class ContractForm(FlaskForm):
    organisation = SelectField(_l("Supplier"), coerce=int, validators=[InputRequired(
        message=_l("Choose a supplier."))])
    amount_sek = kronor(_l("Contract amount (SEK)"), optional=False)
    signed_on = day(_l("Signed on"), optional=False)
    deliverables = TextAreaField(_l("Deliverables"), filters=[normalise_newlines],
                                 validators=[Length(max=5000)])


class CriterionRow(Form):
    name = StringField(_l("Criterion"), validators=[Length(max=200)])
    weight = IntegerField(_l("Weight"), render_kw={"inputmode": "numeric"},
                          validators=[Optional(), NumberRange(min=1, max=100, message=_l(
                              "A whole number from %(low)d to %(high)d.", low=1, high=100))])


class CriteriaForm(FlaskForm):
    rows = FieldList(FormField(CriterionRow), min_entries=6, max_entries=6)


class EvaluatorForm(FlaskForm):
    user = SelectField(_l("Officer"), coerce=int,
                       validators=[InputRequired(message=_l("Choose an officer."))])


class DeclarationForm(FlaskForm):
    conflicts = MultiCheckboxField(_l("I have a conflict of interest with"), coerce=int,
                                   choices=[], description=_l(
                                       "For example a family member, a former employer, "
                                       "shares or an assignment. Tick none if there is none."))
    note = TextAreaField(_l("Note (optional)"), filters=[normalise_newlines],
                         validators=[Length(max=2000)])
    truthful = BooleanField(_l("I declare this truthfully, before I see any supplier's "
                               "scores"), validators=[InputRequired(message=_l(
                                   "Confirm the declaration."))])


class ScoreRow(Form):
    criterion_id = HiddenField()
    score = RadioField(_l("Score"), choices=[SelectChoice(s, str(s)) for s in SCALE], coerce=int,
                       validators=[InputRequired(message=_l("Choose a score from 0 to 5."))])
    justification = TextAreaField(_l("Justification"), filters=[normalise_newlines],
                                  validators=[required(), Length(max=5000)])


class ScoreForm(FlaskForm):
    rows = FieldList(FormField(ScoreRow))


class GateForm(FlaskForm):
    corrects = HiddenField()
    selected = MultiCheckboxField(_l("Suppliers who go on"), coerce=int, choices=[])
    reasons = TextAreaField(_l("Reasons"), filters=[normalise_newlines],
                            validators=[required(), Length(max=20_000)])
    decided_on = day(_l("Decided on"), optional=False)


class FollowOnForm(FlaskForm):
    title = StringField(_l("Follow-on procurement"), validators=[required(), Length(max=300)],
                        description=_l("The procurement of the innovative solution (PPI), "
                                       "open to all."))
    url = StringField(_l("Link to the notice"), validators=[
        Optional(), Length(max=500),
        Regexp(r"^https://\S+$", message=_l("A link starting with https://."))])
    published = day(_l("Published on"))
