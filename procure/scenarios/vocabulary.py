"""The words of contract scenarios: the forms a contract can take. Pure module.

A form's rules (a framework agreement's four-year cap) are flags on its entry here, so
the scenario model, the form and the data generator ask the entry, not the form's name.
The keys are the values stored in the database.
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.catalogue import N_


@dataclass(frozen=True)
class ContractForm:
    """A form of contract and the limit the law sets on its term."""

    key: str  # stored in contract_scenarios.contract_form
    label: str  # translated on use
    # Longer than this (options included) needs special reasons the city must be able
    # to prove (LOU 2016:1145 7 kap. 2 §; Directive 2014/24/EU art. 33); None: no cap.
    max_years_without_special_reasons: int | None = None


CONTRACT_FORMS: dict[str, ContractForm] = {form.key: form for form in (
    ContractForm("framework", N_("Framework agreement"), max_years_without_special_reasons=4),
    ContractForm("single", N_("Single contract")),
    ContractForm("innovation_partnership", N_("Innovation partnership")),
)}


def needs_special_reasons(contract_form: str, legal_term_years) -> bool:
    """True where a term of ``legal_term_years`` is longer than ``contract_form`` may run
    without special reasons."""
    form = CONTRACT_FORMS.get(contract_form)
    cap = form.max_years_without_special_reasons if form else None
    return cap is not None and legal_term_years > cap
