"""The workspace's ledger: its signing key, signed heads, proofs, audit and bundles."""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import Connection
from sqlalchemy.engine import URL, make_url

from ceasewatch.errors import Conflict, LedgerError, NotFound, ParseError, StoreError
from ceasewatch.formats.jsontext import json_value
from ceasewatch.ledger import audit, bundle, heads, merkle, witness
from ceasewatch.ledger.records import state_of
from ceasewatch.store import attachments as attachments_repo
from ceasewatch.store import ledger as repo
from ceasewatch.store import tree as tree_repo
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


def key_text(key: Key) -> str:
    """The key file's contents: its name and its raw Ed25519 private key."""
    raw = base64.b64encode(key.private.private_bytes_raw()).decode()
    return json.dumps({"name": key.name, "ed25519": raw}) + "\n"


def parse_key(text: str | bytes, where: str) -> Key:
    try:
        data = json_value(text.encode("utf-8") if isinstance(text, str) else text)
        private = Ed25519PrivateKey.from_private_bytes(base64.b64decode(data["ed25519"]))
        return Key(str(data["name"]), private)
    except (ParseError, ValueError, KeyError, TypeError) as exc:
        raise LedgerError(f"the ledger key {where} cannot be read: {exc}") from None


def _write_new(path: Path, key: Key) -> bool:
    """Write the key file, readable by its owner only; False if a file is there already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot create the ledger key {path}: {exc.strerror}") from None
    with os.fdopen(fd, "w") as fh:
        fh.write(key_text(key))
        fh.flush()
        os.fsync(fh.fileno())
    return True


def create_key(path: Path, name: str) -> Key:
    """Make a new Ed25519 key, readable by its owner only; never overwrite one."""
    key = Key(name, Ed25519PrivateKey.generate())
    return key if _write_new(path, key) else load_key(path)


def load_key(path: Path) -> Key:
    try:
        text = path.read_text()
    except FileNotFoundError:
        raise LedgerError(
            f"no ledger key at {path}: a new workspace gets one from 'ceasewatch init', a "
            "restored one from 'ceasewatch restore BACKUP'; or set CEASEWATCH_KEY to the key file"
        ) from None
    except OSError as exc:
        raise LedgerError(f"the ledger key {path} cannot be read: {exc.strerror}") from None
    return parse_key(text, str(path))


def same_key(a: Key, b: Key) -> bool:
    return a.name == b.name and heads.public_bytes(a.private) == heads.public_bytes(b.private)


def refuse_other_key(path: Path, key: Key) -> None:
    """``Conflict`` if a key other than ``key`` is at ``path``: a key is never overwritten,
    since the heads it signed would no longer verify."""
    if not path.exists():
        return
    there = load_key(path)
    if not same_key(there, key):
        raise Conflict(
            f"another ledger key is at {path} ({there.verifier.id.hex()}, not the backup's "
            f"{key.verifier.id.hex()}); a key is never overwritten: move that file away if "
            "it signed nothing you keep, or restore with CEASEWATCH_KEY set to a new path"
        )


def install_key(path: Path, key: Key) -> bool:
    """Put a restored key where its workspace looks for it. True if it was written, False
    if that very key is there already; ``Conflict`` if another key is."""
    if _write_new(path, key):
        return True
    refuse_other_key(path, key)
    return False


def refuse_foreign_key(conn: Connection, key: Key, path: Path) -> None:
    """``Conflict`` if ``key`` (read from ``path``) did not sign the latest head."""
    stored = tree_repo.heads(conn)
    if not stored:
        return
    try:
        heads.verify_checkpoint(stored[-1][3], key.verifier)
    except LedgerError as exc:
        raise Conflict(
            f"the ledger key at {path} did not sign this database's heads ({exc}); "
            "put the workspace's own key there, or set CEASEWATCH_KEY to it"
        ) from None


def init_key(conn: Connection, path: Path, name: str) -> Key:
    """The key of a workspace being initialised: the one at ``path``, or a new one when the
    database holds no ledger yet. A new key is refused for a database whose ledger was
    begun (entries or signed heads) under another key, and a key that did not sign the
    latest head is refused too: the record would no longer verify."""
    size, stored = repo.size(conn), tree_repo.heads(conn)
    if path.exists():
        key = load_key(path)
        refuse_foreign_key(conn, key, path)
        return key
    if size or stored:
        raise Conflict(
            f"this database already holds a ledger ({size} entries, {len(stored)} signed "
            f"heads) but its key is not at {path}; a new key would not verify the record. "
            "Put the workspace's key file there (or set CEASEWATCH_KEY to it), or restore "
            "the workspace and its key from a backup with 'ceasewatch restore BACKUP'"
        )
    return create_key(path, name)


@dataclass(frozen=True)
class SignedHead:
    size: int
    root: bytes
    time: str
    note: str


def make_head(conn: Connection, key: Key, now: datetime) -> SignedHead:
    """A head over the log as ``conn`` sees it, not stored yet: a size is signed once, so
    where a head of this size and root was signed already, it is that one."""
    size = repo.size(conn)
    root = tree_repo.root(conn, size)
    existing = tree_repo.head_at(conn, size, root)
    if existing is not None:
        return SignedHead(
            size, root, heads.parse_checkpoint(existing)[0].time.isoformat(), existing
        )
    head = heads.TreeHead(key.name, size, root, now)
    return SignedHead(size, root, head.time.isoformat(), heads.sign(head, key.name, key.private))


def store_head(conn: Connection, head: SignedHead) -> None:
    """Keep a signed head, once; heads are never replaced."""
    if tree_repo.head_at(conn, head.size, head.root) is None:
        tree_repo.add_head(conn, head.size, head.root, head.time, head.note)


def sign_head(conn: Connection, key: Key, now: datetime) -> str:
    """A head over the log as it is, with the cosignatures it has."""
    head = make_head(conn, key, now)
    store_head(conn, head)
    return cosigned(conn, head.size, head.root, head.note)


def cosigned(conn: Connection, size: int, root: bytes, note: str) -> str:
    """The checkpoint with the witnesses' cosignature lines kept for it."""
    lines = tree_repo.cosignatures(conn).get((size, root), [])
    return witness.with_cosignatures(note, lines) if lines else note


