from __future__ import annotations

import time

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from wtforms.fields.choices import SelectChoice

from procure.auth import sessions
from procure.auth.access import confirmed_supplier_required
from procure.auth.models import User
from procure.auth.services import AccountError
from procure.core.access import public
from procure.core.errors import HiddenFromOthers
from procure.core.refusals import UNKNOWN, attempt
from procure.cpv.models import CpvCode
from procure.cpv.services import validate_codes
from procure.db import utcnow
from procure.extensions import db, limiter
from procure.i18n import current_language
from procure.suppliers import bp, services
from procure.suppliers.forms import (
    InterestsForm,
    OrganisationDetailsForm,
    SupplierRegistrationForm,
)
from procure.suppliers.interests import set_interests


def _register_limit() -> str:
    from flask import current_app

    return current_app.config["REGISTER_RATE_LIMIT"]


# Well above the time either answer takes, so a known address cannot be told by time.
_ANSWER_AFTER_SECONDS = 0.3


@bp.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(_register_limit, methods=["POST"])
def register():
    """A company registers itself, or a person asks to join a registered company: a
    link to confirm the address goes by mail, and the same page follows for every
    address (one with an account gets a mail saying so)."""
    if current_user.is_authenticated:
        return redirect(url_for("core.index"))
    form = SupplierRegistrationForm()
    form.divisions.choices = _division_choices()
    # Validated first: validating clears the errors that the CPV check below adds.
    valid = form.validate_on_submit()
    codes = _codes_of(form)
    unknown = validate_codes(codes) if form.is_submitted() else []
    if unknown:
        form.codes.errors = [_("Not in the CPV list: %(codes)s. Write codes as in "
                               "notices, for example 48000000-8.", codes=", ".join(unknown))]
    if valid and not unknown:
        started = time.monotonic()
        registration = services.Registration(
            identifier=form.identifier, company_name=form.company_name.data,
            size=form.size.data, contact_name=form.contact_name.data,
            email=form.email.data, password=form.password.data,
            interests=(*(form.divisions.data or []), *codes),
        )
        done = attempt(lambda: services.request_registration(
            registration, current_language(), utcnow()), None, flash_refusal=False)
        if done.ok:
            time.sleep(max(0.0, _ANSWER_AFTER_SECONDS - (time.monotonic() - started)))
            return redirect(url_for("suppliers.registration_sent"), code=303)
        form.password.errors = [_("Choose another password.")
                                if (done.code or "").startswith("password") else str(UNKNOWN)]
    status = 400 if form.is_submitted() else 200
    return render_template("suppliers/register.html", form=form), status


@bp.get("/register/sent")
@public
def registration_sent():
    return render_template("suppliers/register_sent.html")


def _invalid_link():
    # One page for unknown, used and expired links: it says nothing about which existed.
    return render_template("suppliers/verify_invalid.html"), 404


# The link's token leaves the address at once, as a password reset link's does: kept in
# the (signed, HttpOnly) session as its hash, it is not in the browser's history, a
# proxy's log or a Referer header.
_SESSION_KEY = "registration_token_hash"


@bp.get("/verify/<token>")
@public
@limiter.limit(_register_limit)
def verify(token: str):
    """The link in the mail: its token goes into the session, and the browser on to a
    page with one button (a mail scanner fetching the link makes no account)."""
    if services.usable_registration(token, utcnow()) is None:
        session.pop(_SESSION_KEY, None)
        return _invalid_link()
    session[_SESSION_KEY] = services.token_hash(token)
    return redirect(url_for("suppliers.confirm"), code=303)


@bp.route("/verify", methods=["GET", "POST"])
@public
@limiter.limit(_register_limit, methods=["POST"])
def confirm():
    """The followed link's page; its button makes the account (once) and signs its
    owner in."""
    hashed = session.get(_SESSION_KEY)
    if request.method == "GET":
        if services.usable_registration_hash(hashed, utcnow()) is None:
            session.pop(_SESSION_KEY, None)
            return _invalid_link()
        return render_template("suppliers/verify.html")
    # Two clicks at once: the second finds the link used, as if it had come later.
    done = attempt(lambda: services.confirm_registration(hashed, utcnow()), None,
                   collision="token_invalid", flash_refusal=False)
    session.pop(_SESSION_KEY, None)
    if not done.ok:
        if done.code == "email_taken":
            flash(_("An account with this e-mail exists: sign in instead."), "info")
            return redirect(url_for("auth.login"), code=303)
        return _invalid_link()
    user = done.value
    # A fresh session, as at sign-in: only the chosen language carries over.
    if current_user.is_authenticated:
        logout_user()
    sessions.clear_keeping_language()
    login_user(user)
    if user.membership == "pending":
        flash(_("%(company)s is already registered. A member of the company or an "
                "administrator will confirm that you belong to it.",
                company=user.organisation.name), "info")
    else:
        flash(_("Your company is registered and you are signed in."), "success")
    return redirect(url_for("suppliers.organisation"), code=303)


