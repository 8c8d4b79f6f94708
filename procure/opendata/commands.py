"""``flask --app procure export-ocds --out FILE``: the OCDS release package as a file."""
from __future__ import annotations

import gzip
import io
import os
import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from procure.extensions import db
from procure.opendata import ocds, services


@click.command("export-ocds")
@click.option("--out", "out_path", required=True,
              type=click.Path(dir_okay=False, writable=True, allow_dash=True),
              help="The file to write (UTF-8 JSON; gzip-compressed when it ends in .gz); "
                   "- writes to standard output.")
@with_appcontext
def export_ocds(out_path: str) -> None:
    """Write every need that has left draft as an OCDS 1.1 release package.

    The package is written as it is read, a batch of needs at a time, so memory stays
    the same however many needs there are.
    """
    if current_app.config["OCDS_PREFIX"] == ocds.PLACEHOLDER_PREFIX:
        click.echo(f"Warning: OCDS_PREFIX is the placeholder {ocds.PLACEHOLDER_PREFIX}; "
                   "set it to the prefix registered for the city.", err=True)
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


def write_whole(path: Path, write) -> int:
    """Call ``write(text_file)`` on a temporary file beside ``path`` and rename it into
    place, so that a reader (a web server publishing the file) never sees half a
    package; gzip-compressed when ``path`` ends in ``.gz``. Returns what ``write`` did."""
    fd, tmp_name = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                    suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as raw:
            binary = gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) \
                if path.suffix == ".gz" else raw
            with io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as handle:
                result = write(handle)
        os.chmod(tmp_name, 0o644)  # open data: readable by all (mkstemp makes it 0600)
        os.replace(tmp_name, path)
        return result
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
