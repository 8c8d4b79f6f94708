"""Tests for the need-language checker (pure: no app, no database)."""
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from procure.needs.document import NeedDocument, Outcome, Requirement
from procure.needs.language_check import (RULES, Finding, check_need, count_findings)
from tests.needs import clean_texts

MEASURABLE = Outcome("Less food is wasted.", indicator="Share wasted by weight",
                     target="At most 12 %")


def make_doc(language="sv", **fields_):
    """A need statement whose only text is what the test gives it."""
    return NeedDocument(reference="N-1", title="T", language=language, **fields_)


def doc_from_theme(theme, language):
    data = dict(theme)
    data["outcomes"] = tuple(Outcome(**o) for o in data["outcomes"])
    data["requirements"] = tuple(Requirement(**r) for r in data["requirements"])
    return NeedDocument(reference="N-1", language=language, **data)


def text_findings(text, language="sv"):
    return [(f.rule, f.words) for f in check_need(make_doc(language, problem=text))]


# --- No false alarms --------------------------------------------------------------------

THEMES = ([pytest.param(t, "sv", id="sv-" + t["title"]) for t in clean_texts.SV_THEMES]
          + [pytest.param(t, "en", id="en-" + t["title"]) for t in clean_texts.EN_THEMES])


@pytest.mark.parametrize(("theme", "language"), THEMES)
def test_clean_statements_have_no_findings(theme, language):
    assert check_need(doc_from_theme(theme, language)) == []


@pytest.mark.parametrize(("theme", "language"), THEMES)
def test_clean_statements_count_zero_for_every_rule(theme, language):
    assert count_findings(doc_from_theme(theme, language)) == dict.fromkeys(RULES, 0)


def test_clean_texts_cover_both_languages_and_every_theme():
    assert len(clean_texts.SV_THEMES) == len(clean_texts.EN_THEMES) == 6
    for theme in clean_texts.SV_THEMES + clean_texts.EN_THEMES:
        assert len(theme["outcomes"]) >= 3 and len(theme["requirements"]) >= 4


@pytest.mark.parametrize("text", [
    "Pupils open the windows when it is too warm.",
    "Windows are left open over the weekend.",
    "Teams from home care visit twice a day.",
    "Apple trees in the school yard drop fruit.",
    "Road salt weakens the sap flow in young trees.",
    "The building shall use 30 % less energy than today.",
    "The building shall use less energy than today.",
    "The buildings must use at most 100 kWh per square metre.",
    "The content shall be based on the national guidelines for dementia care.",
    "Care shall be based on the best available knowledge.",
    "Staff apply the routines and maintain the equipment.",
    "What happens to the food is not followed up.",
    "Skolan ska använda minst 30 procent mindre energi.",
    "Byggnaden bör använda mindre energi än i dag.",
    "Vården ska bygga på vetenskap och beprövad erfarenhet.",
    "Arbetet ska baseras på de nationella riktlinjerna.",
    "Varje team har ett demensombud.",
    "Delarna tillverkas på lego av ett annat företag.",
    "Apparaten i köket är gammal.",
    "Magnetfältet är 0,5 tesla och strömmen mäts i siemens.",
    "Himlen började klarna efter regnet.",
    "Lora arbetar som undersköterska och använder rullator i tjänsten.",
    "Forskningen finansieras av VR och Forte.",
])
def test_ordinary_words_are_not_flagged(text):
    assert text_findings(text, "en") == []


