"""Innovation procurement in numbers: the dashboard, its PDF and its CSV files."""
from flask import Blueprint

from procure.auth.access import guard

# Admins see the whole city; officers see their own department.
bp = Blueprint("metrics", __name__)
guard(bp, "officer", "admin")

from procure.metrics import views  # noqa: E402,F401
