"""``flask --app procure ted-scan REFERENCE``: what the market-scan panel would show."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from procure.extensions import db
from procure.marketscan import services
from procure.marketscan.ted import ScanQueryError, TedError, TedRefused
from procure.needs.queries import by_reference

KIND_TITLES = {"prior_information": "Prior information notices", "contract": "Contract notices",
               "award": "Award notices", "other": "Other notices"}


@click.command("ted-scan")
@click.argument("reference")
@click.option("--widen", "widen_to", type=click.Choice(["code", "group", "division"]),
              default="code", show_default=True, help="Widen the CPV codes.")
@click.option("--country", "countries", multiple=True, help="A buyer country (repeatable).")
@click.option("--language", type=click.Choice(["sv", "en"]), default="en", show_default=True)
@with_appcontext
def ted_scan(reference: str, widen_to: str, countries: tuple[str, ...], language: str) -> None:
    """Search TED by the need's CPV codes and print the notices by kind, newest first."""
    need = by_reference(reference)
    if need is None:
        raise click.ClickException(f"No need has the reference {reference!r}.")
    try:
        query = services.query_for(need, widen_to=widen_to,
                                   countries=tuple(c.upper() for c in countries))
        scan = services.scan(need, query, language=language, actor=None)
    except ScanQueryError as error:
        raise click.ClickException(str(error)) from None
    except TedRefused as error:
        raise click.ClickException(f"TED refused the query: {error.message}") from None
    except TedError as error:
        raise click.ClickException(f"TED cannot be reached: {error}") from None
    db.session.commit()
    click.echo(f"{need.reference}: {scan.total} notices (showing {len(scan.notices)})")
    if scan.timed_out:
        click.echo("INCOMPLETE: TED ran out of time on this search (timedOut); the list "
                   "is not all TED holds. Narrow the search or try again later.")
    for kind, notices in services.notices_by_kind(scan):
        click.echo(f"\n{KIND_TITLES[kind]} ({len(notices)})")
        for notice in notices:
            when = notice.publication_date.isoformat() if notice.publication_date else "----------"
            click.echo(f"  {when}  {notice.publication_number:<14} {notice.buyer_country:<3} "
                       f"{notice.buyer_name} | {notice.title}")
