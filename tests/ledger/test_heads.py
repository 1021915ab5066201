from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ceasewatch.errors import LedgerError
from ceasewatch.ledger.heads import (
    TreeHead,
    Verifier,
    parse_checkpoint,
    public_bytes,
    sign,
    verifier_key,
    verify_checkpoint,
)

HEAD = TreeHead("ceasewatch/test", 42, bytes(range(32)), datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))


def test_checkpoint_text_follows_the_signed_note_layout() -> None:
    key = Ed25519PrivateKey.generate()
    note = sign(HEAD, "ceasewatch/test", key)
    body, sigs = note.split("\n\n")
    assert body.split("\n") == [
        "ceasewatch/test",
        "42",
        "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "time 2026-01-02T03:04:05Z",
    ]
    assert sigs.startswith("\u2014 ceasewatch/test ")
    head, signatures = parse_checkpoint(note)
    assert head == HEAD and len(signatures) == 1


def test_verify_with_the_right_key_and_fail_with_any_other() -> None:
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    note = sign(HEAD, "ceasewatch/test", key)
    good = Verifier.parse(verifier_key("ceasewatch/test", public_bytes(key)))
    assert verify_checkpoint(note, good) == HEAD
    wrong = Verifier("ceasewatch/test", public_bytes(other))
    with pytest.raises(LedgerError, match="not signed by ceasewatch/test"):
        verify_checkpoint(note, wrong)
    forged = note.replace("\n42\n", "\n43\n")
    with pytest.raises(LedgerError, match="signature on the head of size 43 is not valid"):
        verify_checkpoint(forged, good)


def test_bad_verifier_keys_and_checkpoints() -> None:
    with pytest.raises(LedgerError, match="not a verifier key"):
        Verifier.parse("just-a-name")
    pub = public_bytes(Ed25519PrivateKey.generate())
    text = verifier_key("n", pub)
    with pytest.raises(LedgerError, match="key id does not match"):
        Verifier.parse(text.replace(text.split("+")[1], "00000000"))
    with pytest.raises(LedgerError, match="not a checkpoint"):
        parse_checkpoint("hello\n")


def test_a_signature_line_with_bad_base64_is_a_ledger_error() -> None:
    note = sign(HEAD, "ceasewatch/test", Ed25519PrivateKey.generate())
    broken = note.rsplit(" ", 1)[0] + " not*base64!\n"
    with pytest.raises(LedgerError, match="bad base64"):
        parse_checkpoint(broken)
