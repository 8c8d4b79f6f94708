"""Signing in and out (with a second factor), the user's own account, password and
password reset."""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("auth", __name__)
guard(bp)  # any signed-in user; the login page itself is public

from procure.auth import reset, reset_views, twofactor_views, views  # noqa: E402,F401
from procure.mail.outbox import forget_after_sending  # noqa: E402

# Once a reset mail is out, the outbox keeps no usable copy of its link.
forget_after_sending(reset.without_reset_links)
