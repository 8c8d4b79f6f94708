from __future__ import annotations

from wtforms.fields.choices import SelectChoice

from procure.audit.services import record
from procure.departments.models import Department
from procure.errors import Refused
from procure.extensions import db


class DepartmentError(Refused):
    """A department that cannot be added: its code or name is taken."""


def all_departments():
    """A select of every department, by Swedish name."""
    return db.select(Department).order_by(Department.name_sv)


def department_choices(language: str) -> list[SelectChoice]:
    """Every department as a form choice, named in ``language``: two columns read, no
    ORM objects built (a national instance lists hundreds on every list page)."""
    name = Department.name_en if language == "en" else Department.name_sv
    rows = db.session.execute(db.select(Department.id, name).order_by(Department.name_sv))
    return [SelectChoice(id_, label) for id_, label in rows]


def find_department(name_or_code: str) -> Department | None:
    """Look a department up by its code or its name in either language."""
    value = (name_or_code or "").strip()
    return db.session.execute(
        db.select(Department).where(
            (Department.code == value.upper())
            | (Department.name_sv == value)
            | (Department.name_en == value)
        )
    ).scalars().first()


def create_department(*, code: str, name_sv: str, name_en: str, kind: str, actor=None) -> Department:
    code = code.strip().upper()
    clash = db.session.execute(
        db.select(Department).where((Department.code == code) | (Department.name_sv == name_sv.strip()))
    ).scalars().first()
    if clash is not None:
        raise DepartmentError("code_taken" if clash.code == code else "name_taken")
    department = Department(code=code, name_sv=name_sv.strip(), name_en=name_en.strip(), kind=kind)
    db.session.add(department)
    record("department.created", department, actor=actor, code=code)
    return department
