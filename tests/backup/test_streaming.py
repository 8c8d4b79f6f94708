"""import-data reads its backup as a stream: the memory it needs does not grow with the
file, and a backup damaged near its end still writes nothing (everything is checked in
a first pass before the first row goes in)."""
from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from procure.db import utcnow
from procure.extensions import db
from procure.mail.models import OutboxMail
from tests.backup.database import every_row, export, import_, restart_empty
from tests.dialogues.participation import add_participation

MAILS = 20_000
BODY = "Hej! En ny dialog om skolmåltider har öppnat; läs mer och anmäl dig. " * 6


@pytest.fixture
def app_config(tmp_path):
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


def _many_mails(app) -> None:
    with app.app_context():
        now = utcnow()
        table = OutboxMail.__table__
        for start in range(0, MAILS, 5000):
            db.session.execute(table.insert(), [
                {"recipient": f"leverantor{number}@example.se", "subject": f"Dialog {number}",
                 "body": BODY, "created_at": now, "next_attempt_at": now, "attempts": 0,
                 "last_error": ""} for number in range(start, start + 5000)])
        db.session.commit()


def _peak_while(call) -> tuple[int, object]:
    """The most memory Python allocated above what it held before ``call``."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        result = call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before, result


def test_a_large_backup_is_restored_in_bounded_memory(seeded, tmp_path):
    _many_mails(seeded)
    with seeded.app_context():
        before = every_row()
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    size = backup.stat().st_size
    assert size > 10_000_000, "the backup is much larger than the memory allowed below"
    restart_empty(seeded, tmp_path)

    growth, result = _peak_while(lambda: import_(seeded, backup))

    assert result.exit_code == 0, result.output
    assert f"Restored {sum(map(len, before.values()))} rows" in result.output
    # Reading the whole file (json.load) took about nine times its size; a stream holds
    # a batch of rows and the parser's buffer.
    print(f"peak growth {growth} bytes for a backup of {size} bytes")
    assert growth < 8_000_000, f"{growth} bytes for a backup of {size}"
    with seeded.app_context():
        after = every_row()
        after["audit_events"].pop()  # the restore's own event
        assert after == before


def _truncated(backup: Path) -> None:
    text = backup.read_text(encoding="utf-8")
    backup.write_text(text[:-40], encoding="utf-8")  # cut inside the last file entry


def _last_table_row_too_short(backup: Path) -> None:
    document = json.loads(backup.read_text())
    last = list(document["tables"])[-1]
    document["tables"][last]["rows"][-1].pop()
    backup.write_text(json.dumps(document, indent=0))


def _not_json_at_the_end(backup: Path) -> None:
    text = backup.read_text(encoding="utf-8").rstrip()
    assert text.endswith("]}")
    backup.write_text(text[:-2] + "],}\n", encoding="utf-8")


@pytest.mark.parametrize(("damage", "message"), [
    (_truncated, "not JSON"),
    (_last_table_row_too_short, "values for"),
    (_not_json_at_the_end, "not JSON"),
])
def test_damage_late_in_the_file_writes_nothing(seeded, tmp_path, damage, message):
    """Every table but the last, and the files, would already be in had the rows been
    written as they were read."""
    add_participation(seeded)
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    damage(backup)
    folder = restart_empty(seeded, tmp_path)
    result = import_(seeded, backup)
    assert result.exit_code == 1, result.output
    assert message in result.output
    with seeded.app_context():
        assert not any(every_row().values()), "nothing was written"
    assert not folder.exists() or not any(folder.iterdir())


def test_a_backup_on_standard_input_is_restored(seeded, tmp_path):
    add_participation(seeded)
    with seeded.app_context():
        before = every_row()
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    folder = restart_empty(seeded, tmp_path)
    with backup.open("rb") as handle:
        result = seeded.test_cli_runner().invoke(args=["import-data", "-"], input=handle)
    assert result.exit_code == 0, result.output
    with seeded.app_context():
        after = every_row()
        after["audit_events"].pop()
        assert after == before
    assert len(list(folder.iterdir())) == 1 and not list(folder.glob("*.part"))


def test_tables_in_another_order_are_still_restored_in_dependency_order(seeded, tmp_path):
    """export-data writes the tables in dependency order (read in one pass); a file
    that has them otherwise is read once per table."""
    add_participation(seeded)
    with seeded.app_context():
        before = every_row()
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    document = json.loads(backup.read_text())
    document["tables"] = dict(reversed(list(document["tables"].items())))
    backup.write_text(json.dumps(document))
    restart_empty(seeded, tmp_path)
    result = import_(seeded, backup)
    assert result.exit_code == 0, result.output
    with seeded.app_context():
        after = every_row()
        after["audit_events"].pop()
        assert after == before
