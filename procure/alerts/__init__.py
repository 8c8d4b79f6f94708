"""Alerts: what a supplier organisation should know, in the app and by e-mail."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("alerts", __name__, url_prefix="/alerts")
guard(bp, "supplier")

from procure.alerts import views  # noqa: E402,F401
