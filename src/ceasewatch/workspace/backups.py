"""Backups of a workspace and their restoration, its ledger verified after.

A backup is a folder (docs/ledger.md, "Backup and restore")::

    manifest.json        what the backup holds, and the ledger's state in the copy
    database.sqlite      an SQLite workspace: the database, one self-contained file
    database.pgdump      a PostgreSQL workspace: pg_dump's custom format
    ledger-key.sealed    the ledger's signing key, sealed under a passphrase (sealing.py)

It is written under a temporary name beside its destination and renamed when complete,
so a folder with the destination's name is always a whole backup.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from ceasewatch import __version__
from ceasewatch.errors import Conflict, InvalidInput, LedgerError, ParseError
from ceasewatch.ledger import heads
from ceasewatch.store import migrate
from ceasewatch.store.engine import normalise_url
from ceasewatch.workspace import copies, ledgering, sealing

if TYPE_CHECKING:
    from ceasewatch.workspace.keeping import Keeping

FORMAT = "ceasewatch-backup/1"
MANIFEST = "manifest.json"
KEY_FILE = "ledger-key.sealed"
DATABASE_FILES = {"sqlite": "database.sqlite", "postgresql": "database.pgdump"}


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    kind: str
    size: int  # ledger entries in the copy
    root: str
    head_size: int | None  # of the latest signed head in the copy
    public_key: str
    bytes: int


@dataclass
class RestoreReport:
    target: str  # the database, its password hidden
    key_path: Path
    key_written: bool  # False: the same key was in place already
    manifest: dict[str, Any]
    size: int = 0
    root: str = ""
    audit: ledgering.Audit | None = None
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.audit is not None and self.audit.ok and not self.mismatches


# -- backup ------------------------------------------------------------------------------
def _ledger_state(key: ledgering.Key, now: datetime) -> Callable[[Connection], dict[str, Any]]:
    """What the manifest says of the copy's ledger, read in the copy's own snapshot: its
    size and root, signed (``copy_head``, not stored anywhere: it makes the manifest's
    figures as hard to alter as a head), and the latest head stored in it."""

    def read(conn: Connection) -> dict[str, Any]:
        size, root, latest = ledgering.state(conn)
        return {
            "size": size,
            "root": root.hex(),
            "copy_head": ledgering.make_head(conn, key, now).note if size else None,
            "latest_head": latest,
            "latest_head_size": heads.parse_checkpoint(latest)[0].size if latest else None,
            "schema": migrate.revision_on(conn),
        }

    return read


def backup(ws: Keeping, dest: Path, passphrase: str) -> BackupReport:
    """Back the workspace up into the new folder ``dest``, while others keep writing."""
    sealing.check_passphrase(passphrase)
    kind = ws.engine.dialect.name
    if kind not in DATABASE_FILES:
        raise InvalidInput(f"cannot back up a {kind} database; expected SQLite or PostgreSQL")
    if dest.exists() and not (dest.is_dir() and not any(dest.iterdir())):
        raise Conflict(f"{dest} exists; a backup goes into a new (or empty) folder")
    if not dest.parent.is_dir():
        raise InvalidInput(f"{dest.parent} is not a folder", file=str(dest))
    key = ws.ledger_key()
    started = ws.clock()
    # a head over what is written so far; and a key that did not sign the heads is
    # refused here, not found out at the restore
    ws.ledger_sign_if_behind()
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.partial-", dir=dest.parent))
    try:
        db_file = tmp / DATABASE_FILES[kind]
        read = _ledger_state(key, ws.clock())
        if kind == "sqlite":
            copies.sqlite_copy(ws.engine, db_file)
            with copies.sqlite_reading(db_file) as conn:
                state = read(conn)
        else:
            state = copies.pg_dump(ws.engine, db_file, read)
        db_file.chmod(0o600)  # the database holds protected sources and users
        sealed = sealing.seal(ledgering.key_text(key).encode(), passphrase)
        _write(tmp / KEY_FILE, sealing.dumps(sealed))
        schema = state.pop("schema")
        manifest = {
            "format": FORMAT,
            "ceasewatch": __version__,
            "started": started.isoformat(),
            "finished": ws.clock().isoformat(),
            "database": {
                "kind": kind,
                "file": db_file.name,
                "schema": schema,
                "bytes": db_file.stat().st_size,
                "sha256": _sha256(db_file),
            },
            "ledger": {"origin": key.name, "public_key": _public(key), **state},
            "key": {
                "file": KEY_FILE,
                "sealed": "scrypt, AES-256-GCM",
                "sha256": _sha256(tmp / KEY_FILE),
            },
        }
        _write(tmp / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        _sync(db_file)
        _sync(tmp)
        try:
            os.rename(tmp, dest)  # replaces an empty folder, not one that filled meanwhile
        except OSError as exc:
            raise Conflict(f"{dest}: {exc.strerror}; the backup was not kept") from None
        _sync(dest.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return BackupReport(
        dest,
        kind,
        state["size"],
        state["root"],
        state["latest_head_size"],
        _public(key),
        sum(p.stat().st_size for p in dest.iterdir()),
    )


def _public(key: ledgering.Key) -> str:
    v = key.verifier
    return heads.verifier_key(v.name, v.public)


def _write(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# -- restore -----------------------------------------------------------------------------
def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest of a backup folder, checked: its format, and each file it lists is
    there with the hash it had when the backup was made."""
    where = str(source / MANIFEST)
    if not source.is_dir():
        raise InvalidInput(f"{source} is not a folder; a backup is one", file=str(source))
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(
            f"{source} is not a ceasewatch backup: no {MANIFEST}", file=where
        ) from None
    except (OSError, ValueError) as exc:
        raise ParseError(f"{where} cannot be read: {exc}", file=where) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise ParseError(f"{where}: format {found!r}, expected {FORMAT!r}", file=where)
    try:
        kind = manifest["database"]["kind"]
        checks = [
            (DATABASE_FILES[kind], manifest["database"]["sha256"]),
            (KEY_FILE, manifest["key"]["sha256"]),
        ]
        missing = [k for k in ("size", "root", "public_key") if k not in manifest["ledger"]]
    except (KeyError, TypeError) as exc:
        raise ParseError(f"{where} lacks {exc}", file=where) from None
    if missing:
        raise ParseError(f"{where}: the ledger lacks {', '.join(missing)}", file=where)
    for name, digest in checks:
        path = source / name  # our own names, never a path read from the manifest
        if not path.is_file():
            raise InvalidInput(f"the backup {source} is incomplete: {name} is missing", file=where)
        if _sha256(path) != digest:
            raise InvalidInput(
                f"the backup {source} is damaged: {name} differs from the manifest's hash",
                file=str(path),
            )
    return manifest


