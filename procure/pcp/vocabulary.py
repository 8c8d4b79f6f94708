"""The words of pre-commercial procurement: its phases, their states, the scoring scale.
Pure module.

The phases run from 0 (the city's preparation and call for tenders) to 3 (original
development and field testing); suppliers compete from phase 1. How a phase's state
follows from its facts stays in :mod:`procure.pcp.lifecycle`.
"""
from __future__ import annotations

from procure.catalogue import N_

PHASES = (0, 1, 2, 3)
# Phases with competing suppliers; phase 0 is the city's preparation and call.
SUPPLIER_PHASES = (1, 2, 3)
# The standard names of the phases; translated on use.
PHASE_NAMES = {
    0: N_("Phase 0: Preparation and call"),
    1: N_("Phase 1: Solution design"),
    2: N_("Phase 2: Prototyping"),
    3: N_("Phase 3: Original development and field testing"),
}

STATES = ("planned", "running", "evaluated", "decided", "done")
STATE_LABELS = {"planned": N_("Planned"), "running": N_("Running"),
                "evaluated": N_("Evaluated, awaiting the gate"),
                "decided": N_("Decided"), "done": N_("Done")}

# The fixed scoring scale: 0 (not met) to 5 (excellent).
SCALE = (0, 1, 2, 3, 4, 5)

# How the results of the R&D and the rights in them are shared (the R&D exemption of
# Directive 2014/24/EU art. 14 holds only when the city does not keep all the benefits).
RESULTS_OWNERS = {
    "suppliers": N_("The suppliers own what they develop"),
    "shared": N_("The suppliers and the city own it together"),
    "city": N_("The city owns all the results"),
}
PUBLICATION = {
    "none": N_("The city publishes nothing of the results"),
    "summaries": N_("The city may publish summaries of the results"),
    "full": N_("The city may publish the results in full"),
}
