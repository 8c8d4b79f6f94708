"""The audit trail: sign-ins and refusals are events, administrators read and export them."""
import csv
import html
import io
import json
import re
from datetime import datetime, timezone

import pytest

from procure.audit.models import AuditEvent, AuditTrailIsAppendOnly
from procure.audit.services import escape_controls, record
from procure.extensions import db
from procure.seeding import DEMO_PASSWORD
from tests.conftest import ACCOUNTS, user_by_role

BOM = b"\xef\xbb\xbf"
FORMULA = "=cmd|' /C calc'!A0"


def _events(app, action):
    with app.app_context():
        return db.session.execute(db.select(AuditEvent).filter_by(action=action)
                                  .order_by(AuditEvent.id)).scalars().all()


def _add_events(app, *events):
    """``(action, detail, occurred_at or None)`` tuples, recorded as the admin."""
    with app.app_context():
        admin = user_by_role("admin")
        for action, detail, occurred_at in events:
            event = record(action, actor=admin, **detail)
            if occurred_at:
                event.occurred_at = occurred_at
        db.session.commit()


def _csv_rows(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_failed_and_successful_sign_ins_are_recorded_with_the_address(seeded, client):
    environ = {"REMOTE_ADDR": "203.0.113.7"}
    client.post_form("/login", {"email": "Officer@Procure.Example",
                                "password": "not the password"}, environ_base=environ)
    client.post_form("/login", {"email": ACCOUNTS["officer"], "password": DEMO_PASSWORD},
                     environ_base=environ)
    [failed] = _events(seeded, "auth.login_failed")
    [signed_in] = _events(seeded, "auth.login")
    with seeded.app_context():
        officer_id = user_by_role("officer").id
    assert failed.detail == {"email": ACCOUNTS["officer"]}
    assert failed.actor_id is None and failed.object_type == "" and failed.object_id is None
    assert failed.address == "203.0.113.7"
    assert (signed_in.actor_id, signed_in.object_id) == (officer_id, officer_id)
    assert signed_in.address == "203.0.113.7"


def test_a_password_never_reaches_the_trail(seeded, client):
    client.post_form("/login", {"email": "nobody@procure.example",
                                "password": "my secret password 42"})
    client.post_form("/login", {"email": ACCOUNTS["admin"], "password": DEMO_PASSWORD})
    with seeded.app_context():
        events = db.session.execute(db.select(AuditEvent)).scalars().all()
    assert all("my secret password" not in json.dumps(event.detail) for event in events)
    assert all(DEMO_PASSWORD not in json.dumps(event.detail) for event in events)


def test_a_long_email_is_cut_in_the_failed_sign_in(seeded):
    from procure.auth import services

    email = "a" * 300 + "@example.se"  # the form refuses these; the service cuts them too
    with seeded.test_request_context():
        assert services.authenticate(email, "wrong password here") is None
        db.session.commit()
    [failed] = _events(seeded, "auth.login_failed")
    assert failed.detail["email"] == email[:254]


def test_sign_out_is_recorded(login, seeded):
    login("officer").post_form("/logout")
    [event] = _events(seeded, "auth.logout")
    with seeded.app_context():
        assert event.actor_id == user_by_role("officer").id


def test_a_refused_request_is_recorded(login, seeded):
    supplier = login("supplier")
    response = supplier.get("/admin/users?role=admin")
    assert response.status_code == 403
    [refused] = _events(seeded, "access.refused")
    with seeded.app_context():
        assert refused.actor_id == user_by_role("supplier").id
    assert refused.detail == {"method": "GET", "path": "/admin/users",
                              "endpoint": "admin.users"}
    assert refused.address == "127.0.0.1"


def test_a_refused_post_records_the_refusal_and_nothing_else(login, seeded):
    officer = login("officer")
    response = officer.post_form("/admin/departments", {
        "code": "KUL", "name_sv": "Kultur", "name_en": "Culture", "kind": "administration"})
    assert response.status_code == 403
    [refused] = _events(seeded, "access.refused")
    assert refused.detail["method"] == "POST"
    assert _events(seeded, "department.created") == []


def test_line_breaks_in_a_refused_path_are_escaped(login, seeded):
    assert login("supplier").get("/needs/UTB-1%0D%0AFAKE").status_code == 403
    [refused] = _events(seeded, "access.refused")
    assert refused.detail["path"] == "/needs/UTB-1␍␊FAKE"


def test_not_found_is_not_recorded(login, seeded):
    assert login("officer").get("/needs/UTB-1999-999").status_code == 404
    assert _events(seeded, "access.refused") == []


def test_the_error_page_survives_a_failure_to_record(login, seeded, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("procure.core.errors.record", broken)
    response = login("supplier").get("/admin/users")
    assert response.status_code == 403
    assert "Du har inte behörighet till sidan" in response.get_data(as_text=True)
    assert "could not record a refused request" in caplog.text


@pytest.mark.parametrize("url", ["/admin/audit", "/admin/audit.csv"])
def test_only_admins_read_the_trail_and_others_are_recorded(login, seeded, url):
    assert login("officer").get(url).status_code == 403
    [refused] = _events(seeded, "access.refused")
    assert refused.detail["path"] == url
    assert _events(seeded, "export.audit_csv") == []


def test_the_page_lists_events_newest_first_with_who_and_address(login, seeded):
    admin = login("admin")
    _add_events(seeded, ("test.first", {"note": "first event"}, None),
                ("test.second", {"note": "second event"}, None))
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert page.index("second event") < page.index("first event")
    assert "Astrid Lindqvist" in page and ACCOUNTS["admin"] in page
    assert "127.0.0.1" in page
    assert "auth.login" in page  # the admin's own sign-in


def test_filters_by_action_prefix_actor_and_object_type(login, seeded):
    admin = login("admin")
    login_failed = seeded.test_client()
    login_failed.post_form("/login", {"email": "nobody@procure.example",
                                      "password": "wrong password here"})
    _add_events(seeded, ("test.note", {"note": "an admin note"}, None))

    page = admin.get("/admin/audit?action=auth.").get_data(as_text=True)
    assert "nobody@procure.example" in page and "an admin note" not in page

    page = admin.get("/admin/audit?actor=ADMIN@procure").get_data(as_text=True)
    assert "an admin note" in page and "nobody@procure.example" not in page

    page = admin.get("/admin/audit?object_type=users").get_data(as_text=True)
    assert "auth.login" in page and "an admin note" not in page

    # A prefix is a prefix, not a pattern: "%" and "_" match themselves.
    page = admin.get("/admin/audit?action=%25").get_data(as_text=True)
    assert "auth.login" not in page and "an admin note" not in page


def test_filters_by_utc_dates(login, seeded):
    admin = login("admin")
    _add_events(
        seeded,
        # 00:30 on the 11th in Stockholm, but the 10th in UTC.
        ("test.dated", {"note": "late on the tenth"},
         datetime(2025, 1, 10, 23, 30, tzinfo=timezone.utc)),
        ("test.dated", {"note": "early on the eleventh"},
         datetime(2025, 1, 11, 0, 10, tzinfo=timezone.utc)),
        ("test.dated", {"note": "on the ninth"}, datetime(2025, 1, 9, 12, tzinfo=timezone.utc)),
    )
    page = admin.get("/admin/audit?from=2025-01-10&to=2025-01-10").get_data(as_text=True)
    assert "late on the tenth" in page
    assert "early on the eleventh" not in page and "on the ninth" not in page
    page = admin.get("/admin/audit?from=2025-01-10").get_data(as_text=True)
    assert "late on the tenth" in page and "early on the eleventh" in page
    assert "on the ninth" not in page
    page = admin.get("/admin/audit?to=2025-01-09").get_data(as_text=True)
    assert "on the ninth" in page and "late on the tenth" not in page
    assert 'datetime="2025-01-10T23:30:00Z"' in admin.get(
        "/admin/audit?action=test.dated").get_data(as_text=True)


def test_a_date_that_is_not_a_date_is_said_so(login, seeded):
    admin = login("admin")
    response = admin.get("/admin/audit?from=10/1/2025")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ange ett datum, till exempel 2027-03-15." in page
    assert 'aria-invalid="true"' in page
    assert admin.get("/admin/audit.csv?to=2025-02-30").status_code == 400


class TestPages:
    @pytest.fixture
    def app_config(self):
        return {"PAGE_SIZE": 3}

    def _page(self, client, url):
        page = client.get(url).get_data(as_text=True)
        notes = re.findall(r"page note (\d+)", page)
        links = {rel: html.unescape(href) for href, rel in
                 re.findall(r'<a href="([^"]+)" rel="(prev|next)"', page)}
        return [int(number) for number in notes], links

    def test_pages_walk_the_filtered_trail_both_ways(self, login, seeded):
        admin = login("admin")
        _add_events(seeded, *[("test.page", {"note": f"page note {number}"}, None)
                              for number in range(1, 9)])
        notes, links = self._page(admin, "/admin/audit?action=test.page")
        assert notes == [8, 7, 6] and "prev" not in links
        seen = list(notes)
        pages = [notes]
        while "next" in links:
            assert "action=test.page" in links["next"]
            notes, links = self._page(admin, links["next"])
            pages.append(notes)
            seen += notes
        assert seen == [8, 7, 6, 5, 4, 3, 2, 1]
        assert pages[-1] == [2, 1]
        notes, links = self._page(admin, links["prev"])
        assert notes == [5, 4, 3] and "prev" in links and "next" in links
        notes, links = self._page(admin, links["prev"])
        assert notes == [8, 7, 6] and "prev" not in links

    def test_a_new_event_does_not_shift_the_pages(self, login, seeded):
        admin = login("admin")
        _add_events(seeded, *[("test.page", {"note": f"page note {number}"}, None)
                              for number in range(1, 7)])
        _notes, links = self._page(admin, "/admin/audit?action=test.page")
        _add_events(seeded, ("test.page", {"note": "page note 7"}, None))
        notes, _links = self._page(admin, links["next"])
        assert notes == [3, 2, 1]

    @pytest.mark.parametrize("query", ["before=abc", "after=-1", "before=99999999999999999999"])
    def test_odd_page_marks_are_ignored(self, login, query):
        assert login("admin").get(f"/admin/audit?{query}").status_code == 200


def test_csv_export_is_excel_ready_and_neutralised(login, seeded):
    admin = login("admin")
    admin.post_form("/language", {"lang": "en"})
    with seeded.app_context():
        supplier = user_by_role("supplier")
        supplier.name = FORMULA
        record("test.formula", actor=supplier, note=FORMULA)
        db.session.commit()
    response = admin.get("/admin/audit.csv?action=test.")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="audit-trail-')
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.get_data()
    assert body.startswith(BOM)
    header, *rows = _csv_rows(body)
    assert header == ["Event", "Time (UTC)", "Name", "E-mail", "Action", "Object type",
                      "Object id", "Address", "Details"]
    [row] = rows
    assert row[2] == "'" + FORMULA  # the name cell
    assert row[3] == ACCOUNTS["supplier"]
    assert json.loads(row[8]) == {"note": FORMULA}  # inert: the cell starts with "{"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", row[1])
    assert row[7] == ""  # recorded outside a request: no address
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header + row)


def test_csv_export_records_itself_with_its_filters(login, seeded):
    admin = login("admin")
    admin.get("/admin/audit.csv?action=auth.&from=2025-01-01")
    [export] = _events(seeded, "export.audit_csv")
    with seeded.app_context():
        assert export.actor_id == user_by_role("admin").id
    assert export.detail == {"filters": {"action": "auth.", "from": "2025-01-01"}}
    # The export lists itself: it is on the record before the file is written.
    body = admin.get("/admin/audit.csv?action=export.").get_data()
    assert len(_csv_rows(body)) == 1 + 2


def test_user_text_cannot_forge_lines_in_the_csv_or_the_page(login, seeded):
    admin = login("admin")
    with seeded.app_context():
        supplier = user_by_role("supplier")
        supplier.name = "Sara\r\nFAKE;row"
        record("test.forge", actor=supplier, note="harmless\r\nFAKE;2026-01-01;admin",
               lines=["one\ntwo", "three\u2028four"])
        db.session.commit()
    [event] = _events(seeded, "test.forge")
    assert event.detail["note"] == "harmless␍␊FAKE;2026-01-01;admin"
    assert event.detail["lines"] == ["one␊two", "three[U+2028]four"]

    body = admin.get("/admin/audit.csv?action=test.forge").get_data()
    text = body.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert len(lines) == 3 and lines[-1] == ""  # header, one row, the final CRLF
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    assert not any(line.startswith("FAKE") for line in lines)
    [_header, row] = _csv_rows(body)
    assert row[2] == "Sara␍␊FAKE;row"

    page = admin.get("/admin/audit?action=test.forge").get_data(as_text=True)
    assert "\nFAKE" not in page and "\rFAKE" not in page
    assert "harmless␍␊FAKE" in page and "Sara␍␊FAKE" in page


def test_events_cannot_be_changed_or_deleted(seeded):
    _add_events(seeded, ("test.kept", {"note": "as it was"}, None))
    with seeded.app_context():
        [event] = db.session.execute(db.select(AuditEvent).filter_by(action="test.kept")).scalars()
        event.detail = {"note": "rewritten"}
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
        [event] = db.session.execute(db.select(AuditEvent).filter_by(action="test.kept")).scalars()
        db.session.delete(event)
        with pytest.raises(AuditTrailIsAppendOnly):
            db.session.flush()
        db.session.rollback()
    [event] = _events(seeded, "test.kept")
    assert event.detail == {"note": "as it was"}


def test_escape_controls():
    assert escape_controls("plain text, å ä ö") == "plain text, å ä ö"
    assert escape_controls("a\r\nb\tc\x00d\x1be\x7f") == "a␍␊b␉c␀d␛e␡"
    assert escape_controls("x\u2028y\u2029z\x85") == "x[U+2028]y[U+2029]z[U+0085]"
    assert escape_controls("\u202eevil") == "[U+202E]evil"
    assert escape_controls("a literal \\n stays") == "a literal \\n stays"


class TestBehindAProxy:
    @pytest.fixture
    def app_config(self):
        return {"PROXY_COUNT": 1}

    def test_the_address_comes_from_the_proxy(self, seeded, client):
        client.post_form("/login", {"email": "nobody@procure.example",
                                    "password": "wrong password here"},
                         headers={"X-Forwarded-For": "198.51.100.4"})
        [failed] = _events(seeded, "auth.login_failed")
        assert failed.address == "198.51.100.4"

    def test_a_forged_address_is_kept_inert(self, seeded, login):
        admin = login("admin")
        seeded.test_client().post_form(
            "/login", {"email": "nobody@procure.example", "password": "wrong password"},
            headers={"X-Forwarded-For": FORMULA})
        [failed] = _events(seeded, "auth.login_failed")
        assert failed.address == FORMULA
        [_header, row] = _csv_rows(admin.get("/admin/audit.csv?action=auth.login_failed")
                                   .get_data())
        assert row[7] == "'" + FORMULA


def _recorded_actions() -> set[str]:
    """Every action code passed to record() in the code, the computed ones spelled out."""
    import ast
    from pathlib import Path

    import procure
    codes = set()
    for path in Path(procure.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "record"
                    and not isinstance(node.args[0], ast.JoinedStr)):
                codes |= {n.value for n in ast.walk(node.args[0]) if isinstance(n, ast.Constant)
                          and isinstance(n.value, str) and "." in n.value}
    # f"dialogue.{kind}_published" and f"membership.{decision}":
    from procure.auth.models import MEMBERSHIP_TRANSITIONS
    from procure.dialogues.models import MESSAGE_KINDS
    codes |= {f"dialogue.{kind}_published" for kind in MESSAGE_KINDS}
    codes |= {f"membership.{d}" for ds in MEMBERSHIP_TRANSITIONS.values() for d in ds}
    return codes


def test_every_recorded_action_has_a_label_in_words():
    from procure.admin.audit_labels import ACTION_LABELS
    codes = _recorded_actions()
    assert len(codes) > 70 and "dialogue.slot_waiting" in codes  # the scan finds them
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_the_trail_reads_in_words(login, seeded):
    admin = login("admin")
    _add_events(seeded, ("dialogue.slot_added", {"starts_at": "2027-03-08T09:00:00+00:00",
                                                 "capacity": 2, "filters": {"year": 2026},
                                                 "recipients": ["a", "b"]}, None))
    page = admin.get("/admin/audit?action=dialogue.slot_added").get_data(as_text=True)
    assert "Mötestid tillagd<br><code>dialogue.slot_added</code>" in page
    assert ('<dl class="audit-details"><dt>Capacity</dt><dd>2</dd><dt>Filters</dt>'
            '<dd>Year: 2026</dd><dt>Recipients</dt><dd>a, b</dd>'
            '<dt>Starts at</dt><dd>2027-03-08T09:00:00+00:00</dd></dl>') in page
    assert "{&#34;" not in page and '{"' not in page  # no JSON left on the page
