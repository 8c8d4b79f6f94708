"""The statement's outline: one list of sections gives the PDF and the web page their
sections, numbers and titles."""
from __future__ import annotations

import io

import pypdf

from procure.catalogue import N_
from procure.needs import outline
from procure.needs.document import ExtraSection, NeedDocument
from procure.needs.language_check import check_need
from procure.needs.statement_pdf import build_need_statement


def pdf_text(doc: NeedDocument) -> str:
    reader = pypdf.PdfReader(io.BytesIO(build_need_statement(doc)))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_numbers_come_from_the_outline_and_close_up_over_missing_sections():
    doc = NeedDocument(reference="X 1", title="Tyst kök", language="sv",
                       extra_sections=(ExtraSection("pcp_plan", "PCP-plan"),))
    shown = outline.render(doc)
    assert [(s.number, s.title) for s in shown][-3:] == [
        ("9", "Uppskattat värde"), ("10", "Tidplan"), ("11", "PCP-plan")]
    sustainability = next(s for s in shown if s.key == "sustainability")
    assert [(b.number, b.title) for b in sustainability.blocks
            if isinstance(b, outline.Subheading)] == [
        ("7.1", "Ekologisk hållbarhet"), ("7.2", "Social hållbarhet")]

    chosen = outline.render(NeedDocument(reference="X 1", title="Quiet kitchen", language="en",
                                         procedure="Pilot", extra_sections=(
                                             ExtraSection("pcp_plan", "PCP plan"),)))
    assert [(s.number, s.title) for s in chosen][-2:] == [
        ("11", "Procedure chosen and why"), ("12", "PCP plan")]


def test_a_contributed_section_without_a_title_takes_the_outlines(monkeypatch):
    monkeypatch.setattr(outline, "CONTRIBUTED", [outline.Contributed(
        "pcp_plan", N_("Pre-commercial procurement plan"), lambda need: None)])
    doc = NeedDocument(reference="X 1", title="Tyst kök", language="sv",
                       extra_sections=(ExtraSection("pcp_plan", "", ("Tre faser.",)),))
    assert "11 Plan för förkommersiell upphandling Tre faser." in pdf_text(doc)


def test_a_text_section_added_to_the_outline_is_in_the_statement_and_the_checks(monkeypatch):
    sections = list(outline.SECTIONS)
    sections.insert(3, outline.text("pilot_sites", N_("Background")))
    monkeypatch.setattr(outline, "SECTIONS", tuple(sections))
    doc = NeedDocument(reference="X 1", title="Quiet kitchen", language="en",
                       **NeedDocument.texts_as_fields({"pilot_sites": "Three schools in Årsta.",
                                                       "problem": "Noise."}))
    assert doc.text("pilot_sites") == "Three schools in Årsta."
    text = pdf_text(doc)
    assert "4 Background Three schools in Årsta. 5 Desired outcomes" in text
    assert "11 Timeline" in text
    assert "pilot_sites" in outline.text_fields("description")
    assert outline.field_title("pilot_sites") == "Background"
    branded = NeedDocument(reference="X 1", title="Quiet kitchen", language="en",
                           **NeedDocument.texts_as_fields({"pilot_sites": "Each school gets an iPad."}))
    assert [(f.rule, f.section) for f in check_need(branded)] == [("brand_name", "pilot_sites")]


def test_an_optional_text_section_is_shown_only_with_text(monkeypatch):
    sections = list(outline.SECTIONS)
    sections.insert(10, outline.text("pilot_sites", N_("Background"), optional=True))
    monkeypatch.setattr(outline, "SECTIONS", tuple(sections))
    empty = NeedDocument(reference="X 1", title="Quiet kitchen", language="en",
                         procedure="Pilot")
    assert [s.key for s in outline.render(empty)][-2:] == ["timeline", "procedure"]
    filled = NeedDocument(reference="X 1", title="Quiet kitchen", language="en",
                          procedure="Pilot",
                          **NeedDocument.texts_as_fields({"pilot_sites": "Årsta."}))
    assert [(s.number, s.key) for s in outline.render(filled)][-3:] == [
        ("10", "timeline"), ("11", "pilot_sites"), ("12", "procedure")]
