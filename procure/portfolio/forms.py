"""The resources earmarked for an initiative."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField
from wtforms.validators import InputRequired

from procure.core.forms import NumberRange

WHOLE = _l("A whole number, 0 or more.")


def amount(label, most=100_000_000_000):
    return IntegerField(label, render_kw={"inputmode": "numeric"}, default=0,
                        validators=[InputRequired(message=WHOLE),
                                    NumberRange(min=0, max=most, message=WHOLE)])


class ResourcesForm(FlaskForm):
    budget_planned_sek = amount(_l("Budget earmarked (SEK)"))
    budget_used_sek = amount(_l("Budget used (SEK)"))
    hours_planned = amount(_l("Staff hours planned"), 10_000_000)
    hours_used = amount(_l("Staff hours used"), 10_000_000)
