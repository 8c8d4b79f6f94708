"""The innovation capability self-assessment: ISO 56002's clauses and the city strategy's
success factors, scored 0–4 each year, against the app's own figures.

All staff may read it; only admins fill it in (checked in the views).
"""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("assessment", __name__)
guard(bp, "officer", "admin")

from procure.assessment import views  # noqa: E402,F401
