"""``tracks import / analyse`` and ``observations triangulate``."""

from __future__ import annotations

import json
from typing import Any

import click

from ceasewatch.cli.events import events
from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx


@cli.group()
def tracks() -> None:
    """Vehicle tracks: import them, and check them against corridors and checkpoints."""


@tracks.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--vehicle", metavar="ID", help="Vehicle id for GPX tracks that name none.")
@json_flag
@pass_ctx
@fail_cleanly
def tracks_import(ctx: Context, files: tuple[str, ...], vehicle: str | None, as_json: bool) -> None:
    """Store tracks from GPX or CSV files (vehicle_id, time, lat, lon[, speed]).

    Points are sorted by time and stored once per time; tracks of one point are skipped;
    gaps over ten minutes are listed. A bad point anywhere and nothing is stored.

    \b
    Example:
      ceasewatch tracks import convoy.gpx --vehicle CONVOY-9
    """
    with ctx.workspace() as ws:
        report, new = ws.import_tracks(list(files), vehicle)
    if as_json:
        emit(
            {
                "new_points": new,
                "vehicles": report.vehicles,
                "left_out": report.dropped,
                "gaps": [{"vehicle": v, "from": a, "to": b} for v, a, b in report.gaps],
            }
        )
        return
    click.echo(f"stored {new} new point(s) of {len(report.vehicles)} vehicle(s)")
    for line in report.dropped:
        click.echo(f"  left out: {line}")
    for v, a, b in report.gaps:
        click.echo(f"  gap: {v} from {a.isoformat()} to {b.isoformat()}")


@tracks.command("analyse")
@click.option("--agreement", "agreement_id", metavar="ID", help="Only this agreement's zones.")
@click.option("--vehicle", metavar="ID", help="Only this vehicle.")
@click.option(
    "--tolerance",
    default=500.0,
    show_default=True,
    metavar="METRES",
    help="How far outside a corridor a point may be before it counts.",
)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@pass_ctx
@fail_cleanly
def tracks_analyse(
    ctx: Context, agreement_id: str | None, vehicle: str | None, tolerance: float, as_json: bool
) -> None:
    """Excursions out of corridors (bypasses), dwells at sites and checkpoints, and
    checkpoint records with no track or tracks with no record.

    \b
    Example:
      ceasewatch tracks analyse --agreement karabakh-2020
    """
    with ctx.workspace() as ws:
        results = ws.analyse_tracks(agreement_id, vehicle, tolerance)
    data: list[dict[str, Any]] = [
        {
            "agreement": aid,
            "vehicles": an.vehicles,
            "points": an.points,
            "excursions": [
                {
                    "zone": z,
                    "vehicle": v,
                    "left_at": e.left_at.isoformat(),
                    "back_at": e.back_at.isoformat() if e.back_at else None,
                    "left": list(e.left_lonlat),
                    "back": list(e.back_lonlat) if e.back_lonlat else None,
                    "length_m": round(e.length_m),
                    "duration_s": e.duration_s,
                    "max_distance_m": round(e.max_distance_m),
                    "bypass": e.rejoins,
                }
                for z, v, e in an.excursions
            ],
            "dwells": [
                {
                    "vehicle": v,
                    "zone": d.zone,
                    "from": d.start.isoformat(),
                    "to": d.end.isoformat(),
                    "minutes": round(d.seconds / 60),
                }
                for v, d in an.dwells
            ],
            "checkpoints": [
                {
                    "kind": m.kind,
                    "checkpoint": m.checkpoint,
                    "vehicle": m.vehicle,
                    "time": m.time.isoformat(),
                    "detail": m.detail,
                }
                for m in an.mismatches
            ],
        }
        for aid, an in results
    ]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for d in data:
        click.echo(f"== {d['agreement']}: {d['points']} points of {d['vehicles']} vehicle(s)")
        for e in d["excursions"]:
            what = "bypass" if e["bypass"] else "left the corridor"
            back = f"back {e['back_at']}" if e["back_at"] else "not back"
            click.echo(
                f"  {what} of {e['zone']}: {e['vehicle']} {e['left_at']} -> {back}, "
                f"{e['length_m']} m driven, up to {e['max_distance_m']} m out"
            )
        for w in d["dwells"]:
            click.echo(f"  dwell: {w['vehicle']} at {w['zone']} {w['from']} for {w['minutes']} min")
        for m in d["checkpoints"]:
            click.echo(f"  {m['kind'].replace('_', ' ')}: {m['detail']}")


