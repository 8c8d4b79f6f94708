"""The need statement PDF, read back with pypdf."""
from __future__ import annotations

import io
import re
from datetime import date

import pypdf
import pytest

from bench.sample_need import sample_need
from procure.formatting import format_long_date as format_date
from procure.formatting import format_sek
from procure.needs.document import CpvCode, ExtraSection, NeedDocument, Outcome, Requirement
from procure.needs.statement_pdf import build_need_statement

# What the reader sees: sections 1-10, the sustainability subsections, the procedure (11).
TITLES = {
    "sv": {"sections": ("Bakgrund", "Problemet och vilka som berörs",
                        "Dagens situation och dess kostnad", "Önskade effekter",
                        "Funktionella krav", "Förutsättningar och begränsningar",
                        "Hållbarhetsmål", "CPV-koder", "Uppskattat värde", "Tidplan"),
           "ecological": "Ekologisk hållbarhet", "social": "Social hållbarhet",
           "procedure": "Val av upphandlingsförfarande och skäl",
           "subject": "Behovsbeskrivning för innovationsupphandling"},
    "en": {"sections": ("Background", "The problem and who is affected",
                        "Today's situation and its cost", "Desired outcomes",
                        "Functional requirements", "Constraints", "Sustainability goals",
                        "CPV codes", "Estimated value", "Timeline"),
           "ecological": "Ecological sustainability", "social": "Social sustainability",
           "procedure": "Procedure chosen and why",
           "subject": "Need statement for innovation procurement"},
}
HOSTILE = "<script>alert(1)</script> <b>x</b> & Co <i>"


def english_need(**changes) -> NeedDocument:
    """A shorter, approved English statement: repairable furniture for elderly care homes."""
    fields = dict(
        reference="ECS 2026/0031",
        title="Repairable furniture for elderly care homes",
        language="en",
        department="Elderly Care Services",
        officer="Jonas Ekström",
        version=2,
        status="approved",
        issued=date(2026, 3, 5),
        background=("The city runs 58 care homes with about 4,900 residents.\n\n"
                    "Furniture is replaced on a fixed cycle whether or not it is worn out."),
        problem=("Chairs and beds break at the joints and cannot be repaired on site, so whole "
                 "pieces are discarded. Residents lose familiar furniture; staff lose time."),
        current_situation="About 3,100 pieces are discarded a year, at roughly SEK 6.2 million.",
        outcomes=(Outcome("Longer furniture life", "Median years in use", "7 years", "12 years", "2030"),
                  Outcome("Fewer pieces discarded", "Pieces discarded per year", "3,100", "1,200", "2029")),
        requirements=(Requirement("Worn parts can be replaced on site by care-home staff.", True, (1, 2)),
                      Requirement("Spare parts are available for at least ten years.", False, (1,))),
        constraints="Fire safety rules for care homes apply. Budget ceiling €1,100,000 equivalent.",
        sustainability_ecological="Halve the furniture waste from care homes by 2030.",
        sustainability_social="Residents keep furniture they know; staff need no special tools.",
        cpv_main=CpvCode("39100000", "Furniture"),
        cpv_additional=(CpvCode("50850000", "Repair and maintenance services of furniture"),),
        estimated_value_sek=1_500_000,
        timeline="Market dialogue in spring 2026; tender in autumn 2026.",
        procedure="Open procedure with functional requirements",
        procedure_reason="Dialogue showed that several suppliers already offer repairable designs.",
    )
    fields.update(changes)
    return NeedDocument(**fields)


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
def swedish_pdf() -> bytes:
    return build_need_statement(sample_need())


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return build_need_statement(english_need())


@pytest.fixture(params=["sv", "en"])
def statement(request, swedish_pdf, english_pdf) -> tuple[NeedDocument, bytes]:
    if request.param == "sv":
        return sample_need(), swedish_pdf
    return english_need(), english_pdf


