"""The portfolio: every initiative from idea to result, by stage, with its resources."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("portfolio", __name__)
guard(bp, "officer", "admin")

from procure.portfolio import views  # noqa: E402,F401
