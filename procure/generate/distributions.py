"""Random draws the generator leans on: weighted choices, money, moments in time.

Pure module. Everything draws from one ``random.Random`` seeded by the caller, so a
seed and a reference moment give the same data every time; nothing here reads the
clock or iterates over a set.
"""
from __future__ import annotations

import bisect
import itertools
import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Generic, TypeVar

T = TypeVar("T")
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)


class Weighted(Generic[T]):
    """A fixed table of (value, weight) to draw from quickly, many times."""

    def __init__(self, table: Sequence[tuple[T, float]]):
        self.values = [value for value, _weight in table]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in table))
        self.total = self.cumulative[-1]

    def draw(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


def chance(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


def count_around(rng: random.Random, mean: float) -> int:
    """A whole number with the given mean and a long right tail (gamma, shape 2)."""
    if mean <= 0:
        return 0
    return int(round(rng.gammavariate(2.0, mean / 2.0)))


def money(rng: random.Random, median: int, sigma: float, low: int, high: int,
          step: int = 10_000) -> int:
    """An amount in kronor, log-normally spread around ``median``, rounded to ``step``."""
    amount = median * math.exp(rng.gauss(0.0, sigma))
    return int(min(max(round(amount / step) * step, low), high))


def minute(moment: datetime) -> datetime:
    """The moment without seconds: generated times read like times people record."""
    return moment.replace(second=0, microsecond=0)


def moment_between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment in [start, end] to the minute (``start`` when the range is empty)."""
    if end <= start:
        return start
    return max(start, minute(start + (end - start) * rng.random()))


def days(rng: random.Random, low: float, high: float) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def office_hour(day: datetime, hour: int) -> datetime:
    """``day`` at ``hour`` o'clock UTC sharp (meetings start on the hour)."""
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def fit(durations: Sequence[timedelta], available: timedelta) -> list[timedelta]:
    """Squeeze ``durations`` proportionally so that together they fit in ``available``.

    A history drawn for a need older than its steps allow is compressed instead of
    reaching past the present.
    """
    total = sum(durations, timedelta())
    if total <= available or total <= timedelta():
        return list(durations)
    factor = max(available, timedelta()) / total
    return [duration * factor for duration in durations]
