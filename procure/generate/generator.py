"""Generating a whole data set: buyers, suppliers, then need after need with all that
hangs on it, streamed to the database.

No Flask here: :func:`generate` takes a SQLAlchemy connection (in the caller's
transaction), the settings and the CPV codes to describe needs with, and returns how
many rows it wrote per table. The same settings on the same starting database give
the same rows, except each user's session token, which is a secret drawn anew.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, MetaData, func, select

from procure.dialogues import milestones as dialogue_milestones
from procure.generate.context import Buyer, CodePool, Ids, World
from procure.generate.dialogues import add_dialogues
from procure.generate.distributions import DAY, Weighted, minute
from procure.generate.needs import compose, start_need, write_need
from procure.generate.parties import add_buyers, add_suppliers
from procure.generate.pcp import add_pcp
from procure.generate.scales import Scale
from procure.generate.scenarios import add_scenarios
from procure.generate.writer import RowWriter
from procure.needs import milestones as need_milestones

YEARS = 10
# Needs created in the last days before "now" would have no time for anything.
YOUNGEST_NEED = 2 * DAY


@dataclass(frozen=True)
class Settings:
    scale: Scale
    seed: int
    as_of: date
    timezone: str  # the city's, which numbers needs by its calendar year
    password_hash: str  # one hash for every generated user


def _first_ids(connection: Connection, metadata: MetaData) -> dict[str, int]:
    """Per table with an integer id, the first id after those already there."""
    first = {}
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            first[table.name] = connection.execute(
                select(func.coalesce(func.max(table.c.id), 0))).scalar_one() + 1
    return first


def _taken(connection: Connection, metadata: MetaData, world: World) -> None:
    tables = metadata.tables
    departments = tables["departments"]
    for code, name in connection.execute(select(departments.c.code, departments.c.name_sv)):
        world.taken_codes.add(code)
        world.taken_names.add(name)
    world.taken_emails.update(connection.execute(select(tables["users"].c.email)).scalars())
    world.taken_identifiers.update(connection.execute(
        select(tables["supplier_organisations"].c.identifier)).scalars())


def _schedule(world: World) -> list[tuple[datetime, Buyer]]:
    """When each need is created, and by which buyer: more needs in recent years, more
    for bigger buyers."""
    rng = world.rng
    buyers = Weighted([(buyer, buyer.weight) for buyer in world.buyers])
    span = world.now - YOUNGEST_NEED - world.start
    times = sorted(world.start + span * rng.random() ** 0.75 for _ in range(world.scale.needs))
    return [(minute(moment), buyers.draw(rng)) for moment in times]


def generate(connection: Connection, metadata: MetaData, settings: Settings,
             codes: Sequence[tuple[str, str | None]],
             progress: Callable[[int], object] | None = None) -> Counter[str]:
    """Write the data set of ``settings`` on ``connection``; return rows per table.

    ``codes`` are the CPV codes (code, parent) that needs and interests are drawn from.
    ``progress`` is called with the number of needs done since its last call.
    Raises :class:`~procure.generate.context.GenerationRefused` on a clash with rows
    already there (the caller rolls back).
    """
    # The data's present: the start of the as-of day in the city, so that with today
    # as the as-of day nothing lies in the future, and any day gives the same data.
    zone = ZoneInfo(settings.timezone)
    now = datetime.combine(settings.as_of, time(0), tzinfo=zone).astimezone(timezone.utc)
    writer = RowWriter(connection, metadata.sorted_tables)
    # Seeded on purpose, so a seed gives the same data; no secret is drawn from it.
    world = World(rng=random.Random(settings.seed), now=now,  # nosec B311
                  start=now - timedelta(days=round(YEARS * 365.25)),
                  zone=zone, scale=settings.scale,
                  ids=Ids(_first_ids(connection, metadata)), sink=writer,
                  password_hash=settings.password_hash, codes=CodePool(codes))
    _taken(connection, metadata, world)
    add_buyers(world)
    add_suppliers(world)
    writer.flush()
    numbers: dict[tuple[int, int], int] = {}
    done = 0
    for created, buyer in _schedule(world):
        year = created.astimezone(world.zone).year
        number = numbers[buyer.id, year] = numbers.get((buyer.id, year), 0) + 1
        need = start_need(world, world.ids.next("needs"), f"{buyer.code}-{year}-{number:03d}",
                          year, buyer, created)
        compose(world, need)
        add_scenarios(world, need)
        dialogue_title = add_dialogues(world, need)
        add_pcp(world, need)
        write_need(world, need, dialogue_title)
        writer.flush_if_full()  # a need and all that hangs on it are in the buffers now
        done += 1
        if progress and done % 100 == 0:
            progress(100)
    # Numbers go on from here when officers create needs in the app.
    for (department_id, year), last in sorted(numbers.items()):
        world.emit("need_reference_counters", department_id=department_id, year=year,
                   last_number=last)
    writer.flush()
    # The rows went in without the ORM: the first-step times kept on each need are read
    # from the history just written (the dashboard's figures read them).
    need_milestones.backfill(connection)
    dialogue_milestones.backfill(connection)
    if progress and done % 100:
        progress(done % 100)
    return writer.written
