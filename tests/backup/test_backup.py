"""export-data and import-data: the demo (with an uploaded file) goes out and comes back
row for row on SQLite and PostgreSQL, and what cannot be restored faithfully is refused
before anything is written."""
from __future__ import annotations

import hashlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from procure.audit.models import AuditEvent
from procure.auth.models import PasswordResetToken, RecoveryCode
from procure.backup.schema import code_revision
from procure.db import utcnow
from procure.dialogues import inputs
from procure.dialogues.models import Dialogue, DialogueChange, InputAttachment, WrittenInput
from procure.extensions import db
from procure.mail.models import OutboxMail
from procure.marketscan.models import KeptNotice, TedScan
from procure.needs.models import Need
from procure.portfolio.models import InitiativeResources
from procure.risks.models import Risk
from procure.suppliers.models import PendingRegistration
from tests.backup.database import every_row, export, import_, restart_empty
from tests.conftest import user_by_role
from tests.dialogues.participation import PDF, add_participation


@pytest.fixture
def app_config(tmp_path):
    # Each test's uploads in a folder of its own, so a restore starts from an empty one.
    return {"UPLOAD_FOLDER": str(tmp_path / "uploads")}


def fill_the_tables_the_demo_leaves_empty(app) -> None:
    """A row in each table the demo has none in, so every column type makes the trip:
    dates, JSON lists and objects, timestamps with microseconds."""
    with app.app_context():
        supplier, need = user_by_role("supplier"), db.session.execute(db.select(Need)).scalar()
        db.session.add_all([
            OutboxMail(recipient=supplier.email, subject="Ny dialog", body="Läs mer.\n",
                       sent_at=utcnow()),
            PasswordResetToken(user_id=supplier.id, token_hash="a" * 64,
                               expires_at=utcnow() + timedelta(minutes=30)),
            RecoveryCode(user_id=supplier.id, code_hash="argon2-hash-of-a-code"),
            KeptNotice(need_id=need.id, publication_number="123456-2025", kind="contract",
                       title="Ramavtal måltider", publication_date=date(2025, 2, 28)),
            TedScan(need_id=need.id, query_key="b" * 64, language="sv", total=2,
                    query={"cpv": ["15000000"], "country": "SE", "widen": None},
                    notices=[{"title": "Ett", "value": 1.5}, {"title": "Två", "lots": []}]),
            Risk(need_id=need.id, description="Ingen svarar", likelihood=2, impact=5,
                 owner_id=user_by_role("officer").id, status="open",
                 review_on=date(2027, 1, 15)),
            InitiativeResources(need_id=need.id, budget_planned_sek=500_000,
                                budget_used_sek=12_500, hours_planned=300, hours_used=20),
            PendingRegistration(token_hash="c" * 64, email="ny@grönska.example",
                                name="Ylva Åström", password_hash="argon2-hash",
                                locale="sv", country="SE", identifier="556036-0793",
                                company_name="Grönska Innovation AB", size="micro",
                                interests=["55000000-0"],
                                expires_at=utcnow() + timedelta(hours=48)),
            DialogueChange(dialogue_id=db.session.execute(db.select(Dialogue.id)).scalar(),
                           changed_by_id=user_by_role("officer").id, recipients=3,
                           changes=[{"field": "place", "old": "", "new": "Stadshuset"}]),
        ])
        db.session.commit()


