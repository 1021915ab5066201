"""Signed tree heads as C2SP checkpoints (signed notes) with Ed25519 keys.

A checkpoint body is ``<origin>\\n<size>\\n<base64 root>\\n`` followed by our one extension
line ``time <RFC 3339 UTC>\\n``; the signed note adds a blank line and one signature line
per signer: ``— <key name> <base64(key id || signature)>``. The key id is the first four
bytes of SHA-256(key name || "\\n" || 0x01 || public key), as the signed-note format
defines it for Ed25519. A verifier key is written ``<name>+<hex key id>+<base64(0x01 ||
public key)>``.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ceasewatch.errors import LedgerError

ED25519 = b"\x01"
DASH = "\u2014"


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


def public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def verifier_key(name: str, public: bytes) -> str:
    """The text form of a public key that ``ledger verify-bundle --key`` takes."""
    return f"{name}+{key_id(name, public).hex()}+{base64.b64encode(ED25519 + public).decode()}"


@dataclass(frozen=True, slots=True)
class Verifier:
    name: str
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.public)

    @classmethod
    def parse(cls, text: str) -> Verifier:
        try:
            return cls(*vkey_parts(text, ED25519, key_id))
        except ValueError as exc:
            raise LedgerError(f"not a verifier key (expected name+keyid+base64): {exc}") from None


def vkey_parts(
    text: str, algorithm: bytes, make_id: Callable[[str, bytes], bytes]
) -> tuple[str, bytes]:
    """(name, public key) of a signed-note verifier key ``name+keyid+base64(alg || key)``
    of an Ed25519 key; ``ValueError`` saying what is wrong."""
    name, hexid, b64 = text.strip().split("+", 2)  # names hold no "+"; base64 may
    raw = base64.b64decode(b64, validate=True)
    if not name or raw[:1] != algorithm or len(raw) != 33:
        raise ValueError(f"not an Ed25519 key of type 0x{algorithm.hex()}")
    if make_id(name, raw[1:]).hex() != hexid:
        raise ValueError("the key id does not match the key")
    return name, raw[1:]


@dataclass(frozen=True, slots=True)
class TreeHead:
    origin: str
    size: int
    root: bytes
    time: datetime

    def body(self) -> str:
        stamp = self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\ntime {stamp}\n"


def sign(head: TreeHead, name: str, private: Ed25519PrivateKey) -> str:
    """The head as a signed note (checkpoint text)."""
    body = head.body()
    sig = private.sign(body.encode())
    line = base64.b64encode(key_id(name, public_bytes(private)) + sig).decode()
    return f"{body}\n{DASH} {name} {line}\n"


def parse_checkpoint(note: str) -> tuple[TreeHead, list[tuple[str, bytes, bytes]]]:
    """The head and its (name, key id, signature) lines; ``LedgerError`` if malformed."""
    body, sep, sigs = note.partition("\n\n")
    lines = body.split("\n")
    if not sep or len(lines) < 3:
        raise LedgerError(
            "not a checkpoint: expected origin, size and root lines, a blank line, signatures"
        )
    try:
        origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
        stamp = next(x[5:] for x in lines[3:] if x.startswith("time "))
        time = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except (ValueError, StopIteration) as exc:
        raise LedgerError(f"not a checkpoint: {exc}") from None
    if size < 0 or len(root) != 32:
        raise LedgerError("not a checkpoint: bad size or root")
    signatures = []
    for line in sigs.strip("\n").split("\n"):
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != DASH:
            raise LedgerError(f"not a signature line: {line!r}")
        try:
            raw = base64.b64decode(parts[2], validate=True)
        except ValueError:
            raise LedgerError(f"not a signature line (bad base64): {line!r}") from None
        # 4 + 64 bytes: a log's Ed25519 signature; 4 + 8 + 64: a witness's cosignature
        if len(raw) not in (68, 76):
            raise LedgerError(f"not an Ed25519 signature line: {line!r}")
        signatures.append((parts[1], raw[:4], raw[4:]))
    head = TreeHead(origin, size, root, time)
    if head.body() != body + "\n":
        raise LedgerError("the checkpoint body is not in canonical form")
    return head, signatures


def verify_checkpoint(note: str, key: Verifier) -> TreeHead:
    """The head, if ``key`` signed it; ``LedgerError`` naming what is wrong otherwise."""
    head, signatures = parse_checkpoint(note)
    mine = [s for s in signatures if s[0] == key.name and s[1] == key.id and len(s[2]) == 64]
    if not mine:
        names = ", ".join(f"{n} ({k.hex()})" for n, k, _ in signatures) or "none"
        raise LedgerError(
            f"the head of size {head.size} is not signed by {key.name} ({key.id.hex()}); "
            f"signed by: {names}"
        )
    try:
        Ed25519PublicKey.from_public_bytes(key.public).verify(mine[0][2], head.body().encode())
    except InvalidSignature:
        raise LedgerError(f"the signature on the head of size {head.size} is not valid") from None
    return head
