"""The scenarios' refusal table: why a change to a need's scenarios was refused, in the
user's language. (Input the contract-length model refuses, ``invalid_input``, is told
field by field from its problems where the form is shown.)"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.core.refusals import RefusalTexts

REFUSALS = RefusalTexts({
    "too_many": _l("A need can have at most %(count)d scenarios."),
    "conflict": _l("Someone else saved this scenario while you were editing. Your values "
                   "are kept below; compare them with the saved ones before saving again."),
    "invalid_input": _l("This scenario has values the model no longer accepts: edit it "
                        "first."),
    "special_reasons_required": _l("This framework runs past four years: state the special "
                                   "reasons."),
    "justification_required": _l("Say why this contract length was chosen."),
})
