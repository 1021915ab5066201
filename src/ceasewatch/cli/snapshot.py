"""``snapshot``: the Parquet snapshot the analytics read at millions of events."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx


@cli.command("snapshot")
@click.option(
    "--into",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="The snapshot's folder (default: <file>.snapshot beside an SQLite workspace, "
    "or $CEASEWATCH_SNAPSHOT).",
)
@click.option("--force", is_flag=True, help="Write it again even if the record is unchanged.")
@click.option("--status", is_flag=True, help="Only say where it is and whether it is current.")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@fail_cleanly
def snapshot(ctx: Context, folder: Path | None, force: bool, status: bool, as_json: bool) -> None:
    """Write a Parquet snapshot of the events for the statistics, the monthly counts and
    the map's bins at millions of events (DuckDB reads it; docs/scale.md).

    It records the ledger's size it was made at; it is written again (whole) when the
    record has changed since, and left as it is otherwise. The statistics use it only
    while it is current and the record is large ($CEASEWATCH_ANALYTICS_EVENTS events,
    1,000,000 unless set), or when asked (stats --engine snapshot).

    \b
    Example:
      ceasewatch snapshot
      ceasewatch snapshot --status
    """
    with ctx.workspace() as ws:
        if status:
            state = ws.snapshot_state(folder)
        else:
            made, written = ws.make_snapshot(folder, force=force)
            state = {"written": written, **made.as_dict(ws.view_size())}
            state["seconds"] = made.seconds
    if as_json:
        click.echo(json.dumps(state, indent=2, sort_keys=True))
        return
    if not state.get("exists", True):
        click.echo(f"no snapshot in {state['folder']}; make one with 'ceasewatch snapshot'")
        return
    fresh = state.get("written")
    verb = "" if fresh is None else "written" if fresh else "current already, kept"
    click.echo(f"snapshot: {state['folder']}" + (f" ({verb})" if verb else ""))
    click.echo(f"events:   {state['events']}, at ledger size {state['ledger_size']}")
    if state.get("stale"):
        click.echo("stale:    the record has changed since; run 'ceasewatch snapshot'")