def restore(source: Path, passphrase: str, target: str, *, force: bool) -> RestoreReport:
    """Restore the backup at ``source`` into ``target`` and its key to where ``target``
    looks for it; then verify the ledger. Nothing is touched before the passphrase has
    opened the key, the target was found empty (or ``force``), and no other key is where
    this one goes."""
    manifest = read_manifest(source)
    kind, schema = manifest["database"]["kind"], manifest["database"].get("schema")
    if schema and not migrate.is_known(schema):
        raise InvalidInput(
            f"the backup's schema is at {schema}, which this ceasewatch ({__version__}) does "
            f"not know; restore it with ceasewatch {manifest.get('ceasewatch')} or later"
        )
    sealed_text = (source / KEY_FILE).read_text(encoding="utf-8")
    try:
        sealed = json.loads(sealed_text)
    except ValueError as exc:
        raise ParseError(f"{source / KEY_FILE} cannot be read: {exc}") from None
    key = ledgering.parse_key(
        sealing.unseal(sealed, passphrase, str(source / KEY_FILE)), str(source / KEY_FILE)
    )
    if _public(key) != manifest["ledger"]["public_key"]:
        raise LedgerError(
            f"the sealed key of {source} is not the one its manifest names "
            f"({manifest['ledger']['public_key']})"
        )
    url = make_url(normalise_url(target))
    if not url.drivername.startswith(kind):
        raise InvalidInput(
            f"this backup is of a {kind} database, and {_shown(url)} is not one; restore "
            "into a database of the same kind",
            field="db",
        )
    key_path = ledgering.key_path(target)
    ledgering.refuse_other_key(key_path, key)
    db_file = source / DATABASE_FILES[kind]
    if kind == "sqlite":
        _restore_sqlite(db_file, url, force)
    else:
        _restore_postgresql(db_file, url, force)
    written = ledgering.install_key(key_path, key)
    report = RestoreReport(_shown(url), key_path, written, manifest)
    _check(report, target)
    return report


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _refuse_non_empty(target: str, tables: list[str]) -> NoReturn:
    raise Conflict(
        f"{target} holds a workspace ({', '.join(sorted(tables))} have rows); restore into "
        "a new or empty database, or give --force to replace it"
    )


def _restore_sqlite(copy: Path, url: URL, force: bool) -> None:
    if not url.database or url.database == ":memory:":
        raise InvalidInput("restore needs a database file or a PostgreSQL URL", field="db")
    path = Path(url.database)
    if not path.parent.is_dir():
        raise InvalidInput(f"{path.parent} is not a folder", field="db")
    with_rows = copies.sqlite_tables_with_rows(path)
    if with_rows and not force:
        _refuse_non_empty(str(path), with_rows)
    copies.sqlite_restore(copy, path)


def _restore_postgresql(dump: Path, url: URL, force: bool) -> None:
    found = copies.pg_tables(url)
    if found is None:
        copies.pg_create(url)
        copies.pg_restore(dump, url, clean=False)
        return
    tables, with_rows = found
    if with_rows and not force:
        _refuse_non_empty(_shown(url), with_rows)
    others = set(tables) - copies.dumped_tables(dump)
    if others:
        raise Conflict(
            f"{_shown(url)} holds tables the backup does not ({', '.join(sorted(others))}); "
            "restore into a new database"
        )
    copies.pg_restore(dump, url, clean=bool(tables))


def _check(report: RestoreReport, target: str) -> None:
    """The restored ledger is the manifest's (size, root, latest head) and verifies."""
    from ceasewatch.workspace.core import Workspace

    expected = report.manifest["ledger"]
    with Workspace.open(target, upgrade=True) as ws:
        size, root, latest = ws.ledger_state()
        report.size, report.root = size, root.hex()
        if size != expected["size"] or root.hex() != expected["root"]:
            report.mismatches.append(
                f"the restored ledger has {size} entries with root {root.hex()}; the "
                f"manifest says {expected['size']} with root {expected['root']}"
            )
        if latest != expected.get("latest_head"):
            report.mismatches.append("the latest signed head differs from the manifest's")
        if expected.get("copy_head"):
            try:
                head = heads.verify_checkpoint(
                    expected["copy_head"], heads.Verifier.parse(expected["public_key"])
                )
            except LedgerError as exc:
                report.mismatches.append(f"the manifest's head of the copy: {exc}")
            else:
                if (head.size, head.root) != (size, root):
                    report.mismatches.append(
                        f"the manifest's signed head of the copy (size {head.size}) does not "
                        "match the restored ledger"
                    )
        elif size:
            report.mismatches.append("the manifest has no signed head of the copy")
        report.audit = ws.ledger_verify(expected["public_key"])
