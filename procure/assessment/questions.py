"""The innovation capability self-assessment as data: what is asked, in both languages.

Pure module (no Flask, no database). Seven items follow the clauses of ISO 56002:2019,
the guidance standard for an innovation management system; five follow the success
factors of the city's innovation strategy (2015), which its staff survey found "very
important, and not fully in place". Each item is scored on one scale from 0 (not in
place) to 4 (systematic and improving), the maturity steps an ISO 56002 audit uses.

The texts are the city's own, written here in English and translated in the catalogue
like every other text, so the PDF and the web page read the same words.
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.catalogue import N_, texts

LANGUAGES = ("sv", "en")
MIN_SCORE, MAX_SCORE = 0, 4
SCORES = tuple(range(MIN_SCORE, MAX_SCORE + 1))
# The years an assessment can be for: a year 1 or 9999 is a typing mistake.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Item:
    """One question of the assessment: a standard's clause or a strategy's success factor."""

    key: str
    group: str  # "iso" (an ISO 56002 clause) or "factor" (a success factor of the strategy)
    clause: str  # the clause number ("4".."10"), "" for a success factor
    title_text: str  # in English; translated by title()
    question_text: str  # in English; translated by question()

    def title(self, language: str) -> str:
        """The title in ``language``, with the clause number in front for a clause."""
        title = texts(_known(language))(self.title_text)
        return f"{self.clause} {title}" if self.clause else title

    def question(self, language: str) -> str:
        return texts(_known(language))(self.question_text)


ITEMS: tuple[Item, ...] = (
    Item("context", "iso", "4",
         N_("Context of the organization"),
         N_("Has the city analysed its surroundings and the needs of residents and other "
            "stakeholders, and decided what its innovation work covers and should "
            "achieve?")),
    Item("leadership", "iso", "5",
         N_("Leadership"),
         N_("Does management have an innovation policy, clear roles and "
            "responsibilities, and a culture that encourages taking risks and trying new "
            "things?")),
    Item("planning", "iso", "6",
         N_("Planning"),
         N_("Are there innovation objectives, plans to reach them and an assessment of "
            "risks and opportunities, as part of ordinary business planning?")),
    Item("support", "iso", "7",
         N_("Support"),
         N_("Are resources set aside for innovation – people, time, money, knowledge and "
            "tools – and are knowledge and experience shared between departments?")),
    Item("operations", "iso", "8",
         N_("Operations"),
         N_("Is there a process to capture needs and ideas, test solutions with the "
            "market and put them to use, for example through need statements, market "
            "dialogue and innovation procurement?")),
    Item("performance_evaluation", "iso", "9",
         N_("Performance evaluation"),
         N_("Is the innovation work followed up with measures, evaluations and "
            "management review, and does the follow-up lead to decisions?")),
    Item("improvement", "iso", "10",
         N_("Improvement"),
         N_("Are deviations, failures and lessons learnt dealt with so that the way of "
            "working improves from year to year?")),
    Item("strategy_and_goals", "factor", "",
         N_("Clear strategy and goals"),
         N_("Is there a clear strategy with clear goals for innovation and development, "
            "which committees and companies have turned into their business plans?")),
    Item("leadership_commitment", "factor", "",
         N_("Leadership commitment"),
         N_("Does the city's management actively drive innovation, and does it show in "
            "decisions, priorities and leadership programmes?")),
    Item("time_set_aside", "factor", "",
         N_("Time set aside"),
         N_("Do staff and managers have time set aside for innovation and renewal, "
            "within their ordinary work rather than on the side?")),
    Item("systematic_process", "factor", "",
         N_("Systematic process"),
         N_("Is there a systematic process for development and innovation work, used in "
            "the same way across departments?")),
    Item("clear_expectations", "factor", "",
         N_("Clear expectations on staff"),
         N_("Do staff know they are expected to work on renewal and development, and is "
            "it raised, for example, in their appraisal talks?")),
)

KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)
_BY_KEY = {item.key: item for item in ITEMS}

GROUPS: dict[str, str] = {
    "iso": N_("ISO 56002: innovation management system"),
    "factor": N_("The innovation strategy's five success factors"),
}

SCALE: dict[int, str] = {
    0: N_("Not in place"),
    1: N_("Ad hoc, depends on enthusiasts"),
    2: N_("Decided, partly applied"),
    3: N_("Applied across the city"),
    4: N_("Systematic and improving"),
}


def item(key: str) -> Item:
    """The item of ``key``; ``KeyError`` for a key the questionnaire does not have."""
    return _BY_KEY[key]


def is_key(key: str) -> bool:
    return key in _BY_KEY


def items_in(group: str) -> tuple[Item, ...]:
    return tuple(entry for entry in ITEMS if entry.group == group)


def group_title(group: str, language: str) -> str:
    return texts(_known(language))(GROUPS[group])


def level_name(score: int, language: str) -> str:
    """What a level means: "Beslutat, delvis tillämpat"."""
    return texts(_known(language))(SCALE[score])


def score_label(score: int, language: str) -> str:
    """"2 – Beslutat, delvis tillämpat": the level's number and its words."""
    return f"{score} – {level_name(score, language)}"


def _known(language: str) -> str:
    return language if language in LANGUAGES else "en"
