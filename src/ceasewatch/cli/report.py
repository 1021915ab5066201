"""``report``: situation reports of a period, in HTML, PDF or Markdown."""

from __future__ import annotations

import sys
from datetime import date, time
from pathlib import Path

import click

from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import _date

# The daily reports of a civilian monitoring mission (the OSCE's, 2014-2022) gave the
# information received as of 19:30 each evening; the daily preset uses that cut-off unless
# told otherwise.
DAILY_CUTOFF = "19:30"


def _time(_ctx: click.Context, _param: click.Parameter, value: str | None) -> time | None:
    if value is None:
        return None
    try:
        found = time.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a time HH:MM") from None
    if found.tzinfo is not None:
        raise click.BadParameter(f"{value!r}: give a local time; the agreement's time zone applies")
    return found


@cli.command("report")
@click.option("--from", "start", callback=_date, metavar="DATE", help="First day of the period.")
@click.option("--to", "end", callback=_date, metavar="DATE", help="Last day of the period.")
@click.option(
    "--daily",
    callback=_date,
    metavar="DATE",
    help="The daily report of DATE: its events, and checkpoint records from the cut-off of "
    "the day before to the cut-off of DATE.",
)
@click.option(
    "--cutoff",
    callback=_time,
    metavar="HH:MM",
    help=f"Cut-off time of the daily report, in the agreement's time zone (default "
    f"{DAILY_CUTOFF}).",
)
@click.option("--format", "fmt", default="html", show_default=True, metavar="html|pdf|md")
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Default: stdout.")
@click.option("--agreement", "agreement_id", metavar="ID", help="Needed when several are stored.")
@click.option(
    "--exports",
    is_flag=True,
    help="Also write the period's events beside --out as ACLED CSV, GeoJSON and KML.",
)
@click.option(
    "--public",
    is_flag=True,
    help="The public edition: the published events and findings only (as /report serves "
    "the public), the exports too.",
)
@pass_ctx
@fail_cleanly
def report(
    ctx: Context,
    start: date | None,
    end: date | None,
    daily: date | None,
    cutoff: time | None,
    fmt: str,
    out: str | None,
    agreement_id: str | None,
    exports: bool,
    public: bool,
) -> None:
    """Write a situation report of a period: counts per area and family against the
    period before, violations per party, a map, charts, significant events with their
    grades, obstructions, checkpoint throughput, findings with their evidence, the
    mission against its mandate, sources and grading, and the signed tree head of the
    record it was made from (docs/report.md).

    \b
    Example:
      ceasewatch report --from 2022-12-01 --to 2022-12-31 --format pdf -o december.pdf
      ceasewatch report --daily 2022-12-12 --format md
      ceasewatch report --from 2022-12-01 --to 2022-12-31 --public -o public.html
    """
    if daily is not None:
        if start is not None or end is not None:
            raise click.UsageError("give either --daily or --from/--to, not both")
        start = end = daily
        cutoff = cutoff or time.fromisoformat(DAILY_CUTOFF)
    elif cutoff is not None:
        raise click.UsageError("--cutoff goes with --daily")
    if start is None or end is None:
        raise click.UsageError("give the period: --from DATE --to DATE, or --daily DATE")
    if exports and out is None:
        raise click.UsageError("--exports writes beside --out; give --out")
    if fmt == "pdf" and out is None and sys.stdout.isatty():
        raise click.UsageError("a PDF is not for the terminal: give --out FILE")
    beside = {}
    if exports:
        assert out is not None
        stem = Path(out).with_suffix("")
        beside = {kind: f"{stem}.{kind}" for kind in ("acled.csv", "geojson", "kml")}
        if out in beside.values():
            raise click.UsageError(f"--out {out} is where an export would go; name it otherwise")
    with ctx.workspace() as ws:
        files = ws.report_files(start, end, fmt, agreement_id, cutoff, exports, public=public)
    if out is None:
        sys.stdout.buffer.write(files["report"])
        sys.stdout.flush()
        return
    Path(out).write_bytes(files["report"])
    click.echo(f"wrote {out}", err=True)
    for kind, path in beside.items():
        Path(path).write_bytes(files[kind])
        click.echo(f"wrote {path}", err=True)
