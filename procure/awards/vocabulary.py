"""Procedures and notice sources of a tender. Pure module (no Flask)."""
from __future__ import annotations

from procure.catalogue import N_

PROCEDURES = {
    "open": N_("Open procedure"),
    "restricted": N_("Restricted procedure"),
    "negotiated": N_("Negotiated procedure"),
    "competitive_dialogue": N_("Competitive dialogue"),
    "innovation_partnership": N_("Innovation partnership"),
    "pcp": N_("Pre-commercial procurement (PCP)"),
    "direct_award": N_("Direct award"),
}
# The procedure a need's chosen route usually leads to (the form's first choice).
FROM_ROUTE = {"pilot": "direct_award", "pcp": "pcp",
              "innovation_partnership": "innovation_partnership",
              "competitive_dialogue": "competitive_dialogue", "open_functional": "open"}
# OCDS tender.procurementMethod for each procedure.
OCDS_METHOD = {"open": "open", "restricted": "selective", "negotiated": "limited",
               "competitive_dialogue": "selective", "innovation_partnership": "selective",
               "pcp": "open", "direct_award": "direct"}

SOURCES = {
    "ted": N_("TED (above the EU thresholds)"),
    "national": N_("A Swedish advertising database (below the thresholds)"),
    "none": N_("Not advertised (direct award)"),
}
