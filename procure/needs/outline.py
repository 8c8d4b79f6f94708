"""The need statement's outline: its sections in order, written once for the PDF and the web.

Each :class:`Section` has a key, a title (a catalogue text, translated into the
statement's language), a condition and a renderer that says what the section holds as
plain blocks (:class:`Prose`, :class:`Para`, :class:`Table`, :class:`Subheading`,
:class:`Figure`, :class:`Placeholder`). ``procure.needs.statement_pdf`` draws the blocks
with ReportLab and ``templates/needs/statement.html`` as HTML; neither names a section.
The numbers (1, 2 … 7.1) are counted here, never typed.

Sections 1-10 are always shown (an empty one says "not yet described", so the numbers stay
stable); the procedure only once one is chosen; then the sections other domains
contribute (:func:`contribute`), each only when it has something to say. Contributed
annexes (dated background that may change after approval, such as kept TED notices)
come last, lettered "Annex A"..., so the numbered, approved text never moves for them.

A new free-text field of a need is one line in :data:`SECTIONS` (``text(...)``): its
place in the statement, the PDF, the web statement, the need page, the edit page, the
revision comparison and the need-language check all follow from it.

Pure module: no Flask, no database.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from procure.catalogue import N_, Texts, texts
from procure.formatting import format_long_date, format_sek
from procure.needs.document import CpvCode, ExtraSection, NeedDocument

LANGUAGES = ("sv", "en")
NOT_DESCRIBED = N_("Not yet described.")


# --- the blocks a section is made of -----------------------------------------------------

@dataclass(frozen=True)
class Prose:
    """Plain text in paragraphs (blank lines part them); ``empty`` is said when it is
    blank (nothing when ``empty`` is blank too)."""

    text: str
    empty: str = ""
    kind: ClassVar[str] = "prose"


@dataclass(frozen=True)
class Para:
    """One paragraph, ``lead`` in bold before the ``text``; ``small`` for a note."""

    text: str = ""
    lead: str = ""
    small: bool = False
    kind: ClassVar[str] = "para"


@dataclass(frozen=True)
class Table:
    """Rows of text, the first the header. The PDF gives the first columns ``fixed_mm``
    millimetres and splits the rest of the line by ``shares`` (equal columns without)."""

    rows: tuple[tuple[str, ...], ...]
    fixed_mm: tuple[float, ...] = ()
    shares: tuple[float, ...] = ()
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Subheading:
    """A heading inside a section: numbered ones ("7.1") are in the PDF's outline too."""

    title: str
    number: str = ""
    kind: ClassVar[str] = "subheading"


@dataclass(frozen=True)
class Figure:
    """A :class:`procure.charts.Chart`, drawn and then given as a table of its figures."""

    chart: Any
    kind: ClassVar[str] = "figure"


@dataclass(frozen=True)
class Placeholder:
    """What an empty section says instead ("Not yet described.")."""

    text: str
    kind: ClassVar[str] = "placeholder"


Block = Prose | Para | Table | Subheading | Figure | Placeholder
Renderer = Callable[[NeedDocument, Texts], list[Block]]


# --- the outline ------------------------------------------------------------------------

def always(_doc: NeedDocument) -> bool:
    return True


@dataclass(frozen=True)
class Section:
    """One section of the statement.

    ``fields`` are the need's fields the section shows, in order; ``edited_in`` is the
    need page's edit section that writes them ("description", "basics"...).
    """

    key: str
    title: str
    render: Renderer | None = None
    shown: Callable[[NeedDocument], bool] = always
    fields: tuple[str, ...] = ()
    edited_in: str = ""
    subsections: tuple[Section, ...] = ()
    free_text: bool = False  # shows the one text field ``key`` (see text())

    def all_fields(self) -> tuple[str, ...]:
        return self.fields + tuple(name for sub in self.subsections for name in sub.all_fields())

    def blocks(self, doc: NeedDocument, _: Texts, number: str) -> list[Block]:
        blocks = list(self.render(doc, _)) if self.render else []
        for position, sub in enumerate(self.subsections, start=1):
            blocks += [Subheading(_(sub.title), f"{number}.{position}"), *sub.blocks(doc, _, "")]
        return blocks


@dataclass(frozen=True)
class Contributed:
    """A section another domain adds (market dialogue, PCP plan...): ``provide`` takes the
    need (its database row) and returns an :class:`ExtraSection`, or None when it has
    nothing to say; the section is then left out and the numbers close up."""

    key: str
    title: str
    provide: Callable[[Any], ExtraSection | None]
    # What the section shows, for the PDF cache key without building it: a function of
    # the need giving (table, condition, columns or None for all) triples, read by
    # procure.core.pdf_downloads.tracked_key. None: the statement is keyed by content.
    tracks: Callable[[Any], Sequence[tuple]] | None = None


