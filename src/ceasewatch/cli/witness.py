"""``witness init / follow / public-key / show / serve``: a party's own witness of a log."""

from __future__ import annotations

from pathlib import Path

import click

from ceasewatch.cli.main import cli, fail_cleanly


def _key_text(value: str) -> str:
    path = Path(value)
    return path.read_text(encoding="utf-8").strip() if path.is_file() else value


@cli.group()
def witness() -> None:
    """A witness: keeps the last head it cosigned of each log it follows and cosigns a new
    one only if the log grew from it (docs/ledger.md)."""


@witness.command("init")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--name", required=True, help="The witness's name, e.g. witness.example.org/am.")
@fail_cleanly
def init(folder: str, name: str) -> None:
    """Make a witness in FOLDER and print its public key (give it to the log's readers).

    \b
    Example:
      ceasewatch witness init witness-am --name witness.example.org/am > am.pub
    """
    from ceasewatch.workspace import witnessing

    click.echo(witnessing.init_witness(Path(folder), name))


@witness.command("follow")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.argument("log_key", metavar="LOG_KEY|FILE")
@fail_cleanly
def follow(folder: str, log_key: str) -> None:
    """Follow a log, given its public key (ceasewatch ledger public-key). A log's key is
    never replaced: a head signed with another key is refused.

    \b
    Example:
      ceasewatch witness follow witness-am monitoring.pub
    """
    from ceasewatch.workspace import witnessing

    origin = witnessing.follow(Path(folder), _key_text(log_key))
    click.echo(f"following {origin}")


@witness.command("public-key")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@fail_cleanly
def public_key(folder: str) -> None:
    """Print the witness's public key (for ledger verify --witness-key).

    \b
    Example:
      ceasewatch witness public-key witness-am > am.pub
    """
    from ceasewatch.workspace import witnessing

    click.echo(witnessing.public_key(Path(folder)))


@witness.command("show")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@fail_cleanly
def show(folder: str) -> None:
    """The logs a witness follows, the size it last cosigned of each, and its alarms.

    \b
    Example:
      ceasewatch witness show witness-am
    """
    from ceasewatch.workspace import witnessing

    state = witnessing.load(Path(folder))
    click.echo(f"witness {state.name}")
    for origin, f in sorted(state.logs.items()):
        click.echo(f"  {origin}: cosigned up to size {f.size}")
    for alarm in state.alarms:
        click.echo(f"  ALARM {alarm}")


@witness.command("serve")
@click.argument("folder", type=click.Path(file_okay=False, exists=True))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8090, show_default=True, type=int)
@fail_cleanly
def serve(folder: str, host: str, port: int) -> None:
    """Serve the witness over HTTP (C2SP tlog-witness: POST /add-checkpoint).

    \b
    Example:
      ceasewatch witness serve witness-am --port 8090
    """
    import uvicorn

    from ceasewatch.asgi_witness import witness_app

    uvicorn.run(
        witness_app(Path(folder)),
        host=host,
        port=port,
        log_level="warning",
        timeout_keep_alive=5,
        limit_concurrency=64,
        h11_max_incomplete_event_size=16 * 1024,
    )
