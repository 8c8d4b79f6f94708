from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from procure.admin import bp
from procure.admin.forms import DepartmentForm, StaffUserForm
from procure.auth import services as accounts
from procure.auth.models import User
from procure.core.navigation import int_arg
from procure.core.refusals import UNKNOWN, attempt
from procure.departments import services as departments
from procure.departments.models import Department
from procure.extensions import db
from procure.i18n import current_language
from procure.suppliers import services as suppliers
from procure.suppliers.models import SupplierOrganisation


@bp.get("/")
def overview():
    return redirect(url_for("admin.users"))


@bp.get("/users")
def users():
    page = int_arg("page", 1)
    role = request.args.get("role", "")
    # Each row names the person's department or company: loaded with the page.
    query = (db.select(User).order_by(User.role, User.name)
             .options(joinedload(User.department), joinedload(User.organisation)))
    if role in ("officer", "supplier", "admin"):
        query = query.filter_by(role=role)
    pagination = db.paginate(query, page=page, per_page=current_app.config["PAGE_SIZE"],
                             error_out=False)
    pending = db.session.execute(suppliers.pending_members()).scalars().all()
    return render_template("admin/users.html", pagination=pagination, role=role,
                           pending=pending)


@bp.route("/users/new", methods=["GET", "POST"])
def new_user():
    form = StaffUserForm()
    form.department.choices = list(departments.department_choices(current_language()))
    if form.validate_on_submit():
        department = db.session.get(Department, form.department.data)
        done = attempt(lambda: accounts.create_staff_user(
            email=form.email.data, name=form.name.data, role=form.role.data,
            department=department, password=form.password.data, actor=current_user,
            must_change_password=True,
        ), None, collision="email_taken", flash_refusal=False)
        if not done.ok:
            form.email.errors = [_("An account with this e-mail exists.")
                                 if done.code == "email_taken" else str(UNKNOWN)]
        else:
            user = done.value
            flash(_("%(name)s can now sign in and will be asked to choose a new password.",
                    name=user.name), "success")
            return redirect(url_for("admin.users"), code=303)
    status = 400 if form.is_submitted() else 200
    return render_template("admin/new_user.html", form=form), status


@bp.post("/users/<id:user_id>/enabled")
def set_user_enabled(user_id: int):
    user = db.get_or_404(User, user_id)
    enabled = request.form.get("enabled") == "1"
    if user.deleted_at is not None:
        # Its owner deleted it: nobody is left to sign in with it (set_enabled does not
        # know about deletion, so the refusal is here).
        flash(_("This account was deleted by its owner and cannot be enabled again."),
              "error")
        return redirect(url_for("admin.users"), code=303)
    try:
        accounts.set_enabled(user, enabled, actor=current_user)
    except accounts.AccountError:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("admin.users"), code=303)
    db.session.commit()
    message = _("%(name)s can sign in again.") if enabled else \
        _("%(name)s is disabled and signed out everywhere.")
    flash(message % {"name": user.name}, "success")
    return redirect(url_for("admin.users"), code=303)


@bp.post("/members/<id:user_id>/decision")
def decide_member(user_id: int):
    member = db.get_or_404(User, user_id)
    try:
        suppliers.decide_membership(member, request.form.get("decision", ""), current_user)
    except accounts.AccountError as error:
        if error.code != "account_deleted":
            abort(400)
        flash(_("This person deleted their account: there is no request to join left to "
                "decide on."), "error")
        return redirect(url_for("admin.users"), code=303)
    db.session.commit()
    flash(_("The decision on %(name)s is saved.", name=member.name), "success")
    return redirect(url_for("admin.users"), code=303)


@bp.get("/organisations/<id:organisation_id>")
def organisation(organisation_id: int):
    """A supplier organisation: its members and its contact person, who can be moved."""
    org = db.get_or_404(SupplierOrganisation, organisation_id)
    members = [member for member in org.members if member.deleted_at is None]
    return render_template("admin/organisation.html", organisation=org, members=members,
                           confirmed=suppliers.confirmed_members(org),
                           contact=suppliers.contact_of(org))


@bp.post("/organisations/<id:organisation_id>/contact")
def move_contact(organisation_id: int):
    org = db.get_or_404(SupplierOrganisation, organisation_id)
    member = db.session.get(User, request.form.get("user_id", type=int) or 0)
    # Anyone but a confirmed member of the company: said so, and nothing changes.
    if member is None or member.organisation_id != org.id or not attempt(
            lambda: suppliers.move_contact(org, member, current_user), None,
            flash_refusal=False).ok:
        flash(_("Choose one of the company's confirmed members as its contact person."),
              "error")
        return redirect(url_for("admin.organisation", organisation_id=org.id), code=303)
    flash(_("%(name)s is now the company's contact person.", name=member.name), "success")
    return redirect(url_for("admin.organisation", organisation_id=org.id), code=303)


@bp.route("/departments", methods=["GET", "POST"])
def department_list():
    form = DepartmentForm()
    if form.validate_on_submit():
        done = attempt(lambda: departments.create_department(
            code=form.code.data, name_sv=form.name_sv.data, name_en=form.name_en.data,
            kind=form.kind.data, actor=current_user), None, collision="code_taken",
            flash_refusal=False)
        if not done.ok:
            field = form.code if done.code == "code_taken" else form.name_sv
            field.errors = [_("Another department already has this.")]
        else:
            flash(_("The department is added."), "success")
            return redirect(url_for("admin.department_list"), code=303)
    rows = db.session.execute(departments.all_departments()).scalars().all()
    status = 400 if form.is_submitted() else 200
    return render_template("admin/departments.html", form=form, departments=rows), status
