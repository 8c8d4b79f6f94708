"""Pre-commercial procurement: officers plan and run competing R&D phases; suppliers see
their own contracts and results."""
from flask import Blueprint

from procure.auth.access import guard

# Staff pages under /needs/<reference>/pcp; the suppliers' own page is @suppliers_only.
bp = Blueprint("pcp", __name__)
guard(bp, "officer", "admin")

from procure.pcp import phase_views, views  # noqa: E402,F401
