from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, SearchField
from wtforms.validators import Length, ValidationError

from procure.cpv.codes import split_codes

MAX_QUERY_LENGTH = 100


class CpvSearchForm(Form):
    """The search on the CPV page: a GET form, so no CSRF token (it changes nothing)."""

    q = SearchField(
        _l("Code or words"),
        validators=[Length(max=MAX_QUERY_LENGTH,
                           message=_l("Write at most %(max)d characters.", max=MAX_QUERY_LENGTH))],
        description=_l("A code or its first digits, such as 7311, or words from the "
                       "description, such as school meal."),
    )


class KnownCpvCodes:
    """A validator for other domains' forms: every code given must be in the CPV list.

    The field's data may be a list of codes or a text of codes separated by commas or
    spaces.
    """

    def __call__(self, form, field) -> None:
        from procure.cpv.services import validate_codes

        codes = field.data if isinstance(field.data, (list, tuple)) else split_codes(field.data)
        unknown = validate_codes(codes)
        if unknown:
            raise ValidationError(_l("Not in the CPV list: %(codes)s. Search for the right "
                                     "code on the CPV page.", codes=", ".join(unknown)))
