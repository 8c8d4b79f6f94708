"""The procedure adviser: which routes to a contract fit a need, and why.

:func:`advise` takes the officer's answers and the thresholds in force (from the app's
configuration: no amount is written into this module) and returns all five routes,
suggested ones first. The rules:

``pilot`` (direct award, LOU 19 a kap.)
    fits when the estimated value is *strictly below* the direct-award limit: the law
    allows direct award when the value "understiger" the limit, so a value of exactly
    700,000 SEK does not fit. Unknown value: does not fit. The limit holds for all
    direct awards of the same kind in the financial year (LOU 19 a kap. 2 §), so the
    city's direct awards of the same CPV group (the code's first three digits) that year
    are added (:class:`DirectAwards`, from the award records): when they and this value
    together are not below the limit, the direct route is refused, with the sum.
``pcp`` (pre-commercial procurement, Directive 2014/24/EU art. 14, LOU 3 kap. 23 §)
    fits when development is needed or a CPV code is one of the R&D services the
    exemption names (:func:`is_rnd_cpv`). The exemption holds only if the buyer does
    not keep all the benefits and pay for all of it; the reason says so.
``innovation_partnership`` (art. 31, LOU 6 kap.)
    fits when development is needed, the buyer will buy the result at scale, and a
    solution is not already on the market (art. 31(1) requires that).
``competitive_dialogue`` (art. 26(4) and 30, LOU 6 kap.)
    fits when no ready solution exists on the market and no research and development
    is needed (``development_needed`` is not True): a solution can be put together in
    dialogue when the buyer cannot specify the technical means itself.
``open_functional`` (art. 27 and 42(3)(a), LOU 9 kap.)
    fits when a solution exists on the market: an open procedure with functional and
    performance requirements then lets every supplier, new solutions included, bid.

"Don't know" (None) never makes a route fit. Where a value is known, the reasons say
whether it reaches the EU threshold for the contract kind, at or above which the
procurement must be advertised in TED (the Directive applies to values "equal to or
greater than" the threshold).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from procure.catalogue import N_, texts
from procure.formatting import format_sek
from procure.needs.vocabulary import CONTRACT_KINDS, PROCEDURES

ROUTES = PROCEDURES  # the adviser weighs every procedure, in this order
LANGUAGES = ("sv", "en")

# R&D services named in Directive 2014/24/EU art. 14 (LOU 3 kap. 23 §), as the first
# eight digits of the CPV code: one range, then single codes.
RND_CPV_RANGE = (73000000, 73120000)
RND_CPV_SINGLE = (73300000, 73420000, 73430000)
CPV_CODE = re.compile(r"\s*(\d{8})(?:-\d)?\s*")

ROUTE_NAMES = {
    "pilot": N_("Pilot by direct award"),
    "pcp": N_("Pre-commercial procurement (PCP)"),
    "innovation_partnership": N_("Innovation partnership"),
    "competitive_dialogue": N_("Competitive dialogue"),
    "open_functional": N_("Open procedure with functional requirements"),
}

LEGAL_REFERENCES = {
    "pilot": N_("Swedish Public Procurement Act (LOU, 2016:1145) chapter 19 a"),
    "pcp": N_("Directive 2014/24/EU art. 14; LOU (2016:1145) chapter 3 section 23; "
              "COM(2007) 799"),
    "innovation_partnership": N_("Directive 2014/24/EU art. 31; "
                                 "LOU (2016:1145) chapter 6"),
    "competitive_dialogue": N_("Directive 2014/24/EU art. 26(4) and art. 30; LOU "
                               "(2016:1145) chapter 6"),
    "open_functional": N_("Directive 2014/24/EU art. 27 and art. 42(3)(a); LOU "
                          "(2016:1145) chapters 6 and 9"),
}

KIND_NAMES = {
    "supplies": N_("supplies"),
    "services": N_("services"),
    "works": N_("works"),
    "social": N_("social services"),
}

# The reasons, by the key a rule returns.
REASONS = {
    "pilot_fits": N_("The estimated value, %(value)s, is below the direct-award limit of "
                     "%(limit)s. A small pilot can therefore be awarded directly without "
                     "advertising; treat suppliers equally and document the choice."),
    "pilot_too_high": N_("The estimated value, %(value)s, is not below the direct-award "
                         "limit of %(limit)s (direct award needs a lower value). The "
                         "value counts every phase, option and extension and may not be "
                         "split to get under the limit."),
    "pilot_unknown": N_("The estimated value is missing, so it cannot be told whether a "
                        "pilot fits under the direct-award limit of %(limit)s."),
    "pilot_sum_fits": N_("The city's direct awards in CPV group %(group)s in %(year)s "
                         "add up to %(sum)s; with this pilot they come to %(total)s, "
                         "still below the limit."),
    "pilot_sum_too_high": N_("The estimated value, %(value)s, is below the direct-award "
                             "limit of %(limit)s, but the city's direct awards in CPV "
                             "group %(group)s in %(year)s already add up to %(sum)s; with "
                             "this pilot they would come to %(total)s, which is not below "
                             "the limit. The limit holds for all direct awards of the same "
                             "kind in the financial year, so this one cannot be awarded "
                             "directly: advertise it."),
    "pilot_sum_unknown": N_("Without a CPV code the city's earlier direct awards of the "
                            "same kind this financial year cannot be added up; the limit "
                            "holds for all of them together, so check them before "
                            "awarding directly."),
    "pcp_dev": N_("Development is needed."),
    "pcp_cpv": N_("The CPV code %(codes)s is a research and development service."),
    "pcp_cpv_many": N_("The CPV codes %(codes)s are research and development services."),
    "pcp_fits": N_("Pre-commercial procurement buys research and development in "
                   "competing phases under the R&D exemption, provided the city does not "
                   "keep all the benefits of the results and does not pay the full cost "
                   "(for example, suppliers keep the rights and the city gets a licence "
                   "to use the results). The finished solution is then bought in a "
                   "separate, open procurement."),
    "pcp_no": N_("According to the answers no development is needed, and no CPV code is "
                 "an R&D service (73000000-2 to 73120000-9, 73300000-5, 73420000-2, "
                 "73430000-5)."),
    "pcp_unknown": N_("It is not known whether development is needed, and no CPV code is "
                      "an R&D service."),
    "ip_fits": N_("Development is needed and the city will buy the result at scale. An "
                  "innovation partnership covers both the development and the purchase "
                  "in one contract, in phases whose length and value reflect the degree "
                  "of innovation."),
    "ip_no_dev": N_("An innovation partnership presupposes that something is to be "
                    "developed, and according to the answers no development is needed."),
    "ip_exists": N_("An innovation partnership may only be used when the need cannot be "
                    "met by solutions already available on the market."),
    "ip_no_buy": N_("The city does not intend to buy the developed result at scale; "
                    "pre-commercial procurement fits that better."),
    "ip_unknown": N_("Answer whether development is needed and whether the city will buy "
                     "the result at scale."),
    "cd_fits": N_("No ready solution exists on the market, but no research and "
                  "development is needed. In a competitive dialogue the solution is "
                  "worked out with suppliers when the city cannot specify the technical "
                  "means itself."),
    "cd_exists": N_("Solutions exist on the market; no dialogue about the solution is "
                    "needed, and an open procedure with functional requirements will do."),
    "cd_dev": N_("Development is needed; research and development is better bought "
                 "through pre-commercial procurement or an innovation partnership."),
    "cd_unknown": N_("It is not known whether a solution exists on the market; a market "
                     "dialogue can answer that."),
    "open_fits": N_("Solutions exist on the market. An open procedure with the "
                    "requirements written as functional and performance requirements "
                    "lets every supplier, including those with new solutions, bid."),
    "open_no": N_("There is no ready solution on the market to buy in an open procedure."),
    "open_unknown": N_("It is not known whether a solution exists on the market; a "
                       "market dialogue can answer that."),
    "eu_above": N_("The value %(value)s is at or above the EU threshold for %(kind)s "
                   "(%(threshold)s): the procurement must be advertised in TED."),
    "eu_below": N_("The value %(value)s is below the EU threshold for %(kind)s "
                   "(%(threshold)s): advertising in TED is not required, but the "
                   "procurement is advertised in a registered Swedish advertising "
                   "database (LOU chapter 19)."),
    "eu_unknown": N_("Give the estimated value to see whether the EU threshold for "
                     "%(kind)s (%(threshold)s) is reached."),
    "pcp_above": N_("The value %(value)s is at or above the EU threshold for services "
                    "(%(threshold)s), but under the R&D exemption LOU does not apply to "
                    "the R&D services themselves; still advertise openly, preferably in "
                    "TED, so that every supplier has the same chance."),
    "pcp_below": N_("The value %(value)s is below the EU threshold for services "
                    "(%(threshold)s); still advertise openly so that every supplier has "
                    "the same chance."),
}


@dataclass(frozen=True)
class Thresholds:
    """Amounts in SEK, excluding VAT, supplied by the app's configuration."""

    direct_award_limit_sek: int
    eu_supplies_services_sek: int
    eu_works_sek: int
    eu_social_services_sek: int

    def eu_threshold(self, contract_kind: str) -> int:
        """The EU threshold that applies to ``contract_kind``."""
        return {"supplies": self.eu_supplies_services_sek,
                "services": self.eu_supplies_services_sek,
                "works": self.eu_works_sek,
                "social": self.eu_social_services_sek}[contract_kind]


