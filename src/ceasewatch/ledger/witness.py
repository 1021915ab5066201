"""Witnesses: parties who keep the last head they saw of a log and cosign a new one only if
the log grew from it, append-only.

A witness holds, for each log it follows, the log's verifier key and the last checkpoint
it cosigned (its size and root). Asked to cosign a new checkpoint, with a consistency
proof from the size it holds, it refuses:

- a checkpoint not signed by the log's key it was given (a key swapped);
- a smaller tree than it holds (a rollback: entries deleted, an old copy restored);
- the same size with another root, or a proof that does not lead from its root to the new
  one (a fork: two copies that each took different records, a log truncated and signed
  again).

Cosignatures follow C2SP tlog-cosignature v1 for Ed25519: the note signature line
``— <witness name> base64(key id || u64 timestamp || signature)`` where the key id is
SHA-256(name || "\\n" || 0x04 || public key)[:4] and the signed message is
``cosignature/v1\\ntime <timestamp>\\n`` followed by the checkpoint's body. The request a
log sends follows C2SP tlog-witness: ``old <size>``, the proof's hashes in base64 one per
line, a blank line, then the checkpoint. Pure: the state is handed in and handed back.
"""

from __future__ import annotations

import base64
import hashlib
import struct
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ceasewatch.errors import LedgerError
from ceasewatch.ledger import merkle
from ceasewatch.ledger.heads import (
    DASH,
    TreeHead,
    Verifier,
    parse_checkpoint,
    verify_checkpoint,
    vkey_parts,
)

COSIGNATURE = b"\x04"
EMPTY_ROOT = hashlib.sha256(b"").digest()


def cosigner_key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + COSIGNATURE + public).digest()[:4]


def cosigner_key(name: str, public: bytes) -> str:
    """The text form of a witness's public key: ``name+keyid+base64(0x04 || key)``."""
    kid = cosigner_key_id(name, public).hex()
    return f"{name}+{kid}+{base64.b64encode(COSIGNATURE + public).decode()}"


@dataclass(frozen=True, slots=True)
class CosignerKey:
    name: str
    public: bytes

    @property
    def id(self) -> bytes:
        return cosigner_key_id(self.name, self.public)

    @classmethod
    def parse(cls, text: str) -> CosignerKey:
        try:
            return cls(*vkey_parts(text, COSIGNATURE, cosigner_key_id))
        except ValueError as exc:
            raise LedgerError(
                f"not a witness key (expected name+keyid+base64 of 0x04 and the key): {exc}"
            ) from None


def _message(body: str, timestamp: int) -> bytes:
    return f"cosignature/v1\ntime {timestamp}\n{body}".encode()


def cosign(note: str, name: str, private: Ed25519PrivateKey, now: datetime) -> str:
    """The cosignature line of *name* over the checkpoint *note*."""
    head, _ = parse_checkpoint(note)
    timestamp = int(now.timestamp())
    signature = private.sign(_message(head.body(), timestamp))
    public = private.public_key().public_bytes_raw()
    raw = cosigner_key_id(name, public) + struct.pack(">Q", timestamp) + signature
    return f"{DASH} {name} {base64.b64encode(raw).decode()}"


def with_cosignatures(note: str, lines: list[str]) -> str:
    """The checkpoint with more signature lines, each once."""
    body, _, sigs = note.partition("\n\n")
    have = [x for x in sigs.strip("\n").split("\n") if x]
    for line in lines:
        if line not in have:
            have.append(line)
    return f"{body}\n\n" + "\n".join(have) + "\n"


def verify_cosignature(note: str, key: CosignerKey) -> datetime:
    """When *key* cosigned the checkpoint; ``LedgerError`` if it did not, or not validly."""
    head, signatures = parse_checkpoint(note)
    for name, kid, raw in signatures:
        if name != key.name or kid != key.id or len(raw) != 72:
            continue
        (timestamp,) = struct.unpack(">Q", raw[:8])
        try:
            Ed25519PublicKey.from_public_bytes(key.public).verify(
                raw[8:], _message(head.body(), timestamp)
            )
        except InvalidSignature:
            raise LedgerError(f"the cosignature of {key.name} is not valid") from None
        return datetime.fromtimestamp(timestamp, UTC)
    raise LedgerError(f"the checkpoint of size {head.size} is not cosigned by {key.name}")


