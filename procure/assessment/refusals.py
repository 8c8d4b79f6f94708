"""The assessment's refusal table: why a year's answers were not saved, in the user's
language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.core.refusals import RefusalTexts

REFUSALS = RefusalTexts({
    "conflict": _l("Someone else saved this year's assessment while you were filling it "
                   "in. Your answers are kept below; compare them with the saved ones "
                   "before saving again."),
    "invalid_answers": _l("Check this value."),
})
