"""``init`` and ``db upgrade``."""

from __future__ import annotations

import click

from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx


@cli.command()
@pass_ctx
@fail_cleanly
def init(ctx: Context) -> None:
    """Create a workspace database (or bring an existing one up to date).

    \b
    Example:
      ceasewatch --db monitoring.db init
    """
    from ceasewatch.workspace import Workspace

    with Workspace.init(ctx.db) as ws:
        click.echo(f"workspace ready: {ws.stats()['database']}")
        click.echo(f"ledger public key: {ws.ledger_public_key()}")


@cli.group()
def db() -> None:
    """Database maintenance."""


@db.command("upgrade")
@pass_ctx
@fail_cleanly
def upgrade(ctx: Context) -> None:
    """Apply pending schema migrations.

    \b
    Example:
      ceasewatch --db postgresql://monitor@localhost/ceasewatch db upgrade
    """
    from ceasewatch.workspace import Workspace

    with Workspace.open(ctx.db, upgrade=True) as ws:  # the ledger key is not needed
        click.echo(f"schema at {ws.stats()['schema']}")