@cli.group()
def observations() -> None:
    """Monitors' observations."""


@observations.command("triangulate")
@click.option("--agreement", "agreement_id", metavar="ID", help="Only this agreement's zones.")
@click.option(
    "--window",
    default=10.0,
    show_default=True,
    metavar="MINUTES",
    help="Observations this close in time are of one firing.",
)
@click.option("--json", "as_json", is_flag=True, help="As JSON.")
@pass_ctx
@fail_cleanly
def observations_triangulate(
    ctx: Context, agreement_id: str | None, window: float, as_json: bool
) -> None:
    """Where fire came from: the least-squares origin of the observers' bearings, with a
    95% ellipse, placed in its zones and on its side of the line; bearings that cannot
    meet are reported, not forced.

    \b
    Example:
      ceasewatch observations triangulate
    """
    with ctx.workspace() as ws:
        results = ws.triangulate(agreement_id, window)
    data: list[dict[str, Any]] = [
        {
            "agreement": aid,
            "firings": [
                {
                    "observations": f.observations,
                    "lat": f.lat,
                    "lon": f.lon,
                    "ellipse_m": [
                        round(f.estimate.semi_major_m or 0),
                        round(f.estimate.semi_minor_m or 0),
                    ]
                    if f.estimate.found
                    else None,
                    "orientation_deg": round(f.estimate.orientation_deg or 0)
                    if f.estimate.found
                    else None,
                    "zones": dict(f.zones),
                    "problem": f.estimate.problem,
                    "notes": list(f.estimate.notes),
                }
                for f in found
            ],
            "skipped": skipped,
        }
        for aid, found, skipped in results
    ]
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for d in data:
        click.echo(f"== {d['agreement']}")
        for f in d["firings"]:
            who = ", ".join(f["observations"])
            if f["problem"]:
                click.echo(f"  {who}: no origin: {f['problem']}")
                continue
            zones = ", ".join(f"{z} {s}" for z, s in f["zones"].items())
            click.echo(
                f"  {who}: origin {f['lat']:.4f}, {f['lon']:.4f} (95% ellipse "
                f"{f['ellipse_m'][0]} x {f['ellipse_m'][1]} m); {zones}"
            )
            for n in f["notes"]:
                click.echo(f"    note: {n}")
        for s in d["skipped"]:
            click.echo(f"  skipped: {s}")


@events.command("zones")
@click.argument("event_id")
@click.option("--agreement", "agreement_id", metavar="ID", help="Only this agreement's zones.")
@json_flag
@pass_ctx
@fail_cleanly
def events_zones(ctx: Context, event_id: str, agreement_id: str | None, as_json: bool) -> None:
    """Which zones an event lies in, given how precisely its place is known: inside only
    when its whole uncertainty disc is; for a line, its side.

    \b
    Example:
      ceasewatch events zones scenario-karabakh-2020:pkc-010
    """
    with ctx.workspace() as ws:
        results = ws.zones_of(event_id, agreement_id)
    if as_json:
        for aid, radius, assignments in results:
            emit({"agreement": aid, "radius_m": radius, "zones": assignments})
        return
    for aid, radius, assignments in results:
        click.echo(f"== {aid} (place known to within {radius:,.0f} m)")
        for a in assignments:
            click.echo(f"  {a.zone:<28} {a.status:<10} {a.distance_m:,.0f} m from its edge or line")
