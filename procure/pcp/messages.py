"""The plain-language text of each plan finding."""
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
        "rights_not_recorded": lambda: _(
            "Record how results and rights are shared: the R&D exemption (Directive "
            "2014/24/EU art. 14) holds only when the city does not keep all the benefits."),
        "city_keeps_benefits": lambda: _(
            "The city would own all the results and so keep all the benefits: the R&D "
            "exemption (Directive 2014/24/EU art. 14) would not apply. Let the suppliers "
            "keep ownership and take a licence for the city instead."),
        "no_city_licence": lambda: _(
            "The city has no licence to use the results it pays to have developed: "
            "record a free licence for its own use."),
        "phases_overlap": lambda: _("Phase %(phase)d starts before phase %(earlier)d ends.",
                                    phase=finding.phase, earlier=v["earlier"]),
    }
    return texts[finding.code]()
