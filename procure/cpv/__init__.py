"""CPV 2008: the codes every EU notice classifies its purchase by; import, search, lookup."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("cpv", __name__, url_prefix="/cpv")
guard(bp, "officer", "admin")

from procure.cpv import views  # noqa: E402,F401