@dataclass(frozen=True)
class DirectAwards:
    """The city's direct awards of one CPV group (the first three digits of a code) in
    one financial year, added up from the award records; this need's own not counted."""

    group: str
    year: int
    sum_sek: int


@dataclass(frozen=True)
class AdviserAnswers:
    """The officer's answers; None means "don't know". ``direct_awards``: the city's
    earlier direct awards of the need's kind this financial year (None: not known, for
    example without a CPV code)."""

    estimated_value_sek: int | None
    cpv_codes: tuple[str, ...]
    solution_exists: bool | None
    development_needed: bool | None
    will_buy_result: bool | None
    contract_kind: str = "services"
    direct_awards: DirectAwards | None = None


def cpv_group(code: str | None) -> str | None:
    """The CPV group of ``code``: its first three digits ("45233" → "452"), or None."""
    m = CPV_CODE.fullmatch(code or "")
    return m.group(1)[:3] if m else None


@dataclass(frozen=True)
class Route:
    """One route to a contract, whether it fits, and why."""

    key: str
    fits: bool
    reason: str
    legal_reference: str


def is_rnd_cpv(code: str) -> bool:
    """True when ``code`` is an R&D service named in Directive 2014/24/EU art. 14.

    Those are 73000000-2 to 73120000-9 (a range of the first eight digits), 73300000-5,
    73420000-2 and 73430000-5. The check digit is optional and not verified; anything
    that is not a CPV code gives False.
    """
    m = CPV_CODE.fullmatch(code)
    if not m:
        return False
    number = int(m.group(1))
    low, high = RND_CPV_RANGE
    return low <= number <= high or number in RND_CPV_SINGLE


