"""``ledger head / public-key / prove / consistency / verify / export / verify-bundle``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ceasewatch.cli.jsonout import emit, json_flag
from ceasewatch.cli.main import Context, cli, fail_cleanly, pass_ctx
from ceasewatch.errors import InvalidInput, LedgerError


@cli.group()
def ledger() -> None:
    """The tamper-evident record: signed heads, proofs, audits and offline bundles."""


@ledger.command("head")
@click.option("--latest", is_flag=True, help="Show the latest signed head instead of signing one.")
@click.option(
    "--witness",
    "witnesses",
    multiple=True,
    metavar="URL|FOLDER",
    help="Ask this witness to cosign the head (a witness server's URL, or a witness folder "
    "on this machine); repeat for several.",
)
@pass_ctx
@fail_cleanly
def head(ctx: Context, latest: bool, witnesses: tuple[str, ...]) -> None:
    """Sign a tree head at the current size and print it as a C2SP checkpoint, with the
    witnesses' cosignatures (C2SP tlog-cosignature). A size is signed once: asked again at
    the same size, this prints the head already signed.

    Each witness gets the head and a consistency proof from the last head it cosigned; it
    refuses a log that was rolled back, forked, truncated and signed again, or signed with
    another key. A refusal is printed and the command exits non-zero.

    \b
    Example:
      ceasewatch ledger head > head-2026-11-29.txt
      ceasewatch ledger head --witness https://witness.example.org --witness ./witness-am
    """
    with ctx.workspace() as ws:
        if not witnesses:
            click.echo(ws.ledger_head(sign=not latest), nl=False)
            return
        answers = ws.ledger_witness(list(witnesses))
        note = ws.ledger_head(sign=False)
    click.echo(note, nl=False)
    refused = [a for a in answers if not a.cosigned]
    for a in answers:
        click.echo(f"{'cosigned by' if a.cosigned else 'REFUSED by'} {a.where}: {a.says}", err=True)
    if refused:
        raise LedgerError(f"{len(refused)} witness(es) refused to cosign the head")


@ledger.command("heads")
@pass_ctx
@fail_cleanly
def heads_(ctx: Context) -> None:
    """Print every signed head, with its cosignatures, smallest first. Heads are never
    replaced: two heads at one size are the evidence of an altered log.

    \b
    Example:
      ceasewatch ledger heads
    """
    with ctx.workspace() as ws:
        for note in ws.ledger_heads():
            click.echo(note)


@ledger.command("public-key")
@pass_ctx
@fail_cleanly
def public_key(ctx: Context) -> None:
    """Print the public key that verifies this workspace's heads (give it to witnesses).

    \b
    Example:
      ceasewatch ledger public-key > monitoring.pub
    """
    with ctx.workspace() as ws:
        click.echo(ws.ledger_public_key())


@ledger.command("prove")
@click.argument("entry", type=click.IntRange(min=0))
@click.option("--size", type=click.IntRange(min=1), help="Tree size to prove in (default: now).")
@pass_ctx
@fail_cleanly
def prove(ctx: Context, entry: int, size: int | None) -> None:
    """Inclusion proof of entry ENTRY (its sequence number) in the tree, as JSON.

    \b
    Example:
      ceasewatch ledger prove 41 --size 1000
    """
    with ctx.workspace() as ws:
        click.echo(json.dumps(ws.ledger_prove(entry, size), indent=2, ensure_ascii=False))


@ledger.command("consistency")
@click.argument("old", type=click.IntRange(min=1))
@click.argument("new", type=click.IntRange(min=1))
@pass_ctx
@fail_cleanly
def consistency(ctx: Context, old: int, new: int) -> None:
    """Consistency proof that the tree of size OLD is a prefix of the tree of size NEW.

    \b
    Example:
      ceasewatch ledger consistency 1000 1200
    """
    with ctx.workspace() as ws:
        click.echo(json.dumps(ws.ledger_consistency(old, new), indent=2))


_CHECKPOINT = click.option(
    "--checkpoint",
    "checkpoints",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A checkpoint kept elsewhere (by a party, a witness, a newsroom): the log must hold "
    "it, the same root at its size. A smaller log is a rollback, another root a fork.",
)
_WITNESS_KEY = click.option(
    "--witness-key",
    "witness_keys",
    multiple=True,
    metavar="KEY|FILE",
    help="A witness's public key (ceasewatch witness public-key); repeat for several.",
)
_QUORUM = click.option(
    "--quorum",
    type=click.IntRange(min=0),
    default=0,
    help="How many of the witnesses given must have cosigned the latest head.",
)


def _texts(values: tuple[str, ...]) -> list[str]:
    out = []
    for v in values:
        try:
            out.append(Path(v).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{v}: cannot read a checkpoint: {exc}", file=v) from None
    return out


@ledger.command("verify")
@click.option("--key", "key", metavar="PUB|FILE", help="Pin the public key heads must verify with.")
@_CHECKPOINT
@_WITNESS_KEY
@_QUORUM
@click.option("--json", "as_json", is_flag=True, help="The audit as one JSON object.")
@pass_ctx
@fail_cleanly
def verify(
    ctx: Context,
    key: str | None,
    checkpoints: tuple[str, ...],
    witness_keys: tuple[str, ...],
    quorum: int,
    as_json: bool,
) -> None:
    """Recompute the log and compare every record with it; name whatever differs.

    Exits non-zero when anything was changed, deleted or inserted outside the Workspace, or
    when a proof or a signed head does not hold, or when a checkpoint kept elsewhere is not
    a state of this log, or when fewer than --quorum of the witnesses cosigned its head.

    \b
    Example:
      ceasewatch ledger verify --key monitoring.pub
      ceasewatch ledger verify --checkpoint head-from-the-witness.txt \\
          --witness-key am.pub --witness-key az.pub --quorum 2
    """
    with ctx.workspace() as ws:
        audit = ws.ledger_verify(
            _key_text(key) if key else None,
            _texts(checkpoints),
            [_key_text(k) for k in witness_keys],
            quorum,
        )
    if as_json:
        out = {
            "ok": audit.ok,
            "entries": audit.entries,
            "records": audit.records,
            "heads": audit.heads,
            "problems": list(audit.problems),
        }
        click.echo(json.dumps(out, ensure_ascii=False, sort_keys=True))
        if not audit.ok:
            sys.exit(LedgerError.exit_code)
        return
    for problem in audit.problems:
        click.echo(f"FAIL {problem}")
    summary = f"{audit.entries} entries, {audit.records} records, {audit.heads} signed heads"
    if not audit.ok:
        raise LedgerError(
            f"the ledger does not verify ({len(audit.problems)} problem(s); {summary})"
        )
    click.echo(f"ok: {summary}")


@ledger.command("export")
@click.option("--to", "to", required=True, type=click.Path(dir_okay=False), help="Bundle file.")
@pass_ctx
@fail_cleanly
def export(ctx: Context, to: str) -> None:
    """Write an offline verification bundle: every entry and the signed heads.

    \b
    Example:
      ceasewatch ledger export --to ledger-2026-11-29.bundle
    """
    with ctx.workspace() as ws, open(to, "w", encoding="utf-8", newline="\n") as fh:
        n = ws.ledger_export(fh)
    click.echo(f"{to}: {n} entries and their signed heads")


def _key_text(value: str) -> str:
    path = Path(value)
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    return value


@ledger.command("verify-bundle")
@click.argument("bundle", type=click.Path(dir_okay=False))
@click.option("--key", "key", required=True, metavar="PUB|FILE", help="The log's public key.")
@_CHECKPOINT
@_WITNESS_KEY
@_QUORUM
@json_flag
@fail_cleanly
def verify_bundle(
    bundle: str,
    key: str,
    checkpoints: tuple[str, ...],
    witness_keys: tuple[str, ...],
    quorum: int,
    as_json: bool,
) -> None:
    """Verify a bundle offline: needs no database and loads no part of ceasewatch's store.

    \b
    Example:
      ceasewatch ledger verify-bundle ledger-2026-11-29.bundle --key monitoring.pub
    """
    from ceasewatch.ledger.bundle import verify_bundle as check
    from ceasewatch.ledger.heads import Verifier
    from ceasewatch.ledger.witness import CosignerKey

    verifier = Verifier.parse(_key_text(key))
    kept = _texts(checkpoints)
    witnesses = [CosignerKey.parse(_key_text(k)) for k in witness_keys]
    try:
        stream = open(bundle, encoding="utf-8", newline="\n")  # noqa: SIM115
    except OSError as exc:
        raise InvalidInput(f"{bundle}: cannot open: {exc.strerror}", file=bundle) from None
    try:
        with stream:
            report = check(stream, verifier, kept, witnesses, quorum)
    except UnicodeDecodeError:
        raise LedgerError(f"{bundle}: not UTF-8 text; not a ledger bundle") from None
    if as_json:
        emit(
            {
                "ok": True,
                "entries": report.size,
                "root": report.root.hex(),
                "heads": len(report.heads),
                "signer": verifier.name,
            }
        )
        return
    click.echo(
        f"ok: {report.size} entries, root {report.root.hex()}, "
        f"{len(report.heads)} signed head(s) by {verifier.name}"
    )
    sys.stdout.flush()
