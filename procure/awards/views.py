"""The tender and the award of a need, each a lifecycle step with its record."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from procure.awards import bp, services
from procure.awards.forms import AwardForm, TenderForm
from procure.awards.vocabulary import FROM_ROUTE, PROCEDURES, SOURCES
from procure.core.refusals import NO_TEXTS, attempt
from procure.errors import CONFLICT
from procure.extensions import db
from procure.needs.views import load_need
from procure.suppliers.models import SupplierOrganisation
from procure.suppliers.identifiers import IdentifierError, mask


def _refusal(code: str) -> str:
    return {
        "not_allowed": _("That step is not possible from here."),
        "advertise": _("Only a direct award goes without a notice."),
        "ted_number": _("A TED publication number looks like 123456-2026."),
        "notice_reference": _("Give the notice's reference."),
        "notice_url": _("Give the whole address of the notice, starting with https://."),
        "published_on": _("Give the publication date."),
        "deadline": _("The deadline comes on or after the publication date."),
        "amount": _("Give the amount in kronor, for example 1250000."),
        "period": _("The contract ends after it starts."),
        "options_until": _("With options the contract ends no earlier than without."),
        "signed_before_tender": _("The contract cannot be signed before the tender was "
                                  "published."),
        "organisation": _("Choose an organisation from the list."),
        "winner_name": _("Give the organisation's name too."),
        "twice": _("The same organisation is named twice."),
        "no_winner": _("Name at least one winning organisation."),
    }.get(code, _("That step is not possible from here."))


def _refused(form, done, default_field: str) -> None:
    """Put a refused change's reason by its field; a save by someone else in between
    (``conflict``) is said above the form."""
    if done.code == CONFLICT:
        flash(NO_TEXTS.text(CONFLICT), "error")
        return
    field = getattr(done.refused, "field", None) or default_field
    getattr(form, field).errors = [_refusal(done.code)]


def _labels(table: dict) -> list[tuple[str, str]]:
    return [(key, _(label)) for key, label in table.items()]


@bp.route("/<reference>/tender", methods=["GET", "POST"])
def tender(reference: str):
    need = load_need(reference)
    if not services.need_services.can_edit(current_user, need):
        abort(403)
    if not services.can_record_tender(need, current_user):
        flash(_("The tender is recorded when the need moves into procurement."), "info")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    existing = services.tender_of(need)
    form = TenderForm(obj=existing, data=None if existing else {
        "procedure": FROM_ROUTE.get(need.procedure or "", "open"), "source": "ted"})
    form.source.choices = _labels(SOURCES)
    form.procedure.choices = _labels(PROCEDURES)
    if form.validate_on_submit():
        values = services.TenderInput(
            source=form.source.data, notice_reference=form.notice_reference.data or "",
            notice_url=form.notice_url.data or "", procedure=form.procedure.data,
            published_on=form.published_on.data, deadline_on=form.deadline_on.data)
        # A double click: the second meets the first's tender (its unique key) and is run
        # again, now changing the recorded tender, as a second click would afterwards.
        done = attempt(lambda: services.record_tender(need, values, current_user,
                                                      form.comment.data or ""),
                       None, flash_refusal=False)
        if done.ok:
            flash(_("The tender is recorded; the need is in procurement."), "success")
            return redirect(url_for("needs.show", reference=need.reference), code=303)
        _refused(form, done, "source")
        return render_template("awards/tender.html", need=need, form=form,
                               existing=services.tender_of(need)), done.status
    status = 400 if form.is_submitted() else 200
    return render_template("awards/tender.html", need=need, form=form,
                           existing=existing), status


def _organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(db.select(SupplierOrganisation.id, SupplierOrganisation.name,
                                        SupplierOrganisation.country,
                                        SupplierOrganisation.identifier)
                              .order_by(SupplierOrganisation.name))
    # A sole trader's number is its owner's personal identity number: officers see it masked.
    return [("", _("Not registered: give name and number"))] + [
        (str(id_), f"{name} ({mask(country, identifier)})")
        for id_, name, country, identifier in rows]


@bp.route("/<reference>/award", methods=["GET", "POST"])
def award(reference: str):
    need = load_need(reference)
    if not services.need_services.can_edit(current_user, need):
        abort(403)
    if not services.can_record_award(need, current_user):
        flash(_("The award is recorded when a need in procurement gets its contract."), "info")
        return redirect(url_for("needs.show", reference=need.reference), code=303)
    existing = services.award_of(need)
    data = None
    if existing:
        data = {name: getattr(existing, name) for name in (
            "amount_sek", "signed_on", "starts_on", "ends_on", "options", "options_until")}
        data["winners"] = [{"organisation": str(s.organisation_id or ""), "name": s.name,
                            "identifier": s.identifier} for s in existing.suppliers]
    form = AwardForm(data=data)
    choices = _organisation_choices()
    for row in form.winners:
        row.organisation.choices = choices
    if form.validate_on_submit():
        winners = tuple(
            services.Winner(organisation_id=int(row.organisation.data) if row.organisation.data
                            else None, name=row.name.data or "",
                            identifier=row.identifier.data or "")
            for row in (entry.form for entry in form.winners)
            if row.organisation.data or (row.name.data or "").strip())
        values = services.AwardInput(
            winners=winners, amount_sek=form.amount_sek.data, signed_on=form.signed_on.data,
            starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            options=form.options.data or "", options_until=form.options_until.data)
        try:
            # A second click at once meets the first's award (its unique key) and is run
            # again, now changing the recorded award, as a later click would.
            done = attempt(lambda: services.record_award(need, values, current_user,
                                                         form.comment.data or ""),
                           None, flash_refusal=False)
        except IdentifierError:
            db.session.rollback()
            form.winners.entries[0].form.identifier.errors = [
                _("Check the organisation number or VAT number.")]
        else:
            if done.ok:
                flash(_("The award is recorded; the need is contracted."), "success")
                return redirect(url_for("needs.show", reference=need.reference), code=303)
            if getattr(done.refused, "field", None) == "winners":
                form.winners.entries[0].form.organisation.errors = [_refusal(done.code)]
            else:
                _refused(form, done, "amount_sek")
            return render_template("awards/award.html", need=need, form=form,
                                   existing=services.award_of(need)), done.status
    status = 400 if form.is_submitted() else 200
    return render_template("awards/award.html", need=need, form=form, existing=existing), status


@bp.app_template_global("tender_and_award")
def tender_and_award(need) -> dict:
    """The need's tender and award, for the need page."""
    tender, award = services.tender_and_award_of(need)
    return {"tender": tender, "award": award}


@bp.app_template_filter("procedure_label")
def procedure_label(key: str) -> str:
    return _(PROCEDURES[key]) if key in PROCEDURES else key


@bp.app_template_filter("notice_source")
def notice_source(key: str) -> str:
    return _(SOURCES[key]) if key in SOURCES else key