def test_the_demo_goes_out_and_comes_back_row_for_row(seeded, tmp_path):
    participation = add_participation(seeded)  # a booking, a question, input with a PDF
    fill_the_tables_the_demo_leaves_empty(seeded)
    backup = tmp_path / "backup.json"
    with seeded.app_context():
        before = every_row()
        empty = [name for name, rows in before.items() if not rows]
        assert not empty, f"give {empty} a row above, so their columns are round-tripped too"
        stored_name = db.session.execute(
            sa.text("SELECT stored_name FROM dialogue_input_files WHERE id = :id"),
            {"id": participation.attachment_id}).scalar_one()
    export(seeded, backup)

    document = json.loads(backup.read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("procure-backup", 1)
    assert document["schema_revision"] == code_revision()
    with seeded.app_context():
        assert set(document["tables"]) == set(db.metadata.tables), "every table is in the file"
    assert [file["path"] for file in document["files"]] == [stored_name]
    assert document["files"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()

    folder = restart_empty(seeded, tmp_path)
    result = import_(seeded, backup)
    assert result.exit_code == 0, result.output
    assert f"Restored {sum(map(len, before.values()))} rows" in result.output

    with seeded.app_context():
        after = every_row()
        imported = after["audit_events"].pop()
        assert db.session.get(AuditEvent, imported[0]).action == "backup.imported"
        assert after == before
    assert (folder / stored_name).read_bytes() == PDF
    assert not list(folder.glob("*.part"))


def test_the_restored_database_goes_on_working(make_client, tmp_path):
    """New rows get new ids after the restore (PostgreSQL's sequences were moved on)."""
    backup = tmp_path / "backup.json"
    app = make_client().application
    export(app, backup)
    restart_empty(app, tmp_path)
    assert import_(app, backup).exit_code == 0
    officer = make_client("officer")
    response = officer.post_form("/needs/new", {"title": "Säkrare skolvägar", "language": "sv"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Need.id))).scalar_one() == \
            len(json.loads(backup.read_text())["tables"]["needs"]["rows"]) + 1


def test_the_export_is_audited_after_its_snapshot(seeded, tmp_path):
    backup = tmp_path / "backup.json"
    export(seeded, backup, "--no-files")
    with seeded.app_context():
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="backup.exported")).scalar_one()
    assert event.detail["sha256"] == hashlib.sha256(backup.read_bytes()).hexdigest()
    assert event.detail["with_files"] is False
    events_in_file = json.loads(backup.read_text())["tables"]["audit_events"]["rows"]
    assert event.id not in [row[0] for row in events_in_file]


