"""Booked meetings and dialogue deadlines as iCalendar (RFC 5545). Pure module (no Flask).

Times are written in the city's zone (``DTSTART;TZID=Europe/Stockholm``) with the zone's
rules in a VTIMEZONE, so a calendar shows the meeting at the city's time whatever zone
its reader is in; the description gives the time in UTC too. Each event has a UID that
never changes (the booking's or the dialogue's id and the deadline's name), and a
SEQUENCE that grows when the dialogue is changed, so an imported event is updated, not
doubled; a cancelled booking or dialogue is sent as ``METHOD:CANCEL`` with
``STATUS:CANCELLED`` for the same UID.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
    """"2026-03-05 13:00 Europe/Stockholm (12:00 UTC)": the local time a person expects
    to read, and the time in UTC."""
    return (f"{moment.astimezone(ZoneInfo(timezone)):%Y-%m-%d %H:%M} {timezone} "
            f"({moment.astimezone(ZoneInfo('UTC')):%H:%M} UTC)")


def to_ics(events: list[CalendarEvent], now: datetime, name: str = "",
           timezone: str = "Europe/Stockholm") -> bytes:
    """The events as one calendar file, their times in ``timezone`` (with its VTIMEZONE);
    CANCEL when every event is cancelled."""
    zone = ZoneInfo(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    cancelled = bool(events) and all(event.cancelled for event in events)
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", now.astimezone(ZoneInfo("UTC")))
        event.add("dtstart", item.starts.astimezone(zone))
        event.add("dtend", item.ends.astimezone(zone))
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
    # The VTIMEZONE every TZID above refers to, with the zone's rules for the years the
    # events fall in (and the next), not the half-century a library would write out.
    years = [moment.year for item in events for moment in (item.starts, item.ends)] or [now.year]
    calendar.add_missing_timezones(first_date=date(min(years) - 1, 1, 1),
                                   last_date=date(max(years) + 2, 1, 1))
    return calendar.to_ical()


def deadline_event(uid: str, summary: str, at: datetime, **details) -> CalendarEvent:
    """A deadline as a short event ending at the deadline (calendars show a moment badly)."""
    return CalendarEvent(uid=uid, summary=summary, starts=at - timedelta(minutes=15), ends=at,
                         **details)
