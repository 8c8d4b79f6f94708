"""Loading a need for a page: the need the person may see, and the adviser's advice on
it with the thresholds in force. Every domain's pages about a need start here."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app
from flask_login import current_user

from procure.db import utcnow
from procure.needs import queries, services
from procure.needs.adviser import AdviserAnswers, DirectAwards, Thresholds, advise, cpv_group
from procure.needs.forms import AdviserQuestions, from_tri_state
from procure.needs.models import Need


# The city's direct awards of a CPV group in a financial year, without one need's own:
# (group, year, need id) → SEK. The award records are the awards package's, above this
# one: filled by procure.register_blueprints().
DIRECT_AWARDS_SUM: list[Callable[[str, int, int | None], int]] = []


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
    in_force = thresholds()
    answers = AdviserAnswers(
        estimated_value_sek=need.estimated_value_sek, cpv_codes=tuple(need.cpv_codes),
        contract_kind=need.contract_kind,
        direct_awards=direct_awards(need, in_force), **tried)
    return advise(answers, in_force, language)


def direct_awards(need: Need, in_force: Thresholds) -> DirectAwards | None:
    """The city's direct awards of ``need``'s CPV group this financial year (the
    calendar year in the city), asked for only when the value alone is below the limit."""
    group, value = cpv_group(need.cpv_main), need.estimated_value_sek
    if (group is None or value is None or value >= in_force.direct_award_limit_sek
            or not DIRECT_AWARDS_SUM):
        return None
    year = services.city_date(utcnow()).year
    return DirectAwards(group, year, DIRECT_AWARDS_SUM[0](group, year, need.id))