def latest_head(conn: Connection) -> str | None:
    stored = tree_repo.heads(conn)
    if not stored:
        return None
    size, root, _time, note = max(stored, key=lambda h: (h[0], h[2]))
    return cosigned(conn, size, root, note)


def all_heads(conn: Connection) -> list[str]:
    """Every signed head, with its cosignatures, smallest first."""
    found = tree_repo.cosignatures(conn)
    return [
        witness.with_cosignatures(note, found[(size, root)]) if (size, root) in found else note
        for size, root, _time, note in tree_repo.heads(conn)
    ]


@dataclass(frozen=True)
class WitnessAnswer:
    where: str
    cosigned: bool
    says: str  # the cosignature line, or why the witness refused


def ask_witnesses(
    conn: Connection, note: str, transports: list[Any], now: datetime
) -> list[WitnessAnswer]:
    """Send a signed head to each witness with a consistency proof from the size it holds
    (asked for with a first request, C2SP tlog-witness style) and keep the cosignatures."""
    head = heads.parse_checkpoint(note)[0]
    out = []
    for t in transports:
        old = 0
        for _attempt in range(2):
            proof = tree_repo.consistency(conn, old, head.size) if 0 < old < head.size else []
            status, body = t.send(witness.request_body(old, proof, note), now)
            if status == 409 and body.strip().isdigit() and int(body.strip()) != old:
                old = int(body.strip())
                continue
            break
        if status == 200 and body.startswith(heads.DASH):
            line = body.strip().split("\n")[0]
            name = line.split(" ")[1]
            tree_repo.add_cosignature(conn, head.size, head.root, name, line, now.isoformat())
            out.append(WitnessAnswer(t.where, True, line))
        else:
            out.append(WitnessAnswer(t.where, False, f"{status}: {body.strip()}"))
    return out


