from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape
from sqlalchemy import func
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


@dataclass(frozen=True)
class DepartmentChoices:
    """Every department as form choices named in one language, with their names by id
    and their ``<option>`` elements (none selected) built once."""
    choices: tuple[SelectChoice, ...]
    names: dict[int, str]
    options: str

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


# The choices last built per database and language, with the state of the departments
# table they were built from: a national instance lists hundreds on every list page.
_BUILT: dict[tuple[str, str], tuple[tuple, DepartmentChoices]] = {}


def department_choices(language: str) -> DepartmentChoices:
    """Every department as a form choice, named and ordered in ``language``.

    One small query asks whether the departments changed (their count, newest id and
    latest change); only then are they read and their options built again."""
    state = tuple(db.session.execute(db.select(
        func.count(), func.max(Department.id), func.max(Department.updated_at))).one())
    place = (str(db.engine.url), language)
    built = _BUILT.get(place)
    if built is not None and built[0] == state:
        return built[1]
    name = Department.name_en if language == "en" else Department.name_sv
    rows = db.session.execute(db.select(Department.id, name).order_by(name))
    choices = tuple(SelectChoice(id_, label) for id_, label in rows)
    made = DepartmentChoices(
        choices, {choice.value: choice.label for choice in choices},
        "".join(f'<option value="{choice.value}">{escape(choice.label)}</option>'
                for choice in choices))
    _BUILT[place] = (state, made)
    return made


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
