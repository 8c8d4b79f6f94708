"""The dashboard page, its PDF and a CSV file per table."""
from __future__ import annotations

import math
from dataclasses import replace

from flask import abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from procure.audit.services import record
from procure.core.downloads import csv_response
from procure.core.navigation import int_arg
from procure.core.pdf_downloads import cached_pdf_response
from procure.csvexport import decimal_sign_for, iter_csv, to_csv
from procure.db import utcnow
from procure.departments import services as departments
from procure.departments.models import Department
from procure.extensions import db
from procure.formatting import local_date
from procure.i18n import current_language
from procure.metrics import bp, dashboard, queries
from procure.core.identity import document_identity
from procure.metrics.dashboard_pdf import build_dashboard_pdf, format_cell
from procure.needs.vocabulary import status_label
from procure.pdf.cache import pdf_key


def _filters() -> queries.Filters:
    """The filters of the query string; an officer always sees their own department."""
    division = (request.args.get("division") or "")[:2]
    department_id = int_arg("department")
    if not current_user.is_admin:
        department_id = current_user.department_id
    return queries.Filters(year=int_arg("year"), department_id=department_id,
                           cpv_division=division if division.isdecimal() else None)


def _selection(filters: queries.Filters) -> str:
    parts = []
    if filters.department_id:
        department = db.session.get(Department, filters.department_id)
        parts.append(department.name(current_language()) if department else "–")
    else:
        parts.append(_("The whole city"))
    if filters.year:
        parts.append(str(filters.year))
    if filters.cpv_division:
        parts.append(_("CPV division %(division)s", division=filters.cpv_division))
    return " · ".join(parts)


def _need_status(status: str) -> str:
    return status_label(status, current_language())


def _build(filters):
    return dashboard.build(filters, _selection(filters), _need_status)


@bp.get("/dashboard")
def show():
    filters = _filters()
    built = _build(filters)
    return render_template(
        "metrics/dashboard.html", dashboard=built, filters=filters,
        years=queries.years(None if current_user.is_admin else current_user.department_id),
        departments=departments.department_choices(current_language())
        if current_user.is_admin else [],
        query=request.query_string.decode("ascii", "ignore"),
        cache_minutes=math.ceil(current_app.config["FIGURES_CACHE_SECONDS"] / 60),
        format_cell=lambda value: format_cell(value, current_language()))


@bp.get("/dashboard.pdf")
def pdf():
    filters = _filters()
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"]
    built, language, issued = _build(filters), current_language(), local_date(utcnow(), zone)
    record("export.dashboard_pdf", actor=current_user, object_type="export",
           filters=filters.__dict__)
    db.session.commit()
    # The figures, the language and the day printed on it: the same PDF until one changes.
    # Not the time the figures were computed: the same figures recomputed later make
    # the same PDF (its "as of" then names the first computation, which still holds).
    identity = document_identity()
    key = pdf_key({"dashboard": replace(built, as_of=""), "issued": issued,
                   "identity": identity}, "procure.metrics.dashboard_pdf", language)
    return cached_pdf_response(key, lambda: build_dashboard_pdf(built, language, issued,
                                                                identity),
                               "innovation-dashboard.pdf")


@bp.get("/dashboard/<key>.csv")
def table_csv(key: str):
    filters = _filters()
    streamed = dashboard.streamed_table(key, filters)
    # Numbers as numbers a spreadsheet in the reader's language reads (decimal comma in
    # Swedish); units sit in the header or a unit column, never in the cell.
    decimal_sign = decimal_sign_for(current_language())
    if streamed is None:
        # The page's kept figures (figures.py), so the file says what the page says.
        table = dashboard.table(key, filters, _need_status)
        if table is None:
            abort(404)
        body = to_csv(table.rows, table.header, decimal_sign)
    else:
        # Every dialogue of the selection: read and sent a batch at a time, after the
        # commit (the export is on the record before a byte of it leaves).
        header, rows = streamed
        body = iter_csv(rows, header, decimal_sign)
    record("export.dashboard_csv", actor=current_user, object_type="export", table=key,
           filters=filters.__dict__)
    db.session.commit()
    return csv_response(f"{key}.csv", body)
