"""The workspace's ledger: its signing key, signed heads, proofs, audit and bundles."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from ceasewatch.errors import LedgerError, NotFound, ParseError, StoreError
from ceasewatch.formats.jsontext import json_value
from ceasewatch.ledger import audit, bundle, heads, merkle
from ceasewatch.ledger.records import state_of
from ceasewatch.store import ledger as repo
from ceasewatch.store.engine import normalise_url


def _url(target: str) -> URL:
    return make_url(normalise_url(target))


def key_path(target: str) -> Path:
    """Where the workspace's signing key lives: $CEASEWATCH_KEY, or beside an SQLite file
    (``<file>.key``), or ``./ceasewatch.key``."""
    if os.environ.get("CEASEWATCH_KEY"):
        return Path(os.environ["CEASEWATCH_KEY"])
    url = _url(target)
    if url.drivername.startswith("sqlite") and url.database and url.database != ":memory:":
        return Path(url.database + ".key")
    return Path("ceasewatch.key")


def log_name(target: str) -> str:
    url = _url(target)
    stem = (
        Path(url.database or "memory").stem if url.drivername.startswith("sqlite") else url.database
    )
    return f"ceasewatch/{stem or 'workspace'}"


@dataclass(frozen=True, slots=True)
class Key:
    name: str
    private: Ed25519PrivateKey

    @property
    def verifier(self) -> heads.Verifier:
        return heads.Verifier(self.name, heads.public_bytes(self.private))


def create_key(path: Path, name: str) -> Key:
    """Make a new Ed25519 key, readable by its owner only; never overwrite one."""
    private = Ed25519PrivateKey.generate()
    raw = private.private_bytes_raw()
    body = json.dumps({"name": name, "ed25519": base64.b64encode(raw).decode()}) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_key(path)
    except OSError as exc:
        raise StoreError(f"cannot create the ledger key {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(body)
    return Key(name, private)


def load_key(path: Path) -> Key:
    try:
        data = json_value(path.read_bytes())
        private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["ed25519"]))
        return Key(str(data["name"]), private)
    except FileNotFoundError:
        raise LedgerError(
            f"no ledger key at {path}; 'ceasewatch init' makes one (or set CEASEWATCH_KEY)"
        ) from None
    except (ParseError, ValueError, KeyError, TypeError) as exc:
        raise LedgerError(f"the ledger key {path} cannot be read: {exc}") from None


@dataclass(frozen=True)
class SignedHead:
    size: int
    root: bytes
    time: str
    note: str


def make_head(conn: Connection, key: Key, now: datetime) -> SignedHead:
    """A head signed over the log as ``conn`` sees it, not stored yet."""
    size = repo.size(conn)
    root = repo.root(conn, size)
    head = heads.TreeHead(key.name, size, root, now)
    return SignedHead(size, root, head.time.isoformat(), heads.sign(head, key.name, key.private))


def store_head(conn: Connection, head: SignedHead) -> None:
    repo.add_head(conn, head.size, head.root, head.time, head.note)


def sign_head(conn: Connection, key: Key, now: datetime) -> str:
    head = make_head(conn, key, now)
    store_head(conn, head)
    return head.note


def latest_head(conn: Connection) -> str | None:
    stored = repo.heads(conn)
    return stored[-1][3] if stored else None


def prove(conn: Connection, seq: int, size: int | None) -> dict[str, Any]:
    n = repo.size(conn) if size is None else size
    if not 0 <= seq < n <= repo.size(conn):
        raise NotFound("ledger entry in a tree of that size", f"{seq} (size {n})")
    found = repo.entry_at(conn, seq)
    if found is None:
        raise LedgerError(f"entry {seq} is missing from the log; run 'ceasewatch ledger verify'")
    entry, leaf = found
    if entry is None:
        raise LedgerError(f"entry {seq} refers to a record that is gone; run 'ledger verify'")
    path, root = repo.inclusion_and_root(conn, seq, n)
    return {
        "index": seq,
        "size": n,
        "entry": json.loads(entry),
        "leaf_hash": leaf.hex(),
        "proof": [p.hex() for p in path],
        "root": root.hex(),
        "verified": merkle.verify_inclusion(leaf, seq, n, path, root),
    }


def consistency(conn: Connection, old: int, new: int) -> dict[str, Any]:
    size = repo.size(conn)
    if not 0 < old <= new <= size:
        raise NotFound("pair of tree sizes", f"{old} -> {new} (the log has {size} entries)")
    path = repo.consistency(conn, old, new)
    old_root, new_root = repo.root(conn, old), repo.root(conn, new)
    return {
        "old_size": old,
        "new_size": new,
        "old_root": old_root.hex(),
        "new_root": new_root.hex(),
        "proof": [p.hex() for p in path],
        "verified": merkle.verify_consistency(old, new, old_root, new_root, path),
    }


@dataclass
class Audit:
    entries: int = 0
    records: int = 0
    heads: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(conn: Connection, key: heads.Verifier, cap: int = 100) -> Audit:
    """Recompute leaves from the entries, the tree from the leaves, every head's root and
    signature, and each record's state from its row; name everything that differs."""
    found = audit.audit_entries(repo.iter_entries(conn), cap)
    result = Audit(entries=found.tree.size, problems=list(found.problems))
    result.problems += audit.audit_nodes(found.tree, repo.iter_nodes(conn))
    stored_heads = repo.heads(conn)
    result.heads = len(stored_heads)
    result.problems += audit.audit_heads(found.tree, stored_heads, key)
    seen: set[tuple[str, str]] = set()
    for kind in repo.KINDS:
        for row in repo.iter_records(conn, kind):
            rid = repo.record_id(kind, row)
            seen.add((kind, rid))
            result.records += 1
            latest = found.latest.get((kind, rid))
            if latest is None:
                result.problems.append(
                    f"{kind} {rid} was inserted outside the Workspace: no ledger entry records it"
                )
            elif latest[1] is None:
                result.problems.append(
                    f"{kind} {rid} was deleted (entry {latest[0]}) but is in the database again"
                )
            elif (
                latest[1] is not audit.BY_REFERENCE
                and audit.state_digest(state_of(row)) != latest[1]
            ):
                result.problems.append(
                    f"{kind} {rid} was changed outside the Workspace: "
                    f"it differs from entry {latest[0]}{_fields(conn, latest[0], row)}"
                )
            if len(result.problems) >= cap:
                return result
    for (kind, rid), (seq, digest) in found.latest.items():
        if digest is not None and (kind, rid) not in seen:
            result.problems.append(
                f"{kind} {rid} was deleted outside the Workspace (last recorded in entry {seq})"
            )
            if len(result.problems) >= cap:
                break
    return result


def _fields(conn: Connection, seq: int, row: dict[str, Any]) -> str:
    found = repo.entry_at(conn, seq)
    if found is None or found[0] is None:
        return ""
    state = json.loads(found[0]).get("state") or {}
    now = state_of(row)
    changed = sorted(k for k in set(state) | set(now) if state.get(k) != now.get(k))
    return f" in {', '.join(changed)}" if changed else ""


def export(conn: Connection, out: TextIO, key: Key, now: datetime) -> int:
    """Sign a head at the current size and write the bundle with every stored head."""
    sign_head(conn, key, now)
    size = repo.size(conn)
    notes = [cp for _s, _r, _t, cp in repo.heads(conn)]

    def texts() -> Iterator[str]:
        for seq, kind, rid, _op, text, _leaf, _ in repo.iter_entries(conn):
            if text is None:
                raise LedgerError(
                    f"entry {seq} refers to {kind} {rid}, which is gone; "
                    "run 'ceasewatch ledger verify'"
                )
            yield text

    return bundle.write_bundle(out, key.name, texts(), size, notes)
