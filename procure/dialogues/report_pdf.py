"""The market dialogue's consultation report as a PDF, in the need statement's house style.

Reads only a :class:`~procure.dialogues.report.ConsultationReport` and returns PDF bytes;
no Flask, no database. Section numbers stay stable: a section with nothing in it says so
instead of disappearing, so "3 Questions and answers" is always section 3.
"""
from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from procure.dialogues.report import (
    ConsultationReport,
    PublishedItem,
    country_rows,
    kind_label,
    percent_text,
    report_texts,
    size_rows,
    status_label,
)
from procure.formatting import format_long_date
from procure.pdf.style import (
    CONTENT_WIDTH,
    build_pdf,
    heading,
    markup,
    stylesheet,
    text_paragraphs,
)
from procure.pdf.tables import make_table

_DASH = "–"
_LABEL_WIDTH = 62 * mm


def build_consultation_report(report: ConsultationReport) -> bytes:
    """Render ``report`` as the anonymised consultation report PDF and return its bytes.

    Same input, same bytes: the build is invariant and dated by ``report.issued``. Until
    the dialogue is reported the pages carry the DRAFT watermark.
    """
    texts = report_texts(report.language)
    return build_pdf(
        _title_block(report, texts) + _sections(report, texts),
        title=f"{texts['kicker']}: {report.dialogue_title}", header_text=report.need_reference,
        language=report.language, author=report.department, subject=texts["subject"],
        keywords=[texts["kicker"], report.need_reference, kind_label(report.kind, report.language)],
        draft_watermark=not report.is_final, creation_date=report.issued,
        identity=report.identity,
    )


def _title_block(report: ConsultationReport, texts: dict[str, str]) -> list[Flowable]:
    # A title block rather than a cover page: the report is a few pages, read in one go.
    styles = stylesheet()
    language = report.language
    facts = [
        (texts["need"], " – ".join(part for part in (report.need_reference, report.need_title)
                                   if part.strip())),
        (texts["department"], report.department or _DASH),
        (texts["kind"], kind_label(report.kind, language)),
        (texts["published"], _date(report.published, language)),
        (texts["closed"], _date(report.closed, language)),
        (texts["issued"], _date(report.issued, language)),
        (texts["status"], status_label(report.status, language)),
    ]
    return [
        Paragraph(markup(texts["kicker"].upper()), styles["kicker"]),
        Paragraph(markup(report.dialogue_title), styles["title"]),
        _facts(facts),
        Spacer(1, 4 * mm),
        Paragraph(markup(texts["anonymised"]), styles["small"]),
    ]


def _sections(report: ConsultationReport, texts: dict[str, str]) -> list[Flowable]:
    """The numbered sections, in the order the issue asks the report to tell them."""
    sections = [
        (texts["participants"], _participants(report, texts)),
        (texts["meetings"], _meetings(report, texts)),
        (texts["questions"], _items(report.answers, report.language, texts)),
        (texts["information"], _items(report.information, report.language, texts)),
        (texts["lessons"], text_paragraphs(report.lessons_learnt)
         or [_placeholder(texts["no_lessons"])]),
    ]
    story: list[Flowable] = []
    for number, (title, body) in enumerate(sections, start=1):
        story += [*heading(f"{number} {title}"), *body]
    return story


def _participants(report: ConsultationReport, texts: dict[str, str]) -> list[Flowable]:
    share = report.sme_share
    body: list[Flowable] = [_facts([
        (texts["participants"], str(report.participants)),
        (texts["sme_share"], _DASH if share is None else percent_text(share, report.language)),
    ])]
    widths = [CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4]
    # Sections 1-5 are never skipped, so these are always 1.1 and 1.2.
    body += [*heading(f"1.1 {texts['by_size']}", level=2),
             make_table(size_rows(report), col_widths=widths),
             *heading(f"1.2 {texts['by_country']}", level=2)]
    countries = country_rows(report)
    if len(countries) > 1:
        body.append(make_table(countries, col_widths=widths))
    else:
        body.append(_placeholder(texts["no_participants"]))
    return body


def _meetings(report: ConsultationReport, texts: dict[str, str]) -> list[Flowable]:
    return [_facts([(texts["meetings_held"], str(report.meetings_held)),
                    (texts["written_inputs"], str(report.written_inputs))])]


def _items(items: tuple[PublishedItem, ...], language: str,
           texts: dict[str, str]) -> list[Flowable]:
    """Each item: the question in bold (answers only), when and to how many, then the text."""
    if not items:
        return [_placeholder(texts["no_items"])]
    styles = stylesheet()
    story: list[Flowable] = []
    for number, item in enumerate(items, start=1):
        meta = " · ".join((texts["published_on"] % {"date": format_long_date(item.published,
                                                                             language)},
                           texts["recipients"] % {"count": item.recipients}))
        # Keeps a question from being left alone at the foot of a page, its answer overleaf.
        story.append(CondPageBreak(30 * mm))
        if item.question.strip():
            story.append(Paragraph(f"<b>{number}. {markup(item.question.strip())}</b>",
                                   styles["body"]))
        story.append(Paragraph(markup(meta), styles["small"]))
        story += text_paragraphs(item.text) or [_placeholder(_DASH)]
        story.append(Spacer(1, 3 * mm))
    return story


def _facts(pairs: list[tuple[str, str]]) -> Flowable:
    """Label and value side by side, as on the need statement's cover."""
    label = stylesheet()["label"]
    return make_table([[Paragraph(markup(name), label), value] for name, value in pairs],
                      col_widths=[_LABEL_WIDTH, CONTENT_WIDTH - _LABEL_WIDTH], header=False)


def _placeholder(text: str) -> Paragraph:
    return Paragraph(markup(text), stylesheet()["placeholder"])


def _date(value, language: str) -> str:
    return format_long_date(value, language) if value is not None else _DASH
