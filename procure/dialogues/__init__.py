"""Market dialogues: suppliers meet the city, and everyone is treated equally."""
from flask import Blueprint

from procure.auth.access import guard

# Public pages (the listing, a published dialogue, the feed) are marked @public; the
# rest is for the officers who run the dialogues.
bp = Blueprint("dialogues", __name__)
guard(bp, "officer", "admin")

# milestones keeps each need's first dialogue time as dialogues are published.
from procure.dialogues import (  # noqa: E402,F401
    calendar_views,
    input_views,
    meeting_views,
    milestones,
    public_views,
    question_views,
    receipt_views,
    report_views,
    views,
)
