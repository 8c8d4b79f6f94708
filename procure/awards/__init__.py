"""Tender and award: the notice a need is procured under, and the contract it ends in."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("awards", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.awards import views  # noqa: E402,F401
