"""Contract-length scenarios: when is four years too short, in numbers."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("scenarios", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.scenarios import views  # noqa: E402,F401
