"""Administrators create staff accounts and departments."""
from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db
from tests.conftest import sign_in


def _department_id(app, code):
    with app.app_context():
        return db.session.execute(db.select(Department.id).filter_by(code=code)).scalar_one()


def test_admin_creates_an_officer_who_must_choose_a_password(login, seeded):
    admin = login("admin")
    response = admin.post_form("/admin/users/new", {
        "name": "Greta Lund", "email": "greta@stad.example", "role": "officer",
        "department": _department_id(seeded, "MHF"), "password": "first password 123"})
    assert response.status_code == 303
    newcomer = seeded.test_client()
    response = sign_in(newcomer, "greta@stad.example", "first password 123")
    assert response.headers["Location"].endswith("/account/password")
    response = newcomer.get("/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/account/password")
    newcomer.post_form("/account/password", {
        "current_password": "first password 123", "new_password": "my own good password",
        "confirm_password": "my own good password"})
    assert newcomer.get("/account").status_code == 200
    with seeded.app_context():
        user = db.session.execute(db.select(User).filter_by(email="greta@stad.example")).scalar_one()
        assert user.department.code == "MHF" and user.role == "officer"


def test_new_user_form_keeps_input_on_error(login, seeded):
    admin = login("admin")
    response = admin.post_form("/admin/users/new", {
        "name": "Greta Lund", "email": "officer@procure.example", "role": "officer",
        "department": _department_id(seeded, "MHF"), "password": "first password 123"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Det finns redan ett konto" in html and "Greta Lund" in html


def test_admin_cannot_disable_own_account(login, seeded):
    admin = login("admin")
    with seeded.app_context():
        admin_id = db.session.execute(db.select(User.id).filter_by(role="admin")).scalar_one()
    admin.post_form(f"/admin/users/{admin_id}/enabled", {"enabled": "0"})
    assert admin.get("/admin/users").status_code == 200


def test_admin_adds_a_department(login, seeded):
    admin = login("admin")
    response = admin.post_form("/admin/departments", {
        "code": "KUL", "name_sv": "Kulturförvaltningen", "name_en": "Culture Administration",
        "kind": "administration"})
    assert response.status_code == 303
    assert "Kulturförvaltningen" in admin.get("/admin/departments").get_data(as_text=True)
    response = admin.post_form("/admin/departments", {
        "code": "KUL", "name_sv": "Annan", "name_en": "Other", "kind": "administration"})
    assert response.status_code == 400
    response = admin.post_form("/admin/departments", {
        "code": "k1", "name_sv": "X", "name_en": "X", "kind": "administration"})
    assert response.status_code == 400
    assert "Två till åtta versaler" in response.get_data(as_text=True)


def test_user_list_filters_by_role(login):
    admin = login("admin")
    html = admin.get("/admin/users?role=supplier").get_data(as_text=True)
    assert "Sara Holm" in html and "Omar Haddad" not in html
