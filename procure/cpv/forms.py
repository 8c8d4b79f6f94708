from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, SearchField
from wtforms.validators import Length

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

