"""The case library: closed initiatives the city publishes as examples for others."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("cases", __name__, url_prefix="/cases")
guard(bp)  # every page is @public; the guard keeps the rule for any page added later

from procure.cases import views  # noqa: E402,F401
