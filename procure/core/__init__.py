"""Pages everybody shares: the start page, language, health, errors, the layout."""
from flask import Blueprint

bp = Blueprint("core", __name__)

from procure.core import views  # noqa: E402,F401
