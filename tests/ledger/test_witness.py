"""Witnesses on their own (pure): C2SP cosignatures, and what a witness refuses."""

from __future__ import annotations

import base64
import hashlib
import struct
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ceasewatch.errors import LedgerError
from ceasewatch.ledger import merkle
from ceasewatch.ledger import witness as w
from ceasewatch.ledger.heads import TreeHead, public_bytes, sign, verifier_key

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
ORIGIN = "ceasewatch/test-log"


class Log:
    """A log of our own entries, signing heads like a workspace does."""

    def __init__(self, key: Ed25519PrivateKey | None = None, leaves: list[bytes] | None = None):
        self.key = key or Ed25519PrivateKey.generate()
        self.leaves = list(leaves or [])

    def add(self, *texts: str) -> Log:
        self.leaves += [merkle.leaf_hash(t.encode()) for t in texts]
        return self

    def get(self, level: int, index: int) -> bytes:
        """The hash of a perfect subtree: 2**level leaves from index * 2**level."""
        if level == 0:
            return self.leaves[index]
        return merkle.node_hash(self.get(level - 1, 2 * index), self.get(level - 1, 2 * index + 1))

    def note(self, size: int | None = None) -> str:
        size = len(self.leaves) if size is None else size
        return sign(TreeHead(ORIGIN, size, merkle.root(size, self.get), NOW), ORIGIN, self.key)

    def proof(self, old: int, new: int) -> list[bytes]:
        return merkle.consistency_proof(old, new, self.get) if 0 < old < new else []

    @property
    def public(self) -> str:
        return verifier_key(ORIGIN, public_bytes(self.key))


def witness_for(log: Log) -> tuple[w.WitnessState, Ed25519PrivateKey]:
    state = w.WitnessState("witness.example/am", {ORIGIN: w.Followed(log.public)})
    return state, Ed25519PrivateKey.generate()


def test_a_cosignature_is_a_c2sp_tlog_cosignature_line() -> None:
    log = Log().add("a", "b")
    key = Ed25519PrivateKey.generate()
    line = w.cosign(log.note(), "witness.example/am", key, NOW)
    name, b64 = line.split(" ")[1:]
    raw = base64.b64decode(b64)
    public = key.public_key().public_bytes_raw()
    assert name == "witness.example/am" and len(raw) == 4 + 8 + 64
    assert raw[:4] == hashlib.sha256(b"witness.example/am\n\x04" + public).digest()[:4]
    (stamp,) = struct.unpack(">Q", raw[4:12])
    body = log.note().split("\n\n")[0] + "\n"
    message = f"cosignature/v1\ntime {stamp}\n{body}".encode()
    key.public_key().verify(raw[12:], message)  # raises if not
    both = w.with_cosignatures(log.note(), [line])
    cosigner = w.CosignerKey.parse(w.cosigner_key("witness.example/am", public))
    assert w.verify_cosignature(both, cosigner) == NOW
    with pytest.raises(LedgerError, match="not cosigned by"):
        w.verify_cosignature(log.note(), cosigner)
    assert w.quorum(both, [cosigner], 1) == ["witness.example/am"]
    with pytest.raises(LedgerError, match=r"1 of the 1 witnesses .* 2 are required"):
        w.quorum(both, [cosigner], 2)


def test_a_witness_cosigns_a_log_that_grew_and_keeps_what_it_cosigned() -> None:
    log = Log().add("a", "b", "c")
    state, key = witness_for(log)
    state, _ = w.add_checkpoint(state, 0, [], log.note(), key, NOW)
    log.add("d", "e")
    state, line = w.add_checkpoint(state, 3, log.proof(3, 5), log.note(), key, NOW)
    assert state.logs[ORIGIN].size == 5 and line.startswith("\u2014 witness.example/am ")
    with pytest.raises(w.Conflict) as err:  # the log thinks the witness holds 3
        w.add_checkpoint(state, 3, log.proof(3, 5), log.note(), key, NOW)
    assert err.value.size == 5


def test_a_fork_is_refused() -> None:
    base = Log().add("a", "b")
    state, key = witness_for(base)
    state, _ = w.add_checkpoint(state, 0, [], base.note(), key, NOW)
    one = Log(base.key, base.leaves).add("from copy one")
    two = Log(base.key, base.leaves).add("from copy two")
    state, _ = w.add_checkpoint(state, 2, one.proof(2, 3), one.note(), key, NOW)
    with pytest.raises(w.Refused, match=r"size 3 with another root.*forked") as err:
        w.add_checkpoint(state, 3, [], two.note(), key, NOW)
    assert err.value.alarm
    two.add("and more")  # grown past the witness: the proof from its root cannot hold
    with pytest.raises(w.Refused, match="no valid consistency proof from size 3 to 4"):
        w.add_checkpoint(state, 3, two.proof(3, 4), two.note(), key, NOW)


def test_a_rollback_and_a_truncated_log_signed_again_are_refused() -> None:
    log = Log().add("a", "b", "c", "d")
    state, key = witness_for(log)
    state, _ = w.add_checkpoint(state, 0, [], log.note(), key, NOW)
    with pytest.raises(w.Refused, match=r"size 2 is smaller than the 4 .* rolled back"):
        w.add_checkpoint(state, 4, [], log.note(2), key, NOW)
    rewritten = Log(log.key, log.leaves[:2]).add("x", "y", "z")  # truncated, then re-signed
    with pytest.raises(w.Refused, match="no valid consistency proof"):
        w.add_checkpoint(state, 4, rewritten.proof(4, 5), rewritten.note(), key, NOW)


def test_a_swapped_key_is_refused() -> None:
    log = Log().add("a")
    state, key = witness_for(log)
    state, _ = w.add_checkpoint(state, 0, [], log.note(), key, NOW)
    intruder = Log(Ed25519PrivateKey.generate(), log.leaves).add("b")
    with pytest.raises(w.Refused, match=r"not signed by the log.s key .* swapped"):
        w.add_checkpoint(state, 1, intruder.proof(1, 2), intruder.note(), key, NOW)


def test_requests_round_trip_and_bad_ones_are_named() -> None:
    log = Log().add("a", "b", "c")
    body = w.request_body(2, log.proof(2, 3), log.note())
    old, proof, note = w.parse_request(body)
    assert (old, proof, note) == (2, log.proof(2, 3), log.note())
    with pytest.raises(LedgerError, match="not a witness request"):
        w.parse_request("hello")
