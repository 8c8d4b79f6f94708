"""Signing in and out, the user's own account and password."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("auth", __name__)
guard(bp)  # any signed-in user; the login page itself is public

from procure.auth import views  # noqa: E402,F401