def route_name(key: str, language: str) -> str:
    """The name of route ``key`` in ``language`` ("sv" or "en")."""
    _check_language(language)
    return texts(language)(ROUTE_NAMES[key])


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")


def _pilot(answers: AdviserAnswers, thresholds: Thresholds,
           language: str) -> tuple[bool, str]:
    _ = texts(language)
    limit = format_sek(thresholds.direct_award_limit_sek, language)
    value = answers.estimated_value_sek
    if value is None:
        return False, _(REASONS["pilot_unknown"], limit=limit)
    fits = value < thresholds.direct_award_limit_sek
    key = "pilot_fits" if fits else "pilot_too_high"
    reason = _(REASONS[key], value=format_sek(value, language), limit=limit)
    if not fits:
        return False, reason
    earlier = answers.direct_awards
    if earlier is None:
        return True, f"{reason} {_(REASONS['pilot_sum_unknown'])}"
    total = earlier.sum_sek + value
    amounts = {"group": earlier.group, "year": str(earlier.year),
               "sum": format_sek(earlier.sum_sek, language),
               "total": format_sek(total, language)}
    if total >= thresholds.direct_award_limit_sek:
        return False, _(REASONS["pilot_sum_too_high"], value=format_sek(value, language),
                        limit=limit, **amounts)
    return True, f"{reason} {_(REASONS['pilot_sum_fits'], **amounts)}"


