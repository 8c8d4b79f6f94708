"""The market scan of a need: run it, read the notices by kind, keep the ones that matter.

The need page never calls TED: scans run on a deliberate POST, and every page shows
the last stored answer, so an unreachable TED costs a message, not the page.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.core.refusals import attempt
from procure.extensions import db
from procure.i18n import current_language
from procure.marketscan import bp, services
from procure.marketscan.forms import KIND_CHOICES, KeepForm, ScanForm
from procure.marketscan.models import KeptNotice
from procure.marketscan.ted import ScanQueryError, TedRefused, TedUnreachable
from procure.needs.loading import load_need


def _page_url(need):
    return url_for("marketscan.overview", reference=need.reference)


@bp.get("/<reference>/market-scan")
def overview(reference: str, form=None, status=200, keep_form=None):
    need = load_need(reference)
    scan = services.last_scan(need)
    kept = services.kept_notices(need)
    return render_template(
        "marketscan/overview.html", need=need, scan=scan, groups=services.notices_by_kind(scan),
        kept=kept, kept_numbers={k.publication_number for k in kept}, form=form or ScanForm(),
        keep_form=keep_form, can_keep=services.can_keep(current_user, need),
        need_open=services.is_open(need)), status


@bp.post("/<reference>/market-scan")
def run_scan(reference: str):
    need = load_need(reference)
    form = ScanForm()
    if not form.validate_on_submit():
        return overview(reference, form=form, status=400)
    try:
        query = services.query_for(need, widen_to=form.widen_to.data,
                                   countries=form.country_codes(),
                                   published_from=form.published_from.data,
                                   published_to=form.published_to.data,
                                   kinds=tuple(form.kinds.data))
        scan = services.scan(need, query, language=current_language(), actor=current_user)
    except ScanQueryError as error:
        flash(_("The scan could not be made: %(reason)s", reason=error.text(current_language())),
              "error")
        return overview(reference, form=form, status=400)
    except TedRefused as error:
        flash(_("TED refused the query: %(message)s", message=error.message), "error")
        return overview(reference, form=form, status=400)
    except TedUnreachable:
        flash(_("TED cannot be reached right now. The last results and the kept notices "
                "are still here; try again later."), "error")
        return overview(reference, form=form, status=503)
    db.session.commit()
    if scan.timed_out:
        flash(_("TED ran out of time on this search: the list below is incomplete. Narrow "
                "the search (countries, period, kinds) or try again later."), "warning")
    else:
        flash(_("%(count)d notices found.", count=scan.total), "success")
    return redirect(_page_url(need), code=303)


@bp.post("/<reference>/market-scan/keep")
def keep(reference: str):
    need = load_need(reference)
    if not services.can_keep(current_user, need):
        abort(403)
    form = KeepForm()
    scan = services.last_scan(need)
    if scan is None:
        abort(400)
    if not form.validate_on_submit():
        flash(_("The note could not be saved: %(errors)s",
                errors=" ".join(e for errors in form.errors.values() for e in errors)), "error")
        return overview(reference, status=400, keep_form=form)
    wanted = form.publication_number.data
    found = next((values for values in scan.notices
                  if values.get("publication_number") == wanted), None)
    if found is None:  # only notices this need's scan returned can be kept
        abort(404)
    # Kept by a request that came first: this one updates the note, as coming second.
    if not attempt(lambda: services.keep(need, services.notice_from_dict(found),
                                         form.note.data or "", current_user), None).ok:
        return overview(reference, status=409, keep_form=form)
    flash(_("Notice %(number)s is kept for the need statement.", number=wanted), "success")
    return redirect(_page_url(need) + "#kept", code=303)


@bp.post("/<reference>/market-scan/kept/<id:kept_id>/remove")
def forget(reference: str, kept_id: int):
    need = load_need(reference)
    if not services.can_keep(current_user, need):
        abort(403)
    kept = db.session.get(KeptNotice, kept_id)
    if kept is None or kept.need_id != need.id:
        abort(404)
    services.forget(kept, current_user, need)
    db.session.commit()
    flash(_("The notice is no longer kept."), "success")
    return redirect(_page_url(need) + "#kept", code=303)


@bp.app_template_global("notice_kind_label")
def notice_kind_label(kind: str) -> str:
    """A kind of notice's name, the one its form choice shows ("other" has no choice)."""
    label = next((c.label for c in KIND_CHOICES if c.value == kind), None)
    return str(label) if label is not None else (_("Other notices") if kind == "other" else kind)


@bp.app_template_global("market_scan_summary")
def market_scan_summary(need) -> dict:
    """What the need page's market-scan panel shows, from stored data only (no TED call)."""
    kept, scanned_at, total = services.summary(need)
    return {"kept": kept, "scanned_at": scanned_at, "total": total}
