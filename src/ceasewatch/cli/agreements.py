"""``agreement validate / list / show / load`` and ``scenario list / load``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import click

from ceasewatch.agreements.bundled import bundled, bundled_ids
from ceasewatch.agreements.loader import check_agreement
from ceasewatch.agreements.summary import agreement_json
from ceasewatch.cli.events import render_table
from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.errors import InvalidInput, NotFound, StoreError


@cli.group()
def agreement() -> None:
    """Agreements and mandates as data."""


@agreement.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@json_flag
@fail_cleanly
def validate(files: tuple[str, ...], as_json: bool) -> None:
    """Check agreement files; list every problem with its line and path, and for each party
    that is a country the names news give its side, which texts are read by too.

    \b
    Example:
      ceasewatch agreement validate my-ceasefire.yaml
    """
    from ceasewatch.extract.actors import country_names
    from ceasewatch.workspace.records import agreement_source

    for given in files:
        name, text = agreement_source(given)
        a, warnings = check_agreement(text, name)
        for w in warnings:
            click.echo(f"warning: {w}", err=True)
        n = sum(len(p.obligations) for p in a.provisions)
        # what news call each party's country, which the extractor reads beside its aliases
        derived = country_names(a.parties)
        if as_json:
            emit(
                {
                    "file": name,
                    "valid": True,
                    "id": a.id,
                    "provisions": len(a.provisions),
                    "obligations": n,
                    "zones": len(a.zones),
                    "missions": len(a.missions),
                    "warnings": [str(w) for w in warnings],
                    "country_names": {pid: list(names) for pid, names in derived.items()},
                }
            )
            continue
        click.echo(
            f"{name}: valid: {a.id}, {len(a.provisions)} provisions, {n} obligations, "
            f"{len(a.zones)} zones, {len(a.missions)} mission(s)"
        )
        for pid, names in derived.items():
            shown = ", ".join(names[:6]) + (f" and {len(names) - 6} more" if len(names) > 6 else "")
            click.echo(f"  {pid} is also read in texts by what news call its country: {shown}")


def _summary(ctx: Context, agreement_id: str, day: date) -> dict[str, Any]:
    try:
        with ctx.workspace() as ws:
            return ws.agreement_summary(agreement_id, day)
    except StoreError:
        if agreement_id in bundled_ids():  # no workspace yet: the bundled ones still show
            return agreement_json(bundled(agreement_id), day)
        raise NotFound("agreement", agreement_id) from None


@agreement.command("list")
@json_flag
@pass_ctx
@fail_cleanly
def list_(ctx: Context, as_json: bool) -> None:
    """List the agreements stored in the workspace and those bundled with ceasewatch.

    \b
    Example:
      ceasewatch agreement list
    """
    rows: dict[str, list[str]] = {}
    try:
        with ctx.workspace() as ws:
            for found in ws.agreements():
                a = found.agreement
                rows[a.id] = [a.id, a.signed.isoformat(), "stored", a.title]
    except StoreError:
        pass
    for aid in bundled_ids():
        if aid not in rows:
            a = bundled(aid)
            rows[aid] = [a.id, a.signed.isoformat(), "bundled", a.title]
    if as_json:
        for aid, signed, where, title in rows.values():
            emit({"id": aid, "signed": signed, "where": where, "title": title})
        return
    click.echo(render_table(["id", "signed", "where", "title"], list(rows.values()), width=60))


def _print(data: dict[str, Any]) -> None:
    click.echo(f"{data['id']}: {data['title']}")
    click.echo(f"signed {data['signed']}, in force from {data['effective']} ({data['timezone']})")
    cal = data["calendar"]
    click.echo(f"\nprovisions (as of {cal['as_of']}):")
    for p in data["provisions"]:
        click.echo(f"  {p['number']:>3}  {p['summary'][:90]}")
        for o in p.get("obligations", []):
            when = f" deadline {o['deadline']}" if o["deadline"] else ""
            if o.get("done_on"):
                when += f", done {o['done_on']}"
            if o["deadline"] != o["original_deadline"] and o["original_deadline"]:
                when += f" (first {o['original_deadline']})"
            click.echo(f"       {o['id']:<12} {o['party']:<6} {o['kind']:<30} {o['status']}{when}")
    click.echo("\nzones:")
    for z in data["zones"]:
        size = []
        if z["length_km"]:
            size.append(f"{z['length_km']:.1f} km long")
        if z["area_km2"]:
            size.append(f"{z['area_km2']:.1f} km²")
        approx = " (approximate)" if z["approximate"] else ""
        click.echo(f"  {z['id']:<24} {z['kind']:<22} {', '.join(size)}{approx}")
    for m in data.get("missions", []):
        t = m["term"]
        strength = ", ".join(f"{k} {v}" for k, v in m.get("strength", {}).items())
        click.echo(
            f"\nmission {m['id']}: {m['name']} ({m['kind']}); {strength or 'no strength given'}"
        )
        click.echo(
            f"  term to {t['term_end'] or 'further notice'}; "
            f"last notice {t['last_notice_date'] or '-'}; "
            f"automatic extension: {'yes' if t['automatic_extension'] else 'no'}"
        )
        for task in m.get("mandate", []):
            click.echo(
                f"  mandate: {task['task']} (para {task.get('provision', '-')}, "
                f"{task.get('basis', 'text')})"
            )
    overdue = ", ".join(cal["overdue"]) or "none"
    due = ", ".join(cal["due"]) or "none"
    click.echo(f"\ncalendar: due {due}; overdue (no record shows it done) {overdue}")


@agreement.command("show")
@click.argument("agreement_id")
@click.option(
    "--as-of", "as_of", metavar="DATE", help="Judge the calendar on this day (default: today)."
)
@click.option("--json", "as_json", is_flag=True, help="The whole summary as JSON.")
@pass_ctx
@fail_cleanly
def show(ctx: Context, agreement_id: str, as_of: str | None, as_json: bool) -> None:
    """Show an agreement: provisions, zones with their size, missions, and the calendar.

    \b
    Example:
      ceasewatch agreement show karabakh-2020 --as-of 2025-01-01
      ceasewatch agreement show karabakh-2020 --as-of 2025-01-01 --json
    """
    try:
        day = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        raise InvalidInput(f"--as-of: {as_of!r} is not a date YYYY-MM-DD", field="as_of") from None
    data = _summary(ctx, agreement_id, day)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print(data)


@agreement.command("load")
@click.argument("source")
@json_flag
@pass_ctx
@fail_cleanly
def load(ctx: Context, source: str, as_json: bool) -> None:
    """Store an agreement in the workspace: a file, or the id of a bundled one.

    \b
    Example:
      ceasewatch agreement load karabakh-2020
      ceasewatch agreement load ./my-ceasefire.yaml
    """
    with ctx.workspace() as ws:
        a = ws.load_agreement(source)
    if as_json:
        emit({"id": a.id, "title": a.title, "stored": True})
        return
    click.echo(f"stored agreement {a.id}: {a.title}")


@cli.group()
def scenario() -> None:
    """Scenarios: a mission's records in one folder, bundled or your own."""


