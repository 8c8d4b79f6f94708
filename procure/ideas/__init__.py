"""Ideas and problems in: anyone describes one, officers triage it into a need."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("ideas", __name__, url_prefix="/ideas")
guard(bp, "officer", "admin")

from procure.ideas import views  # noqa: E402,F401
