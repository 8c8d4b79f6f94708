"""Command-line entry points: ``flask --app procure <command>``."""
from __future__ import annotations

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from procure.extensions import db


def register(app: Flask) -> None:
    from procure.mail.commands import send_mail
    from procure.backup.commands import export_data, import_data
    from procure.cpv.commands import import_cpv
    from procure.generate.commands import generate_data
    from procure.marketscan.commands import ted_scan
    from procure.opendata.commands import export_ocds
    from procure.scenarios.commands import scenarios_command

    for command in (compile_translations, init_db, seed_demo, create_user, demo, import_cpv, need_pdf,
                    scenarios_command, ted_scan, send_mail, export_ocds, export_data, import_data,
                    generate_data):
        app.cli.add_command(command)


@click.command("compile-translations")
@click.option("--force", is_flag=True, help="Compile every catalogue, stale or not.")
def compile_translations(force: bool) -> None:
    """Compile the gettext catalogues (.po) into the .mo files the app reads."""
    from procure.catalogue import compile_catalogues

    for path in compile_catalogues(force=force):
        click.echo(f"compiled {path}")


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or bring the database schema up to date (runs the migrations) and load the
    CPV 2008 list shipped with the app."""
    from procure.cpv.services import load_packaged_list

    upgrade()
    added = load_packaged_list().added
    db.session.commit()
    click.echo(f"Database is up to date ({added} CPV codes added).")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load the demo data from data/seed/ (safe to run again: nothing is duplicated)."""
    from procure.seeding import load_demo_data

    counts = load_demo_data(current_app.config["SEED_DIR"])
    db.session.commit()
    for name, count in counts.items():
        click.echo(f"{name}: {count} added")


@click.command("create-user")
@with_appcontext
@click.argument("email")
@click.option("--role", type=click.Choice(["admin", "officer"]), required=True)
@click.option("--department", required=True, help="The department's code or name.")
@click.option("--name", default=None, help="The person's name (defaults to the e-mail).")
def create_user(email: str, role: str, department: str, name: str | None) -> None:
    """Create an officer or admin; the password is read from a prompt or stdin."""
    from procure.auth.services import AccountError, create_staff_user
    from procure.departments.services import find_department

    dept = find_department(department)
    if dept is None:
        raise click.ClickException(f"No department is called {department!r}.")
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user = create_staff_user(email=email, name=name or email, role=role, department=dept,
                                 password=password)
    except AccountError as error:
        messages = {
            "email_taken": "A user with this e-mail exists.",
            # Messages about a password, not passwords (bandit B105 reads them as such).
            "password_short": "The password needs at least 12 characters.",  # nosec B105
            "password_long": "The password may have at most 128 characters.",  # nosec B105
        }
        raise click.ClickException(messages.get(error.code, error.code)) from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} in {dept.name_sv}.")


@click.command("demo")
@with_appcontext
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
def demo(host: str, port: int) -> None:
    """Create the database, load the demo data and serve on http://127.0.0.1:5000."""
    from procure.cpv.services import load_packaged_list
    from procure.seeding import load_demo_data

    from procure.opendata.bulk import write_bulk
    from procure.opendata.services import write_export

    upgrade()
    load_packaged_list()
    load_demo_data(current_app.config["SEED_DIR"])
    db.session.commit()
    if not os.environ.get("PUBLIC_URL"):
        # Links that leave the page (feeds, mail, an idea's address) point where the demo
        # is served, not at the default address of another port.
        current_app.config["PUBLIC_URL"] = f"http://{host}:{port}"
    # The open-data page offers the bulk file, as a city's nightly export writes it.
    write_bulk(lambda out: write_export(out, via="bulk"))
    db.session.commit()
    click.echo(f"Demo accounts are listed in data/seed/README.md. Serving on http://{host}:{port}/")
    # Flask's app.run() refuses to run inside a flask command, so serve with Werkzeug.
    run_simple(host, port, current_app._get_current_object(), threaded=True,
               use_reloader=False, use_debugger=False)


@click.command("need-pdf")
@click.argument("reference")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, writable=True),
              default=None, help="Where to write the PDF (default: REFERENCE-....pdf).")
@with_appcontext
def need_pdf(reference: str, out_path: str | None) -> None:
    """Write the need statement PDF of REFERENCE to a file."""
    from procure.core.pdf_downloads import pdf_cache
    from procure.needs.queries import by_reference
    from procure.needs.statement import pdf_filename, statement_document, statement_pdf_key
    from procure.needs.statement_pdf import build_need_statement

    need = by_reference(reference)
    if need is None:
        raise click.ClickException(f"No need has the reference {reference!r}.")
    # The same cache as the web's: a statement downloaded there is not built again here.
    pdf = pdf_cache().get_or_build(statement_pdf_key(need),
                                   lambda: build_need_statement(statement_document(need)))
    path = out_path or pdf_filename(need)
    with open(path, "wb") as handle:
        handle.write(pdf)
    click.echo(f"Wrote {path} ({len(pdf):,} bytes).")