def test_the_backup_can_go_to_standard_output(seeded):
    result = seeded.test_cli_runner().invoke(args=["export-data", "--out", "-"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["format"] == "procure-backup"
    assert "Wrote" in result.stderr


def _edited(backup: Path, change) -> Path:
    document = json.loads(backup.read_text())
    change(document)
    backup.write_text(json.dumps(document))
    return backup


@pytest.mark.parametrize(("change", "message"), [
    (lambda doc: doc.update(format="something-else"), "not a procure backup"),
    (lambda doc: doc.update(version=2), "format version 2; this procure reads version 1"),
    (lambda doc: doc.update(schema_revision="0011_assessment"),
     f"schema revision 0011_assessment; this procure is at {code_revision()}"),
    (lambda doc: doc["tables"].pop("needs"), "missing ['needs']"),
    (lambda doc: doc["files"][0].update(content="JVBERi0xLjQK"), "does not match its checksum"),
    (lambda doc: doc["files"][0].update(path="../../etc/cron.d/x"),
     "a file outside the upload folder"),
    (lambda doc: doc["files"].clear(),
     "uploaded files that are neither in the backup nor in the upload folder"),
])
def test_a_backup_that_cannot_be_restored_faithfully_is_refused(seeded, tmp_path, change,
                                                                 message):
    add_participation(seeded)
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    folder = restart_empty(seeded, tmp_path)
    result = import_(seeded, _edited(backup, change))
    assert result.exit_code == 1
    assert message in result.output
    with seeded.app_context():
        assert not any(every_row().values()), "nothing was written"
    assert not folder.exists() or not any(folder.iterdir())


def test_a_database_with_rows_is_not_restored_into(seeded, tmp_path):
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    with seeded.app_context():
        before = every_row()
    result = import_(seeded, backup)
    assert result.exit_code == 1
    assert "The database is not empty: " in result.output
    assert "users" in result.output.split("not empty:")[1]
    with seeded.app_context():
        after = every_row()
    assert after == before


def test_referenced_files_must_be_in_the_upload_folder(seeded, tmp_path):
    add_participation(seeded)
    backup = tmp_path / "backup.json"
    export(seeded, backup, "--no-files")
    document = json.loads(backup.read_text())
    assert "content" not in document["files"][0] and document["files"][0]["size"] == len(PDF)
    folder = restart_empty(seeded, tmp_path)
    result = import_(seeded, backup)
    assert result.exit_code == 1
    assert "only references" in result.output
    # With the folder copied by other means, the same backup restores.
    folder.mkdir(parents=True)
    (folder / document["files"][0]["path"]).write_bytes(PDF)
    assert import_(seeded, backup).exit_code == 0


@pytest.mark.postgres
def test_the_backup_is_one_snapshot_while_others_write(seeded, tmp_path, monkeypatch):
    """A department added while the export runs (after the first table was read, before
    the departments) is not in the file: every table is read as of one moment."""
    if seeded.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("SQLite's writers wait for the export's read lock (set TEST_DATABASE_URL)")
    from procure.backup import export as export_module

    real_write_table = export_module._write_table

    def write_table_then_someone_writes(writer, connection, table):
        count = real_write_table(writer, connection, table)
        if table.name == "cpv_codes":
            with db.engine.begin() as other:
                other.execute(sa.text(
                    "INSERT INTO departments (code, name_sv, name_en, kind, created_at,"
                    " updated_at) VALUES ('NYA', 'Nya förvaltningen', 'New department',"
                    " 'administration', now(), now())"))
        return count

    monkeypatch.setattr(export_module, "_write_table", write_table_then_someone_writes)
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    departments = json.loads(backup.read_text())["tables"]["departments"]
    code = departments["columns"].index("code")
    assert "NYA" not in [row[code] for row in departments["rows"]]
    with seeded.app_context():
        assert db.session.execute(sa.text(
            "SELECT count(*) FROM departments WHERE code = 'NYA'")).scalar_one() == 1


def _stored_name(app, attachment_id: int) -> str:
    with app.app_context():
        return db.session.execute(
            sa.text("SELECT stored_name FROM dialogue_input_files WHERE id = :id"),
            {"id": attachment_id}).scalar_one()


def test_the_backup_holds_the_files_its_rows_name_and_no_others(seeded, tmp_path):
    """What the folder has besides (a file whose row never came, one being written) is
    not the database's: it stays out."""
    stored_name = _stored_name(seeded, add_participation(seeded).attachment_id)
    folder = Path(seeded.config["UPLOAD_FOLDER"])
    (folder / ("0" * 32 + ".pdf")).write_bytes(PDF)
    (folder / ("1" * 32 + ".pdf.part")).write_bytes(PDF[:10])
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    assert [file["path"] for file in json.loads(backup.read_text())["files"]] == [stored_name]


@pytest.mark.parametrize("out", ["file", "-"])
def test_a_row_whose_file_is_missing_refuses_the_export(seeded, tmp_path, out):
    stored_name = _stored_name(seeded, add_participation(seeded).attachment_id)
    (Path(seeded.config["UPLOAD_FOLDER"]) / stored_name).unlink()
    backup = tmp_path / "backup.json"
    result = seeded.test_cli_runner().invoke(
        args=["export-data", "--out", str(backup) if out == "file" else "-"])
    assert result.exit_code == 1
    assert (f"The database names uploaded files that are not in the upload folder "
            f"{seeded.config['UPLOAD_FOLDER']} (1): {stored_name}. Nothing was exported") \
        in result.stderr
    assert not backup.exists() and result.stdout == ""
    assert not list(tmp_path.glob(".backup.json.*")), "no temporary file is left"
    with seeded.app_context():
        assert not db.session.execute(db.select(AuditEvent).filter_by(
            action="backup.exported")).first()


def test_the_files_are_in_place_before_the_rows_are_committed(seeded, tmp_path,
                                                              monkeypatch):
    """A restore that dies after its commit cannot leave rows naming absent files; when
    the commit fails, the files it placed go again, and a file of the backup that was
    already there stays."""
    first = add_participation(seeded)
    with seeded.app_context():
        written = db.session.get(WrittenInput, db.session.get(
            InputAttachment, first.attachment_id).input_id)
        second = inputs.add_attachment(
            written, io.BytesIO(PDF + b" "), "bilaga.pdf",
            folder=seeded.config["UPLOAD_FOLDER"], max_bytes=10_000_000, max_count=5,
            actor=user_by_role("supplier"))
        db.session.commit()
        second_id = second.id
    names = [_stored_name(seeded, first.attachment_id), _stored_name(seeded, second_id)]
    backup = tmp_path / "backup.json"
    export(seeded, backup)
    folder = restart_empty(seeded, tmp_path)
    folder.mkdir(parents=True)
    (folder / names[0]).write_bytes(PDF)  # left by an earlier attempt that died
    seen_at_commit = []

    def commit_fails():
        seen_at_commit.extend(sorted(path.name for path in folder.iterdir()))
        raise RuntimeError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(db.session, "commit", commit_fails)
        result = import_(seeded, backup)
    assert isinstance(result.exception, RuntimeError)
    assert seen_at_commit == sorted(names), "every file was in place before the commit"
    assert sorted(path.name for path in folder.iterdir()) == [names[0]]
    with seeded.app_context():
        assert not any(every_row().values())

    result = import_(seeded, backup)
    assert result.exit_code == 0, result.output
    assert [(folder / name).read_bytes() for name in names] == [PDF, PDF + b" "]
    assert not list(folder.glob("*.part"))
