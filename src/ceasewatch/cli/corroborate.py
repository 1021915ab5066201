"""``corroborate``, ``events merge / split / verify / history`` and ``sources list / show /
add / edit / grade / protect``. (``events show`` lives with the other event commands and
shows the evidence.)"""

from __future__ import annotations

import json
from typing import Any

import click

from ceasewatch.cli.events import events, render_table
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.cli.options import dask_option
from ceasewatch.cli.progress import Line
from ceasewatch.model import SourceKind


@cli.command("corroborate")
@click.option("--json", "as_json", is_flag=True, help="The counts as one JSON object.")
@dask_option
@pass_ctx
@fail_cleanly
def corroborate(ctx: Context, as_json: bool, dask: str | None) -> None:
    """Cluster the claims and observations that are in no event yet into events.

    Each joins the nearest event it fits (compatible family, overlapping days, places
    within both precisions, parties that do not conflict) or opens one; every event's
    status and every claim's grade is brought up to date. Analysts' decisions stand.

    With --dask, the records are cut into windows of time and space that cannot share an
    event, clustered apart on a Dask cluster: the same events as without it.

    \b
    Example:
      ceasewatch corroborate
      ceasewatch corroborate --dask local:2
    """
    line = Line("clustering")
    with ctx.workspace() as ws:
        r = ws.corroborate(line, dask=dask)
    line.close()
    if as_json:
        out = {
            "considered": r.considered,
            "joined": r.joined,
            "opened": r.opened,
            "left_out": dict(sorted(r.left.items())),
            "events_touched": dict(sorted(r.statuses.items())),
        }
        click.echo(json.dumps(out, ensure_ascii=False, sort_keys=True))
        return
    click.echo(
        f"{r.considered} record(s) considered: {r.joined} joined an event, "
        f"{r.opened} opened one, {sum(r.left.values())} left out"
    )
    for reason, n in sorted(r.left.items(), key=lambda x: (-x[1], x[0])):
        click.echo(f"  left out ({n}): {reason}")
    if r.statuses:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(r.statuses.items()))
        click.echo(f"events touched: {parts}")


def print_dossier(d: dict[str, Any]) -> None:
    """An event with the evidence behind it, as analysts read it."""
    e = d["event"]
    when = e["date"]["start"] or "?"
    if e["date"]["end"] and e["date"]["end"] != e["date"]["start"]:
        when += f"..{e['date']['end']}"
    click.echo(f"{e['id']}  {e['type']}  {when}  {e['place']['name'] or '?'}")
    decided = " (an analyst's decision)" if d["decided"] else ""
    click.echo(f"status: {e['status']}{decided}")
    click.echo("independent origins: " + (", ".join(d["independent_origins"]) or "none"))
    if d["members"]:
        click.echo("evidence:")
        for m in d["members"]:
            grade = f" {m['grade']}" if m.get("grade") else ""
            click.echo(f"  {m['ref']}  [{m['status']}{grade}]  {m['origin']}: {m['text'] or ''}")
            if m.get("grade_reason"):
                click.echo(f"      grade: {m['grade_reason']}")
    if d["contradictions"]:
        click.echo("contradictions:")
        for c in d["contradictions"]:
            click.echo(f"  {c['kind']}: {c['text']}")
    if d["history"]:
        click.echo("history:")
        for h in d["history"]:
            status = f" -> {h['status']}" if h["status"] else ""
            refs = f" [{', '.join(h['refs'])}]" if h["refs"] else ""
            click.echo(
                f"  {h['time'][:19]}  {h['actor']}  {h['action']}{status}: {h['reason']}{refs}"
            )
    if d.get("versions"):
        click.echo("versions (ledger):")
        for v in d["versions"]:
            click.echo(
                f"  entry {v['seq']}  {(v['time'] or '')[:19]}  {v['actor']}  {v['op']}: "
                f"{v['reason'] or ''}"
            )
            for c in v["changes"]:
                click.echo(f"      {c['field']}: {_short(c['old'])} -> {_short(c['new'])}")


def _short(value: object, width: int = 60) -> str:
    text = "-" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


@events.command("merge")
@click.argument("target")
@click.argument("others", nargs=-1, required=True)
@click.option("--reason", help="Why these are one incident (required).")
@pass_ctx
@fail_cleanly
def merge(ctx: Context, target: str, others: tuple[str, ...], reason: str | None) -> None:
    """Merge events into TARGET: their claims and observations move to it.

    An event opened by clustering that is merged away is deleted; its history stays,
    and the ledger keeps it. An event imported from a data set can only be a target.

    \b
    Example:
      ceasewatch events merge scenario-karabakh-2020:evt-006 cw-0a1b2c3d4e5f \\
          --reason "the same blockade, reported a day apart"
    """
    with ctx.workspace() as ws:
        moved = ws.merge_events(target, list(others), reason)
    click.echo(f"merged {len(others)} event(s) into {target}: {len(moved)} record(s) moved")


