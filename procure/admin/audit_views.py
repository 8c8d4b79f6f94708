"""The audit trail for administrators: a filtered page, newest first, and its CSV."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from procure.admin import bp
from procure.admin.audit_labels import ACTION_LABELS
from procure.admin.audit_queries import (
    audit_page,
    detail_items,
    detail_text,
    export_rows,
    parse_filters,
)
from procure.audit.services import escape_controls, record
from procure.core.downloads import csv_response
from procure.core.navigation import int_arg
from procure.csvexport import iter_csv
from procure.db import utcnow
from procure.extensions import db

@bp.get("/audit")
def audit():
    filters = parse_filters(request.args)
    page = audit_page(filters, current_app.config["PAGE_SIZE"],
                      before=int_arg("before"), after=int_arg("after"))
    status = 400 if filters.errors else 200
    return render_template("admin/audit.html", page=page, filters=filters,
                           query=filters.query_args(), action_labels=ACTION_LABELS,
                           detail_items=detail_items, escape_controls=escape_controls), status


@bp.get("/audit.csv")
def audit_csv():
    filters = parse_filters(request.args)
    if filters.errors:
        abort(400)
    record("export.audit_csv", actor=current_user, filters=filters.query_args())
    db.session.commit()  # the export is on the record before a byte of it leaves
    header = (_("Event"), _("Time (UTC)"), _("Name"), _("E-mail"), _("Action"),
              _("Object type"), _("Object id"), _("Address"), _("Details"))
    filename = f"audit-trail-{utcnow():%Y%m%dT%H%M%SZ}.csv"
    return csv_response(filename, iter_csv(_csv_rows(export_rows(filters)), header))


def _csv_rows(rows: Iterable[Any]) -> Iterator[tuple]:
    for event, name, email in rows:
        # Stored text is escaped again: events written before record() escaped, and
        # names people typed themselves, must not start a line either.
        yield (event.id, event.occurred_at, escape_controls(name or ""),
               escape_controls(email or ""), escape_controls(event.action),
               escape_controls(event.object_type), event.object_id,
               escape_controls(event.address or ""),
               escape_controls(detail_text(event.detail)))
