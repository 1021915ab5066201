"""``gazetteer load / list`` and ``actors``: the places and the dataset actor names an
agreement is read with."""

from __future__ import annotations

import json

import click

from ceasewatch.cli.events import render_table
from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx


@cli.group()
def gazetteer() -> None:
    """Gazetteers: the places statements are placed with."""


@gazetteer.command("load")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--name", metavar="NAME", help="The name to store it under (default: the file's).")
@json_flag
@pass_ctx
@fail_cleanly
def gazetteer_load(ctx: Context, file: str, name: str | None, as_json: bool) -> None:
    """Store a gazetteer in the workspace: a GeoNames dump in its own format
    (cities15000.txt, a country file such as YE.txt) or a CSV with the columns name,
    alt_names (separated by ;), lat, lon, kind, admin. An agreement that names a
    gazetteer (its 'gazetteer' field) is read with the one stored under that name.

    \b
    Example:
      ceasewatch gazetteer load cities15000.txt
      ceasewatch gazetteer load --name my-ceasefire.gazetteer.csv places.csv
    """
    with ctx.workspace() as ws:
        report = ws.load_gazetteer(file, name)
    if as_json:
        emit(report)
        return
    verb = "replaced" if report.replaced else "stored"
    click.echo(f"gazetteer {report.name}: {report.places} place(s) {verb}")


@gazetteer.command("list")
@json_flag
@pass_ctx
@fail_cleanly
def gazetteer_list(ctx: Context, as_json: bool) -> None:
    """List the stored gazetteers.

    \b
    Example:
      ceasewatch gazetteer list
    """
    with ctx.workspace() as ws:
        stored = ws.gazetteers()
    if as_json:
        for n, f, k, t in stored:
            emit({"name": n, "file": f, "places": k, "loaded": t})
        return
    rows = [[n, str(k), f, t[:19]] for n, f, k, t in stored]
    click.echo(render_table(["name", "places", "file", "loaded"], rows, width=50))


@cli.command("actors")
@click.option(
    "--agreement",
    "agreement_id",
    metavar="ID",
    help="The agreement whose parties and missions the names are read as (default: the "
    "only one stored).",
)
@click.option("--unmapped", is_flag=True, help="Only the names that map to nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
@fail_cleanly
def actors(ctx: Context, agreement_id: str | None, unmapped: bool, as_json: bool) -> None:
    """Actor names of the stored events that carry no party (those of ACLED and UCDP
    files), and the party or mission the agreement reads each as. Add the names that map
    to nothing to the agreement's 'actors' list (docs/agreements.md).

    \b
    Example:
      ceasewatch actors --unmapped
    """
    with ctx.workspace() as ws:
        rows = ws.actor_names(agreement_id)
    if unmapped:
        rows = [r for r in rows if r[1] is None and r[2] is None]
    if as_json:
        keys = ("name", "party", "mission", "events")
        click.echo(json.dumps([dict(zip(keys, r, strict=True)) for r in rows], indent=2))
        return
    table = [[name, party or "-", mission or "-", str(n)] for name, party, mission, n in rows]
    click.echo(render_table(["actor", "party", "mission", "events"], table, width=60))
