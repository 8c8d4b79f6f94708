"""The need statement's annex "Earlier procurements and consultations": the kept TED notices.

An annex, not a numbered section: notices are kept and removed while the need is open,
after approval too, and the approved text the market relies on must not move for them.
The annex says the date of its last change ("as of").
"""
from __future__ import annotations

from procure.catalogue import N_, texts
from procure.formatting import format_long_date
from procure.marketscan.models import KeptNotice
from procure.marketscan.services import annex_as_of, kept_notices
from procure.needs.document import ExtraSection
from procure.needs.models import Need
from procure.needs.outline import Contributed

NOTICE_KINDS = {"prior_information": N_("Prior information"),
                "contract": N_("Contract notice"), "award": N_("Award"), "other": N_("Other")}


def earlier_procurements_section(need: Need) -> ExtraSection | None:
    """The kept notices with the officers' notes, dated; None when none are kept."""
    kept = kept_notices(need)
    if not kept:
        return None
    _ = texts(need.language)
    rows = [(_("Publication number"), _("Date"), _("Buyer"), _("Kind"), _("Title"), _("Note"))]
    for notice in kept:
        when = format_long_date(notice.publication_date, need.language) \
            if notice.publication_date else ""
        buyer = f"{notice.buyer_name} ({notice.buyer_country})" if notice.buyer_country \
            else notice.buyer_name
        kind = _(NOTICE_KINDS[notice.kind]) if notice.kind in NOTICE_KINDS else notice.kind
        rows.append((notice.publication_number, when, buyer, kind, notice.title, notice.note))
    return ExtraSection(
        key=EARLIER_PROCUREMENTS.key, title=_(EARLIER_PROCUREMENTS.title),
        paragraphs=(_("This annex is background to the need, not part of the statement's fixed "
                      "text: notices may be kept or removed while the need is open, without "
                      "a new version of the statement."),
                    _("Other buyers in Europe have bought, or asked the market about, similar "
                      "needs. The details come from the EU's Tenders Electronic Daily (TED)."),),
        table=tuple(rows), annex=True, as_of=annex_as_of(need))


def earlier_procurements_tracks(need: Need) -> list[tuple]:
    return [(KeptNotice.__table__, KeptNotice.need_id == need.id, None)]


EARLIER_PROCUREMENTS = Contributed("earlier_procurements",
                                   N_("Earlier procurements and consultations"),
                                   earlier_procurements_section, earlier_procurements_tracks)
