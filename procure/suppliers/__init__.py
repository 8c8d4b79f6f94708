"""Supplier organisations: registration, details and members."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("suppliers", __name__, url_prefix="/suppliers")
guard(bp, "supplier")

from procure.suppliers import views  # noqa: E402,F401
