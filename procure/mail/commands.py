"""``flask --app procure send-mail``: send the queued e-mail that is due."""
from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from procure.mail import outbox

BATCH = 100


@click.command("send-mail")
@click.option("--loop", "interval", type=click.FloatRange(min=1), default=None,
              metavar="SECONDS", help="Keep running, looking for due mail every SECONDS.")
@with_appcontext
def send_mail(interval: float | None) -> None:
    """Send the queued e-mails that are due, and print how many went out."""
    if not current_app.config["MAIL_SERVER"]:
        raise click.ClickException("MAIL_SERVER is not set: no mail can be sent.")
    while True:
        report = outbox.deliver_due(limit=BATCH)
        # In a loop only news is printed, so the service's log does not fill with zeros.
        if interval is None or report.sent or report.failed:
            click.echo(f"sent {report.sent}, failed {report.failed}")
        if interval is None:
            return
        if report.sent + report.failed < BATCH:  # a full batch: more may be waiting
            time.sleep(interval)