def _pcp(answers: AdviserAnswers, thresholds: Thresholds,
         language: str) -> tuple[bool, str]:
    _ = texts(language)
    rnd_codes = [c.strip() for c in answers.cpv_codes if is_rnd_cpv(c)]
    fits = answers.development_needed is True or bool(rnd_codes)
    if fits:
        parts = [_(REASONS["pcp_dev"])] if answers.development_needed else []
        if rnd_codes:
            key = "pcp_cpv" if len(rnd_codes) == 1 else "pcp_cpv_many"
            parts.append(_(REASONS[key], codes=", ".join(rnd_codes)))
        parts.append(_(REASONS["pcp_fits"]))
    else:
        parts = [_(REASONS["pcp_unknown" if answers.development_needed is None else "pcp_no"])]
    value = answers.estimated_value_sek
    if value is not None:
        # R&D services are services whatever the contract kind of the later purchase.
        threshold = thresholds.eu_supplies_services_sek
        key = "pcp_above" if value >= threshold else "pcp_below"
        parts.append(_(REASONS[key], value=format_sek(value, language),
                       threshold=format_sek(threshold, language)))
    return fits, " ".join(parts)


def _innovation_partnership(answers: AdviserAnswers) -> tuple[bool, str]:
    if answers.development_needed is False:
        return False, "ip_no_dev"
    if answers.solution_exists is True:
        return False, "ip_exists"
    if answers.will_buy_result is False:
        return False, "ip_no_buy"
    if answers.development_needed is None or answers.will_buy_result is None:
        return False, "ip_unknown"
    return True, "ip_fits"


def _competitive_dialogue(answers: AdviserAnswers) -> tuple[bool, str]:
    if answers.solution_exists is True:
        return False, "cd_exists"
    if answers.development_needed is True:
        return False, "cd_dev"
    if answers.solution_exists is None:
        return False, "cd_unknown"
    return True, "cd_fits"


def _open_functional(answers: AdviserAnswers) -> tuple[bool, str]:
    if answers.solution_exists is None:
        return False, "open_unknown"
    return (True, "open_fits") if answers.solution_exists else (False, "open_no")


def _eu_sentence(answers: AdviserAnswers, thresholds: Thresholds, language: str) -> str:
    _ = texts(language)
    threshold = thresholds.eu_threshold(answers.contract_kind)
    kind = _(KIND_NAMES[answers.contract_kind])
    value = answers.estimated_value_sek
    if value is None:
        return _(REASONS["eu_unknown"], kind=kind, threshold=format_sek(threshold, language))
    key = "eu_above" if value >= threshold else "eu_below"
    return _(REASONS[key], value=format_sek(value, language), kind=kind,
             threshold=format_sek(threshold, language))


def advise(answers: AdviserAnswers, thresholds: Thresholds,
           language: str = "sv") -> list[Route]:
    """Return all five routes for ``answers``, suggested ones first.

    Within each group the order is that of ``ROUTES``. Reasons are in ``language``
    ("sv" or "en"). Raises ValueError for an unknown language or contract kind or a
    negative estimated value.
    """
    _check_language(language)
    _ = texts(language)
    if answers.contract_kind not in CONTRACT_KINDS:
        raise ValueError(f"unknown contract kind {answers.contract_kind!r}; "
                         f"expected one of {CONTRACT_KINDS}")
    if answers.estimated_value_sek is not None and answers.estimated_value_sek < 0:
        raise ValueError("the estimated value cannot be negative")

    eu_sentence = _eu_sentence(answers, thresholds, language)
    verdicts = {"pilot": _pilot(answers, thresholds, language),
                "pcp": _pcp(answers, thresholds, language)}
    for key, rule in (("innovation_partnership", _innovation_partnership),
                      ("competitive_dialogue", _competitive_dialogue),
                      ("open_functional", _open_functional)):
        fits, text_key = rule(answers)
        verdicts[key] = fits, f"{_(REASONS[text_key])} {eu_sentence}"

    routes = [Route(key, fits, reason, _(LEGAL_REFERENCES[key]))
              for key, (fits, reason) in ((k, verdicts[k]) for k in ROUTES)]
    # sorted() is stable, so routes keep the ROUTES order within each group.
    return sorted(routes, key=lambda route: not route.fits)
