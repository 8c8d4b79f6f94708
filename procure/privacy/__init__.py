"""A supplier user's own personal data: a copy to download, and deleting the account.

The pages sit at /account/..., beside the account page where people look for them;
only supplier users come in (pending members too: their data is theirs whether or not
the company has confirmed them yet). Staff accounts are managed by administrators.
"""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("privacy", __name__)
guard(bp, "supplier")

from procure.privacy import views  # noqa: E402,F401