@dataclass(frozen=True)
class Rendered:
    """A section as the statement shows it: its number, its title and its blocks.
    An annex's ``number`` is its letter and its ``title`` already says "Annex A: ..."."""

    key: str
    number: str
    title: str
    blocks: tuple[Block, ...] = field(default=())
    annex: bool = False

    @property
    def heading(self) -> str:
        """The heading as printed: "3 Title", or the annex's own title."""
        title = self.title.strip() or DASH
        return title if self.annex else f"{self.number} {title}"


def text(key: str, title: str, *, edited_in: str = "description",
         optional: bool = False) -> Section:
    """A free-text section showing the need's field ``key``: always (saying "not yet
    described" while empty, so the numbers stay), or only once it has text if ``optional``."""
    return Section(key, title, render=lambda doc, _: [Prose(doc.text(key), _(NOT_DESCRIBED))],
                   shown=(lambda doc: bool(doc.text(key).strip())) if optional else always,
                   fields=(key,), edited_in=edited_in, free_text=True)


DASH = "–"


def _outcomes(doc: NeedDocument, _: Texts) -> list[Block]:
    if not doc.outcomes:
        return [Placeholder(_(NOT_DESCRIBED))]
    header = (_("No."), _("Outcome"), _("Indicator"), _("Baseline"), _("Target"), _("When"))
    rows = [(str(number), o.description, o.indicator, o.baseline, o.target, o.when)
            for number, o in enumerate(doc.outcomes, start=1)]
    return [Table((header, *rows), fixed_mm=(10,), shares=(0.27, 0.29, 0.17, 0.15, 0.12))]


def _requirements(doc: NeedDocument, _: Texts) -> list[Block]:
    if not doc.requirements:
        return [Placeholder(_(NOT_DESCRIBED))]
    header = (_("No."), _("Requirement"), _("Must/Should"), _("Outcomes"))
    rows = [(str(number), r.text, _("Must") if r.must else _("Should"),
             ", ".join(str(n) for n in r.outcomes))
            for number, r in enumerate(doc.requirements, start=1)]
    return [Para(_("Must requirements are mandatory. Should requirements are wishes that may "
                   "be scored."), small=True),
            Table((header, *rows), fixed_mm=(10,), shares=(0.70, 0.14, 0.16))]


def _cpv_codes(doc: NeedDocument, _: Texts) -> list[Block]:
    codes: list[tuple[str, CpvCode]] = [(_("Main"), doc.cpv_main)] if doc.cpv_main else []
    codes += [(_("Additional"), cpv) for cpv in doc.cpv_additional]
    if not codes:
        return [Placeholder(_(NOT_DESCRIBED))]
    header = (_("Type"), _("Code"), _("Label"))
    return [Table((header, *((kind, cpv.code, cpv.label) for kind, cpv in codes)),
                  fixed_mm=(32, 30), shares=(1,))]


def _estimated_value(doc: NeedDocument, _: Texts) -> list[Block]:
    if doc.estimated_value_sek is None:
        return [Placeholder(_("Not yet estimated."))]
    return [Para(lead=format_sek(doc.estimated_value_sek, doc.language)),
            Para(_("The value excludes VAT and includes all phases, options and extensions."))]


def _procedure(doc: NeedDocument, _: Texts) -> list[Block]:
    # An unnumbered subheading: the PDF's outline keeps one entry per section.
    # The colon is the text's: a text inside an f-string is not seen by pybabel extract.
    return [Para(doc.procedure.strip(), lead=_("Procedure chosen:")),
            Subheading(_("Reasons")), Prose(doc.procedure_reason, _(NOT_DESCRIBED))]


# The statement's own sections, in order. Other domains' sections follow (contribute()).
SECTIONS: tuple[Section, ...] = (
    text("background", N_("Background")),
    text("problem", N_("The problem and who is affected")),
    text("current_situation", N_("Today's situation and its cost")),
    Section("outcomes", N_("Desired outcomes"), _outcomes, fields=("outcomes",),
            edited_in="outcomes"),
    Section("requirements", N_("Functional requirements"), _requirements,
            fields=("requirements",), edited_in="requirements"),
    text("constraints", N_("Constraints")),
    Section("sustainability", N_("Sustainability goals"), subsections=(
        text("sustainability_ecological", N_("Ecological sustainability")),
        text("sustainability_social", N_("Social sustainability")))),
    Section("cpv", N_("CPV codes"), _cpv_codes, fields=("cpv_main", "cpv_additional"),
            edited_in="cpv"),
    Section("value", N_("Estimated value"), _estimated_value, fields=("estimated_value_sek",),
            edited_in="basics"),
    text("timeline", N_("Timeline"), edited_in="basics"),
    # The adviser's answers are not printed, but the procedure section stands on them.
    Section("procedure", N_("Procedure chosen and why"), _procedure,
            shown=lambda doc: bool(doc.procedure.strip()),
            fields=("solution_exists", "development_needed", "will_buy_result",
                    "contract_kind", "procedure", "procedure_reason"),
            edited_in="procedure"),
)

