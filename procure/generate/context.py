"""What every story module shares while generating: the random source, the moment
called "now", the ids handed out, the writer, and the people and codes made so far."""
from __future__ import annotations

import bisect
import itertools
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from procure.cpv.codes import significant_digits
from procure.generate.scales import Scale
from procure.generate.themes import THEMES, Theme
from procure.needs.adviser import is_rnd_cpv


class GenerationRefused(Exception):
    """The database already holds something the generated data would clash with."""


class Sink(Protocol):
    def add(self, table: str, row: dict[str, Any]) -> None: ...


class Ids:
    """The next free id per table: ids are given here, so children can point at their
    parents before anything is read back from the database."""

    def __init__(self, first: dict[str, int]):
        self._counters = {table: itertools.count(start) for table, start in first.items()}

    def next(self, table: str) -> int:
        return next(self._counters[table])


@dataclass
class Person:
    id: int
    name: str


@dataclass
class Buyer:
    """A department row: one of the city's administrations, or a region or municipality."""

    id: int
    code: str
    name_sv: str
    place: str  # where its testbeds and meeting rooms are
    weight: float  # its share of the needs, relative to the others
    officers: list[Person] = field(default_factory=list)


@dataclass
class Organisation:
    id: int
    created_at: datetime
    member_id: int = 0  # the first confirmed member, who registers and asks
    quality: float = 0.5  # how well its proposals score in PCP evaluations


class CodePool:
    """The CPV codes needs are described with, grouped by theme."""

    def __init__(self, codes: Sequence[tuple[str, str | None]]):
        self.parent = dict(codes)
        known = sorted(self.parent)
        below_division = [code for code in known if len(significant_digits(code)) > 2]
        fallback = below_division or known
        self.by_theme: dict[str, list[str]] = {}
        for theme in THEMES:
            chosen = [code for code in below_division
                      if code.startswith(theme.cpv_prefixes)]
            self.by_theme[theme.key] = chosen or fallback
        self.research = [code for code in known if is_rnd_cpv(code)]
        self.in_use = sorted({code for pool in self.by_theme.values() for code in pool})
        # How likely a need's code lies at or below a prefix (themes are equally likely,
        # codes within a theme too): what an interest in that prefix catches.
        self.share_below: dict[str, float] = {}
        for pool in self.by_theme.values():
            for code in pool:
                digits = significant_digits(code)
                for length in range(2, len(digits) + 1):
                    self.share_below[digits[:length]] = self.share_below.get(
                        digits[:length], 0.0) + 1.0 / (len(THEMES) * len(pool))
        below = Counter(digits[:length] for digits in map(significant_digits, self.in_use)
                        for length in range(2, len(digits) + 1))
        # The most specific codes: what most organisations want to hear of.
        self.leaves = [code for code in self.in_use if below[significant_digits(code)] == 1]
        # Codes no need is described with: the trades of suppliers the buyers never alert.
        self.elsewhere = [code for code in below_division if self.coverage(code) == 0.0]

    def pick(self, rng: random.Random, theme: Theme, count: int) -> list[str]:
        pool = self.by_theme[theme.key]
        return rng.sample(pool, min(count, len(pool)))

    def coverage(self, code: str) -> float:
        """The share of needs' codes an interest in ``code`` catches."""
        return self.share_below.get(significant_digits(code), 0.0)

    def ancestors(self, code: str) -> list[str]:
        found = []
        while (code := self.parent.get(code)) is not None:
            found.append(code)
        return found


class InterestIndex:
    """Which organisations asked to hear of which CPV codes (by significant prefix)."""

    def __init__(self) -> None:
        self.by_prefix: dict[str, list[Organisation]] = {}

    def add(self, prefix: str, organisation: Organisation) -> None:
        self.by_prefix.setdefault(prefix, []).append(organisation)

    def interested(self, codes: Iterable[str], before: datetime) -> list[Organisation]:
        """Organisations, existing at ``before``, with an interest at or above a code."""
        found: dict[int, Organisation] = {}
        for code in codes:
            digits = significant_digits(code)
            for length in range(2, len(digits) + 1):
                for organisation in self.by_prefix.get(digits[:length], ()):
                    if organisation.created_at <= before:
                        found[organisation.id] = organisation
        return [found[key] for key in sorted(found)]


@dataclass
class World:
    rng: random.Random
    now: datetime
    start: datetime  # ten years before now: the oldest need is created after it
    zone: ZoneInfo
    scale: Scale
    ids: Ids
    sink: Sink
    password_hash: str
    codes: CodePool
    buyers: list[Buyer] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    # Organisations in order of creation, with their creation times, to draw those
    # that existed at a given moment.
    organisation_times: list[datetime] = field(default_factory=list)
    interests: InterestIndex = field(default_factory=InterestIndex)
    # What the database holds already and generated rows must not repeat.
    taken_codes: set[str] = field(default_factory=set)
    taken_names: set[str] = field(default_factory=set)
    taken_emails: set[str] = field(default_factory=set)
    taken_identifiers: set[str] = field(default_factory=set)

    def emit(self, table: str, **row: Any) -> None:
        self.sink.add(table, row)

    def existing_organisations(self, moment: datetime) -> int:
        """How many organisations (the first ones in ``organisations``) existed then."""
        return bisect.bisect_right(self.organisation_times, moment)


@dataclass
class Need:
    """What the other stories need to know of a need."""

    id: int
    reference: str
    year: int
    buyer: Buyer
    language: str
    theme: Theme
    author: Person
    officer: Person
    reviewer: Person
    created_at: datetime
    status: str
    steps: list[tuple[str, datetime]]  # (step, when), in order
    content: dict[str, Any] = field(default_factory=dict)
    written: bool = False  # False for a draft that has only its title
    value_before_reopening: int | None = None

    def when(self, step: str, last: bool = False) -> datetime | None:
        """When the need took ``step`` (the first time, or the last)."""
        times = [moment for name, moment in self.steps if name == step]
        return (times[-1] if last else times[0]) if times else None

    def after(self, moment: datetime) -> datetime | None:
        """The first step taken after ``moment``."""
        return next((when for _name, when in self.steps if when > moment), None)

    @property
    def codes(self) -> list[str]:
        main = self.content.get("cpv_main")
        return ([main] if main else []) + list(self.content.get("cpv_additional", ()))

    @property
    def procedure(self) -> str | None:
        return self.content.get("procedure")

    @property
    def value(self) -> int:
        return self.content.get("estimated_value_sek") or 0

    @property
    def title(self) -> str:
        return self.content["title"]
