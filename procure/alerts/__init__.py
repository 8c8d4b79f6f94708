"""Alerts: what a supplier organisation or an officer should know, in the app and by e-mail."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
# Suppliers' alerts are their organisation's, officers' their own: each view checks which.
guard(bp)

from procure.alerts import views  # noqa: E402,F401
