"""How much data each scale generates. Pure module."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """The size of a generated data set.

    ``buyers`` are the department rows: the city's administrations and companies or,
    nationally, regions and municipalities, each a buyer organisation with its own
    code. ``participants`` is the mean number of organisations registering for a
    published dialogue; it sets the number of dialogue records (registrations,
    bookings, questions, answers, written input...): about 50,000 for the city and a
    million for the nation.
    """

    name: str
    buyers: int
    national: bool
    officers_per_buyer: tuple[int, int]
    needs: int
    suppliers: int
    participants: float


SCALES = {
    # A few thousand rows that still reach every state: for the tests.
    "tiny": Scale("tiny", buyers=3, national=False, officers_per_buyer=(3, 4), needs=250,
                  suppliers=60, participants=4.0),
    "city": Scale("city", buyers=16, national=False, officers_per_buyer=(6, 14), needs=5_000,
                  suppliers=2_000, participants=7.0),
    "nation": Scale("nation", buyers=300, national=True, officers_per_buyer=(3, 8),
                    needs=200_000, suppliers=20_000, participants=3.5),
}
