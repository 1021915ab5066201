"""Options shared by the commands that select events."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

import click

from ceasewatch.model import Family, VerificationStatus
from ceasewatch.model.query import BBox, EventQuery

F = TypeVar("F", bound=Callable[..., Any])


def _date(_ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from None


def _published(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A publication date to the day, the month (2023-08) or the year (2023), validated."""
    if value is None:
        return None
    from ceasewatch.errors import SchemaError
    from ceasewatch.model.records import parse_published

    try:
        parse_published(value)
    except SchemaError:
        raise click.BadParameter(
            f"{value!r} is not a date: expected YYYY-MM-DD, YYYY-MM or YYYY"
        ) from None
    return value


def _bbox(_ctx: click.Context, _param: click.Parameter, value: str | None) -> BBox | None:
    if value is None:
        return None
    try:
        return BBox.parse(value)
    except Exception as exc:
        raise click.BadParameter(str(exc)) from None


def event_query_options(fn: F) -> F:
    opts = [
        click.option("--from", "start", callback=_date, metavar="DATE", help="Start, YYYY-MM-DD."),
        click.option("--to", "end", callback=_date, metavar="DATE", help="End, YYYY-MM-DD."),
        click.option("--bbox", callback=_bbox, metavar="W,S,E,N", help="Lon/lat box."),
        click.option("--type", "types", multiple=True, metavar="CODE", help="Taxonomy code."),
        click.option(
            "--family",
            "families",
            multiple=True,
            type=click.Choice([f.value for f in Family]),
            help="Event family (repeatable).",
        ),
        click.option("--actor", help="Actor name contains this text."),
        click.option(
            "--party",
            metavar="ID",
            help="One of the actors is this party of the agreement (its id: AZ, AM, ...).",
        ),
        click.option(
            "--status",
            "statuses",
            multiple=True,
            type=click.Choice([s.value for s in VerificationStatus]),
            help="Verification status (repeatable).",
        ),
        click.option("--dataset", help="Only events from this dataset (acled, ucdp, ...)."),
    ]
    for opt in reversed(opts):
        fn = opt(fn)
    return fn


def query_from(values: Mapping[str, Any], limit: int | None = None) -> EventQuery:
    return EventQuery(
        start=values.get("start"),
        end=values.get("end"),
        bbox=values.get("bbox"),
        types=tuple(values.get("types") or ()),
        families=tuple(Family(f) for f in values.get("families") or ()),
        actor=values.get("actor"),
        party=values.get("party"),
        statuses=tuple(VerificationStatus(s) for s in values.get("statuses") or ()),
        dataset=values.get("dataset"),
        limit=limit,
    )


def _dask(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ceasewatch.errors import InvalidInput
    from ceasewatch.workspace.distributing import ClusterSpec

    try:
        return str(ClusterSpec.parse(value))
    except InvalidInput as exc:
        raise click.BadParameter(str(exc).split(": ", 1)[-1]) from None


dask_option = click.option(
    "--dask",
    callback=_dask,
    metavar="local[:N]|tcp://HOST:PORT",
    help="Run on Dask: local:N starts a cluster of N worker processes here (local: one per "
    "core); tcp://HOST:PORT uses the scheduler running there. Needs the 'scale' extra.",
)
