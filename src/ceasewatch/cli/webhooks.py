"""``webhooks add / list / remove / deliveries / send``: who is sent each new published
event and finding (docs/web.md, "Webhooks")."""

from __future__ import annotations

import click

from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx


@cli.group()
def webhooks() -> None:
    """Webhooks: each new published event and finding POSTed, signed, to the URLs that
    subscribe to it, by the server's sender."""


@webhooks.command("add")
@click.argument("url")
@click.option(
    "--wants",
    type=click.Choice(["events", "findings", "both"]),
    default="both",
    show_default=True,
    help="What the URL is sent.",
)
@click.option("--zone", help="Only what lies in this zone of the agreement.")
@click.option("--family", "families", multiple=True, help="Only these families (repeatable).")
@click.option("--party", help="Only what involves this party (its id).")
@click.option("--agreement", help="The agreement the zone is of (default: the first stored).")
@json_flag
@pass_ctx
@fail_cleanly
def add(
    ctx: Context,
    url: str,
    wants: str,
    zone: str | None,
    families: tuple[str, ...],
    party: str | None,
    agreement: str | None,
    as_json: bool,
) -> None:
    """Subscribe URL (http:// or https://) and print its secret, which signs every
    delivery: it is shown this once. Logged in the ledger.

    \b
    Example:
      ceasewatch webhooks add https://newsroom.example.org/hooks/cw --wants events \\
          --zone lachin-corridor --family ceasefire_violation --party AZ
    """
    from ceasewatch.model import Family

    chosen = tuple(Family.parse(f, field="family") for f in families)
    with ctx.workspace() as ws:
        made = ws.add_webhook(url, wants, zone, chosen, party, agreement)
    if as_json:
        emit(made.as_dict())
        return
    click.echo(f"webhook {made.id} to {made.url} ({made.wants})")
    click.echo(f"secret (shown once; the receiver checks signatures with it): {made.secret}")


@webhooks.command("list")
@json_flag
@pass_ctx
@fail_cleanly
def list_(ctx: Context, as_json: bool) -> None:
    """The subscriptions, with how many deliveries wait, were delivered and failed.

    \b
    Example:
      ceasewatch webhooks list
    """
    with ctx.workspace() as ws:
        found = ws.webhooks()
    for s in found:
        if as_json:
            emit(s.as_dict())
            continue
        scope = [f"zone {s.zone}"] * bool(s.zone) + [f"party {s.party}"] * bool(s.party)
        scope += [f"families {','.join(f.value for f in s.families)}"] * bool(s.families)
        click.echo(
            f"{s.id}  {s.url}  {s.wants}  {'; '.join(scope) or 'everything published'}  "
            f"pending {s.pending}, delivered {s.delivered}, failed {s.failed}"
        )


@webhooks.command("remove")
@click.argument("webhook_id")
@json_flag
@pass_ctx
@fail_cleanly
def remove(ctx: Context, webhook_id: str, as_json: bool) -> None:
    """Remove a subscription, its secret and its deliveries. Logged in the ledger.

    \b
    Example:
      ceasewatch webhooks remove wh-3f2a9c1d04be
    """
    with ctx.workspace() as ws:
        ws.remove_webhook(webhook_id)
    if as_json:
        emit({"removed": webhook_id})
    else:
        click.echo(f"removed {webhook_id}")


@webhooks.command("deliveries")
@click.option("--webhook", "webhook_id", help="Of this subscription only.")
@click.option("--state", type=click.Choice(["pending", "delivered", "failed"]))
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_flag
@pass_ctx
@fail_cleanly
def deliveries(
    ctx: Context, webhook_id: str | None, state: str | None, limit: int, as_json: bool
) -> None:
    """The latest deliveries: what, to which subscription, their state, attempts and the
    last answer.

    \b
    Example:
      ceasewatch webhooks deliveries --state pending
    """
    with ctx.workspace() as ws:
        found = ws.webhook_deliveries(webhook_id, state, limit)
    for d in found:
        if as_json:
            emit(d)
            continue
        last = d["last_error"] or (f"answered {d['last_status']}" if d["last_status"] else "")
        click.echo(
            f"{d['id']}  {d['webhook_id']}  {d['kind']} {d['record_id']}  {d['state']}  "
            f"attempts {d['attempts']}  {last}".rstrip()
        )


@webhooks.command("send")
@json_flag
@pass_ctx
@fail_cleanly
def send(ctx: Context, as_json: bool) -> None:
    """Send what is due now, once (the server's sender does so by itself; this is for a
    workspace no server runs on).

    \b
    Example:
      ceasewatch webhooks send
    """
    with ctx.workspace() as ws:
        report = ws.send_webhooks(limit=10_000)
    if as_json:
        emit(report)
        return
    click.echo(
        f"tried {report.tried}: delivered {report.delivered}, to retry {report.retrying}, "
        f"failed {report.failed}"
    )
    for e in report.errors:
        click.echo(f"  {e}", err=True)
