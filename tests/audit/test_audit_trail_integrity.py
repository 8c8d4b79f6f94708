"""The audit trail stays as written: no code path changes or removes an event, and text
people type cannot start a line of its own in the trail, its export or the app's log."""
from __future__ import annotations

import csv
import io
import logging
import re

import pytest

from procure.audit.models import AuditEvent
from procure.extensions import db
from tests.conftest import ROOT

# Ways to change or remove rows of audit_events without the ORM (whose flush refuses
# it, see procure.audit.models): Core statements and SQL text.
CHANGES = [
    re.compile(r"\b(update|delete)\s*\(\s*AuditEvent\b"),
    re.compile(r"AuditEvent\.__table__\s*\.\s*(update|delete)\b"),
    re.compile(r"\bquery\s*\(\s*AuditEvent\b[^\n]*\.(update|delete)\s*\("),
    re.compile(r"(?i)\b(update|delete\s+from|truncate(\s+table)?)\s+[\"'`]?audit_events\b"),
]
# Migrations may rewrite the schema's own history: 0010 renamed two actions once
# (user.login -> auth.login), in the upgrade and back in the downgrade.
MIGRATIONS_ALLOWED = {"0010_audit_address.py"}


def _changes_in(text: str) -> list[int]:
    """The line numbers in ``text`` that change or remove audit rows."""
    return sorted(text[:match.start()].count("\n") + 1
                  for pattern in CHANGES for match in pattern.finditer(text))


@pytest.mark.parametrize("snippet", [
    "db.session.execute(update(AuditEvent).values(action='x'))",
    "db.session.execute(delete(AuditEvent).where(AuditEvent.id == 1))",
    "connection.execute(AuditEvent.__table__.delete())",
    "db.session.query(AuditEvent).filter_by(id=1).delete()",
    'db.session.execute(text("DELETE FROM audit_events WHERE id = 1"))',
    "op.execute('UPDATE \"audit_events\" SET detail = NULL')",
    'connection.exec_driver_sql("TRUNCATE TABLE audit_events")',
])
def test_the_search_finds_each_kind_of_change(snippet):
    assert _changes_in(f"import x\n{snippet}\n") == [2]
    assert _changes_in("record('need.updated', need)  # adds an event\n") == []


def test_no_code_changes_or_deletes_audit_events():
    """The app's code never updates or deletes audit rows (the stories in
    test_audit_coverage.py also watch every statement every route sends)."""
    offending = []
    for path in sorted((ROOT / "procure").rglob("*.py")):
        if path.parent.name == "versions" and path.name in MIGRATIONS_ALLOWED:
            continue
        offending += [f"{path.relative_to(ROOT)}:{line}"
                      for line in _changes_in(path.read_text(encoding="utf-8"))]
    assert offending == []


def _events(app, action):
    with app.app_context():
        return db.session.execute(db.select(AuditEvent).filter_by(action=action)
                                  .order_by(AuditEvent.id)).scalars().all()


FORGED = "Kökssvinn AB\r\n2026-01-01T00:00:00;Astrid Lindqvist;auth.login\u2028x"


def test_a_name_typed_with_line_breaks_stays_on_one_line(login, make_client, seeded):
    """A company name sent with line breaks (a crafted request: the form has one line)
    is kept escaped in its event, in the trail's CSV and on the trail's page."""
    supplier = make_client("supplier")
    response = supplier.post_form("/suppliers/organisation/edit",
                                  {"company_name": FORGED, "size": "small"})
    assert response.status_code == 303
    [event] = _events(seeded, "organisation.updated")
    new_name = event.detail["name"][1]
    assert "\r" not in new_name and "\n" not in new_name and "\u2028" not in new_name
    assert new_name.startswith("Kökssvinn AB␍␊2026-01-01")

    admin = login("admin")
    body = admin.get("/admin/audit.csv?action=organisation.").get_data().decode("utf-8-sig")
    records = body.split("\r\n")
    assert records[-1] == "" and len(records) == 3  # the header, one event, the end
    assert "\n" not in body.replace("\r\n", "") and "\r" not in body.replace("\r\n", "")
    [_header, row] = list(csv.reader(io.StringIO(body, newline=""), delimiter=";"))
    assert "Kökssvinn AB␍␊2026-01-01" in row[-1]
    page = admin.get("/admin/audit?action=organisation.").get_data(as_text=True)
    assert "Kökssvinn AB␍␊2026-01-01" in page and "AB\r\n2026" not in page


def test_a_failed_sign_in_with_line_breaks_in_the_address_is_escaped(seeded, client):
    client.post("/login", data={"csrf_token": client.csrf_token(), "email": FORGED,
                                "password": "not the password"})
    for event in _events(seeded, "auth.login_failed"):
        assert "\r" not in event.detail["email"] and "\n" not in event.detail["email"]


def test_the_error_log_shows_a_path_with_line_breaks_on_one_line(login, monkeypatch, caplog):
    """The log line of an unexpected error quotes the path (%r): a line break a client
    put in the URL cannot start a forged line in the log."""
    def broken(reference):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("procure.needs.views.load_need", broken)
    officer = login("officer")
    with caplog.at_level(logging.ERROR, logger="procure.core.errors"):
        response = officer.get("/needs/UTB-1%0D%0A2026-01-01 INFO forged%E2%80%A8line")
    assert response.status_code == 500
    [logged] = [record for record in caplog.records if record.name == "procure.core.errors"]
    message = logged.getMessage()
    assert "unhandled error on GET" in message
    assert "\n" not in message and "\r" not in message and "\u2028" not in message
    assert "\\r\\n2026-01-01 INFO forged" in message
