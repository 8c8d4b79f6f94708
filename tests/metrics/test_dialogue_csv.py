"""The organisations-per-dialogue CSV lists every dialogue of the selection and is
streamed: read a batch at a time and sent as it is read, never built whole."""
from __future__ import annotations

import csv
import io

from procure.extensions import db
from procure.metrics import queries
from procure.metrics.queries import Filters


def test_the_dialogue_file_is_streamed_with_every_dialogue(seeded, login, monkeypatch):
    monkeypatch.setattr(queries, "STREAM_BATCH", 2)  # several batches on the demo data
    admin = login("admin")
    response = admin.get("/dashboard/organisations-per-dialogue.csv")
    assert response.status_code == 200
    assert response.is_streamed, "sent as it is read"
    assert response.headers["Content-Disposition"].startswith("attachment")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert len(rows[0]) == 2  # the header: the dialogue and its organisations
    with seeded.app_context():
        expected = queries.organisations_per_dialogue(Filters())
        published = queries.dialogue_count(Filters())
    assert published > 2 and len(rows) - 1 == published, "every dialogue, in all batches"
    assert [(title, int(count)) for title, count in rows[1:]] == expected
    assert sum(count for _title, count in expected) > 0


def test_the_export_is_on_the_record_before_the_file_is_read(seeded, login):
    from procure.audit.models import AuditEvent

    admin = login("admin")
    response = admin.get("/dashboard/organisations-per-dialogue.csv")
    assert response.status_code == 200
    with seeded.app_context():
        event = db.session.execute(db.select(AuditEvent).filter_by(
            action="export.dashboard_csv").order_by(AuditEvent.id.desc())).scalars().first()
        assert event.detail["table"] == "organisations-per-dialogue"