@events.command("split")
@click.argument("event_id")
@click.option(
    "--members",
    required=True,
    metavar="REF,REF",
    help="The claims and observations to split off, as claim:ID or observation:ID.",
)
@click.option("--reason", help="Why these are another incident (required).")
@pass_ctx
@fail_cleanly
def split(ctx: Context, event_id: str, members: str, reason: str | None) -> None:
    """Split members off an event into a new event.

    \b
    Example:
      ceasewatch events split cw-0a1b2c3d4e5f --members claim:doc-017#2 \\
          --reason "shelling the day before, not the drone strike"
    """
    refs = [r.strip() for r in members.split(",") if r.strip()]
    with ctx.workspace() as ws:
        new = ws.split_event(event_id, refs, reason)
    click.echo(f"split {len(refs)} record(s) off {event_id} into {new}")


@events.command("verify")
@click.argument("event_id")
@click.option(
    "--status",
    required=True,
    metavar="STATUS",
    help="verified, disputed or refuted.",
)
@click.option("--reason", help="Why (required).")
@click.option(
    "--evidence",
    multiple=True,
    metavar="REF",
    help="A record the decision rests on (claim:ID, observation:ID, document:ID, ...); repeatable.",
)
@pass_ctx
@fail_cleanly
def verify(
    ctx: Context, event_id: str, status: str, reason: str | None, evidence: tuple[str, ...]
) -> None:
    """Record an analyst's decision on an event, with the reason and the evidence.

    The decision stands until another analyst's decision; clustering no longer changes
    the event's status. The claims behind the event are graded again.

    \b
    Example:
      ceasewatch events verify cw-0a1b2c3d4e5f --status verified \\
          --reason "two posts heard the fire" --evidence observation:obs-001
    """
    with ctx.workspace() as ws:
        done = ws.verify_event(event_id, status, reason, list(evidence))
    click.echo(f"{event_id}: {done}")


@cli.group()
def sources() -> None:
    """The sources: who they stand for, and their reliability grades."""


@sources.command("list")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@fail_cleanly
def sources_list(ctx: Context, as_json: bool) -> None:
    """List the sources with their grade and origin.

    \b
    Example:
      ceasewatch sources list
    """
    from ceasewatch.assess.grading import source_origins

    with ctx.workspace() as ws:
        found = ws.sources()
    origin = source_origins(found)
    rows: list[dict[str, Any]] = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind.value,
            "reliability": s.reliability.letter,
            "origin": origin[s.id],
            "protected": s.protected,
        }
        for s in found
    ]
    if as_json:
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, sort_keys=True))
        return
    header = ["id", "grade", "kind", "counts as", "name"]
    table = [[r["id"], r["reliability"], r["kind"], r["origin"], r["name"]] for r in rows]
    click.echo(render_table(header, table, width=60))


@sources.command("show")
@click.argument("source_id")
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
@fail_cleanly
def sources_show(ctx: Context, source_id: str, as_json: bool) -> None:
    """Show a source, what it counts as, and the history of its grade.

    \b
    Example:
      ceasewatch sources show baku-evening
    """
    with ctx.workspace() as ws:
        d = ws.source_dossier(source_id)
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True))
        return
    click.echo(f"{d['id']}: {d['name']}")
    click.echo(f"kind {d['kind']}, reliability {d['reliability']}, {d['documents']} document(s)")
    parent = f", re-reports {d['parent']}" if d["parent"] else ""
    click.echo(f"counts as: {d['origin']}{parent}")
    click.echo("grade history:")
    for h in d["history"]:
        click.echo(
            f"  {h['time'][:19]}  {h['actor']}  {h['op']}  {h['reliability'] or '?'}"
            + (f": {h['reason']}" if h["reason"] else "")
        )


@sources.command("grade")
@click.argument("source_id")
@click.option("--reliability", required=True, metavar="A-F", help="The new grade.")
@click.option("--reason", help="Why (required).")
@pass_ctx
@fail_cleanly
def sources_grade(ctx: Context, source_id: str, reliability: str, reason: str | None) -> None:
    """Change a source's reliability grade (Admiralty A-F) with a reason.

    A completely reliable, B usually, C fairly, D not usually, E unreliable, F cannot be
    judged. The claims the source stands behind are graded again.

    \b
    Example:
      ceasewatch sources grade tg-anon --reliability E --reason "three fabrications in 2022"
    """
    with ctx.workspace() as ws:
        old, new = ws.grade_source(source_id, reliability, reason)
    click.echo(f"{source_id}: {old} -> {new}")


