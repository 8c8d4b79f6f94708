"""A risk's score and level on the 5 × 5 matrix. Pure module (no Flask)."""
from __future__ import annotations

from procure.catalogue import N_, texts

SCALE = (1, 2, 3, 4, 5)
STATUSES = ("open", "mitigating", "closed")
# Open risks are reviewed; a closed one is not.
ACTIVE_STATUSES = ("open", "mitigating")

LEVELS = (  # (lowest score, key, label)
    (15, "high", N_("High")),
    (8, "medium", N_("Medium")),
    (1, "low", N_("Low")),
)


def score(likelihood: int, impact: int) -> int:
    """Likelihood times impact: 1 to 25."""
    if likelihood not in SCALE or impact not in SCALE:
        raise ValueError("likelihood and impact run from 1 to 5")
    return likelihood * impact


def level(likelihood: int, impact: int) -> str:
    """``low`` (1–7), ``medium`` (8–14) or ``high`` (15–25)."""
    value = score(likelihood, impact)
    return next(key for lowest, key, _label in LEVELS if value >= lowest)


def level_label(key: str, language: str) -> str:
    _ = texts(language)
    return next((_(label) for _lowest, k, label in LEVELS if k == key), key)
