"""What the parts of a need are called in the interface, in one place."""
from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from procure.needs import outline

FIELD_LABELS = {
    "title": _l("Title"),
    "language": _l("Language of the statement"),
    "officer": _l("Responsible officer"),
    "background": _l("Background"),
    "problem": _l("The problem and who is affected"),
    "current_situation": _l("Today's situation and its cost"),
    "outcomes": _l("Desired outcomes"),
    "requirements": _l("Functional requirements"),
    "constraints": _l("Constraints"),
    "sustainability_ecological": _l("Ecological sustainability goals"),
    "sustainability_social": _l("Social sustainability goals"),
    "cpv_main": _l("Main CPV code"),
    "cpv_additional": _l("Additional CPV codes"),
    "estimated_value_sek": _l("Estimated value (SEK)"),
    "timeline": _l("Planned timeline"),
    "case_number": _l("Case number"),
    "solution_exists": _l("Is there a solution on the market today?"),
    "development_needed": _l("Is research or development needed?"),
    "will_buy_result": _l("Will the city buy the result at scale?"),
    "contract_kind": _l("What is bought"),
    "procedure": _l("Chosen procedure"),
    "procedure_reason": _l("Why this procedure"),
}


def field_label(name: str) -> str:
    """The interface name of a need field or section: its label here, else the title of
    the statement section that shows it (the name itself when unknown)."""
    if name in FIELD_LABELS:
        return str(FIELD_LABELS[name])
    title = outline.field_title(name)
    return gettext(title) if title else name
