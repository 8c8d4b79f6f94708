"""``flask --app procure export-ocds --out FILE`` (or ``--bulk``): the OCDS release
package as a file."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from procure.extensions import db
from procure.opendata import ocds, services
from procure.opendata.bulk import bulk_file, write_bulk, write_whole


@click.command("export-ocds")
@click.option("--out", "out_path",
              type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="The file to write (UTF-8 JSON; gzip-compressed when it ends in .gz); "
                   "- writes to standard output.")
@click.option("--bulk", is_flag=True,
              help="Publish the bulk file that /open-data offers: OPEN_DATA_DIR/"
                   "ocds-releases.json.gz (run it nightly, e.g. from cron).")
@with_appcontext
def export_ocds(out_path: str | None, bulk: bool) -> None:
    """Write every need that has left draft as an OCDS 1.1 release package.

    The package is written as it is read, a batch of needs at a time, so memory stays
    the same however many needs there are.
    """
    if bool(out_path) == bulk:
        raise click.UsageError("Give --out FILE or --bulk.")
    if current_app.config["OCDS_PREFIX"] == ocds.PLACEHOLDER_PREFIX:
        click.echo(f"Warning: OCDS_PREFIX is the placeholder {ocds.PLACEHOLDER_PREFIX}; "
                   "set it to the prefix registered for the city.", err=True)
    if bulk:
        count = write_bulk(lambda out: services.write_export(out, via="bulk"))
        db.session.commit()
        published = bulk_file()
        click.echo(f"Wrote {count} releases to {published.path} "
                   f"({published.size_bytes} bytes).")
        return
    to_stdout = out_path == "-"
    if to_stdout:
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n",
                               write_through=False)
        count = services.write_export(out)
        out.detach()  # flushes; standard output stays open for click
    else:
        count = write_whole(Path(out_path), services.write_export)
    db.session.commit()
    click.echo(f"Wrote {count} releases to "
               f"{'standard output' if to_stdout else out_path}.", err=to_stdout)
