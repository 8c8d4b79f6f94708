"""The words of market dialogues: their kinds, states and what each allows. Pure module.

Everything that asks "what kind of dialogue is this, and what can it do?" or "is the
dialogue in one of these states?" reads it here, so a new kind of dialogue is one entry
in :data:`KINDS` (with its texts in the catalogue) and behaviour follows its flags, never
a test on its name. The values are the ones stored in the database. The lifecycle's
transitions stay in :mod:`procure.dialogues.lifecycle`.
"""
from __future__ import annotations

from dataclasses import dataclass

from procure.catalogue import N_


@dataclass(frozen=True)
class DialogueKind:
    """A kind of market dialogue and what it allows."""

    key: str  # stored in dialogues.kind
    name: str  # its short name (reports, listings); translated on use
    choice: str  # its name with a hint, as the officer picks it; translated on use
    books_meetings: bool = False  # suppliers book one-to-one meeting times (slots)
    holds_meeting: bool = False  # the city meets suppliers somewhere (a place or a link)


KINDS: dict[str, DialogueKind] = {kind.key: kind for kind in (
    DialogueKind("request_for_information", N_("Request for information"),
                 N_("Request for information (written input)")),
    DialogueKind("information_meeting", N_("Information meeting"),
                 N_("Information meeting or webinar"), holds_meeting=True),
    DialogueKind("one_to_one", N_("One-to-one meetings"), N_("One-to-one meetings"),
                 books_meetings=True, holds_meeting=True),
)}


STATES = ("draft", "published", "closed", "reported", "cancelled")
# Suppliers see a dialogue from its publication on, and keep seeing what was published.
PUBLIC_STATES = ("published", "closed", "reported")
# The officer may still change the dialogue (and its meeting times).
EDITABLE_STATES = ("draft", "published")
# Answers may still be published after closing: a question asked in time gets its answer.
ANSWERABLE_STATES = ("published", "closed")
# Closed, and reported after: the dialogue's time with the market is over.
CLOSED_STATES = ("closed", "reported")
# The report exists from closing on; "reported" is when it is final and public.
REPORT_STATES = CLOSED_STATES
# The city publishes answers and information to the registered suppliers only; they
# become everybody's with the consultation report.
CLARIFICATIONS_PUBLIC_STATES = ("reported",)

STATUS_LABELS = {
    "draft": N_("Draft"), "published": N_("Open"), "closed": N_("Closed"),
    "reported": N_("Reported"), "cancelled": N_("Cancelled"),
}

# What officers publish to every registered organisation.
MESSAGE_KINDS = ("answer", "information")
# A booking of a meeting time; a live one holds a place or a place in the queue.
BOOKING_STATES = ("booked", "waiting", "cancelled")
LIVE_BOOKING_STATES = ("booked", "waiting")
# What a supplier organisation is alerted of (in the app, and by e-mail).
ALERT_KINDS = ("dialogue_published", "answer_published", "information_published",
               "dialogue_cancelled", "slot_promoted", "dialogue_changed")
# A cancelled dialogue is no longer public: an alert about it links nowhere.
ALERT_KINDS_WITHOUT_LINK = ("dialogue_cancelled",)

# What changing a published dialogue tells the market: each field's label, in the order
# a change notice lists them. Meeting times added or removed are told as "meeting_time".
CHANGE_LABELS = {
    "registration_deadline": N_("Registration closes"),
    "questions_deadline": N_("Questions close"),
    "input_deadline": N_("Written input closes"),
    "place": N_("Place"),
    "link": N_("Link"),
    "description": N_("Description for the market"),
    "questions_to_market": N_("Questions the city asks the market"),
    "meeting_time": N_("Meeting times"),
}
# The fields that hold a moment (told in the city's time), the rest are text.
CHANGE_MOMENTS = ("registration_deadline", "questions_deadline", "input_deadline",
                  "meeting_time")
