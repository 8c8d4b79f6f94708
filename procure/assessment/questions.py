"""The innovation capability self-assessment as data: what is asked, in both languages.

Pure module (no Flask, no database). Seven items follow the clauses of ISO 56002:2019,
the guidance standard for an innovation management system; five follow the success
factors of the city's innovation strategy (2015), which its staff survey found "very
important, and not fully in place". Each item is scored on one scale from 0 (not in
place) to 4 (systematic and improving), the maturity steps an ISO 56002 audit uses.

The texts are the city's own, kept here rather than in the translation catalogue: they
are the questionnaire's content, versioned with its keys, and the PDF and the web page
must read the same words.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    title_sv: str
    title_en: str
    question_sv: str
    question_en: str

    def title(self, language: str) -> str:
        """The title in ``language``, with the clause number in front for a clause."""
        title = self.title_sv if language == "sv" else self.title_en
        return f"{self.clause} {title}" if self.clause else title

    def question(self, language: str) -> str:
        return self.question_sv if language == "sv" else self.question_en


ITEMS: tuple[Item, ...] = (
    Item("context", "iso", "4",
         "Organisationens förutsättningar", "Context of the organization",
         "Har staden analyserat omvärlden och invånarnas och andra intressenters behov, och "
         "bestämt vad innovationsarbetet ska omfatta och vad det ska ge?",
         "Has the city analysed its surroundings and the needs of residents and other "
         "stakeholders, and decided what its innovation work covers and should achieve?"),
    Item("leadership", "iso", "5",
         "Ledarskap", "Leadership",
         "Har ledningen en innovationspolicy, tydliga roller och ansvar, och en kultur som "
         "uppmuntrar risktagande och att pröva nytt?",
         "Does management have an innovation policy, clear roles and responsibilities, and a "
         "culture that encourages taking risks and trying new things?"),
    Item("planning", "iso", "6",
         "Planering", "Planning",
         "Finns mål för innovationsarbetet, planer för att nå dem och en bedömning av risker "
         "och möjligheter, och ingår de i den ordinarie verksamhetsplaneringen?",
         "Are there innovation objectives, plans to reach them and an assessment of risks and "
         "opportunities, as part of ordinary business planning?"),
    Item("support", "iso", "7",
         "Stöd", "Support",
         "Finns resurser avsatta för innovation – personer, tid, pengar, kunskap och verktyg – "
         "och delas kunskap och erfarenheter mellan förvaltningarna?",
         "Are resources set aside for innovation – people, time, money, knowledge and tools – "
         "and are knowledge and experience shared between departments?"),
    Item("operations", "iso", "8",
         "Verksamhet", "Operations",
         "Finns en process för att fånga behov och idéer, pröva lösningar med marknaden och "
         "införa dem, till exempel genom behovsbeskrivningar, marknadsdialog och "
         "innovationsupphandling?",
         "Is there a process to capture needs and ideas, test solutions with the market and "
         "put them to use, for example through need statements, market dialogue and "
         "innovation procurement?"),
    Item("performance_evaluation", "iso", "9",
         "Utvärdering av prestanda", "Performance evaluation",
         "Följs innovationsarbetet upp med mått, utvärderingar och ledningens genomgång, och "
         "leder uppföljningen till beslut?",
         "Is the innovation work followed up with measures, evaluations and management "
         "review, and does the follow-up lead to decisions?"),
    Item("improvement", "iso", "10",
         "Förbättring", "Improvement",
         "Tas avvikelser, misslyckanden och lärdomar om hand så att arbetssättet förbättras "
         "från år till år?",
         "Are deviations, failures and lessons learnt dealt with so that the way of working "
         "improves from year to year?"),
    Item("strategy_and_goals", "factor", "",
         "Tydlig strategi och mål", "Clear strategy and goals",
         "Finns en tydlig strategi och tydliga mål för innovation och utveckling, som "
         "nämnder och bolag har omsatt i sina verksamhetsplaner?",
         "Is there a clear strategy with clear goals for innovation and development, which "
         "committees and companies have turned into their business plans?"),
    Item("leadership_commitment", "factor", "",
         "Ledningens engagemang", "Leadership commitment",
         "Driver stadens ledning innovationsarbetet aktivt, och syns det i beslut, "
         "prioriteringar och ledarskapsprogram?",
         "Does the city's management actively drive innovation, and does it show in "
         "decisions, priorities and leadership programmes?"),
    Item("time_set_aside", "factor", "",
         "Avsatt tid", "Time set aside",
         "Har medarbetare och chefer tid avsatt för innovations- och förnyelsearbete, "
         "inom det ordinarie arbetet och inte vid sidan av?",
         "Do staff and managers have time set aside for innovation and renewal, within "
         "their ordinary work rather than on the side?"),
    Item("systematic_process", "factor", "",
         "Systematisk process", "Systematic process",
         "Finns en systematisk process för utvecklings- och innovationsarbete som används "
         "på samma sätt i förvaltningarna?",
         "Is there a systematic process for development and innovation work, used in the "
         "same way across departments?"),
    Item("clear_expectations", "factor", "",
         "Tydliga förväntningar på medarbetare", "Clear expectations on staff",
         "Vet medarbetarna att det förväntas av dem att arbeta med förnyelse och "
         "utveckling, och tas det upp till exempel i medarbetarsamtalen?",
         "Do staff know they are expected to work on renewal and development, and is it "
         "raised, for example, in their appraisal talks?"),
)

KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)
_BY_KEY = {item.key: item for item in ITEMS}

GROUPS: dict[str, dict[str, str]] = {
    "iso": {"sv": "ISO 56002: ledningssystem för innovation",
            "en": "ISO 56002: innovation management system"},
    "factor": {"sv": "Innovationsstrategins fem framgångsfaktorer",
               "en": "The innovation strategy's five success factors"},
}

SCALE: dict[int, dict[str, str]] = {
    0: {"sv": "Finns inte", "en": "Not in place"},
    1: {"sv": "Enstaka initiativ, beror på eldsjälar", "en": "Ad hoc, depends on enthusiasts"},
    2: {"sv": "Beslutat, delvis tillämpat", "en": "Decided, partly applied"},
    3: {"sv": "Tillämpas i hela staden", "en": "Applied across the city"},
    4: {"sv": "Systematiskt och förbättras löpande", "en": "Systematic and improving"},
}


def item(key: str) -> Item:
    """The item of ``key``; ``KeyError`` for a key the questionnaire does not have."""
    return _BY_KEY[key]


def is_key(key: str) -> bool:
    return key in _BY_KEY


def items_in(group: str) -> tuple[Item, ...]:
    return tuple(entry for entry in ITEMS if entry.group == group)


def group_title(group: str, language: str) -> str:
    return GROUPS[group][_known(language)]


def level_name(score: int, language: str) -> str:
    """What a level means: "Beslutat, delvis tillämpat"."""
    return SCALE[score][_known(language)]


def score_label(score: int, language: str) -> str:
    """"2 – Beslutat, delvis tillämpat": the level's number and its words."""
    return f"{score} – {level_name(score, language)}"


def _known(language: str) -> str:
    return language if language in LANGUAGES else "en"
