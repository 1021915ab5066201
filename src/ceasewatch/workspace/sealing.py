"""A secret sealed under a passphrase: scrypt derives the key, AES-256-GCM encrypts and
authenticates. A backup carries the ledger's signing key this way.

The sealed form is a JSON object holding the scrypt parameters, the salt, the nonce and
the ciphertext (base64), so that a later version may raise the cost and still open what
an earlier one sealed.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import unicodedata
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ceasewatch.errors import InvalidInput, ParseError, Unauthorized

FORMAT = "ceasewatch-sealed/1"
# scrypt's cost: 2**17 x 8 x 128 bytes = 128 MiB of memory and about 0.3 s to open, each
# guess of the passphrase costing an attacker as much
COST = {"n": 2**17, "r": 8, "p": 1}
MAX_MEMORY = 1 << 30  # a sealed file asking more than 1 GiB of scrypt is refused
MIN_PASSPHRASE = 12
_AAD = FORMAT.encode()


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def check_passphrase(passphrase: str) -> None:
    """A new passphrase is long enough to resist guessing offline."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput(
            f"the passphrase has {len(passphrase)} characters; use at least {MIN_PASSPHRASE} "
            "(a few unrelated words make a good one)",
            field="passphrase",
        )


def seal(secret: bytes, passphrase: str) -> dict[str, Any]:
    """``secret`` encrypted under ``passphrase``, as a JSON-ready object."""
    check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    key = _derive(passphrase, salt, COST["n"], COST["r"], COST["p"])
    body = AESGCM(key).encrypt(nonce, secret, _AAD)

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    return {
        "format": FORMAT,
        "kdf": {"name": "scrypt", **COST, "salt": b64(salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": b64(nonce)},
        "ciphertext": b64(body),
    }


def unseal(sealed: dict[str, Any], passphrase: str, name: str = "the sealed key") -> bytes:
    """The secret, or ``Unauthorized`` when the passphrase is wrong (or the sealed bytes
    were altered: AES-GCM cannot tell the two apart)."""
    try:
        if sealed["format"] != FORMAT:
            raise ParseError(f"{name}: format {sealed['format']!r}, expected {FORMAT!r}", file=name)
        kdf, cipher = sealed["kdf"], sealed["cipher"]
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(cipher["nonce"], validate=True)
        body = base64.b64decode(sealed["ciphertext"], validate=True)
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM":
            raise ValueError(f"unknown method {kdf['name']} / {cipher['name']}")
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise ParseError(f"{name} cannot be read: {exc}", file=name) from None
    if not (n > 1 and n & (n - 1) == 0 and r > 0 and p > 0 and 128 * n * r * p <= MAX_MEMORY):
        raise ParseError(
            f"{name}: scrypt parameters out of bounds (n={n}, r={r}, p={p})", file=name
        )
    key = _derive(passphrase, salt, n, r, p)
    try:
        return AESGCM(key).decrypt(nonce, body, _AAD)
    except InvalidTag:
        raise Unauthorized(
            f"wrong passphrase for {name} (or the sealed file was altered)"
        ) from None


def dumps(sealed: dict[str, Any]) -> str:
    return json.dumps(sealed, indent=1, sort_keys=True) + "\n"
