"""The consultation report: its tables, the need statement's section, and the PDF read
back with pypdf."""
from __future__ import annotations

import io
from datetime import date, timedelta

import pypdf
import pytest

from procure.dialogues.report import (
    ConsultationReport,
    PublishedItem,
    country_rows,
    distinctive_word,
    size_rows,
    statement_section,
    supplier_names_in,
)
from procure.dialogues.report_pdf import build_consultation_report
from procure.needs.document import NeedDocument
from procure.needs.statement_pdf import build_need_statement

LESSONS = ("Marknaden är mogen: flera leverantörer mäter redan matsvinn i storkök.\n\n"
           "Små företag bad om längre svarstid; nästa dialog får fyra veckor.")
QUESTION = "Får vi lämna våra synpunkter på engelska?"
ANSWER = "Ja, svenska eller engelska går bra. Bilagor får vara på båda språken."
INFORMATION = "Informationsmötet den 18 mars flyttas till sal Åkervägen 3."


def make_report(**changes) -> ConsultationReport:
    """A closed request for information about food waste in school kitchens."""
    fields = dict(
        language="sv",
        need_reference="UTB 2026/0142",
        need_title="Minskat matsvinn i skolköken",
        department="Utbildningsförvaltningen",
        dialogue_title="Informationsförfrågan om mätning av matsvinn",
        kind="request_for_information",
        status="closed",
        published=date(2026, 3, 2),
        closed=date(2026, 4, 1),
        issued=date(2026, 4, 10),
        participants_by_size=(("micro", 2), ("small", 3), ("medium", 1), ("large", 1)),
        participants_by_country=(("SE", 5), ("FI", 1), ("NO", 1)),
        meetings_held=2,
        written_inputs=4,
        published_items=(
            PublishedItem("answer", date(2026, 3, 10), QUESTION, ANSWER, 7),
            PublishedItem("information", date(2026, 3, 12), "", INFORMATION, 6),
        ),
        lessons_learnt=LESSONS,
    )
    fields.update(changes)
    return ConsultationReport(**fields)


