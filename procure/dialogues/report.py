"""The market dialogue's consultation report as plain data, and the texts it is told in.

Pure module (Babel, no Flask, no database): the service turns a closed dialogue into a
:class:`ConsultationReport`; the web page, the report PDF (:mod:`report_pdf`) and the
need statement's "Market dialogue" section all read only this. The report is anonymised
by construction: it holds counts by size and country, never an organisation, and
:func:`supplier_names_in` lets the caller check the free texts before publishing them.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from babel import Locale

from procure.catalogue import N_, texts
from procure.dialogues.vocabulary import KINDS, REPORT_STATES
from procure.dialogues.vocabulary import MESSAGE_KINDS as ITEM_KINDS
from procure.formatting import format_long_date, format_share
from procure.needs.document import ExtraSection
from procure.suppliers.vocabulary import COMPANY_SIZES as SIZES
from procure.suppliers.vocabulary import SME_SIZES
from procure.pdf.style import Identity

LANGUAGES = ("sv", "en")
# The report's words by key, in English; report_texts() gives them in a language.
LABELS: dict[str, str] = {
    "subject": N_("Anonymised report of a preliminary market consultation"),
    "anonymised": N_("This report is anonymised: it gives how many organisations took "
                     "part, by size and country, but names no supplier."),
    "section": N_("Market dialogue"),
    "need": N_("Need"),
    "department": N_("Department"),
    "kind": N_("Kind of dialogue"),
    "published": N_("Published"),
    "closed": N_("Closed"),
    "issued": N_("Date"),
    "status": N_("Status"),
    "participants": N_("Participating organisations"),
    "sme_share": N_("Share of small and medium-sized enterprises"),
    "by_size": N_("By size"),
    "by_country": N_("By country"),
    "size": N_("Size"),
    "country": N_("Country"),
    "organisations": N_("Organisations"),
    "total": N_("Total"),
    "meetings": N_("Meetings and written input"),
    "meetings_held": N_("Meetings held"),
    "written_inputs": N_("Written inputs"),
    "questions": N_("Questions and answers"),
    "information": N_("Shared information"),
    "lessons": N_("Lessons learnt"),
    "no_items": N_("Nothing was published."),
    "no_participants": N_("No organisation took part."),
    "no_lessons": N_("The lessons learnt have not been written yet."),
    "published_on": N_("Published %(date)s"),
    "recipients": N_("Sent to registered organisations: %(count)s"),
    "period_published": N_("published %(date)s"),
    "period_closed": N_("closed %(date)s"),
    "summary": N_("%(participants_label)s: %(participants)s%(sme)s. %(meetings_label)s: "
                  "%(meetings)s. %(written_label)s: %(written)s. %(answers_label)s: "
                  "%(answers)s."),
    "sme_clause": N_(" (share of small and medium-sized enterprises: %(share)s)"),
    "answers_published": N_("Questions and answers published"),
    "micro": N_("Micro company"),
    "small": N_("Small company"),
    "medium": N_("Medium-sized company"),
    "large": N_("Large company"),
    "status_closed": N_("Closed, report not yet final"),
    "status_reported": N_("Final"),
    "fewer_than": N_("fewer than %(limit)s"),
}


def report_texts(language: str) -> dict[str, str]:
    """The report's words in ``language`` by key, for the web page, the PDF and the
    statement section alike."""
    _ = texts(language)
    labels = {key: _(text) for key, text in LABELS.items()}
    # Swedish names the report itself "Rapport från marknadsdialog", a link to it "...-en".
    labels["kicker"] = _.pgettext("report title", "Consultation report")
    return labels


@dataclass(frozen=True)
class PublishedItem:
    """A question answered to all registered organisations, or information shared with them."""

    kind: str  # "answer" or "information"
    published: date  # the local (Swedish) date
    question: str  # as published, anonymised; "" for information
    text: str  # the answer, or the information
    recipients: int  # registered organisations it was sent to

    def __post_init__(self):
        if self.kind not in ITEM_KINDS:
            raise ValueError(f"unknown published item kind {self.kind!r}")


@dataclass(frozen=True)
class ConsultationReport:
    """Everything the anonymised consultation report says, in the need's language."""

    language: str  # "sv" or "en"
    need_reference: str
    need_title: str
    department: str
    dialogue_title: str
    kind: str  # one of KINDS
    status: str  # "closed" (draft report, watermarked) or "reported"
    published: date | None
    closed: date | None
    issued: date  # printed on the report; from the caller, never the clock
    participants_by_size: tuple[tuple[str, int], ...]  # SIZES order
    participants_by_country: tuple[tuple[str, int], ...]  # ISO code; most first, then by code
    meetings_held: int
    written_inputs: int
    published_items: tuple[PublishedItem, ...]
    lessons_learnt: str
    # The city and the dialogue's case number (diarienummer), else the need's.
    identity: Identity = Identity()

    def __post_init__(self):
        # Fail where the report is assembled, not halfway through a PDF build.
        if self.language not in LANGUAGES:
            raise ValueError(f"unsupported report language {self.language!r}")
        if self.kind not in KINDS:
            raise ValueError(f"unknown dialogue kind {self.kind!r}")
        if self.status not in REPORT_STATES:
            raise ValueError(f"a report needs a closed or reported dialogue, not {self.status!r}")
        unknown = {size for size, _count in self.participants_by_size} - set(SIZES)
        if unknown:
            raise ValueError(f"unknown company sizes {sorted(unknown)}")

    @property
    def participants(self) -> int:
        """Participating organisations, all sizes together."""
        return sum(count for _size, count in self.participants_by_size)

    @property
    def sme_share(self) -> float | None:
        """Share of micro, small and medium-sized organisations; None when nobody took part."""
        if not self.participants:
            return None
        smes = sum(count for size, count in self.participants_by_size if size in SME_SIZES)
        return smes / self.participants

    @property
    def answers(self) -> tuple[PublishedItem, ...]:
        """The questions answered to all, in publication order."""
        return tuple(item for item in self.published_items if item.kind == "answer")

    @property
    def information(self) -> tuple[PublishedItem, ...]:
        """The information shared with all, in publication order."""
        return tuple(item for item in self.published_items if item.kind == "information")

    @property
    def is_final(self) -> bool:
        """True once the officer has reported the dialogue (no DRAFT watermark)."""
        return self.status == "reported"