@bp.get("/organisation")
def organisation():
    org = current_user.organisation
    pending = []
    if current_user.is_confirmed_member:
        pending = db.session.execute(services.pending_members(org)).scalars().all()
    return render_template("suppliers/organisation.html", organisation=org, pending=pending,
                           members=services.confirmed_members(org),
                           contact=services.contact_of(org))


@bp.route("/organisation/edit", methods=["GET", "POST"])
@confirmed_supplier_required
def edit_organisation():
    org = current_user.organisation
    # On a POST only what was sent counts: a missing field is an error, not the old value.
    form = OrganisationDetailsForm() if request.method == "POST" else \
        OrganisationDetailsForm(company_name=org.name, size=org.size)
    if form.validate_on_submit():
        services.update_organisation(org, name=form.company_name.data, size=form.size.data,
                                     actor=current_user)
        db.session.commit()
        flash(_("The company's details are saved."), "success")
        return redirect(url_for("suppliers.organisation"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("suppliers/edit_organisation.html", form=form), status


@bp.post("/members/<id:user_id>/decision")
@confirmed_supplier_required
def decide_member(user_id: int):
    member = db.session.get(User, user_id)
    # Another organisation's people are none of this supplier's business: 404.
    if member is None:
        abort(404)
    if member.organisation_id != current_user.organisation_id:
        raise HiddenFromOthers(member)
    decision = request.form.get("decision")
    try:
        services.decide_membership(member, decision, current_user)
    except AccountError as error:
        if error.code != "account_deleted":
            abort(400)
        flash(_("This person deleted their account: there is no request to join left to "
                "decide on."), "error")
        return redirect(url_for("suppliers.organisation"), code=303)
    db.session.commit()
    if decision == "confirmed":
        flash(_("%(name)s is now a member of the company.", name=member.name), "success")
    else:
        flash(_("%(name)s's request was turned down.", name=member.name), "info")
    return redirect(url_for("suppliers.organisation"), code=303)


@bp.post("/organisation/contact")
@confirmed_supplier_required
def move_contact():
    """A confirmed member names the company's contact person (themselves or another
    confirmed member)."""
    org = current_user.organisation
    member = db.session.get(User, request.form.get("user_id", type=int) or 0)
    # Anyone but a confirmed member of the company: said so, and nothing changes.
    if member is None or member.organisation_id != org.id or not attempt(
            lambda: services.move_contact(org, member, current_user), None,
            flash_refusal=False).ok:
        flash(_("Choose one of the company's confirmed members as its contact person."),
              "error")
        return redirect(url_for("suppliers.organisation"), code=303)
    flash(_("%(name)s is now the company's contact person.", name=member.name), "success")
    return redirect(url_for("suppliers.organisation"), code=303)


def _division_choices() -> list[SelectChoice]:
    language = current_language()
    return [SelectChoice(code.code,
                         f"{code.code[:2]} {code.label_sv if language == 'sv' else code.label_en}")
            for code in db.session.execute(
                db.select(CpvCode).filter_by(level=1).order_by(CpvCode.code)).scalars()]


def _codes_of(form) -> list[str]:
    """The single CPV codes written in a form, one a line (or separated by commas)."""
    return [line.strip() for line in (form.codes.data or "").replace(",", "\n").split("\n")
            if line.strip()]


@bp.route("/organisation/interests", methods=["GET", "POST"])
@confirmed_supplier_required
def edit_interests():
    """The CPV areas the company follows: a dialogue about one of them alerts it."""
    org = current_user.organisation
    saved = [interest.code for interest in org.interests]
    choices = _division_choices()
    divisions = {choice.value for choice in choices}
    form = InterestsForm() if request.method == "POST" else InterestsForm(data={
        "divisions": [code for code in saved if code in divisions],
        "codes": "\n".join(code for code in saved if code not in divisions)})
    form.divisions.choices = choices
    if form.validate_on_submit():
        codes = _codes_of(form)
        unknown = validate_codes(codes)
        if unknown:
            form.codes.errors = [_("Not in the CPV list: %(codes)s. Write codes as in "
                                   "notices, for example 48000000-8.", codes=", ".join(unknown))]
        elif attempt(lambda: set_interests(org, [*form.divisions.data, *codes], current_user),
                     None).ok:
            flash(_("The company's interests are saved."), "success")
            return redirect(url_for("suppliers.organisation"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("suppliers/interests.html", form=form), status
