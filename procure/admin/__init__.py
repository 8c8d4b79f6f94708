"""Administration: staff accounts, departments and supplier memberships."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard(bp, "admin")

from procure.admin import views  # noqa: E402,F401