def sign_if_behind(conn: Connection, key: Key, path: Path, now: datetime) -> bool:
    """Sign a head at the current size unless the latest head has that size already;
    ``Conflict`` if ``key`` (read from ``path``) did not sign the latest head."""
    refuse_foreign_key(conn, key, path)
    stored = tree_repo.heads(conn)
    if repo.size(conn) == (stored[-1][0] if stored else 0):
        return False
    sign_head(conn, key, now)
    return True


def state(conn: Connection) -> tuple[int, bytes, str | None]:
    """The log's size, its root (RFC 9162's hash of no leaves for an empty log) and the
    latest signed head."""
    size = repo.size(conn)
    root = tree_repo.root(conn, size) if size else hashlib.sha256(b"").digest()
    return size, root, latest_head(conn)


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
    path, root = tree_repo.inclusion_and_root(conn, seq, n)
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
    path = tree_repo.consistency(conn, old, new)
    old_root, new_root = tree_repo.root(conn, old), tree_repo.root(conn, new)
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


def verify(
    conn: Connection,
    key: heads.Verifier,
    cap: int = 100,
    checkpoints: Sequence[str] = (),
    witnesses: Sequence[witness.CosignerKey] = (),
    needed: int = 0,
) -> Audit:
    """Recompute leaves from the entries, the tree from the leaves, every head's root and
    signature, and each record's state from its row; name everything that differs. Each
    of *checkpoints* (kept outside the log) must be one of the log's states, and the
    latest head cosigned by *needed* of *witnesses*."""
    found = audit.audit_entries(repo.iter_entries(conn), cap)
    result = Audit(entries=found.tree.size, problems=list(found.problems))
    result.problems += audit.audit_nodes(found.tree, tree_repo.iter_nodes(conn))
    stored_heads = tree_repo.heads(conn)
    result.heads = len(stored_heads)
    result.problems += audit.audit_heads(found.tree, stored_heads, key)
    for note in checkpoints:
        result.problems += audit.audit_checkpoint(found.tree, note, key)
    if needed:
        newest = latest_head(conn)
        try:
            witness.quorum(newest or "", list(witnesses), needed)
        except LedgerError as exc:
            result.problems.append(f"the latest head: {exc}")
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
    result.problems += list(itertools.islice(attachments_repo.mismatches(conn), cap))
    for (kind, rid), (seq, digest) in found.latest.items():
        if digest is not None and (kind, rid) not in seen:
            result.problems.append(
                f"{kind} {rid} was deleted outside the Workspace (last recorded in entry {seq})"
            )
            if len(result.problems) >= cap:
                break
    return result


def versions(conn: Connection, kind: str, record_id: str) -> list[dict[str, Any]]:
    """A record's versions as the ledger holds them, oldest first: each entry's seq, op,
    actor, time and reason, and what it changed from the version before (each field with
    its old and new value; nothing for the first)."""
    out: list[dict[str, Any]] = []
    before: dict[str, Any] | None = None
    for seq, _kind, _id, op, text, _leaf, _by_reference in repo.record_entries(
        conn, kind, record_id
    ):
        if text is None:
            continue  # the record is gone: verify names it
        entry = json.loads(text)
        state = entry.get("state")
        changes = []
        if before is not None and state is not None:
            changes = [
                {"field": k, "old": before.get(k), "new": state.get(k)}
                for k in sorted(set(before) | set(state))
                if before.get(k) != state.get(k)
            ]
        out.append(
            {
                "seq": seq,
                "op": op,
                "actor": entry.get("actor"),
                "time": entry.get("time"),
                "reason": entry.get("reason"),
                "changes": changes,
            }
        )
        before = state
    return out


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
    notes = all_heads(conn)

    def texts() -> Iterator[str]:
        for seq, kind, rid, _op, text, _leaf, _ in repo.iter_entries(conn):
            if text is None:
                raise LedgerError(
                    f"entry {seq} refers to {kind} {rid}, which is gone; "
                    "run 'ceasewatch ledger verify'"
                )
            yield text

    return bundle.write_bundle(out, key.name, texts(), size, notes)