def kind_label(kind: str, language: str) -> str:
    """The dialogue kind as the report names it; unknown kinds are shown as stored."""
    entry = KINDS.get(kind)
    return texts(language)(entry.name) if entry else kind


def status_label(status: str, language: str) -> str:
    """The report's status: not yet final while the dialogue is closed, final once reported."""
    return report_texts(language).get(f"status_{status}", status)


@functools.cache
def _territories(language: str) -> dict[str, str]:
    return dict(Locale(language).territories)


def country_name(code: str, language: str) -> str:
    """"Finland (FI)" from an ISO 3166 code, or the code alone where Babel has no name."""
    code = code.strip().upper()
    # Two letters only (Babel also names regions such as "150"); ZZ is Babel's "unknown".
    name = _territories(language).get(code) if len(code) == 2 and code != "ZZ" else None
    return f"{name} ({code})" if name else code


def percent_text(share: float, language: str) -> str:
    """0.714 → "71 %" (sv, no-break space) / "71%" (en)."""
    return format_share(share, language)


# A count of one or two organisations of a size or from a country could point at a
# company ("the one large company", "the Finnish one"): shown as "fewer than 3".
SMALLEST_SHOWN = 3


def count_text(count: int, language: str) -> str:
    """A count of organisations as a table cell: "0", "fewer than 3", "3", "4" …"""
    if 0 < count < SMALLEST_SHOWN:
        return report_texts(language)["fewer_than"] % {"limit": SMALLEST_SHOWN}
    return str(count)


def size_rows(report: ConsultationReport, language: str | None = None) -> list[list[str]]:
    """Header, then one row per size in SIZES order (0 where none took part)."""
    language = language or report.language
    words = report_texts(language)
    counts = dict(report.participants_by_size)
    return [[words["size"], words["organisations"]],
            *([words[size], count_text(counts.get(size, 0), language)] for size in SIZES)]


def country_rows(report: ConsultationReport, language: str | None = None) -> list[list[str]]:
    """Header, then one row per country: most organisations first, then by code (the
    countries of fewer than three last, by code, so the order tells nothing either)."""
    language = language or report.language
    words = report_texts(language)
    ordered = sorted(report.participants_by_country,
                     key=lambda pair: (-pair[1] if pair[1] >= SMALLEST_SHOWN else 0, pair[0]))
    return [[words["country"], words["organisations"]],
            *([country_name(code, language), count_text(count, language)]
              for code, count in ordered)]


def statement_section(reports: Sequence[ConsultationReport], language: str) -> ExtraSection | None:
    """The need statement's "Market dialogue" section from the reports of one need.

    A paragraph per dialogue, one table of participants by size (a column per dialogue:
    an organisation may take part in several, so a sum would count it twice) and the
    lessons learnt as closing pairs. None when there are no reports.
    """
    if not reports:
        return None
    if len({report.need_reference for report in reports}) > 1:
        raise ValueError("the reports belong to different needs")
    words = report_texts(language)
    several = len(reports) > 1
    closing = tuple(
        (f"{words['lessons']}: {report.dialogue_title}" if several else words["lessons"],
         report.lessons_learnt.strip() or words["no_lessons"])
        for report in reports)
    return ExtraSection(
        key="market_dialogue", title=words["section"],
        paragraphs=tuple(_summary(report, language) for report in reports),
        table=_size_table(reports, language), closing=closing)


