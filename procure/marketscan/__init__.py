"""Market scan: what has the rest of Europe already bought or asked about?"""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("marketscan", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.marketscan import views  # noqa: E402,F401
