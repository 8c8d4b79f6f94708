"""Follow-up after the contract: outcomes measured, and the initiative's decision."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("followup", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.followup import views  # noqa: E402,F401
