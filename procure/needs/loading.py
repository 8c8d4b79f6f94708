"""Loading a need for a page: the need the person may see, and the adviser's advice on
it with the thresholds in force. Every domain's pages about a need start here."""
from __future__ import annotations

from flask import abort, current_app
from flask_login import current_user

from procure.needs import queries, services
from procure.needs.adviser import AdviserAnswers, Thresholds, advise
from procure.needs.forms import AdviserQuestions, from_tri_state
from procure.needs.models import Need


def load_need(reference: str) -> Need:
    """The need, or 404 when it does not exist or the user may not know of it."""
    need = queries.by_reference(reference)
    if need is None or not services.can_view(current_user, need):
        abort(404)
    return need


def thresholds() -> Thresholds:
    """The procurement thresholds in force, from the configuration."""
    config = current_app.config
    return Thresholds(
        direct_award_limit_sek=config["DIRECT_AWARD_LIMIT_SEK"],
        eu_supplies_services_sek=config["EU_THRESHOLD_SUPPLIES_SERVICES_SEK"],
        eu_works_sek=config["EU_THRESHOLD_WORKS_SEK"],
        eu_social_services_sek=config["EU_THRESHOLD_SOCIAL_SEK"],
    )


def advice_for(need: Need, language: str, questions: AdviserQuestions | None = None):
    """The adviser's routes for ``need``'s saved answers, in ``language``, or for the
    answers being tried in the need page's adviser form (``questions``, never saved)."""
    if questions is not None:
        tried = {name: from_tri_state(getattr(questions, name).data) for name in
                 ("solution_exists", "development_needed", "will_buy_result")}
    else:
        tried = {"solution_exists": need.solution_exists,
                 "development_needed": need.development_needed,
                 "will_buy_result": need.will_buy_result}
    answers = AdviserAnswers(
        estimated_value_sek=need.estimated_value_sek, cpv_codes=tuple(need.cpv_codes),
        contract_kind=need.contract_kind, **tried)
    return advise(answers, thresholds(), language)
