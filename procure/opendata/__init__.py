"""Open data: the city's needs and market dialogues as OCDS releases for anyone to read."""
from flask import Blueprint

from procure.auth.access import guard

# Open data is everybody's: every view here is marked @public. The guard keeps any
# view added later behind sign-in until someone decides it is public too.
bp = Blueprint("opendata", __name__)
guard(bp)

from procure.opendata import views  # noqa: E402,F401
