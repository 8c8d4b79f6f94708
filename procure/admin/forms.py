from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Regexp

from procure.auth.forms import new_password_field
from procure.core.forms import email_address, required


class StaffUserForm(FlaskForm):
    name = StringField(_l("Name"), validators=[required(), Length(max=200)])
    email = StringField(_l("E-mail"), validators=[required(), Length(max=254), email_address()])
    role = RadioField(_l("Role"), choices=[SelectChoice("officer", _l("Procurement officer")),
                                           SelectChoice("admin", _l("Administrator"))],
                      default="officer", validators=[required()])
    department = SelectField(_l("Department"), coerce=int, validators=[required()])
    password = new_password_field(_l("First password"))


class DepartmentForm(FlaskForm):
    code = StringField(
        _l("Short code"),
        validators=[required(), Regexp(r"^[A-ZÅÄÖ]{2,8}$",
                                       message=_l("Two to eight capital letters, for example UTB."))],
        description=_l("Starts the department's need references, for example UTB-2026-014."),
    )
    name_sv = StringField(_l("Name in Swedish"), validators=[required(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[required(), Length(max=200)])
    kind = RadioField(_l("Kind"), choices=[SelectChoice("administration", _l("Administration")),
                                           SelectChoice("company", _l("City-owned company"))],
                      default="administration", validators=[required()])
