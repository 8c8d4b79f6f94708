"""What a generated need statement says: the officers' text, outcomes, requirements,
CPV codes, value and route, and what the need-language check finds in it.

Older statements slip more often (a brand, a prescribed means, an outcome without a
target, a requirement tied to nothing), so the dashboard's findings fall over the years.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from procure.generate import themes as theme_texts
from procure.generate.context import Need, World
from procure.generate.distributions import Weighted, chance, money
from procure.generate.workflow_texts import PROCEDURE_REASONS
from procure.needs.document import NeedDocument, Outcome, Requirement
from procure.needs.language_check import check_need
from procure.needs.services import TEXT_SECTIONS
from procure.needs.vocabulary import UNAPPROVED_STATES

# Innovation routes are the exception, pre-commercial procurement the rarest.
PROCEDURES = Weighted([("open_functional", 44), ("pilot", 20), ("competitive_dialogue", 10),
                       ("innovation_partnership", 6), ("pcp", 4), (None, 16)])
# The adviser's three answers that go with each route.
ANSWERS = {
    "pilot": (True, False, True), "pcp": (False, True, False),
    "innovation_partnership": (False, True, True), "competitive_dialogue": (False, False, True),
    "open_functional": (True, False, True), None: (None, None, None),
}


def _slip_chance(world: World, need: Need) -> float:
    """Officers learn: a need written ten years ago slips three times as often."""
    age = (world.now - need.created_at) / (world.now - world.start)
    return 0.08 + 0.22 * max(0.0, min(1.0, age))


def empty_content(need: Need, title: str) -> dict[str, Any]:
    """What a need holds when it is created: its title and nothing else."""
    return {"title": title, "language": need.language, "officer": need.officer.name,
            "case_number": "",
            **dict.fromkeys(TEXT_SECTIONS, ""), "timeline": "", "estimated_value_sek": None,
            "cpv_main": None, "cpv_additional": [], "outcomes": [], "requirements": [],
            "solution_exists": None, "development_needed": None, "will_buy_result": None,
            "contract_kind": "services", "procedure": None, "procedure_reason": ""}


def _procedure(world: World, need: Need) -> str | None:
    while True:
        procedure = PROCEDURES.draw(world.rng)
        # A need that has been reviewed has a route.
        if procedure is not None or need.status in UNAPPROVED_STATES:
            return procedure


def _value(world: World, procedure: str | None) -> int:
    rng = world.rng
    if procedure == "pilot":  # under the direct-award limit
        return money(rng, 350_000, 0.5, 50_000, 690_000)
    if procedure == "pcp":
        return money(rng, 12_000_000, 0.6, 3_000_000, 80_000_000, step=100_000)
    return money(rng, 3_000_000, 1.2, 100_000, 2_000_000_000)


def _codes(world: World, need: Need, procedure: str | None) -> list[str]:
    rng = world.rng
    codes = world.codes.pick(rng, need.theme, 1 + rng.choice((0, 0, 1, 1, 2)))
    research = world.codes.research
    if procedure == "pcp" and research and chance(rng, 0.8):
        extra = rng.choice(research)
        if extra not in codes:
            codes.append(extra)
    return codes


def full_content(world: World, need: Need) -> dict[str, Any]:
    """The statement as the officers finally wrote it (a snapshot's keys and values)."""
    rng = world.rng
    texts = need.theme.texts(need.language)
    language = need.language
    slips = _slip_chance(world, need)
    current = rng.sample(texts.current, rng.randint(1, 2))
    if chance(rng, slips):
        current.append(rng.choice(theme_texts.SLIPS[language]))
    outcome_rows = rng.sample(texts.outcomes, rng.randint(1, 3))
    when = theme_texts.WHEN_YEAR[language].format(year=need.year + 2)
    outcomes = [{"description": description, "indicator": indicator, "baseline": baseline,
                 "target": "" if chance(rng, slips / 3) else target, "when": when}
                for description, indicator, baseline, target in outcome_rows]
    requirements = []
    for text in rng.sample(texts.requirements, rng.randint(2, 4)):
        linked = [] if chance(rng, slips / 4) else sorted(
            rng.sample(range(1, len(outcomes) + 1), rng.randint(1, min(2, len(outcomes)))))
        requirements.append({"text": text, "must": chance(rng, 0.75), "outcomes": linked})
    procedure = _procedure(world, need)
    codes = _codes(world, need, procedure)
    solution_exists, development_needed, will_buy_result = ANSWERS[procedure]
    start = need.year + rng.choice((1, 2))
    return {
        **dict.fromkeys(TEXT_SECTIONS, ""),  # texts the generator does not write stay empty
        "title": f"{rng.choice(texts.goals)} {rng.choice(texts.settings)}",
        "language": language, "officer": need.officer.name, "case_number": "",
        "background": " ".join(rng.sample(texts.background, 2)),
        "problem": " ".join(rng.sample(texts.problem, 2)),
        "current_situation": " ".join(current),
        "constraints": rng.choice(theme_texts.CONSTRAINTS[language]),
        "sustainability_ecological": rng.choice(theme_texts.ECOLOGICAL[language]),
        "sustainability_social": rng.choice(theme_texts.SOCIAL[language]),
        "timeline": theme_texts.TIMELINE[language].format(year=need.year, next=need.year + 1,
                                                          start=start),
        "estimated_value_sek": _value(world, procedure),
        "cpv_main": codes[0], "cpv_additional": codes[1:],
        "outcomes": outcomes, "requirements": requirements,
        "solution_exists": solution_exists, "development_needed": development_needed,
        "will_buy_result": will_buy_result, "contract_kind": need.theme.contract_kind,
        "procedure": procedure,
        "procedure_reason": PROCEDURE_REASONS[procedure][language] if procedure else "",
    }


@cache
def _findings(language: str, section: str, text: str) -> int:
    return len(check_need(NeedDocument(reference="", title="", language=language,
                                       **NeedDocument.texts_as_fields({section: text}))))


@cache
def _outcome_findings(language: str, outcome: Outcome) -> int:
    return len(check_need(NeedDocument(reference="", title="", language=language,
                                       outcomes=(outcome,))))


# An outcome that gives no finding, for a requirement to point at.
_CLEAN_OUTCOME = Outcome("x", "x", "", "x")


@cache
def _requirement_findings(language: str, requirement: Requirement) -> int:
    return len(check_need(NeedDocument(reference="", title="", language=language,
                                       outcomes=(_CLEAN_OUTCOME,),
                                       requirements=(requirement,))))


def finding_count(content: dict[str, Any]) -> int:
    """What the need-language check finds in the statement, as the services count it.

    The check's findings are those of each text, outcome and requirement added up, so
    each distinct one is checked once (the generated texts repeat; 200,000 whole
    statements would take the check minutes).
    """
    language = content["language"]
    count = sum(_findings(language, name, content[name])
                for name in (*TEXT_SECTIONS, "timeline"))
    count += sum(_outcome_findings(language, Outcome(o["description"], o["indicator"],
                                                     o["baseline"], o["target"], o["when"]))
                 for o in content["outcomes"])
    count += sum(_requirement_findings(language, Requirement(
        r["text"], r["must"], (1,) if r["outcomes"] else ())) for r in content["requirements"])
    return count
