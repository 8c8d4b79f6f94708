"""``flask --app procure export-ocds --out FILE``: the OCDS release package as a file."""
from __future__ import annotations

import os
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
              help="The file to write (UTF-8 JSON); - writes to standard output.")
@with_appcontext
def export_ocds(out_path: str) -> None:
    """Write every need that has left draft as an OCDS 1.1 release package."""
    if current_app.config["OCDS_PREFIX"] == ocds.PLACEHOLDER_PREFIX:
        click.echo(f"Warning: OCDS_PREFIX is the placeholder {ocds.PLACEHOLDER_PREFIX}; "
                   "set it to the prefix registered for the city.", err=True)
    package = services.export(actor=None, via="cli")
    text = ocds.to_json(package, indent=2) + "\n"
    to_stdout = out_path == "-"
    if to_stdout:
        click.echo(text, nl=False)
    else:
        _write_whole(Path(out_path), text)
    db.session.commit()
    click.echo(f"Wrote {len(package['releases'])} releases to "
               f"{'standard output' if to_stdout else out_path}.", err=to_stdout)


def _write_whole(path: Path, text: str) -> None:
    """Write through a temporary file and rename it, so that a reader (a web server
    publishing the file) never sees half a package."""
    fd, tmp_name = tempfile.mkstemp(dir=path.resolve().parent, prefix=f".{path.name}.",
                                    suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp_name, 0o644)  # open data: readable by all (mkstemp makes it 0600)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
