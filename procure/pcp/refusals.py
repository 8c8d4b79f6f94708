"""The PCP's refusal table: why a change to a plan, a phase or an evaluation was
refused, in the user's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.core.refusals import RefusalTexts
from procure.i18n import format_money

REFUSALS = RefusalTexts({
    "plan_rules": _l("The plan breaks a rule and is not saved."),
    "previous_gate_open": _l("Contracts in this phase follow the gate decision of "
                             "the phase before."),
    "no_suppliers_in_phase_0": _l("Phase 0 is the city's own preparation: it has "
                                  "no supplier contracts."),
    "phase_decided": _l("The phase's gate is decided: this can no longer change."),
    "not_selected": _l("Only suppliers the previous gate let through can get a "
                       "contract in this phase."),
    "already_contracted": _l("This supplier already has a contract in the phase."),
    "over_max": _l("The amount is more than the most per supplier, %(max)s."),
    "over_budget": _l("The phase's budget has %(left)s left."),
    "contract_in_use": _l("The supplier has been scored: the contract stays."),
    "scores_given": _l("Scores are given: the criteria can no longer change."),
    "weights": _l("The weights add up to %(total)d; they must add up to 100."),
    "not_staff": _l("Only officers can evaluate."),
    "already_evaluator": _l("This officer already evaluates the phase."),
    "evaluator_started": _l("The evaluator has started: they stay assigned."),
    "not_evaluator": _l("You are not an evaluator of this phase."),
    "already_declared": _l("Your declaration is made; it cannot change."),
    "declare_every_supplier": _l("Declare for every supplier of the phase."),
    "declare_first": _l("Declare any conflict of interest before you score."),
    "conflict_declared": _l("You declared a conflict of interest with this "
                            "supplier: you do not score it."),
    "score_every_criterion": _l("Score every criterion."),
    "scale": _l("Choose a score from 0 to 5."),
    "justify": _l("Justify every score in writing."),
    "evaluation_missing": _l("Every assigned evaluation must be in before the gate "
                             "decision."),
    "no_suppliers": _l("The phase has no suppliers to decide on."),
    "correct_latest": _l("Only the latest decision can be corrected."),
    "next_phase_started": _l("The next phase has contracts: the decision can no "
                             "longer be corrected."),
    "not_in_phase": _l("Only suppliers of this phase can go on."),
    "reasons": _l("Give the reasons for the decision."),
    "future_date": _l("A decision cannot be dated in the future."),
    "budget_below_contracts": _l(
        "Phase %(phase)d has contracts worth %(committed)s: its budget cannot be less."),
    "max_below_contracts": _l(
        "Phase %(phase)d has a contract of %(largest)s: the most per supplier cannot be "
                      "less."),
    "evaluation_started": _l("The evaluators have declared for the suppliers of "
                             "this phase: no supplier can be added now."),
    "evaluation_complete": _l("Every evaluation is in: the scores no longer "
                              "change."),
    "criterion_rows": _l("Give every criterion a name and a weight from 1 to 100."),
    "date_too_early": _l("A decision cannot be dated before the contracts it "
                         "decides on, nor before the decision it corrects."),
    "phase_3_open": _l("The follow-on procurement comes after phase 3's gate "
                       "decision."),
}, formats={"max": format_money, "left": format_money, "committed": format_money,
                                  "largest": format_money})
