"""Needs: problem-based need statements, their review and the statement PDF."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("needs", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

# milestones keeps the first-step times on the need as the history is written.
from procure.needs import check_views, editing, milestones, statement, views  # noqa: E402,F401
