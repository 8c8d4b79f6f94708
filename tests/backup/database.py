"""Shared by the backup and failure tests: every row of the database read afresh, the
backup commands, and an empty database and upload folder as on a new server."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from procure.extensions import db
from tests.conftest import _empty_tables


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table of the metadata, in primary-key order, read afresh."""
    with db.engine.connect() as connection:
        return {table.name: [tuple(row) for row in connection.execute(
                    table.select().order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables}


def export(app, path: Path, *options: str):
    result = app.test_cli_runner().invoke(args=["export-data", "--out", str(path), *options])
    assert result.exit_code == 0, result.output
    return result


def import_(app, path: Path):
    return app.test_cli_runner().invoke(args=["import-data", str(path)])


def restart_empty(app, tmp_path, folder="restored") -> Path:
    """An empty database and an empty upload folder, as on a new server."""
    with app.app_context():
        db.session.remove()
        _empty_tables()
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # a new database's ids start at 1
                for table in db.metadata.sorted_tables:
                    if table.autoincrement_column is not None:
                        connection.execute(sa.select(sa.func.setval(
                            sa.func.pg_get_serial_sequence(
                                table.name, table.autoincrement_column.name), 1, False)))
    app.config["UPLOAD_FOLDER"] = str(tmp_path / folder)
    return Path(app.config["UPLOAD_FOLDER"])