# --- Brand names ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Personalen bokar möten i Microsoft Teams i dag.", "Microsoft Teams"),
    ("Listorna förs i Excel och mejlas varje vecka.", "Excel"),
    ("Möten hålls i Teams.", "Teams"),
    ("Vi vill ha samma stolar som IKEA säljer.", "IKEA"),
    ("Hemtjänsten kör en volvo.", "volvo"),
    ("Dokumenten ligger i SharePoint.", "SharePoint"),
    ("Larmet ska fungera på en iPhone.", "iPhone"),
    ("Inloggning sker med BankID.", "BankID"),
    ("Betalning sker med Swish.", "Swish"),
    ("Dammsugaren är en Dyson.", "Dyson"),
    ("Data stored on Windows servers.", "Windows"),
    ("Staff use Apple devices at work.", "Apple"),
    ("Meetings are held in Zoom every week.", "Zoom"),
    ("Finance runs on SAP today.", "SAP"),
    ("The fleet includes a Tesla.", "Tesla"),
    ("Children build with LEGO in the classroom.", "LEGO"),
    ("Staff log in with MS-Teams.", "Teams"),
    ("- Teams is used for all meetings.", None),  # a bullet starts a sentence
])
def test_brand_names_are_flagged_with_their_exact_words(text, words):
    found = [w for rule, w in text_findings(text) if rule == "brand_name"]
    assert found == ([words] if words else [])


def test_adjacent_brands_give_one_finding_per_name():
    found = text_findings("Bilarna är Volvo och Scania.")
    assert found == [("brand_name", "Volvo"), ("brand_name", "Scania")]


def test_multiword_brand_wins_over_its_parts():
    assert text_findings("Vi har Microsoft Teams.") == [("brand_name", "Microsoft Teams")]


# --- "Shall use" ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Leverantören ska använda molntjänster i Sverige.",
     "ska använda molntjänster i Sverige"),
    ("Systemet skall använda befintlig inloggning.", "skall använda befintlig inloggning"),
    ("Personalen måste använda samma system som i dag, helst.",
     "måste använda samma system"),
    ("Lösningen bör använda stadens nätverk.", "bör använda stadens nätverk"),
    ("Tjänsten ska baseras på öppen källkod.", "ska baseras på öppen källkod"),
    ("Utbildningen ska levereras som webbkurs.", "ska levereras som webbkurs"),
    ("Befintliga listor ska användas för beställning.", "Befintliga listor ska användas"),
    ("The supplier shall use the city's existing booking system.",
     "shall use the city's existing booking"),
    ("Staff must use a shared calendar.", "must use a shared calendar"),
    ("Residents shall use the same tool and the", "shall use the same tool"),
    ("Personalen ska använda Teams och en", "ska använda Teams"),
    ("The tool must use a", "must use"),
    ("The tool should use cloud storage.", "should use cloud storage"),
    ("The plan is to use sensors in every room.", "is to use sensors in every room"),
    ("The service shall be based on open source software.",
     "shall be based on open source software"),
    ("Training shall be delivered as an online course.",
     "shall be delivered as an online course"),
    ("The existing lists are to be used for ordering.",
     "The existing lists are to be used"),
])
def test_shall_use_phrasing_is_flagged_with_the_following_words(text, words):
    found = [w for rule, w in text_findings(text) if rule == "shall_use"]
    assert found == [words]


def test_shall_use_stops_at_the_end_of_the_clause():
    assert text_findings("The home shall use heat pumps. Costs fall.", "en") == [
        ("shall_use", "shall use heat pumps")]


def test_shall_use_and_the_brand_it_names_are_both_reported():
    found = text_findings("Alla möten ska använda Teams.")
    assert found == [("shall_use", "ska använda Teams"), ("brand_name", "Teams")]


# --- Named technologies -----------------------------------------------------------------

