"""Risks of an initiative (ISO 56002 6.1): scored, owned, mitigated and reviewed."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("risks", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.risks import views  # noqa: E402,F401
