"""``flask --app procure generate-data --scale city|nation [--seed N]``."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import Connection, MetaData, select, text

from procure.extensions import db

SCALE_CHOICES = ("city", "nation", "tiny")


def _advance_sequences(connection: Connection, metadata: MetaData) -> None:
    """Rows written with their own ids leave PostgreSQL's id sequences behind."""
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            # Table names from our own metadata, never from input (bandit B608).
            connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # nosec B608
                f"COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"))


def _cpv_codes() -> tuple[list[tuple[str, str | None]], str]:
    """The CPV list to describe needs with: the imported one, else the demo's codes."""
    from procure.cpv.models import CpvCode
    from procure.cpv.services import has_codes, load_demo_codes

    source = "the imported CPV list"
    if not has_codes():
        load_demo_codes(current_app.config["SEED_DIR"])
        source = "the demo's CPV codes (import the full list first for more variety)"
    rows = db.session.execute(select(CpvCode.code, CpvCode.parent_code).order_by(CpvCode.code))
    return [tuple(row) for row in rows], source


@click.command("generate-data")
@click.option("--scale", type=click.Choice(SCALE_CHOICES), required=True,
              help="city: 5,000 needs and 2,000 suppliers; nation: 200,000 needs, 300 "
                   "buyer organisations and 20,000 suppliers; tiny: a few for tests.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed (and --as-of) gives the same data.")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="The data reaches up to the start of this day, YYYY-MM-DD (default: "
                   "today).")
@with_appcontext
def generate_data(scale: str, seed: int, as_of) -> None:
    """Fill a migrated database without needs with generated data at city or national
    scale: ten years of needs in every state, market dialogues, PCPs and scenarios.

    Every generated user has the password procure-demo-2026: officer1@<code>.example
    for each department code, admin1@<first code>.example, supplier1@org1.example...
    """
    from procure.audit.services import record
    from procure.auth.passwords import hash_password
    from procure.db import utcnow
    from procure.formatting import local_date
    from procure.generate.context import GenerationRefused
    from procure.generate.generator import Settings, generate
    from procure.generate.scales import SCALES
    from procure.needs.models import Need
    from procure.seeding import DEMO_PASSWORD

    if db.session.execute(select(Need.id).limit(1)).first() is not None:
        raise click.ClickException(
            "The database has needs already: generate-data only fills a database without "
            "any (run it on a new one, after init-db).")
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    settings = Settings(scale=SCALES[scale], seed=seed,
                        as_of=as_of.date() if as_of else local_date(utcnow(), zone),
                        timezone=zone, password_hash=hash_password(DEMO_PASSWORD))
    codes, source = _cpv_codes()
    click.echo(f"Describing needs with {len(codes)} codes from {source}.")
    started = time.perf_counter()
    connection = db.session.connection()
    with click.progressbar(length=settings.scale.needs, label=f"Generating {scale} data",
                           show_pos=True) as bar:
        try:
            counts = generate(connection, db.metadata, settings, codes, bar.update)
        except GenerationRefused as error:
            db.session.rollback()
            raise click.ClickException(f"Nothing was generated: {error}.") from None
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        _advance_sequences(connection, db.metadata)
    total = sum(counts.values())
    record("data.generated", object_type="database", scale=scale, seed=seed,
           as_of=settings.as_of.isoformat(), rows=total)
    db.session.commit()
    if postgres:
        # Fresh statistics, or the first queries plan for empty tables; and the
        # visibility map, without which index-only scans read every row's page
        # (the dashboard took 4.7 s instead of 0.7 s on the nation data).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as fresh:
            fresh.execute(text("VACUUM (ANALYZE)"))
    elapsed = time.perf_counter() - started
    for table, count in sorted(counts.items()):
        click.echo(f"{table:>28}: {count:>10,}")
    click.echo(f"{'all':>28}: {total:>10,} rows in {elapsed:.0f} s "
               f"(as of {settings.as_of.isoformat()}, seed {seed}).")
