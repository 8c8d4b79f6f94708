"""Administration: staff accounts, departments, supplier memberships, the audit trail."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard(bp, "admin")

from procure.admin import audit_views, views  # noqa: E402,F401
