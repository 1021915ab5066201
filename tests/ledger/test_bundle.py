"""A bundle's lines are JSON read with limits: a header, an entry or a last line that is
nested past the limits, or not of the expected shape, is a ``LedgerError`` saying which."""

from __future__ import annotations

import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ceasewatch.errors import LedgerError
from ceasewatch.ledger.bundle import FORMAT, verify_bundle
from ceasewatch.ledger.heads import Verifier, public_bytes

KEY = Verifier("test", public_bytes(Ed25519PrivateKey.generate()))
HEADER = json.dumps({"format": FORMAT, "origin": "o", "size": 1})
ENTRY = '{"actor":"a","id":"x","kind":"source","op":"create","reason":null,"state":{},"time":"t"}'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 100_000 + "]" * 100_000, "the first line is not its header"),
        ('{"format": "' + FORMAT + '", "size": ' + "9" * 5000 + "}", "the first line is not"),
        (f"{HEADER}\n" + "[" * 300 + "]" * 300, "line 2 is not an entry in canonical JSON"),
        (f"{HEADER}\n" + "[" * 5000 + "]" * 5000, "line 2 is not an entry in canonical JSON"),
        (f'{HEADER}\n{ENTRY}\n{{"checkpoints": 7}}', "not a list of checkpoints"),
        (f'{HEADER}\n{ENTRY}\n{{"checkpoints": [[1]]}}', "not a list of checkpoints"),
        (f"{HEADER}\n{ENTRY}\n" + "{" * 100_000, "no checkpoints after the entries"),
    ],
)
def test_hostile_lines_are_ledger_errors(text: str, message: str) -> None:
    with pytest.raises(LedgerError, match=message):
        verify_bundle(io.StringIO(text + "\n"), KEY)