def quorum(note: str, keys: list[CosignerKey], needed: int) -> list[str]:
    """The witnesses among *keys* that validly cosigned; ``LedgerError`` when fewer than
    *needed* did."""
    good = []
    for k in keys:
        try:
            verify_cosignature(note, k)
            good.append(k.name)
        except LedgerError:
            continue
    if len(good) < needed:
        raise LedgerError(
            f"{len(good)} of the {len(keys)} witnesses given cosigned the head "
            f"({', '.join(good) or 'none'}); {needed} are required"
        )
    return good


# -- the witness's side ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Followed:
    """A log a witness follows: its key, and the last checkpoint it cosigned."""

    key: str  # the log's verifier key, text form
    size: int = 0
    root: str = base64.b64encode(EMPTY_ROOT).decode()
    checkpoint: str | None = None


@dataclass(frozen=True, slots=True)
class WitnessState:
    name: str
    logs: dict[str, Followed] = field(default_factory=dict)  # origin -> what it holds
    alarms: tuple[str, ...] = ()  # every refusal that points at a forked or rolled-back log


class Conflict(LedgerError):
    """The log's idea of the witness's size is wrong; the witness says what it holds."""

    def __init__(self, size: int) -> None:
        super().__init__(f"the witness holds size {size}")
        self.size = size


class Refused(LedgerError):
    """The witness will not cosign: the checkpoint shows a key swap, rollback or fork."""

    def __init__(self, reason: str, alarm: bool) -> None:
        super().__init__(reason)
        self.alarm = alarm


def request_body(old: int, proof: list[bytes], note: str) -> str:
    lines = [f"old {old}", *(base64.b64encode(p).decode() for p in proof)]
    return "\n".join(lines) + "\n\n" + note


def parse_request(text: str) -> tuple[int, list[bytes], str]:
    head, sep, note = text.partition("\n\n")
    lines = head.split("\n")
    if not sep or not lines or not lines[0].startswith("old "):
        raise LedgerError(
            "not a witness request: expected 'old <size>', proof lines, a blank line, a checkpoint"
        )
    try:
        old = int(lines[0][4:])
        proof = [base64.b64decode(x, validate=True) for x in lines[1:]]
    except ValueError as exc:
        raise LedgerError(f"not a witness request: {exc}") from None
    if old < 0 or any(len(p) != 32 for p in proof) or len(proof) > 64:
        raise LedgerError("not a witness request: bad size or proof hashes")
    return old, proof, note


def add_checkpoint(
    state: WitnessState,
    old: int,
    proof: list[bytes],
    note: str,
    private: Ed25519PrivateKey,
    now: datetime,
) -> tuple[WitnessState, str]:
    """Check a checkpoint against what the witness holds and cosign it: (the new state, the
    cosignature line). ``Conflict`` when *old* is not the size it holds; ``Refused`` for a
    checkpoint it must not cosign (the state then gains an alarm: keep it)."""
    head, _ = parse_checkpoint(note)
    followed = state.logs.get(head.origin)
    if followed is None:
        raise Refused(f"this witness does not follow the log {head.origin!r}", alarm=False)

    def refuse(reason: str) -> Refused:
        return Refused(f"{head.origin}: {reason}", alarm=True)

    try:
        verify_checkpoint(note, Verifier.parse(followed.key))
    except LedgerError as exc:
        reason = f"not signed by the log's key this witness holds ({exc}): a key swapped?"
        raise refuse(reason) from None
    held_root = base64.b64decode(followed.root)
    if head.size < followed.size:
        raise refuse(
            f"a tree of size {head.size} is smaller than the {followed.size} this witness "
            "cosigned: the log was rolled back"
        )
    if old != followed.size:
        raise Conflict(followed.size)
    if head.size == followed.size:
        if head.root != held_root:
            raise refuse(
                f"size {head.size} with another root than the one this witness cosigned: "
                "the log forked"
            )
    elif followed.size > 0 and not merkle.verify_consistency(
        followed.size, head.size, held_root, head.root, proof
    ):
        raise refuse(
            f"no valid consistency proof from size {followed.size} to {head.size}: the log "
            "forked, or was truncated and signed again"
        )
    line = cosign(note, state.name, private, now)
    logs = dict(state.logs)
    logs[head.origin] = replace(
        followed,
        size=head.size,
        root=base64.b64encode(head.root).decode(),
        checkpoint=with_cosignatures(note, [line]),
    )
    return replace(state, logs=logs), line


def alarmed(state: WitnessState, reason: str, now: datetime) -> WitnessState:
    stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return replace(state, alarms=(*state.alarms, f"{stamp} {reason}"))


def head_of(note: str) -> TreeHead:
    return parse_checkpoint(note)[0]