@pytest.mark.parametrize(("text", "words"), [
    ("Vi vill spåra matsvinnet med blockkedjeteknik.", "blockkedjeteknik"),
    ("Resultatet lagras i en blockchain.", "blockchain"),
    ("Hjälpmedlen märks med RFID-taggar.", "RFID"),
    ("Dörrarna öppnas med NFC.", "NFC"),
    ("En AI-baserad tjänst ska förutse fall.", "AI"),
    ("Vi vill prova artificiell intelligens för schemaläggning.",
     "artificiell intelligens"),
    ("Maskininlärning ska förutse behovet.", "Maskininlärning"),
    ("Sakernas internet gör det möjligt.", "Sakernas internet"),
    ("Mätarna kommunicerar via LoRaWAN.", "LoRaWAN"),
    ("Mätarna kommunicerar via LoRa.", "LoRa"),
    ("Kameran kräver 5G.", "5G"),
    ("Barnen skannar en QR-kod vid lunchen.", "QR-kod"),
    ("Anhöriga ska kunna följa allt i appen.", "appen"),
    ("Vi behöver en mobilapp för hemtjänsten.", "mobilapp"),
    ("En robotdammsugare städar korridorerna.", "robotdammsugare"),
    ("Träden inventeras med drönare.", "drönare"),
    ("Frågor besvaras av en chattbot.", "chattbot"),
    ("Rollatorn har GPS.", "GPS"),
    ("Alla rum ska ha Wi-Fi.", "Wi-Fi"),
    ("Residents wear Bluetooth tags.", "Bluetooth"),
    ("Staff will use an app on their phones.", "app"),
    ("Trees are counted by drones each spring.", "drones"),
    ("Machine learning predicts demand.", "Machine learning"),
    ("Each room gets an IoT device.", "IoT"),
    ("Food is labelled with QR codes.", "QR codes"),
    ("A chatbot answers relatives' questions.", "chatbot"),
    ("Training uses VR headsets.", "VR headsets"),
    ("The building gets a digital twin.", "digital twin"),
])
def test_named_technologies_are_flagged(text, words):
    found = [w for rule, w in text_findings(text) if rule == "named_technology"]
    assert found == [words]


# --- Structural rules -------------------------------------------------------------------

@pytest.mark.parametrize("outcomes", [(), (0,), (3,), (-1,)])
def test_requirement_without_existing_outcome_is_flagged(outcomes):
    doc = make_doc(outcomes=(MEASURABLE, MEASURABLE),
                   requirements=(Requirement("Fungerar i alla kök.", outcomes=outcomes),))
    assert [(f.rule, f.section, f.item, f.words) for f in check_need(doc)] == [
        ("requirement_without_outcome", "requirements", 1, "")]


def test_missing_outcome_numbers_are_named_in_the_reason():
    doc = make_doc("en", outcomes=(MEASURABLE,),
                   requirements=(Requirement("Works in every kitchen.", outcomes=(1, 4)),))
    (finding,) = check_need(doc)
    assert finding.rule == "requirement_without_outcome"
    assert "4" in finding.why and "1" not in finding.why


def test_requirement_linked_to_existing_outcomes_is_not_flagged():
    doc = make_doc(outcomes=(MEASURABLE, MEASURABLE),
                   requirements=(Requirement("Fungerar i alla kök.", outcomes=(1, 2)),))
    assert check_need(doc) == []


@pytest.mark.parametrize(("indicator", "target", "missing"), [
    ("", "Högst 12 procent", ["indikator saknas"]),
    ("Andel svinn", "", ["målvärde saknas"]),
    ("  ", " ", ["indikator saknas", "målvärde saknas"]),
])
def test_outcome_without_indicator_or_target_is_not_measurable(indicator, target, missing):
    doc = make_doc(outcomes=(MEASURABLE, Outcome("Mindre svinn.", indicator=indicator,
                                                 target=target)))
    (finding,) = check_need(doc)
    assert (finding.rule, finding.section, finding.item) == (
        "outcome_not_measurable", "outcomes", 2)
    assert all(part in finding.why for part in missing)


# --- Findings: sections, order, language -----------------------------------------------

TEXT_SECTIONS = ["background", "problem", "current_situation", "constraints",
                 "sustainability_ecological", "sustainability_social", "timeline"]


@pytest.mark.parametrize("section", TEXT_SECTIONS)
def test_every_text_section_is_checked(section):
    (finding,) = check_need(make_doc(**{section: "Allt sköts i Excel."}))
    assert (finding.section, finding.item, finding.words) == (section, None, "Excel")


@pytest.mark.parametrize("field", ["description", "indicator", "target"])
def test_outcome_texts_are_checked(field):
    values = {"description": "Mindre svinn.", "indicator": "Andel", "target": "Högst 12 %"}
    values[field] += " Mäts i Excel."
    doc = make_doc(outcomes=(MEASURABLE, Outcome(**values)))
    assert [(f.section, f.item, f.words) for f in check_need(doc)] == [
        ("outcomes", 2, "Excel")]