@sources.command("protect")
@click.argument("source_id")
@click.option("--off", is_flag=True, help="No longer protect it.")
@click.option("--reason", help="Why (required).")
@pass_ctx
@fail_cleanly
def sources_protect(ctx: Context, source_id: str, off: bool, reason: str | None) -> None:
    """Protect a source: its id and name, its documents and their claims, its posts and
    their observations never leave through exports, reports or the public and liaison
    roles; texts that name any of them are withheld whole.

    \b
    Example:
      ceasewatch sources protect op-team --reason "field team in an exposed position"
    """
    with ctx.workspace() as ws:
        ws.protect_source(source_id, not off, reason)
    click.echo(f"{source_id}: {'not ' if off else ''}protected")


KINDS = ", ".join(k.value for k in SourceKind)


def _said(change: Any) -> str:
    graded = f"; {change.events} event(s) graded again" if change.events else ""
    return f"counts as {change.origin}{graded}"


@sources.command("add")
@click.argument("source_id", metavar="ID")
@click.option("--name", required=True, help="Who it is, in words.")
@click.option("--kind", required=True, metavar="KIND", help=f"One of: {KINDS}.")
@click.option("--party", metavar="PARTY", help="The party it belongs to (or 'mission').")
@click.option("--parent", metavar="SOURCE", help="The source it re-reports: its origin.")
@click.option("--reliability", default="F", show_default=True, metavar="A-F")
@click.option("--scale", metavar="SCALE", help="ACLED's source scale (national, local, ...).")
@click.option("--protected", is_flag=True, help="Its identity never leaves (see 'protect').")
@click.option("--reason", help="Why (kept in the ledger).")
@pass_ctx
@fail_cleanly
def sources_add(
    ctx: Context,
    source_id: str,
    name: str,
    kind: str,
    party: str | None,
    parent: str | None,
    reliability: str,
    scale: str | None,
    protected: bool,
    reason: str | None,
) -> None:
    """Add a source: its kind, the party it belongs to, and the origin it re-reports.

    An outlet with a parent counts as the parent's origin when corroboration counts
    independent origins: a wire copying a ministry is not a second voice.

    \b
    Example:
      ceasewatch sources add river-wire --name "River Wire" --kind wire --parent az-mod
    """
    with ctx.workspace() as ws:
        change = ws.add_source(
            source_id, name, kind, party=party, parent=parent, reliability=reliability,
            scale=scale, protected=protected, reason=reason,
        )  # fmt: skip
    click.echo(f"added source {change.source.id} ({change.source.kind.value}): {_said(change)}")


@sources.command("edit")
@click.argument("source_id", metavar="ID")
@click.option("--name", help="Who it is, in words.")
@click.option("--kind", metavar="KIND", help=f"One of: {KINDS}.")
@click.option("--party", metavar="PARTY", help="The party it belongs to; '' for none.")
@click.option("--parent", metavar="SOURCE", help="The source it re-reports; '' for none.")
@click.option("--scale", metavar="SCALE", help="ACLED's source scale; '' for none.")
@click.option("--reason", help="Why (kept in the ledger).")
@pass_ctx
@fail_cleanly
def sources_edit(
    ctx: Context,
    source_id: str,
    name: str | None,
    kind: str | None,
    party: str | None,
    parent: str | None,
    scale: str | None,
    reason: str | None,
) -> None:
    """Change a source's name, kind, party or the origin it re-reports.

    The events whose claims it (and the outlets that re-report it) stand behind are
    graded again: their independent origins are counted anew. The reliability grade and
    protection have 'sources grade' and 'sources protect'.

    \b
    Example:
      ceasewatch sources edit ararat-daily --parent am-mod --reason "prints its releases"
      ceasewatch sources edit baku-evening --parent ''
    """
    given = {"name": name, "kind": kind, "affiliation": party, "parent": parent, "scale": scale}
    changes = {k: v for k, v in given.items() if v is not None}
    with ctx.workspace() as ws:
        change = ws.edit_source(source_id, changes, reason)
    done = "; ".join(f"{f} {a or '-'} -> {b or '-'}" for f, a, b in change.changed)
    click.echo(f"{source_id}: {done}; {_said(change)}")


@sources.command("posts")
@click.argument("source_id")
@click.argument("posts", nargs=-1)
@click.option("--reason", help="Why (default: says which posts).")
@pass_ctx
@fail_cleanly
def sources_posts(ctx: Context, source_id: str, posts: tuple[str, ...], reason: str | None) -> None:
    """Tie observation posts or patrols to the source (a monitoring team) they report
    for, moving any tied to another; with no POSTS, list the source's posts. When the
    source is protected, its posts, their places and their observations are withheld
    with it.

    \b
    Example:
      ceasewatch sources posts op-team OP-5 OP-12
    """
    with ctx.workspace() as ws:
        if posts:
            changed = ws.assign_posts(source_id, list(posts), reason)
            click.echo(f"{source_id}: {len(changed)} post(s) tied ({', '.join(changed) or '-'})")
            return
        tied = sorted(p for p, s in ws.posts().items() if s == source_id)
    click.echo("\n".join(tied) if tied else f"{source_id}: no posts")