def _summary(report: ConsultationReport, language: str) -> str:
    """One dialogue in two sentences: what and when, then who took part and what came of it."""
    words = report_texts(language)
    period = [words[f"period_{name}"] % {"date": format_long_date(day, language)}
              for name, day in (("published", report.published), ("closed", report.closed))
              if day is not None]
    what = f"{report.dialogue_title} ({kind_label(report.kind, language)})"
    if period:
        what += ": " + ", ".join(period)
    share = report.sme_share
    counts = words["summary"] % dict(
        participants_label=words["participants"], participants=report.participants,
        sme=words["sme_clause"] % {"share": percent_text(share, language)}
        if share is not None else "",
        meetings_label=words["meetings_held"], meetings=report.meetings_held,
        written_label=words["written_inputs"], written=report.written_inputs,
        answers_label=words["answers_published"], answers=len(report.answers))
    return f"{what}. {counts}"


def _size_table(reports: Sequence[ConsultationReport],
                language: str) -> tuple[tuple[str, ...], ...]:
    words = report_texts(language)
    if len(reports) == 1:
        header = (words["size"], words["organisations"])
    else:
        header = (words["size"], *(report.dialogue_title for report in reports))
    counts = [dict(report.participants_by_size) for report in reports]
    rows = [(words[size], *(count_text(count.get(size, 0), language) for count in counts))
            for size in SIZES]
    total = (words["total"], *(str(report.participants) for report in reports))
    return (header, *rows, total)


# Legal forms a name may be written without ("Möbelcirkeln" for "Möbelcirkeln AB").
_LEGAL_FORM = re.compile(
    r"[\s,]+(?:\(publ\)|ab|aktiebolag|hb|kb|ek\.?\s*för\.?|oyj?|a/s|as|asa|aps|gmbh|ag|"
    r"ltd\.?|limited|inc\.?|llc|plc|b\.?v\.?|n\.?v\.?|s\.?a\.?|sas|s\.?r\.?l\.?)$",
    re.IGNORECASE)


def supplier_names_in(report: ConsultationReport, names: Iterable[str]) -> tuple[str, ...]:
    """Which of ``names`` (the participating organisations) the report's free texts mention.

    The report must never name a supplier: the caller passes the registered organisations'
    names and refuses to publish, or asks the officer to rewrite, while this is not empty.
    A name counts with or without its legal form, or by its distinctive word alone
    (:func:`distinctive_word`), in any case, as a whole word.
    """
    return names_in_texts([report.dialogue_title, report.lessons_learnt,
                           *(text for item in report.published_items
                             for text in (item.question, item.text))], names)


def names_in_texts(texts: Iterable[str], names: Iterable[str]) -> tuple[str, ...]:
    """Which of ``names`` any of ``texts`` mentions, with or without the legal form."""
    texts = list(texts)
    found = []
    for name in names:
        if name not in found and any(pattern.search(text) for pattern in _name_patterns(name)
                                     for text in texts):
            found.append(name)
    return tuple(found)


# Words that open many company names and tell nobody which one is meant.
_GENERIC_WORDS = frozenset("""
    nordisk nordiska nordic svensk svenska swedish sverige sweden scandinavian scandinavia
    skandinavisk skandinaviska stockholms stockholm göteborgs malmö europe european
    international internationella global the first första nya new bästa best
    systems system solutions lösningar group gruppen consulting konsult services
    tjänster tech technology technologies teknik innovation innovations labs partners
    digital data
    """.split())


def distinctive_word(name: str) -> str | None:
    """The word a company is called by in passing ("Kökssvinn" for "Kökssvinn Analys AB",
    "Fastighetsenergi" for "Nordisk Fastighetsenergi AB"): the first word of a name of
    several words that is not a common opener, at least four letters; None for a name of
    one word (its short form is the name without the legal form)."""
    words = _without_legal_form(" ".join(name.split())).split()
    if len(words) < 2:
        return None
    for word in words:
        bare = word.strip(".,&-")
        if len(bare) >= 4 and bare.casefold() not in _GENERIC_WORDS:
            return bare
    return None


def _without_legal_form(name: str) -> str:
    while (shorter := _LEGAL_FORM.sub("", name)) != name:
        name = shorter
    return name


def _name_patterns(name: str) -> list[re.Pattern[str]]:
    variants = {" ".join(name.split())}
    short = " ".join(name.split())
    while (shorter := _LEGAL_FORM.sub("", short)) != short:
        short = shorter
        variants.add(short)
    # The short form people use: "Kökssvinn" for "Kökssvinn Analys AB".
    if (word := distinctive_word(name)) is not None:
        variants.add(word)
    # Below three letters a bare name ("AB") would match ordinary words: too many alarms.
    return [re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, variant.split())) + r"(?!\w)",
                       re.IGNORECASE)
            for variant in sorted(variants) if len(variant) >= 3]