def test_outcome_baseline_may_name_what_is_used_today():
    outcome = Outcome("Mindre svinn.", indicator="Andel", baseline="Mäts i Excel i dag",
                      target="Högst 12 %")
    assert check_need(make_doc(outcomes=(outcome,))) == []


def test_requirement_texts_are_checked_with_their_number():
    doc = make_doc(outcomes=(MEASURABLE,),
                   requirements=(Requirement("Fungerar i alla kök.", outcomes=(1,)),
                                 Requirement("Loggar i Excel.", outcomes=(1,))))
    assert [(f.section, f.item, f.words) for f in check_need(doc)] == [
        ("requirements", 2, "Excel")]


def test_findings_follow_the_statement_order_then_position():
    doc = make_doc(
        timeline="Klart när appen är lanserad.",
        requirements=(Requirement("Data i SharePoint.", outcomes=()),),
        outcomes=(Outcome("Personalen får en app.", indicator="", target=""),),
        constraints="Drift i Azure.",
        problem="Vi bokar i Teams och räknar i Excel.",
        background="Kommunen har en robot.",
    )
    assert [(f.section, f.item, f.rule, f.words) for f in check_need(doc)] == [
        ("background", None, "named_technology", "robot"),
        ("problem", None, "brand_name", "Teams"),
        ("problem", None, "brand_name", "Excel"),
        ("outcomes", 1, "outcome_not_measurable", ""),
        ("outcomes", 1, "named_technology", "app"),
        ("requirements", 1, "requirement_without_outcome", ""),
        ("requirements", 1, "brand_name", "SharePoint"),
        ("constraints", None, "brand_name", "Azure"),
        ("timeline", None, "named_technology", "appen"),
    ]


@pytest.mark.parametrize(("language", "why_word", "instead_word"), [
    ("sv", "varumärke", "Beskriv"),
    ("en", "brand", "Describe"),
])
def test_explanations_are_in_the_statements_language(language, why_word, instead_word):
    (finding,) = check_need(make_doc(language, problem="Allt sköts i Excel."))
    assert why_word in finding.why and "Excel" in finding.why
    assert finding.instead.startswith(instead_word)


@pytest.mark.parametrize(("language", "text", "rule"), [
    ("sv", "The supplier shall use a portal.", "shall_use"),
    ("en", "Leverantören ska använda en portal.", "shall_use"),
    ("sv", "We need machine learning.", "named_technology"),
    ("en", "Vi behöver maskininlärning.", "named_technology"),
])
def test_both_languages_patterns_are_found_in_any_statement(language, text, rule):
    assert [f.rule for f in check_need(make_doc(language, problem=text))] == [rule]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_rule_explains_why_and_what_instead(language):
    doc = make_doc(language, problem="Vi ska använda en app från Google.",
                   outcomes=(Outcome("Bättre."),),
                   requirements=(Requirement("Snabbt."), Requirement("Billigt.", outcomes=(9,))))
    findings = check_need(doc)
    assert {f.rule for f in findings} == set(RULES)
    assert all(f.why and f.instead for f in findings)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        check_need(make_doc("de"))


def test_count_findings_counts_per_rule():
    doc = make_doc(problem="Excel, Teams och en app.",
                   outcomes=(Outcome("Bättre."),),
                   requirements=(Requirement("Snabbt."),))
    assert count_findings(doc) == {"brand_name": 2, "shall_use": 0, "named_technology": 1,
                                   "requirement_without_outcome": 1,
                                   "outcome_not_measurable": 1}


def test_finding_has_the_documented_fields():
    assert [f.name for f in fields(Finding)] == [
        "rule", "section", "item", "words", "why", "instead"]


PIECES = (list("abcdefghijklmnopqrstuvwxyzåäöABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ0123456789 .,:-\n")
          + ["Teams ", "Excel ", " ska använda ", " shall use ", " app ", "AI", " 30 % ",
             "QR-kod", " robot", "Windows ", " ska användas", " Microsoft Teams"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_words_are_always_an_exact_slice_of_the_text(text):
    for finding in check_need(make_doc(problem=text)):
        assert finding.words and finding.words in text
        assert finding.rule in RULES
