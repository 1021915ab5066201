"""``serve`` and ``users``: the web application and who may use it."""

from __future__ import annotations

import os
import socket
import sys

import click

from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.server import LOOPBACK, Limits

DEFAULTS = Limits()


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--tiles",
    metavar="URL",
    help="A tile layer for the map ({z}/{x}/{y} URL) when one is reachable; by default "
    "the map draws the zones and events with no tiles.",
)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A host name clients use to reach the server (repeatable; '*.example.org' for "
    "its subdomains, '*' for any). A request naming another gets 400. Default: the "
    "--host given (with localhost for a loopback address; with this machine's names "
    "for 0.0.0.0 or ::).",
)
@click.option(
    "--max-connections",
    default=DEFAULTS.max_connections,
    show_default=True,
    type=click.IntRange(16, 1_000_000),
    help="Open connections per worker; above it, the one idle longest is closed.",
)
@click.option(
    "--header-timeout",
    default=DEFAULTS.header_timeout,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    metavar="SECONDS",
    help="How long a client may take to send a request's line and headers (408 after).",
)
@click.option(
    "--body-timeout",
    default=DEFAULTS.body_timeout,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    metavar="SECONDS",
    help="How long a client may fall silent while sending a request's body.",
)
@click.option(
    "--forwarded-allow-ips",
    default="127.0.0.1",
    show_default=True,
    metavar="IPS",
    help="Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are "
    "believed (comma-separated; the login throttle counts by the client address).",
)
@click.option(
    "--threads",
    default=16,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Requests each worker works on at once; the others wait their turn.",
)
@pass_ctx
@fail_cleanly
def serve(
    ctx: Context,
    host: str,
    port: int,
    tiles: str | None,
    workers: int,
    allowed_hosts: tuple[str, ...],
    max_connections: int,
    header_timeout: float,
    body_timeout: float,
    forwarded_allow_ips: str,
    threads: int,
) -> None:
    """Serve the web pages and the HTTP API (OpenAPI at /openapi.json) with uvicorn,
    with limits on slow and idle clients (docs/web.md, "Limits").

    \b
    Example:
      ceasewatch --db monitoring.db serve --port 8000
      ceasewatch --db monitoring.db serve --host 0.0.0.0 --allowed-host cw.example.org
    """
    from ceasewatch.server import run
    from ceasewatch.workspace import Workspace

    with Workspace.open(ctx.db):  # a clear error now rather than in each worker
        pass
    if ctx.db:
        os.environ["CEASEWATCH_DB"] = ctx.db
    if tiles:
        os.environ["CEASEWATCH_TILES"] = tiles
    os.environ["CEASEWATCH_ALLOWED_HOSTS"] = ",".join(allowed_hosts or host_names(host))
    limits = Limits(
        header_timeout=header_timeout, body_timeout=body_timeout, max_connections=max_connections
    )
    os.environ["CEASEWATCH_THREADS"] = str(threads)
    click.echo(
        f"ceasewatch on http://{host}:{port}/ (API: http://{host}:{port}/openapi.json)", err=True
    )
    run(
        "ceasewatch.asgi:factory",
        limits,
        host=host,
        port=port,
        workers=workers,
        forwarded_allow_ips=forwarded_allow_ips,
    )


def host_names(host: str) -> list[str]:
    """The names a server started for *host* answers to when it is told none."""
    if host in ("0.0.0.0", "::", ""):
        names = {socket.gethostname(), socket.getfqdn(), *LOOPBACK}
        return sorted(n.lower() for n in names if n)
    if host in LOOPBACK or host.startswith("127."):
        return sorted({host, *LOOPBACK})
    return [host]


@cli.group()
def users() -> None:
    """Who may use the web application and the API, and with which role."""


@users.command("add")
@click.argument("name")
@click.option(
    "--role", required=True, metavar="ROLE", help="public, liaison, monitor, analyst or admin."
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_ctx
@fail_cleanly
def users_add(ctx: Context, name: str, role: str, password_stdin: bool) -> None:
    """Add a user; the password is asked for (or read from standard input).

    \b
    Example:
      ceasewatch users add amina --role analyst
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    with ctx.workspace() as ws:
        user = ws.add_user(name, role, password)
    click.echo(f"{user.name}: {user.role.label}")


@users.command("list")
@json_flag
@pass_ctx
@fail_cleanly
def users_list(ctx: Context, as_json: bool) -> None:
    """List the users and their roles.

    \b
    Example:
      ceasewatch users list
    """
    with ctx.workspace() as ws:
        for u in ws.users():
            if as_json:
                emit(u)
                continue
            click.echo(f"{u['name']}  {u['role']}{'  (disabled)' if u['disabled'] else ''}")


@users.command("token")
@click.argument("name")
@click.option("--label", help="What the token is for.")
@pass_ctx
@fail_cleanly
def users_token(ctx: Context, name: str, label: str | None) -> None:
    """Make an API token for a user (shown once; send it as 'Authorization: Bearer ...').

    \b
    Example:
      ceasewatch users token amina --label "nightly export"
    """
    with ctx.workspace() as ws:
        click.echo(ws.new_token(name, label))


@users.command("disable")
@click.argument("name")
@pass_ctx
@fail_cleanly
def users_disable(ctx: Context, name: str) -> None:
    """Stop a user logging in; their sessions and API tokens end at once.

    \b
    Example:
      ceasewatch users disable amina
    """
    with ctx.workspace() as ws:
        ws.disable_user(name)
    click.echo(f"{name}: disabled")


@users.command("revoke-tokens")
@click.argument("name")
@pass_ctx
@fail_cleanly
def users_revoke(ctx: Context, name: str) -> None:
    """Revoke every API token of a user.

    \b
    Example:
      ceasewatch users revoke-tokens amina
    """
    with ctx.workspace() as ws:
        n = ws.revoke_tokens(name)
    click.echo(f"{name}: {n} token(s) revoked")
