"""Market scan: what has the rest of Europe already bought or asked about?"""
from flask import Blueprint

from procure.auth.access import guard

bp = Blueprint("marketscan", __name__, url_prefix="/needs")
guard(bp, "officer", "admin")

from procure.marketscan import views  # noqa: E402,F401
from procure.marketscan.statement import earlier_procurements_section  # noqa: E402
from procure.needs.statement import SECTION_PROVIDERS  # noqa: E402

SECTION_PROVIDERS.append(earlier_procurements_section)
