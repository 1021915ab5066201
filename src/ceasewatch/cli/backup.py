"""``backup`` and ``restore``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.errors import InvalidInput, LedgerError

_PASSPHRASE_FILE = click.option(
    "--passphrase-file",
    type=click.Path(dir_okay=False),
    help="Read the passphrase from the first line of this file "
    "(default: asked for in a terminal, else the first line of standard input).",
)


def read_passphrase(path: str | None, *, confirm: bool) -> str:
    """The passphrase: from a file, typed at a terminal (hidden), or piped on stdin; never
    an argument, which other users of the machine could read."""
    if path is not None:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.readline()
        except OSError as exc:
            raise InvalidInput(f"{path}: cannot read: {exc.strerror}", file=path) from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{path}: not UTF-8 text", file=path) from None
    elif sys.stdin.isatty():
        text = click.prompt(
            "Passphrase for the ledger key", hide_input=True, confirmation_prompt=confirm
        )
    else:
        text = sys.stdin.readline()
    passphrase = text.rstrip("\r\n")
    if not passphrase:
        raise InvalidInput("the passphrase is empty", field="passphrase")
    return passphrase


@cli.command()
@click.argument("dest", type=click.Path(file_okay=False))
@_PASSPHRASE_FILE
@json_flag
@pass_ctx
@fail_cleanly
def backup(ctx: Context, dest: str, passphrase_file: str | None, as_json: bool) -> None:
    """Back up the workspace into the new folder DEST, while the server keeps writing.

    DEST gets a consistent copy of the database (SQLite's online backup, or pg_dump for
    PostgreSQL), a manifest, and the ledger's signing key sealed under a passphrase. A
    head is signed first, unless the latest one covers every entry. A copy of the
    database file is not a backup: it misses what the write-ahead log holds.

    \b
    Example:
      ceasewatch --db monitoring.db backup backups/2026-11-29 --passphrase-file pass.txt
    """
    passphrase = read_passphrase(passphrase_file, confirm=True)
    with ctx.workspace() as ws:
        made = ws.backup(dest, passphrase)
    if as_json:
        emit(made)
        return
    click.echo(f"{made.path}: {made.kind} workspace, {made.bytes:,} bytes")
    click.echo(f"ledger: {made.size} entries, root {made.root}, latest head {made.head_size}")
    click.echo(f"ledger public key: {made.public_key}")


@cli.command()
@click.argument("source", metavar="SRC", type=click.Path(file_okay=False))
@click.option(
    "--db",
    "target",
    metavar="URL|PATH",
    help="The database to restore into (default: the global --db, $CEASEWATCH_DB or "
    "./ceasewatch.db). A PostgreSQL database that does not exist is created.",
)
@click.option("--force", is_flag=True, help="Replace a database that holds a workspace.")
@_PASSPHRASE_FILE
@json_flag
@pass_ctx
@fail_cleanly
def restore(
    ctx: Context,
    source: str,
    target: str | None,
    force: bool,
    passphrase_file: str | None,
    as_json: bool,
) -> None:
    """Restore the backup SRC into a new or empty database, and the ledger key to where
    that database looks for it; then verify the ledger.

    The passphrase must open the key before anything is written. A key already at the
    key's place is never replaced: another one there is refused. Exits non-zero when the
    restored ledger does not verify or differs from the backup's manifest.

    \b
    Example:
      ceasewatch restore backups/2026-11-29 --db restored.db --passphrase-file pass.txt
    """
    from ceasewatch.workspace import Workspace

    passphrase = read_passphrase(passphrase_file, confirm=False)
    made = Workspace.restore(Path(source), passphrase, target or ctx.db, force=force)
    taken = made.manifest.get("finished", "?")
    audit = made.audit
    assert audit is not None
    if as_json:
        emit(
            {
                "ok": made.ok,
                "source": source,
                "taken": taken,
                "target": made.target,
                "key_path": made.key_path,
                "key_written": made.key_written,
                "entries": audit.entries,
                "records": audit.records,
                "heads": audit.heads,
                "problems": [*made.mismatches, *audit.problems],
            }
        )
        if not made.ok:
            sys.exit(LedgerError.exit_code)
        return
    click.echo(f"restored {source} (taken {taken}) into {made.target}")
    where = "written to" if made.key_written else "already in place at"
    click.echo(f"ledger key {where} {made.key_path}")
    for problem in made.mismatches:
        click.echo(f"FAIL {problem}")
    for problem in audit.problems:
        click.echo(f"FAIL {problem}")
    summary = f"{audit.entries} entries, {audit.records} records, {audit.heads} signed heads"
    if not made.ok:
        raise LedgerError(
            f"the restored ledger does not verify "
            f"({len(audit.problems) + len(made.mismatches)} problem(s); {summary})"
        )
    click.echo(f"ledger: {made.size} entries, root {made.root}, as in the manifest")
    click.echo(f"ok: {summary}")
