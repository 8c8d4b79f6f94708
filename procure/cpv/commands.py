"""``flask --app procure import-cpv PATH``: load or update the CPV 2008 list."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask.cli import with_appcontext

from procure.cpv.csvfile import CpvFileError, read_cpv_file
from procure.extensions import db


@click.command("import-cpv")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_cpv(path: Path) -> None:
    """Import the CPV codes of a CSV file (code,parent,kind,label_en,label_sv).

    The whole file is checked first; a malformed one is refused with its line numbers and
    nothing is written. Safe to run again: new codes are added, changed ones updated.
    """
    from procure.cpv.services import import_codes

    started = time.perf_counter()
    try:
        rows = read_cpv_file(path)
    except CpvFileError as error:
        count = len(error.errors)
        raise click.ClickException(f"{path} was not imported ({count} problem"
                                   f"{'' if count == 1 else 's'}):\n{error.describe()}") from None
    click.echo(f"{len(rows)} codes read from {path.name}.")
    with click.progressbar(length=len(rows), label="Writing CPV codes") as bar:
        counts = import_codes(rows, source=path.name, progress=bar.update)
    db.session.commit()
    elapsed = time.perf_counter() - started
    click.echo(f"{counts.added} added, {counts.updated} updated, {counts.unchanged} unchanged "
               f"({elapsed:.1f} s).")