def test_swedish_sample_is_about_ten_pages(swedish_pdf):
    assert 9 <= len(read(swedish_pdf).pages) <= 11


def test_every_section_title_appears_numbered(statement):
    doc, pdf = statement
    texts, text = TITLES[doc.language], full_text(pdf)
    for number, title in enumerate(texts["sections"], start=1):
        assert f"{number} {title}" in text
    assert f"7.1 {texts['ecological']}" in text and f"7.2 {texts['social']}" in text
    assert f"11 {texts['procedure']}" in text
    for number, extra in enumerate(doc.extra_sections, start=12):
        assert f"{number} {extra.title}" in text


def test_swedish_characters_and_euro_come_back(swedish_pdf):
    text = full_text(swedish_pdf)
    for char in "åäöéÅÖ€":
        assert char in text, char
    assert "Åsa Öberg" in text and "216 000 €" in text


def test_cover_shows_facts_in_the_statement_language(swedish_pdf, english_pdf):
    sv_cover, en_cover = page_texts(swedish_pdf)[0], page_texts(english_pdf)[0]
    assert "5 mars 2026" in sv_cover and "Utkast" in sv_cover and "Version 3" in sv_cover
    assert "Utbildningsförvaltningen" in sv_cover and "UTB 2026/0142" in sv_cover
    assert "5 March 2026" in en_cover and "Approved" in en_cover and "Jonas Ekström" in en_cover


def test_reference_and_true_page_total_on_every_page(statement):
    doc, pdf = statement
    pages = page_texts(pdf)
    label = "Sida {} av {}" if doc.language == "sv" else "Page {} of {}"
    for number, text in enumerate(pages, start=1):
        assert doc.reference in text
        assert label.format(number, len(pages)) in text


@pytest.mark.parametrize("status", ["draft", "in_review", "withdrawn"])
def test_watermark_on_every_page_until_approved(status):
    pages = page_texts(build_need_statement(sample_need(status=status)))
    assert all("UTKAST" in text for text in pages)


@pytest.mark.parametrize("status", ["approved", "in_dialogue", "contracted"])
def test_no_watermark_once_approved(status):
    assert "UTKAST" not in full_text(build_need_statement(sample_need(status=status)))


def test_english_draft_watermark():
    pdf = build_need_statement(english_need(status="draft"))
    assert all("DRAFT" in text for text in page_texts(pdf))
    assert "DRAFT" not in full_text(build_need_statement(english_need()))


def test_metadata(statement):
    doc, pdf = statement
    meta = read(pdf).metadata
    assert meta.title == doc.title
    assert meta.author == doc.officer
    assert meta.subject == TITLES[doc.language]["subject"]
    assert meta.creator == "procure"
    assert doc.reference in meta["/Keywords"] and doc.cpv_main.code in meta["/Keywords"]
    assert meta["/CreationDate"].startswith("D:20260305")


def test_document_language(swedish_pdf, english_pdf):
    assert read(swedish_pdf).trailer["/Root"]["/Lang"] == "sv-SE"
    assert read(english_pdf).trailer["/Root"]["/Lang"] == "en-GB"


def test_outline_has_every_section_with_nested_subsections(statement):
    doc, pdf = statement
    reader = read(pdf)
    texts = TITLES[doc.language]
    titles = outline_titles(reader.outline)
    expected = [f"{n} {title}" for n, title in enumerate(texts["sections"], start=1)]
    expected += [f"11 {texts['procedure']}"]
    expected += [f"{n} {extra.title}" for n, extra in enumerate(doc.extra_sections, start=12)]
    top_level = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert top_level == expected
    assert f"7.1 {texts['ecological']}" in titles and f"7.2 {texts['social']}" in titles
    # Each bookmark points at the page its heading is on (not, say, all at page 1).
    pages = page_texts(pdf)
    for entry in reader.outline:
        if not isinstance(entry, list):
            assert entry.title in pages[reader.get_destination_page_number(entry)]