def read(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with whitespace (line breaks, no-break spaces) collapsed."""
    return [" ".join(page.extract_text().split()) for page in read(pdf).pages]


def full_text(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def outline_titles(outline) -> list[str]:
    titles = []
    for entry in outline:
        titles += outline_titles(entry) if isinstance(entry, list) else [entry.title]
    return titles


@pytest.fixture(scope="module")
def closed_pdf() -> bytes:
    return build_consultation_report(make_report())


def test_numbered_headings_counts_and_facts(closed_pdf):
    text = full_text(closed_pdf)
    for heading in ("1 Deltagande organisationer", "1.1 Efter storlek", "1.2 Efter land",
                    "2 Möten och skriftliga synpunkter", "3 Frågor och svar",
                    "4 Delad information", "5 Lärdomar"):
        assert heading in text, heading
    # One or two of a size or a country could point at a company: "fewer than 3".
    for row in ("Mikroföretag färre än 3", "Litet företag 3", "Medelstort företag färre än 3",
                "Stort företag färre än 3", "Sverige (SE) 5", "Finland (FI) färre än 3", "Norge (NO) färre än 3",
                "Deltagande organisationer 7", "Hållna möten 2", "Skriftliga synpunkter 4"):
        assert row in text, row
    assert "86 %" in text  # six of seven are SMEs
    assert "UTB 2026/0142 – Minskat matsvinn i skolköken" in text
    assert "2 mars 2026" in text and "1 april 2026" in text and "10 april 2026" in text


def test_questions_answers_information_and_lessons_come_back(closed_pdf):
    text = full_text(closed_pdf)
    assert f"1. {QUESTION}" in text and ANSWER in text and INFORMATION in text
    assert "Publicerad 10 mars 2026 · Skickat till registrerade organisationer: 7" in text
    assert "Skickat till registrerade organisationer: 6" in text
    assert "Marknaden är mogen" in text and "fyra veckor" in text
    for char in "åäöÅ":
        assert char in text, char


def test_outline_lists_the_sections(closed_pdf):
    titles = outline_titles(read(closed_pdf).outline)
    assert titles[:3] == ["1 Deltagande organisationer", "1.1 Efter storlek", "1.2 Efter land"]
    assert titles[-1] == "5 Lärdomar"


def test_metadata_title_and_language(closed_pdf):
    reader = read(closed_pdf)
    assert reader.metadata.title == ("Rapport från marknadsdialog: "
                                     "Informationsförfrågan om mätning av matsvinn")
    assert reader.trailer["/Root"]["/Lang"] == "sv-SE"


def test_draft_watermark_on_every_page_while_closed(closed_pdf):
    assert all("UTKAST" in text for text in page_texts(closed_pdf))


def test_no_watermark_once_reported():
    assert "UTKAST" not in full_text(build_consultation_report(make_report(status="reported")))


def test_english_report_has_english_labels_and_draft():
    text = full_text(build_consultation_report(make_report(language="en")))
    assert "DRAFT" in text and "3 Questions and answers" in text and "Sweden (SE) 5" in text
    assert "Micro company fewer than 3" in text and "86%" in text


def test_same_report_same_bytes(closed_pdf):
    assert build_consultation_report(make_report()) == closed_pdf


def test_long_question_list_spans_pages_with_true_total():
    items = tuple(PublishedItem("answer", date(2026, 3, 2) + timedelta(days=n % 20),
                                f"Fråga nummer {n} om vägning av matsvinn?",
                                "Svaret är att vågen ska klara 0,1 kg noggrannhet. " * 6, 7)
                  for n in range(1, 61))
    pages = page_texts(build_consultation_report(make_report(published_items=items)))
    assert len(pages) >= 4
    assert "60. Fråga nummer 60" in " ".join(pages[-2:])  # the last sections may follow overleaf
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in text


def test_empty_report_says_so_instead_of_dropping_sections():
    report = make_report(participants_by_size=(("micro", 0), ("small", 0), ("medium", 0),
                                               ("large", 0)),
                         participants_by_country=(), meetings_held=0, written_inputs=0,
                         published_items=(), lessons_learnt=" ")
    text = full_text(build_consultation_report(report))
    assert "Inga organisationer deltog." in text
    assert text.count("Inget har publicerats.") == 2
    assert "Lärdomarna är ännu inte beskrivna." in text
    assert "5 Lärdomar" in text


def test_user_text_prints_as_written_not_as_markup():
    hostile = "<b>fet</b> & <script>alert(1)</script>"
    items = (PublishedItem("answer", date(2026, 3, 10), hostile, hostile, 3),)
    text = full_text(build_consultation_report(make_report(published_items=items)))
    assert hostile in text


def test_size_rows_cover_every_size_in_order_with_zeros():
    report = make_report(participants_by_size=(("small", 4), ("large", 0)))
    assert size_rows(report) == [["Storlek", "Organisationer"], ["Mikroföretag", "0"],
                                 ["Litet företag", "4"], ["Medelstort företag", "0"],
                                 ["Stort företag", "0"]]
    assert size_rows(report, "en")[1] == ["Micro company", "0"]


def test_country_rows_most_first_then_by_code_with_names():
    report = make_report(participants_by_country=(("NO", 2), ("SE", 5), ("FI", 1), ("ZZ", 1),
                                                   ("DK", 3)))
    # Fewer than three from a country: not how many, and last by code, whatever the count.
    assert country_rows(report) == [["Land", "Organisationer"], ["Sverige (SE)", "5"],
                                    ["Danmark (DK)", "3"], ["Finland (FI)", "färre än 3"],
                                    ["Norge (NO)", "färre än 3"], ["ZZ", "färre än 3"]]
    assert country_rows(report, "en")[3] == ["Finland (FI)", "fewer than 3"]


def test_participants_and_sme_share():
    report = make_report()
    assert report.participants == 7
    assert report.sme_share == pytest.approx(6 / 7)
    nobody = make_report(participants_by_size=(("micro", 0), ("large", 0)))
    assert nobody.participants == 0 and nobody.sme_share is None


@pytest.mark.parametrize("field, value", [("status", "published"), ("kind", "webinar"),
                                          ("language", "de"),
                                          ("participants_by_size", (("huge", 1),))])
def test_invalid_reports_are_refused(field, value):
    with pytest.raises(ValueError):
        make_report(**{field: value})


def test_statement_section_is_none_without_reports():
    assert statement_section([], "sv") is None


def test_statement_section_for_two_dialogues():
    meeting = make_report(dialogue_title="Informationsmöte i Stadshuset",
                          kind="information_meeting", status="reported",
                          participants_by_size=(("micro", 0), ("small", 2), ("medium", 0),
                                                ("large", 3)),
                          lessons_learnt="")
    section = statement_section([make_report(), meeting], "sv")
    assert section.key == "market_dialogue" and section.title == "Marknadsdialog"
    assert section.table == (
        ("Storlek", "Informationsförfrågan om mätning av matsvinn",
         "Informationsmöte i Stadshuset"),
        ("Mikroföretag", "färre än 3", "0"), ("Litet företag", "3", "färre än 3"),
        ("Medelstort företag", "färre än 3", "0"), ("Stort företag", "färre än 3", "3"), ("Totalt", "7", "5"))
    assert section.closing == (
        ("Lärdomar: Informationsförfrågan om mätning av matsvinn", LESSONS),
        ("Lärdomar: Informationsmöte i Stadshuset", "Lärdomarna är ännu inte beskrivna."))
    first, second = section.paragraphs
    assert first.startswith("Informationsförfrågan om mätning av matsvinn (Informationsförfrågan): "
                            "publicerad 2 mars 2026, avslutad 1 april 2026.")
    assert "Deltagande organisationer: 7 (andel små och medelstora företag: 86\u00a0%)" in first
    assert "Publicerade frågor och svar: 1." in first
    assert "(Informationsmöte)" in second and "Deltagande organisationer: 5" in second


def test_statement_section_for_one_dialogue_has_plain_headings():
    section = statement_section([make_report()], "en")
    assert section.title == "Market dialogue"
    assert section.table[0] == ("Size", "Organisations") and section.table[-1] == ("Total", "7")
    assert section.closing == (("Lessons learnt", LESSONS),)


def test_statement_section_refuses_reports_of_different_needs():
    with pytest.raises(ValueError):
        statement_section([make_report(), make_report(need_reference="TK 2026/0007")], "sv")


def test_need_statement_gains_the_market_dialogue_section():
    need = NeedDocument(reference="UTB 2026/0142", title="Minskat matsvinn i skolköken",
                        language="sv", status="in_dialogue", issued=date(2026, 4, 12),
                        extra_sections=(statement_section([make_report()], "sv"),))
    text = full_text(build_need_statement(need))
    assert "11 Marknadsdialog" in text
    assert "Mikroföretag färre än 3" in text and "Totalt 7" in text and "Marknaden är mogen" in text


def test_supplier_names_are_found_with_or_without_legal_form():
    report = make_report(lessons_learnt="Kökssvinn analys visade en fungerande våg.",
                         published_items=(PublishedItem("answer", date(2026, 3, 10),
                                                        "Gäller kravet även Möbelcirkeln AB?",
                                                        "Ja.", 7),))
    found = supplier_names_in(report, ["Kökssvinn Analys AB", "Möbelcirkeln AB", "Grön Våg Oy"])
    assert found == ("Kökssvinn Analys AB", "Möbelcirkeln AB")
    assert supplier_names_in(make_report(), ["Kökssvinn Analys AB"]) == ()



def test_a_swedish_report_reads_swedish_outside_a_request_and_under_an_english_page(app):
    """The report's words come from the catalogue by the report's language, not the page's."""
    from flask import has_request_context
    from flask_babel import force_locale

    assert not has_request_context()
    alone = full_text(build_consultation_report(make_report(lessons_learnt="")))
    with app.test_request_context(), force_locale("en"):
        under_english = full_text(build_consultation_report(make_report(lessons_learnt="")))
    for text in (alone, under_english):
        assert "RAPPORT FRÅN MARKNADSDIALOG" in text
        for words in ("Deltagande organisationer", "Efter storlek", "Mikroföretag",
                      "Lärdomarna är ännu inte beskrivna.", "Sida 1 av"):
            assert words in text
        assert "Participating organisations" not in text and "Page 1 of" not in text


@pytest.mark.parametrize("text, found", [
    ("Kökssvinn visade en våg.", True),  # the distinctive word alone
    ("KÖKSSVINN-vågen fungerade.", True),
    ("Kökssvinnet minskade.", False),  # another word
    ("Fastighetsenergi mätte elen.", True),  # "Nordisk" opens many names: the next word
    ("Nordiska kök mäter svinn.", False),
])
def test_short_forms_of_names_are_found(text, found):
    report = make_report(lessons_learnt=text)
    names = ["Kökssvinn Analys AB", "Nordisk Fastighetsenergi AB"]
    assert bool(supplier_names_in(report, names)) is found


def test_the_distinctive_word_of_a_name():
    assert distinctive_word("Kökssvinn Analys AB") == "Kökssvinn"
    assert distinctive_word("Nordisk Fastighetsenergi AB") == "Fastighetsenergi"
    assert distinctive_word("Möbelcirkeln AB") is None  # one word: the name without AB
    assert distinctive_word("Lumo Care Oy") == "Lumo"

