"""The questionnaire as a form: per item a level from 0 to 4 and the evidence for it.

The fields are built from :mod:`procure.assessment.questions` in the reader's language,
so the form class is made per request.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length

from procure.assessment.questions import ITEMS, SCORES, score_label
from procure.assessment.services import EVIDENCE_LENGTH
from procure.formatting import normalise_newlines

LEVEL = _l("Choose a level from 0 to 4.")


def _text(value):
    return normalise_newlines(value).strip() if value else value


class AssessmentForm(FlaskForm):
    """Versions of the answers as loaded, to catch a save made in between."""

    versions = HiddenField()

    def score_field(self, key: str):
        return self[f"score_{key}"]

    def evidence_field(self, key: str):
        return self[f"evidence_{key}"]

    def values(self) -> dict[str, tuple[int, str]]:
        """Item key → (score, evidence), for the services."""
        return {item.key: (int(self.score_field(item.key).data),
                           self.evidence_field(item.key).data or "") for item in ITEMS}


def assessment_form(language: str, **kwargs) -> AssessmentForm:
    """The questionnaire in ``language``: a radio group per item (its question as the
    hint) and an evidence box labelled with the item, so an error names its item."""

    class Form(AssessmentForm):
        pass

    choices = [SelectChoice(str(score), score_label(score, language)) for score in SCORES]
    for item in ITEMS:
        title = item.title(language)
        setattr(Form, f"score_{item.key}", RadioField(
            title, choices=choices, description=item.question(language), validate_choice=False,
            validators=[InputRequired(message=LEVEL),
                        AnyOf([choice.value for choice in choices], message=LEVEL)]))
        setattr(Form, f"evidence_{item.key}", TextAreaField(
            _("Evidence for %(item)s", item=title), filters=[_text],
            validators=[Length(max=EVIDENCE_LENGTH,
                               message=_l("At most %(max)d characters.", max=EVIDENCE_LENGTH))],
            description=_("What shows this level: documents, decisions, examples."),
            render_kw={"rows": 3}))
    return Form(**kwargs)
