"""``import`` and ``export`` of the field's formats."""

from __future__ import annotations

import sys
from typing import Any

import click

from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import event_query_options, query_from
from ceasewatch.cli.progress import Line
from ceasewatch.ingest.exports import FORMATS as EXPORT_FORMATS
from ceasewatch.ingest.formats import FORMATS as IMPORT_FORMATS


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--format", "fmt", type=click.Choice(IMPORT_FORMATS), help="Default: told from the header."
)
@click.option(
    "--update",
    is_flag=True,
    help="Each file is a revised ACLED or UCDP export: add new rows, update changed ones "
    "(their versions kept), mark stored ones of its coverage that it lacks withdrawn.",
)
@click.option(
    "--dataset",
    metavar="NAME",
    help="The data set of events read from an activity log (events.csv): their ids are "
    "NAME:ID. Default: mission-log.",
)
@json_flag
@pass_ctx
@fail_cleanly
def import_(
    ctx: Context,
    files: tuple[str, ...],
    fmt: str | None,
    update: bool,
    dataset: str | None,
    as_json: bool,
) -> None:
    """Import files: ACLED and UCDP GED CSV, and the mission's own records.

    The mission's files are those of docs/formats.md: sources.csv, events.csv (the
    activity-log layout), observations.csv, crossings.csv, tracks.csv and documents as
    JSON Lines. Each file's format is told from its header (a .jsonl file holds
    documents). A file may be compressed (.gz, or a .zip holding it alone, as UCDP
    publishes GED), and a CSV may be separated by semicolons or tabs as spreadsheets save
    it. The files go in one transaction, sources first: a problem in any file
    and nothing is written, with every problem listed (file:line, field, value, what was
    expected). Observations join events when 'ceasewatch corroborate' next runs.

    With --update, each file is a revised ACLED or UCDP export (ACLED revises its events
    every week). A row with a new id is added; one that differs from the stored event is
    written over it, the old version kept in the ledger ('events show' lists them); an
    unchanged one is left alone; a stored event of the same data set, in the file's
    countries and between its first and last day, that the file no longer has is marked
    withdrawn (kept, shown, left out of assessment). Without --update, known ids are
    refused.

    \b
    Example:
      ceasewatch import acled_2021.csv ged_extract.csv
      ceasewatch import sources.csv documents.jsonl observations.csv crossings.csv
      ceasewatch import --update acled_2021_revised.csv
    """
    line = Line("reading")

    with ctx.workspace() as ws:
        reports = ws.import_files(
            list(files), fmt, line, update=update, dataset=dataset, each=lambda _: line.close()
        )
    for r in reports:
        if as_json:
            emit(r)
        else:
            click.echo(describe(r))


def describe(report: Any) -> str:
    """One line per imported file."""
    if hasattr(report, "withdrawn"):
        return (
            f"{report.file}: {report.added} added, {report.changed} changed, "
            f"{report.unchanged} unchanged, {report.withdrawn} withdrawn ({report.format})"
        )
    if hasattr(report, "events"):
        return f"{report.file}: {report.events} events imported ({report.format})"
    already = f", {report.already} already stored" if report.already else ""
    return f"{report.file}: {report.stored} {report.noun} imported{already} ({report.format})"


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