def test_font_is_embedded_truetype(swedish_pdf):
    fonts = {}
    for page in read(swedish_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts and all("BitstreamVera" in name for name in fonts)
    for font in fonts.values():
        assert "/FontFile2" in font["/FontDescriptor"]


def test_same_input_gives_identical_bytes_and_a_change_changes_them(swedish_pdf):
    assert build_need_statement(sample_need()) == swedish_pdf
    assert build_need_statement(sample_need(version=4)) != swedish_pdf


def test_extra_sections_appear_only_when_present():
    bare = full_text(build_need_statement(sample_need(extra_sections=())))
    for title in ("Sammanfattning av marknadsdialogen", "Plan för förkommersiell upphandling",
                  "Scenario för avtalslängd"):
        assert title not in bare
    one = sample_need(procedure="", extra_sections=(ExtraSection("pcp_plan", "PCP-plan", ("Tre faser.",)),))
    text = full_text(build_need_statement(one))
    assert "11 PCP-plan" in text and "Tre faser." in text
    assert TITLES["sv"]["procedure"] not in text


def test_empty_sections_keep_their_numbers():
    empty = NeedDocument(reference="X 1", title="Tomt behov", language="sv")
    text = full_text(build_need_statement(empty))
    for number, title in enumerate(TITLES["sv"]["sections"], start=1):
        assert f"{number} {title}" in text
    assert text.count("Ännu inte beskrivet") == 10  # sections 1-6, 7.1, 7.2, 8 and 10
    assert "Ännu inte uppskattat" in text
    assert "11 " + TITLES["sv"]["procedure"] not in text


def test_hostile_text_is_printed_literally():
    hostile = sample_need(
        title=f"Titel {HOSTILE}", reference="R&D <1>", department=HOSTILE, problem=f"{HOSTILE}\nrad två",
        outcomes=(Outcome(HOSTILE, HOSTILE, "a & b", "<10", ">5"),),
        requirements=(Requirement(HOSTILE, False, (1,)),),
        cpv_main=CpvCode("73000000", HOSTILE),
        extra_sections=(ExtraSection("x", f"Extra {HOSTILE}", (HOSTILE,), (("<h>", "&"), (HOSTILE,))),),
    )
    pdf = build_need_statement(hostile)
    text = full_text(pdf)
    assert text.count("<script>alert(1)</script> <b>x</b> & Co <i>") >= 8
    assert "R&D <1>" in page_texts(pdf)[-1]
    assert "rad två" in text
    assert any("Extra <script>" in title for title in outline_titles(read(pdf).outline))


def test_money_and_dates_are_formatted_per_language(english_pdf):
    assert format_sek(1_500_000, "sv") == "1\u00a0500\u00a0000\u00a0kr"
    assert format_sek(1_500_000, "en") == "SEK\u00a01,500,000"
    assert format_date(date(2026, 3, 5), "sv") == "5 mars 2026"
    assert format_date(date(2026, 12, 24), "en") == "24 December 2026"
    assert "SEK 1,500,000" in full_text(english_pdf)
    assert "13 000 000 kr" in full_text(build_need_statement(sample_need()))


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        build_need_statement(sample_need(language="de"))


def test_subscript_digits_do_not_become_missing_glyphs(swedish_pdf):
    # CO₂ is typed by users but has no glyph in Vera: it is drawn as CO + subscript 2.
    assert re.search(r"CO ?2 ?e", full_text(swedish_pdf))


def test_text_longer_than_a_page_in_a_table_cell_still_builds():
    # The forms allow 20,000 characters; a table row must then break across pages.
    long_text = ("Ett långt krav som fortsätter. " * 700)[:20_000]
    doc = sample_need(
        outcomes=(Outcome(long_text, "Indikator", "1", "2", "2027"),),
        requirements=(Requirement(long_text, True, (1,)),),
    )
    reader = pypdf.PdfReader(io.BytesIO(build_need_statement(doc)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert text.count("fortsätter") >= 2 * 600  # both long cells came out whole
