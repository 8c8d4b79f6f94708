"""``flask --app procure scenarios REFERENCE``: the comparison table in a terminal."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from procure.needs.queries import by_reference
from procure.scenarios import figures, services


@click.command("scenarios")
@click.argument("reference")
@click.option("--language", type=click.Choice(["sv", "en"]), default=None,
              help="Language of the table (default: the statement's).")
@with_appcontext
def scenarios_command(reference: str, language: str | None) -> None:
    """Print the comparison table of a need's contract-length scenarios."""
    need = by_reference(reference)
    if need is None:
        raise click.ClickException(f"No need has the reference {reference!r}.")
    rows = services.evaluated(need)
    if not rows:
        click.echo(f"{need.reference} has no scenarios.")
        return
    table = figures.comparison_table(rows, language or need.language)
    widths = [max(len(row[column]) for row in table) for column in range(len(table[0]))]
    for number, row in enumerate(table):
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if number == 0:
            click.echo("  ".join("-" * width for width in widths))
    choice = services.choice_of(need)
    if choice is not None:
        chosen = figures.labels(language or need.language)["chosen"]
        click.echo(f"\n{chosen}: {choice.scenario.name}")
