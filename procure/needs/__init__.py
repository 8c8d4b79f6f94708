"""Needs: problem-based need statements, their review and the statement PDF."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("needs", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.needs import editing, statement, views  # noqa: E402,F401
