"""The need-language checker: flags wording that names a solution instead of a need.

A good need statement says *what problem* and *what effect*, never *which product*.
:func:`check_need` reads a :class:`~procure.needs.document.NeedDocument` and returns
:class:`Finding` objects for five rules:

``brand_name``
    a brand or product name (``BRANDS_*`` below);
``shall_use``
    "shall use X" phrasing that prescribes the means (``SHALL_USE_*``);
``named_technology``
    a technology chosen in advance (``TECHNOLOGIES_*``);
``requirement_without_outcome``
    a requirement tied to no outcome, or to an outcome number that does not exist;
``outcome_not_measurable``
    an outcome without an indicator and a target.

Officers mix languages, so the Swedish and English patterns are looked for in every
text; ``why`` and ``instead`` are written in the statement's own language. The word
lists are data: extend them here, the matching code does not change. Matching leans
towards silence: a clean, problem-based text must produce no findings at all.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from procure.needs import outline
from procure.needs.document import NeedDocument
from procure.remember import remember_recent

RULES = ("brand_name", "shall_use", "named_technology",
         "requirement_without_outcome", "outcome_not_measurable")
LANGUAGES = ("sv", "en")

# --- Word lists -----------------------------------------------------------------------
# Brands that are no ordinary word in either language: any case matches, because
# Swedish lower-cases a make used as a noun ("en volvo").
BRANDS_ANY_CASE = (
    "Microsoft Teams", "Microsoft 365", "Office 365", "Microsoft", "SharePoint",
    "PowerPoint", "Google", "Android", "iPhone", "iPad", "macOS", "Salesforce", "Cisco",
    "Volvo", "Scania", "IKEA", "Philips", "Dyson", "Samsung", "Huawei", "Nokia",
    "Electrolux", "Husqvarna", "Bosch", "Miele", "Lenovo", "Facebook", "Instagram",
    "WhatsApp", "Skype", "Webex", "Dropbox", "ChatGPT", "OpenAI", "BankID", "Spotify",
    "Fitbit", "Garmin", "Arduino", "Raspberry Pi", "Amazon Web Services",
    "Amazon Alexa", "Visma", "Tietoevry", "Procapita", "Treserva", "Phoniro", "Doro",
    "Careium", "Tobii",
)
# Brands whose lower-case form is an ordinary word or unit ("tesla", "siemens", tree
# "sap", Swedish "på lego", "det klarnar"): only this exact spelling matches.
BRANDS_EXACT_CASE = (
    "Tesla", "Siemens", "Lego", "LEGO", "SAP", "ABB", "AWS", "iOS", "Klarna", "Dell",
    "Excel", "Swish", "Azure", "Oracle", "Lifecare",
)
# Brands that are also capitalised words at the start of an English sentence
# ("Windows are left open", "Teams from home care"): exact spelling, and only
# mid-sentence, where the capital can only mean the product.
BRANDS_MID_SENTENCE = ("Teams", "Windows", "Apple", "Zoom", "Slack", "Outlook")

# Named technologies, as regular expressions covering Swedish and English inflections.
# Each is matched as a whole word, so "app" never fires inside "apparat" or "apply".
TECHNOLOGIES_ANY_CASE = (
    r"blockchains?", r"blockkedj(?:a|an|or|orna|eteknik|etekniken)",
    r"artificial intelligence", r"artificiell intelligens",
    r"machine[- ]learning", r"maskininlärning(?:en)?",
    r"internet of things", r"sakernas internet", r"LoRaWAN",
    r"QR[- ]?(?:codes?|kod(?:en|er|erna)?)",
    r"mobile apps?", r"mobilapp(?:en|ar|arna)?", r"app(?:s|en|ar|arna|ens)?",
    r"robot\w*", r"drones?", r"drönar(?:e|en|na)",
    r"chatt?bot(?:s|en|ar|arna)?", r"chattrobot(?:en|ar|arna)?",
    r"wi-?fi", r"bluetooth",
    r"virtual reality", r"virtuell verklighet", r"augmented reality",
    r"VR[- ](?:glasögon|glasögonen|headsets?|goggles)",
    r"förstärkt verklighet", r"digital twins?", r"digitala? tvilling(?:en|ar|arna)?",
    r"3D[- ]print(?:ing|ed|er|ers)?", r"3D-skrivar(?:e|en|na)",
    r"surfplatt(?:a|an|or|orna)", r"tablet computers?",
)
# Acronyms and names in their usual spelling only: "Lora" is also a first name, and
# a bare "VR" is as often the Swedish Research Council as virtual reality.
TECHNOLOGIES_EXACT_CASE = (r"AI", r"IoT", r"RFID", r"NFC", r"GPS", r"5G", r"4G", r"QR",
                           r"LoRa")

# "Shall use X": the means follows the phrase, so the finding shows a few words after it.
SHALL_USE_ACTIVE = (
    r"shall use", r"must use", r"should use", r"is to use", r"are to use",
    r"shall utili[sz]e", r"must utili[sz]e", r"shall be based on", r"must be based on",
    r"should be based on", r"shall be built on", r"shall be delivered as an?",
    r"must be delivered as an?", r"shall be equipped with", r"must be equipped with",
    r"ska(?:ll)? använda", r"måste använda", r"bör använda", r"ska(?:ll)? nyttja",
    r"ska(?:ll)? baseras på", r"måste baseras på", r"bör baseras på",
    r"ska(?:ll)? bygga på", r"ska(?:ll)? byggas på", r"ska(?:ll)? levereras som",
    r"ska(?:ll)? utrustas med", r"ska(?:ll)? vara utrustade? med",
)
# "X ska användas": the means comes first, so the finding shows a few words before it.
SHALL_USE_PASSIVE = (
    r"ska(?:ll)? användas", r"måste användas", r"bör användas",
    r"shall be used", r"must be used", r"is to be used", r"are to be used",
)
# "shall use 30 % less energy" sets a target, it does not name a means.
QUANTITY_START = re.compile(
    r"\s*(?:\d|(?:less|fewer|more|half|at most|at least|no more|as little|up to|mindre|"
    r"färre|mer|högst|minst|maximalt|max|hälften|så lite)(?!\w))", re.IGNORECASE)
# "shall be based on the national guidelines" names a source of knowledge, not a product.
BENIGN_OBJECT = re.compile(
    r"(?:riktlinje\w*|forskning\w*|evidens\w*|vetenskap\w*|beprövad\w*|kunskap\w*|"
    r"behov\w*|lag|lagen|lagar|lagstiftning\w*|regelverk\w*|föreskrift\w*|standard\w*|"
    r"guidelines?|research|evidence|scien\w*|knowledge|needs?|law|laws|legislation|"
    r"regulations?)", re.IGNORECASE)
WORDS_AROUND_PHRASE = 4
# Words not worth ending a quoted phrase on: "ska använda Teams och" reads as "… Teams".
SMALL_WORDS = frozenset(
    "a an the and or of in on at to for with by as som och eller i på av till för med "
    "en ett den det de".split())
SENTENCE_ENDS = ".!?"
BULLETS = "•*–-"

# --- Messages ---------------------------------------------------------------------------
MESSAGES = {
    "sv": {
        "brand_name": (
            "”{words}” är ett varumärke eller produktnamn. Att peka ut en produkt stänger "
            "ute andra lösningar och kan bryta mot likabehandlingsprincipen; tekniska krav "
            "får inte hänvisa till ett visst fabrikat utan särskilda skäl.",
            "Beskriv vilken funktion eller effekt som behövs, till exempel vad användarna "
            "ska kunna göra och hur väl, och låt leverantörerna föreslå produkten."),
        "shall_use": (
            "”{words}” föreskriver hur problemet ska lösas. Då kan leverantörerna bara "
            "erbjuda just det, och nya eller bättre lösningar utesluts.",
            "Skriv vilket resultat som ska uppnås i stället för vilket medel som ska "
            "användas, till exempel ”personalen kan se ... inom ...”, och låt "
            "leverantörerna föreslå lösningen."),
        "named_technology": (
            "”{words}” är en namngiven teknik. Att bestämma tekniken i förväg låser "
            "lösningen och stänger ute leverantörer som når samma effekt på andra sätt.",
            "Beskriv den effekt tekniken var tänkt att ge: vad som ska upptäckas, mätas "
            "eller underlättas, för vem och hur ofta. Lämna tekniken öppen."),
        "requirement_without_outcome": (
            "Kravet är inte kopplat till något önskat resultat. Ett krav utan syfte går "
            "inte att motivera och kan stänga ute lösningar i onödan.",
            "Koppla kravet till det eller de resultat det stödjer, eller ta bort det om "
            "det inte behövs."),
        "missing_outcome": (
            "Kravet hänvisar till resultat nummer {numbers}, som inte finns i "
            "behovsbeskrivningen.",
            "Rätta hänvisningen så att kravet pekar på ett resultat som finns."),
        "outcome_not_measurable": (
            "Resultatet saknar ett mätbart framgångskriterium ({missing}). Utan det går "
            "det inte att jämföra anbud eller följa upp avtalet.",
            "Ange vad som mäts, utgångsläget och målvärdet med tidpunkt, till exempel "
            "”andel matsvinn i vikt: från 25 % till högst 12 % inom två år”."),
        "indicator": "indikator saknas",
        "target": "målvärde saknas",
    },
    "en": {
        "brand_name": (
            "“{words}” is a brand or product name. Naming a product shuts out other "
            "solutions and can breach equal treatment; technical specifications may not "
            "refer to a make or brand without special justification.",
            "Describe the function or effect you need, such as what users must be able "
            "to do and how well, and let suppliers propose the product."),
        "shall_use": (
            "“{words}” prescribes how the problem is to be solved. Suppliers can then "
            "offer only that, and new or better solutions are ruled out.",
            "Write the result to be achieved rather than the means, for example “staff "
            "can see ... within ...”, and let suppliers propose the solution."),
        "named_technology": (
            "“{words}” is a named technology. Choosing the technology in advance locks "
            "in the solution and shuts out suppliers who reach the same effect another "
            "way.",
            "Describe the effect the technology was meant to give: what must be "
            "detected, measured or made easier, for whom and how often. Leave the "
            "technology open."),
        "requirement_without_outcome": (
            "The requirement is not linked to any desired outcome. A requirement without "
            "a purpose cannot be justified and may shut out solutions for no reason.",
            "Link the requirement to the outcome or outcomes it supports, or remove it "
            "if it is not needed."),
        "missing_outcome": (
            "The requirement refers to outcome number {numbers}, which the statement "
            "does not have.",
            "Correct the reference so that the requirement points at an existing "
            "outcome."),
        "outcome_not_measurable": (
            "The outcome has no measurable success criterion ({missing}). Without one, "
            "tenders cannot be compared and the contract cannot be followed up.",
            "State what is measured, the baseline and the target with a date, for "
            "example “share of food wasted by weight: from 25 % to at most 12 % within "
            "two years”."),
        "indicator": "no indicator",
        "target": "no target",
    },
}


@dataclass(frozen=True)
class Finding:
    """One problem in a need statement, with why it matters and what to write instead."""

    rule: str
    section: str
    item: int | None
    words: str
    why: str
    instead: str


def _whole_word(pattern: str) -> str:
    # \b would fail next to "-" or a digit at the edge of a pattern; look at \w instead.
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _alternation(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    # Longest first, so "Microsoft Teams" wins over "Microsoft" at the same position.
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile("|".join(_whole_word(p) for p in ordered), flags)


def _literal(words: Iterable[str]) -> list[str]:
    return [re.escape(w) for w in words]


_BRAND_ANYWHERE = (_alternation(_literal(BRANDS_ANY_CASE), re.IGNORECASE),
                   _alternation(_literal(BRANDS_EXACT_CASE)))
_BRAND_MID_SENTENCE = _alternation(_literal(BRANDS_MID_SENTENCE))
_TECHNOLOGY = (_alternation(TECHNOLOGIES_ANY_CASE, re.IGNORECASE),
               _alternation(TECHNOLOGIES_EXACT_CASE))
_SHALL_USE_ACTIVE = _alternation(SHALL_USE_ACTIVE, re.IGNORECASE)
_SHALL_USE_PASSIVE = _alternation(SHALL_USE_PASSIVE, re.IGNORECASE)
_WORD_AFTER = re.compile(r"[ \t]+([^\s.,;:!?()\"“”]+)")
_PHRASE_STOP = re.compile(r"[.,;:!?()\n]")


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip()
    gap = before[len(stripped):]
    if not stripped or "\n" in gap:
        return True
    # A bullet counts only when a space follows it: "MS-Teams" is mid-word, not a list.
    return stripped[-1] in SENTENCE_ENDS or (stripped[-1] in BULLETS and bool(gap))


def _brand_spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in _BRAND_ANYWHERE:
        for m in pattern.finditer(text):
            yield m.span()
    for m in _BRAND_MID_SENTENCE.finditer(text):
        if not _at_sentence_start(text, m.start()):
            yield m.span()


def _technology_spans(text: str) -> Iterator[tuple[int, int]]:
    for pattern in _TECHNOLOGY:
        for m in pattern.finditer(text):
            yield m.span()


def _words_after(text: str, end_of_phrase: int) -> tuple[int, list[str]]:
    """Where to end the quote after a phrase, and up to WORDS_AROUND_PHRASE words after it.

    The quote does not end on a small word; the words returned are all of them.
    """
    end = end_of_phrase
    matches = []
    while len(matches) < WORDS_AROUND_PHRASE:
        m = _WORD_AFTER.match(text, end)
        if not m:
            break
        matches.append(m)
        end = m.end()
    words = [m.group(1) for m in matches]
    while matches and matches[-1].group(1).lower() in SMALL_WORDS:
        matches.pop()
    return (matches[-1].end() if matches else end_of_phrase), words


def _start_of_words_before(text: str, start: int) -> int:
    """The start of up to WORDS_AROUND_PHRASE words before ``start``, in one sentence."""
    head = text[:start]
    stop = max((m.end() for m in _PHRASE_STOP.finditer(head)), default=0)
    words = list(re.finditer(r"\S+", head[stop:]))[-WORDS_AROUND_PHRASE:]
    return stop + words[0].start() if words else start


def _shall_use_spans(text: str) -> Iterator[tuple[int, int]]:
    for m in _SHALL_USE_ACTIVE.finditer(text):
        if QUANTITY_START.match(text, m.end()):
            continue
        end, words = _words_after(text, m.end())
        if any(BENIGN_OBJECT.fullmatch(w) for w in words):
            continue
        yield m.start(), end
    for m in _SHALL_USE_PASSIVE.finditer(text):
        yield _start_of_words_before(text, m.start()), m.end()


_SPANS = {"brand_name": _brand_spans, "shall_use": _shall_use_spans,
          "named_technology": _technology_spans}


def _without_overlaps(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _messages(language: str) -> dict:
    if language not in MESSAGES:
        raise ValueError(f"unsupported language {language!r}; expected one of {LANGUAGES}")
    return MESSAGES[language]


def _text_findings(text: str, section: str, item: int | None,
                   messages: dict) -> list[Finding]:
    found = []
    for rule, spans in _SPANS.items():
        for start, end in _without_overlaps(spans(text)):
            found.append((start, RULES.index(rule), rule, text[start:end]))
    found.sort()
    return [Finding(rule, section, item, words, messages[rule][0].format(words=words),
                    messages[rule][1])
            for _, _, rule, words in found]


def _outcome_findings(doc: NeedDocument, messages: dict) -> Iterator[Finding]:
    for number, outcome in enumerate(doc.outcomes, start=1):
        if not outcome.is_measurable:
            missing = [messages[part] for part in ("indicator", "target")
                       if not getattr(outcome, part).strip()]
            why, instead = messages["outcome_not_measurable"]
            yield Finding("outcome_not_measurable", "outcomes", number, "",
                          why.format(missing=", ".join(missing)), instead)
        # The baseline describes today and may rightly name what is in use now.
        for text in (outcome.description, outcome.indicator, outcome.target):
            yield from _text_findings(text, "outcomes", number, messages)


def _requirement_findings(doc: NeedDocument, messages: dict) -> Iterator[Finding]:
    for number, requirement in enumerate(doc.requirements, start=1):
        missing = [n for n in requirement.outcomes if not 1 <= n <= len(doc.outcomes)]
        if not requirement.outcomes:
            why, instead = messages["requirement_without_outcome"]
            yield Finding("requirement_without_outcome", "requirements", number, "",
                          why, instead)
        elif missing:
            why, instead = messages["missing_outcome"]
            yield Finding("requirement_without_outcome", "requirements", number, "",
                          why.format(numbers=", ".join(map(str, missing))), instead)
        yield from _text_findings(requirement.text, "requirements", number, messages)


def check_need(doc: NeedDocument) -> list[Finding]:
    """Return the findings for ``doc``, in the statement's section order, then position.

    Within an outcome or a requirement, its structural finding (no measurable criterion,
    no linked outcome) comes before findings in its wording. Raises ValueError when
    ``doc.language`` is neither "sv" nor "en". The findings of the most recently checked
    statements are remembered: a need's page checks the same text on every visit.
    """
    return list(_findings(doc))


@remember_recent(maxsize=512)
def _findings(doc: NeedDocument) -> tuple[Finding, ...]:
    messages = _messages(doc.language)
    findings: list[Finding] = []
    free_texts = outline.text_fields()
    for section in outline.need_fields():  # in the statement's order
        if section == "outcomes":
            findings += _outcome_findings(doc, messages)
        elif section == "requirements":
            findings += _requirement_findings(doc, messages)
        elif section in free_texts:
            findings += _text_findings(doc.text(section), section, None, messages)
    return tuple(findings)



def count_findings(doc: NeedDocument) -> dict[str, int]:
    """Return how many findings each rule gives for ``doc``; every rule is a key."""
    counts = dict.fromkeys(RULES, 0)
    for finding in check_need(doc):
        counts[finding.rule] += 1
    return counts
