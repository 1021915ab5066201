"""``events list``, ``events show`` and ``stats``."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import event_query_options, query_from
from ceasewatch.model import Event
from ceasewatch.model.jsonform import event_json


@cli.group()
def events() -> None:
    """Look at the events in the workspace."""


def _row(e: Event) -> list[str]:
    when = e.when.start.isoformat() if e.when.start else "?"
    if e.when.end and e.when.end != e.when.start:
        when += f"..{e.when.end.isoformat()}"
    actors = "; ".join(a.name for a in e.actors[:2])
    killed = e.killed.best if e.killed.best is not None else e.killed.low
    return [e.id, when, e.type_code, e.where.name or "?", actors, str(killed or 0), e.status.value]


def render_table(header: list[str], rows: list[list[str]], width: int = 34) -> str:
    def clip(s: str) -> str:
        return s if len(s) <= width else s[: width - 1] + "…"

    rows = [[clip(c) for c in r] for r in rows]
    sizes = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    lines = ["  ".join(h.ljust(sizes[i]) for i, h in enumerate(header)).rstrip()]
    lines.append("  ".join("-" * s for s in sizes))
    lines += ["  ".join(c.ljust(sizes[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


@events.command("list")
@event_query_options
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True)
@click.option("--newest", is_flag=True, help="The latest first (by the day each began).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line (docs/json.md).")
@pass_ctx
@fail_cleanly
def list_(ctx: Context, /, limit: int, newest: bool, as_json: bool, **filters: object) -> None:
    """List events, oldest first (with --newest, the latest first).

    \b
    Example:
      ceasewatch events list --from 2021-05-01 --to 2021-05-31 --bbox 46.3,39.5,47.2,40.2
      ceasewatch events list --family ceasefire_violation --actor "Military Forces" --json
      ceasewatch events list --party AZ --newest --limit 20
    """
    with ctx.workspace() as ws:
        found = ws.events(replace(query_from(filters, limit), newest=newest))
    if as_json:
        for e in found:
            click.echo(json.dumps(event_json(e), ensure_ascii=False, sort_keys=True))
        return
    header = ["id", "date", "type", "place", "actors", "killed", "status"]
    click.echo(render_table(header, [_row(e) for e in found]))
    click.echo(f"{len(found)} event(s)" + (" (limit reached)" if len(found) == limit else ""))


@events.command("show")
@click.argument("event_id")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@fail_cleanly
def show(ctx: Context, event_id: str, as_json: bool) -> None:
    """Show one event in full, with the evidence behind it: its claims and observations
    with their grades, the contradictions between them, and its history.

    \b
    Example:
      ceasewatch events show acled:ARM1234
    """
    from ceasewatch.cli.corroborate import print_dossier

    with ctx.workspace() as ws:
        dossier = ws.event_dossier(event_id)
    if as_json:
        click.echo(json.dumps(dossier, ensure_ascii=False, indent=2, sort_keys=True))
        return
    data = dossier["event"]
    for key, value in data.items():
        if value in (None, [], {}):
            continue
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
        elif isinstance(value, list):
            value = "; ".join(
                ", ".join(f"{k}={v}" for k, v in x.items() if v is not None)
                if isinstance(x, dict)
                else str(x)
                for x in value
            )
        click.echo(f"{key:>18}: {value}")
    click.echo()
    print_dossier(dossier)


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--monthly", is_flag=True, help="Also count events per month and type (--by).")
@click.option(
    "--by",
    type=click.Choice(["type", "family", "party", "zone"]),
    default="type",
    show_default=True,
    help="What --monthly counts by: party counts an event for each party it names, zone "
    "for each zone of the stored agreements it lies in.",
)
@click.option(
    "--engine",
    type=click.Choice(["auto", "rows", "snapshot"]),
    default="auto",
    show_default=True,
    help="Who answers: the row store, DuckDB over the snapshot ('ceasewatch snapshot'), "
    "or auto (the snapshot when current and the record large).",
)
@pass_ctx
@fail_cleanly
def stats(ctx: Context, as_json: bool, monthly: bool, by: str, engine: str) -> None:
    """Summarise the workspace: events by family, status and dataset.

    \b
    Example:
      ceasewatch stats --monthly
      ceasewatch stats --monthly --by party --engine snapshot
    """
    with ctx.workspace() as ws:
        data = ws.stats(engine=engine)
        if monthly:
            counted = ws.monthly(by=by, engine=engine)
            data["monthly"] = [{"month": m, by: t, "events": n} for m, t, n in counted["counts"]]
    if as_json:
        click.echo(json.dumps(data, indent=2, sort_keys=True))
        return
    click.echo(f"database: {data['database']} (schema {data['schema']})")
    if data["engine"] == "snapshot":
        snap = data["snapshot"]
        note = " (STALE: the record has changed since)" if snap["stale"] else ""
        click.echo(f"from:     the snapshot at ledger size {snap['ledger_size']}{note}")
    click.echo(f"events:   {data['events']}  ({data['first_date']} .. {data['last_date']})")
    for key in ("by_family", "by_status", "by_dataset"):
        if data[key]:
            parts = ", ".join(f"{k or '-'} {v}" for k, v in data[key].items())
            click.echo(f"{key.replace('_', ' ')}: {parts}")
    if monthly:
        click.echo(
            render_table(
                ["month", by, "events"],
                [[r["month"] or "-", r[by] or "-", str(r["events"])] for r in data["monthly"]],
            )
        )
