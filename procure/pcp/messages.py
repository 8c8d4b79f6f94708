"""The plain-language text of each plan finding and each refused change."""
from __future__ import annotations

from flask_babel import gettext as _

from procure.i18n import format_money
from procure.pcp.rules import Finding


def finding_text(finding: Finding) -> str:
    v = finding.values
    texts = {
        "budget_over": lambda: _("The phases' budgets add up to %(allocated)s, more than the "
                                 "total of %(total)s.", allocated=format_money(v["allocated"]),
                                 total=format_money(v["total"])),
        "budget_under": lambda: _("%(left)s of the total is not yet given to a phase.",
                                  left=format_money(v["left"])),
        "max_exceeds_budget": lambda: _(
            "Phase %(phase)d: the most per supplier for every planned supplier comes to "
            "%(needed)s, more than the phase's budget of %(budget)s.", phase=finding.phase,
            needed=format_money(v["needed"]), budget=format_money(v["budget"])),
        "suppliers_grow": lambda: _(
            "Phase %(phase)d plans %(later)d suppliers, more than the %(earlier)d of the phase "
            "before: only suppliers of the previous phase can go on.", phase=finding.phase,
            later=v["later"], earlier=v["earlier"]),
        "phase3_competition": lambda: _(
            "Plan at least two suppliers for phase 3, so that competition remains until the "
            "end."),
        "supplies_share": lambda: _(
            "Supplies of %(percent)s %% are not under half of the PCP's value: the R&D "
            "exemption (Directive 2014/24/EU art. 14) would not apply.",
            percent=v["percent"]),
        "no_rnd_cpv": lambda: _(
            "None of the need's CPV codes is an R&D service (73000000-2 to 73120000-9, "
            "73300000-5, 73420000-2, 73430000-5): add one, since a PCP buys research and "
            "development."),
        "dates_reversed": lambda: _("Phase %(phase)d ends before it starts.",
                                    phase=finding.phase),
        "phases_overlap": lambda: _("Phase %(phase)d starts before phase %(earlier)d ends.",
                                    phase=finding.phase, earlier=v["earlier"]),
    }
    return texts[finding.code]()


def refusal_text(code: str, **values) -> str:
    texts = {
        "plan_rules": lambda: _("The plan breaks a rule and is not saved."),
        "conflict": lambda: _("Someone else saved this while you were editing. Your values are "
                              "kept below; compare and save again."),
        "previous_gate_open": lambda: _("Contracts in this phase follow the gate decision of "
                                        "the phase before."),
        "no_suppliers_in_phase_0": lambda: _("Phase 0 is the city's own preparation: it has "
                                             "no supplier contracts."),
        "phase_decided": lambda: _("The phase's gate is decided: this can no longer change."),
        "not_selected": lambda: _("Only suppliers the previous gate let through can get a "
                                  "contract in this phase."),
        "already_contracted": lambda: _("This supplier already has a contract in the phase."),
        "over_max": lambda: _("The amount is more than the most per supplier, %(max)s.",
                              max=format_money(values.get("maximum", 0))),
        "over_budget": lambda: _("The phase's budget has %(left)s left.",
                                 left=format_money(values.get("left", 0))),
        "contract_in_use": lambda: _("The supplier has been scored: the contract stays."),
        "scores_given": lambda: _("Scores are given: the criteria can no longer change."),
        "weights": lambda: _("The weights add up to %(total)d; they must add up to 100.",
                             total=values.get("total", 0)),
        "not_staff": lambda: _("Only officers can evaluate."),
        "already_evaluator": lambda: _("This officer already evaluates the phase."),
        "evaluator_started": lambda: _("The evaluator has started: they stay assigned."),
        "not_evaluator": lambda: _("You are not an evaluator of this phase."),
        "already_declared": lambda: _("Your declaration is made; it cannot change."),
        "declare_every_supplier": lambda: _("Declare for every supplier of the phase."),
        "declare_first": lambda: _("Declare any conflict of interest before you score."),
        "conflict_declared": lambda: _("You declared a conflict of interest with this "
                                       "supplier: you do not score it."),
        "score_every_criterion": lambda: _("Score every criterion."),
        "scale": lambda: _("Choose a score from 0 to 5."),
        "justify": lambda: _("Justify every score in writing."),
        "evaluation_missing": lambda: _("Every assigned evaluation must be in before the gate "
                                        "decision."),
        "no_suppliers": lambda: _("The phase has no suppliers to decide on."),
        "correct_latest": lambda: _("Only the latest decision can be corrected."),
        "next_phase_started": lambda: _("The next phase has contracts: the decision can no "
                                        "longer be corrected."),
        "not_in_phase": lambda: _("Only suppliers of this phase can go on."),
        "reasons": lambda: _("Give the reasons for the decision."),
        "future_date": lambda: _("A decision cannot be dated in the future."),
        "budget_below_contracts": lambda: _(
            "Phase %(phase)d has contracts worth %(committed)s: its budget cannot be less.",
            phase=values.get("phase", 0), committed=format_money(values.get("committed", 0))),
        "max_below_contracts": lambda: _(
            "Phase %(phase)d has a contract of %(largest)s: the most per supplier cannot be "
            "less.", phase=values.get("phase", 0), largest=format_money(values.get("largest", 0))),
        "evaluation_started": lambda: _("The evaluators have declared for the suppliers of "
                                        "this phase: no supplier can be added now."),
        "evaluation_complete": lambda: _("Every evaluation is in: the scores no longer "
                                         "change."),
        "criterion_rows": lambda: _("Give every criterion a name and a weight from 1 to 100."),
        "date_too_early": lambda: _("A decision cannot be dated before the contracts it "
                                    "decides on, nor before the decision it corrects."),
        "phase_3_open": lambda: _("The follow-on procurement comes after phase 3's gate "
                                  "decision."),
    }
    return texts[code]()
