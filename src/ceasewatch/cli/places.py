"""``gazetteer load / list`` and ``actors``: the places and the dataset actor names an
agreement is read with."""

from __future__ import annotations

import json

import click

from ceasewatch.cli.events import render_table
from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.errors import InvalidInput


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
    In a GeoNames country file, a name several features share is the populated place's
    (the most populous), else the administrative area's, the spot's and so on;
    administrative areas are known to region or district precision, and the country's
    own row is left out.

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


@gazetteer.command("draft")
@click.argument("agreement")
@click.option(
    "--out",
    type=click.Path(dir_okay=False),
    help="The CSV to write (default: standard output); an existing file is not replaced.",
)
@fail_cleanly
def gazetteer_draft(agreement: str, out: str | None) -> None:
    """Write a gazetteer to start from for an agreement that has none: the world's
    populated places (GeoNames, CC BY 4.0) where it lies (its area, else around its zones
    and in its parties' countries' towns, else in its parties' countries), in the CSV form
    its 'gazetteer' field names, each with every name a Latin or Cyrillic text may give
    it. An agreement with no gazetteer is read with exactly these places; correct and
    complete the file (districts, checkpoints, roads, mines, the theatre's own spellings)
    and name it in the agreement.

    \b
    Example:
      ceasewatch gazetteer draft my-ceasefire.yaml --out my-ceasefire.gazetteer.csv
    """
    from pathlib import Path

    from ceasewatch.agreements.loader import load_agreement
    from ceasewatch.extract.places import draft_gazetteer
    from ceasewatch.workspace.records import agreement_source

    name, text = agreement_source(agreement)
    csv_text, rows = draft_gazetteer(load_agreement(text, name))
    if not rows:
        raise InvalidInput(
            f"{name}: no place found: give the agreement an area ([min lon, min lat, max lon, "
            "max lat]), zones, or a party whose name or country is a country's",
            file=name,
        )
    if out is None:
        click.echo(csv_text, nl=False)
        return
    target = Path(out)
    try:
        # "x": created here or refused, never another's file replaced; a failed write
        # leaves no part of a file behind
        with target.open("x", encoding="utf-8") as f:
            try:
                f.write(csv_text)
            except BaseException:
                f.close()
                target.unlink(missing_ok=True)
                raise
    except FileExistsError:
        raise InvalidInput(
            f"{out}: exists; name another file (it is not replaced)", file=out
        ) from None
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write: {exc.strerror}", file=out) from None
    click.echo(f"{out}: {rows} place(s) from GeoNames (CC BY 4.0)", err=True)


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
