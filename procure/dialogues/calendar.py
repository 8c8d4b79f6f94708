"""Booked meetings and dialogue deadlines as iCalendar (RFC 5545). Pure module (no Flask).

Times are written in UTC (``...Z``), which every calendar reads; the description says the
time in the city's zone too. Each event has a UID that never changes (the booking's or
the dialogue's id and the deadline's name), and a SEQUENCE that grows when the dialogue
is changed, so an imported event is updated, not doubled; a cancelled booking is sent as
``METHOD:CANCEL`` with ``STATUS:CANCELLED`` for the same UID.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

PRODUCT = "-//procure//market dialogues//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    starts: datetime  # aware
    ends: datetime  # aware
    location: str = ""
    url: str = ""
    description: str = ""
    sequence: int = 0
    cancelled: bool = False


def city_time_note(moment: datetime, timezone: str) -> str:
    """"2026-03-05 13:00 Europe/Stockholm": the local time a person expects to read."""
    return f"{moment.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M} {timezone}"


def to_ics(events: list[CalendarEvent], now: datetime, name: str = "") -> bytes:
    """The events as one calendar file; CANCEL when every event is cancelled."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    cancelled = bool(events) and all(event.cancelled for event in events)
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
        event.add("dtstart", item.starts.astimezone(ZoneInfo("UTC")))
        event.add("dtend", item.ends.astimezone(ZoneInfo("UTC")))
        event.add("summary", item.summary)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        if item.location:
            event.add("location", item.location)
        if item.url:
            event.add("url", item.url)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    return calendar.to_ical()


def deadline_event(uid: str, summary: str, at: datetime, **details) -> CalendarEvent:
    """A deadline as a short event ending at the deadline (calendars show a moment badly)."""
    return CalendarEvent(uid=uid, summary=summary, starts=at - timedelta(minutes=15), ends=at,
                         **details)
