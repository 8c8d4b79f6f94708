"""The need statement's "Earlier procurements and consultations" section."""
from __future__ import annotations

from procure.formatting import format_long_date
from procure.marketscan.services import kept_notices
from procure.needs.document import ExtraSection
from procure.needs.models import Need

TEXTS = {
    "sv": {"title": "Tidigare upphandlingar och marknadsdialoger",
           "intro": "Andra upphandlande organisationer i Europa har köpt eller frågat "
                    "marknaden om liknande behov. Uppgifterna kommer från EU:s "
                    "annonsdatabas TED.",
           "head": ("Publiceringsnummer", "Datum", "Köpare", "Typ", "Rubrik", "Kommentar"),
           "prior_information": "Förhandsannons", "contract": "Upphandlingsannons",
           "award": "Tilldelning", "other": "Annan"},
    "en": {"title": "Earlier procurements and consultations",
           "intro": "Other buyers in Europe have bought, or asked the market about, "
                    "similar needs. The details come from the EU's Tenders Electronic "
                    "Daily (TED).",
           "head": ("Publication number", "Date", "Buyer", "Kind", "Title", "Note"),
           "prior_information": "Prior information", "contract": "Contract notice",
           "award": "Award", "other": "Other"},
}


def earlier_procurements_section(need: Need) -> ExtraSection | None:
    """The kept notices with the officers' notes; None when none are kept."""
    kept = kept_notices(need)
    if not kept:
        return None
    texts = TEXTS[need.language]
    rows = [texts["head"]]
    for notice in kept:
        when = format_long_date(notice.publication_date, need.language) \
            if notice.publication_date else ""
        buyer = f"{notice.buyer_name} ({notice.buyer_country})" if notice.buyer_country \
            else notice.buyer_name
        rows.append((notice.publication_number, when, buyer, texts.get(notice.kind, notice.kind),
                     notice.title, notice.note))
    return ExtraSection(key="earlier_procurements", title=texts["title"],
                        paragraphs=(texts["intro"],), table=tuple(rows))
