"""``import`` and ``export`` of the field's formats."""

from __future__ import annotations

import sys

import click

from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import event_query_options, query_from
from ceasewatch.ingest import IMPORT_FORMATS
from ceasewatch.ingest.exports import FORMATS as EXPORT_FORMATS


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(IMPORT_FORMATS), help="Default: told from the header."
)
@pass_ctx
@fail_cleanly
def import_(ctx: Context, files: tuple[str, ...], fmt: str | None) -> None:
    """Import ACLED-format or UCDP GED CSV files. Each file is all or nothing.

    A file with any bad row is refused whole, with every problem listed (line, column,
    value, what was expected); the database is left as it was.

    \b
    Example:
      ceasewatch import acled_2021.csv ged_extract.csv
    """
    show = sys.stderr.isatty()

    def progress(rows: int) -> None:
        if show:
            click.echo(f"\r  {rows:,} rows read", nl=False, err=True)

    with ctx.workspace() as ws:
        for name in files:
            report = ws.import_file(name, fmt, progress)
            if show:
                click.echo("", err=True)
            click.echo(f"{name}: {report.events} events imported ({report.format})")


@cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="acled", show_default=True
)
@click.option(
    "--out", "-o", type=click.Path(dir_okay=False, writable=True), help="Default: stdout."
)
@event_query_options
@pass_ctx
@fail_cleanly
def export(ctx: Context, /, fmt: str, out: str | None, **filters: object) -> None:
    """Export events as ACLED CSV, GeoJSON, JSON Lines or KML (protected sources withheld).

    \b
    Example:
      ceasewatch export --format geojson --from 2021-01-01 --to 2021-12-31 -o 2021.geojson
    """
    query = query_from(filters)
    with ctx.workspace() as ws:
        if out is None:
            n = ws.export(sys.stdout, fmt, query)
        else:
            with open(out, "w", encoding="utf-8", newline="") as fh:
                n = ws.export(fh, fmt, query)
    click.echo(f"{n} events exported", err=True)