@scenario.command("list")
@json_flag
@fail_cleanly
def scenario_list(as_json: bool) -> None:
    """List the bundled scenarios.

    \b
    Example:
      ceasewatch scenario list
    """
    from ceasewatch.workspace.records import scenario_ids

    for name in scenario_ids():
        if as_json:
            emit({"scenario": name})
        else:
            click.echo(name)


@scenario.command("load")
@click.argument("source", metavar="NAME|PATH")
@json_flag
@pass_ctx
@fail_cleanly
def scenario_load(ctx: Context, source: str, as_json: bool) -> None:
    """Load a scenario and its agreement into the workspace: a bundled one by name, or a
    folder with a manifest.yaml (docs/formats.md).

    The manifest names the agreement (a bundled id or a file of the folder) and the
    folder's files: sources, events, observations, crossings, tracks, documents, and
    ACLED or UCDP files (acled, ucdp), each optional. All are loaded in one transaction:
    a problem in any file and nothing is written.

    \b
    Example:
      ceasewatch scenario load karabakh-2020
      ceasewatch scenario load ./my-mission
    """
    with ctx.workspace() as ws:
        report = ws.load_scenario(source)
    if as_json:
        emit(report)
        return
    parts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in report.counts.items())
    kind = " (illustrative)" if report.illustrative else ""
    agreement = f"agreement {report.agreement}" if report.agreement else "no agreement"
    click.echo(f"scenario {report.scenario}{kind} with {agreement}: {parts or 'no records'}")