# Filled by procure.register_statement_sections(), in the statement's order.
CONTRIBUTED: list[Contributed] = []


def contribute(*sections: Contributed) -> None:
    """Set the sections other domains add after the statement's own, in this order."""
    CONTRIBUTED[:] = sections


def _walk(sections: Sequence[Section]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _walk(section.subsections)


def need_fields() -> tuple[str, ...]:
    """The need's fields the statement stands on, in statement order."""
    return tuple(name for section in SECTIONS for name in section.all_fields())


def text_fields(edited_in: str | None = None) -> tuple[str, ...]:
    """The need's free-text fields in statement order (those one edit section writes)."""
    return tuple(section.key for section in _walk(SECTIONS) if section.free_text
                 and (edited_in is None or section.edited_in == edited_in))


def field_title(name: str) -> str | None:
    """The title (untranslated) of the section that shows only the field ``name``."""
    return next((section.title for section in _walk(SECTIONS) if section.fields == (name,)),
                None)


def render(doc: NeedDocument) -> list[Rendered]:
    """The sections ``doc`` shows, numbered, in its language."""
    _ = statement_texts(doc.language)
    shown: list[Rendered] = []
    for section in SECTIONS:
        if section.shown(doc):
            number = str(len(shown) + 1)
            shown.append(Rendered(section.key, number, _(section.title),
                                  tuple(section.blocks(doc, _, number))))
    titles = {section.key: section.title for section in CONTRIBUTED}
    for extra in doc.extra_sections:
        if not extra.annex:
            title = extra.title or (_(titles[extra.key]) if extra.key in titles else "")
            shown.append(Rendered(extra.key, str(len(shown) + 1), title,
                                  tuple(_extra_blocks(extra, _))))
    annexes = [extra for extra in doc.extra_sections if extra.annex]
    for letter, extra in zip(ANNEX_LETTERS, annexes):
        title = extra.title or (_(titles[extra.key]) if extra.key in titles else "")
        as_of = [Para(_("As of %(date)s.", date=format_long_date(extra.as_of, doc.language)),
                      small=True)] if extra.as_of else []
        shown.append(Rendered(extra.key, letter, _("Annex %(letter)s: %(title)s",
                                                   letter=letter, title=title),
                              tuple(as_of + _extra_blocks(extra, _)), annex=True))
    return shown


ANNEX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _extra_blocks(extra: ExtraSection, _: Texts) -> list[Block]:
    blocks: list[Block] = [Prose(text) for text in extra.paragraphs if text.strip()]
    if extra.table and extra.table[0]:
        columns = len(extra.table[0])
        # Ragged rows from other features are padded rather than breaking the table.
        blocks.append(Table(tuple(tuple(row[:columns]) + ("",) * (columns - len(row))
                                  for row in extra.table)))
    blocks += [Figure(chart) for chart in extra.charts]
    for title, closing in extra.closing:
        blocks += [Subheading(title), Prose(closing, _(NOT_DESCRIBED))]
    return blocks or [Placeholder(_(NOT_DESCRIBED))]


# --- the cover ----------------------------------------------------------------------------

STATUS_NAMES = {
    "draft": N_("Draft"), "in_review": N_("In review"), "approved": N_("Approved"),
    "in_dialogue": N_("In market dialogue"), "in_procurement": N_("In procurement"),
    "contracted": N_("Contracted"), "closed": N_("Closed"), "withdrawn": N_("Withdrawn"),
}

KIND = N_("Need statement")


@dataclass(frozen=True)
class Cover:
    """The statement's first page: ``facts`` are (label, value), value "" when unknown."""

    kind: str
    title: str
    subtitle: str
    status: str
    facts: tuple[tuple[str, str], ...]
    note: str
    subject: str


def statement_texts(language: str) -> Texts:
    """The texts of a statement language ("sv" or "en"); ValueError for any other."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported statement language {language!r}")
    return texts(language)


def status_label(status: str, language: str) -> str:
    """A readable label for a lifecycle state; unknown states are shown as stored."""
    return statement_texts(language)(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def cover(doc: NeedDocument) -> Cover:
    """The cover of ``doc``'s statement, in its language."""
    _ = statement_texts(doc.language)
    status = status_label(doc.status, doc.language)
    return Cover(
        kind=_(KIND), title=doc.title,
        subtitle=_("Functional need statement for innovation procurement"),
        status=status,
        facts=((_("Reference"), doc.reference), (_("Department"), doc.department),
               (_("Responsible officer"), doc.officer), (_("Version"), str(doc.version)),
               (_("Date"), format_long_date(doc.issued, doc.language) if doc.issued else ""),
               (_("Status"), status)),
        note=_("This statement describes the problem to be solved and the effects sought, "
               "not a product to be bought. It forms part of the procurement documents."),
        subject=_("Need statement for innovation procurement"),
    )
