"""The needs' refusal table: why a step or a save was refused, in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.core.refusals import RefusalTexts
from procure.needs import labels

CHECK_VALUE = _l("Check this value.")


def _field_labels(names: str) -> str:
    return ", ".join(labels.field_label(name) for name in names.split(","))


REFUSALS = RefusalTexts({
    # Steps of the lifecycle.
    "not_allowed": _l("That step is not possible from here."),
    "second_person": _l("You wrote this need: another officer must approve it."),
    "reason_required": _l("Say why in the comment: withdrawing ends the need for good."),
    "incomplete": _l("Before review, the need needs: %(parts)s."),
    # Saves of a section, shown at the field at fault.
    "officer_department": _l("Choose an officer of the department."),
    "one_main_code": _l("Give one main code; put the others below."),
    "unknown_cpv": _l("Not in the CPV list: %(codes)s"),
    "not_editable": CHECK_VALUE,
    "language": CHECK_VALUE,
    "value": CHECK_VALUE,
    "contract_kind": CHECK_VALUE,
    "procedure": CHECK_VALUE,
}, formats={"parts": _field_labels})
