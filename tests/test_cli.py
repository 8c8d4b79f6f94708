"""The command-line entry points."""
from procure.auth.models import User
from procure.departments.models import Department
from procure.extensions import db


def test_seed_demo_is_idempotent(app):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "departments: 7 added" in first.output
    second = runner.invoke(args=["seed-demo"])
    assert "users: 0 added" in second.output
    with app.app_context():
        assert db.session.execute(db.select(db.func.count()).select_from(Department)).scalar_one() == 7


def test_create_user_reads_the_password_from_stdin(seeded):
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["create-user", "new.admin@stad.example", "--role", "admin",
                                 "--department", "SLK", "--name", "Nora Admin"],
                           input="a long admin password\n")
    assert result.exit_code == 0, result.output
    with seeded.app_context():
        user = db.session.execute(db.select(User).filter_by(email="new.admin@stad.example")).scalar_one()
        assert user.role == "admin" and user.department.code == "SLK"
        assert user.password_hash.startswith("$argon2id$")


def test_create_user_by_department_name(seeded):
    result = seeded.test_cli_runner().invoke(
        args=["create-user", "x@stad.example", "--role", "officer", "--department", "Trafikkontoret"],
        input="a long officer password\n")
    assert result.exit_code == 0, result.output


def test_create_user_refuses_bad_input(seeded):
    runner = seeded.test_cli_runner()
    result = runner.invoke(args=["create-user", "x@stad.example", "--role", "officer",
                                 "--department", "NOPE"], input="a long officer password\n")
    assert result.exit_code != 0 and "No department" in result.output
    result = runner.invoke(args=["create-user", "x@stad.example", "--role", "officer",
                                 "--department", "UTB"], input="short\n")
    assert result.exit_code != 0 and "at least 12" in result.output
    result = runner.invoke(args=["create-user", "officer@procure.example", "--role", "officer",
                                 "--department", "UTB"], input="a long officer password\n")
    assert result.exit_code != 0 and "exists" in result.output
    result = runner.invoke(args=["create-user", "x@stad.example", "--role", "supplier",
                                 "--department", "UTB"], input="a long officer password\n")
    assert result.exit_code != 0
