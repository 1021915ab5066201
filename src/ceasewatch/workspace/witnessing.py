"""Witnesses, both sides: a witness's own state in a folder, and a log reaching its
witnesses (a folder on this machine, or a witness server over HTTP).

A witness folder holds ``witness.key`` (its Ed25519 key, readable by its owner only) and
``state.json`` (the logs it follows, with their keys and the last checkpoint it cosigned,
and the alarms it raised). Writes are atomic (a temporary file renamed over the old one),
and one process at a time changes a folder (an exclusive lock on ``state.lock``), so a
witness served over HTTP answers concurrent requests one after another.
"""

from __future__ import annotations

import fcntl
import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from ceasewatch.errors import InvalidInput, LedgerError
from ceasewatch.ledger import witness as w
from ceasewatch.ledger.heads import Verifier

KEY, STATE, LOCK = "witness.key", "state.json", "state.lock"
TIMEOUT_S = 10.0


# -- the witness's side ---------------------------------------------------------------------


def init_witness(folder: Path, name: str) -> str:
    """Make a witness in an empty folder; its public key (to give to the logs' users)."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / KEY).exists():
        raise InvalidInput(f"{folder} already holds a witness; its key is {folder / KEY}")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    fd = os.open(folder / KEY, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    _save(folder, w.WitnessState(name))
    return w.cosigner_key(name, private.public_key().public_bytes_raw())


def _private(folder: Path) -> Ed25519PrivateKey:
    try:
        key = load_pem_private_key((folder / KEY).read_bytes(), password=None)
    except FileNotFoundError:
        raise InvalidInput(
            f"{folder} is not a witness folder; run 'ceasewatch witness init'"
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise LedgerError(f"{folder / KEY} is not an Ed25519 key")
    return key


def public_key(folder: Path) -> str:
    state = load(folder)
    return w.cosigner_key(state.name, _private(folder).public_key().public_bytes_raw())


def load(folder: Path) -> w.WitnessState:
    try:
        data = json.loads((folder / STATE).read_text("utf-8"))
    except FileNotFoundError:
        raise InvalidInput(
            f"{folder} is not a witness folder; run 'ceasewatch witness init'"
        ) from None
    logs = {origin: w.Followed(**f) for origin, f in data["logs"].items()}
    return w.WitnessState(data["name"], logs, tuple(data.get("alarms", ())))


def _save(folder: Path, state: w.WitnessState) -> None:
    data = {
        "name": state.name,
        "logs": {o: asdict(f) for o, f in state.logs.items()},
        "alarms": list(state.alarms),
    }
    tmp = folder / f".{STATE}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(folder / STATE)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with (folder / LOCK).open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def follow(folder: Path, log_key: str) -> str:
    """Follow a log, given its verifier key; the log's origin (its name)."""
    verifier = Verifier.parse(log_key)
    with _locked(folder):
        state = load(folder)
        known = state.logs.get(verifier.name)
        if known is not None and known.key != log_key.strip():
            raise LedgerError(
                f"this witness follows {verifier.name} with another key already; a log's key "
                "is not replaced (that is what a witness guards against)"
            )
        if known is None:
            logs = {**state.logs, verifier.name: w.Followed(log_key.strip())}
            _save(folder, w.WitnessState(state.name, logs, state.alarms))
    return verifier.name


def add_checkpoint(folder: Path, request: str, now: datetime) -> str:
    """Answer a log's request (C2SP tlog-witness): the cosignature line. ``w.Conflict``
    when the log's idea of this witness's size is wrong; ``w.Refused`` when it must not
    cosign, the alarm kept in the state."""
    old, proof, note = w.parse_request(request)
    private = _private(folder)
    with _locked(folder):
        state = load(folder)
        try:
            state, line = w.add_checkpoint(state, old, proof, note, private, now)
        except w.Refused as exc:
            if exc.alarm:
                _save(folder, w.alarmed(state, str(exc), now))
            raise
        _save(folder, state)
    return line


# -- the log's side -------------------------------------------------------------------------


class Transport:
    """A witness as a log reaches it: ``send(request) -> (status, body)``, HTTP's codes."""

    def __init__(self, where: str) -> None:
        self.where = where

    def send(self, request: str, now: datetime) -> tuple[int, str]:
        if self.where.startswith(("http://", "https://")):
            return _post(self.where.rstrip("/") + "/add-checkpoint", request)
        folder = Path(self.where)
        try:
            return 200, add_checkpoint(folder, request, now) + "\n"
        except w.Conflict as exc:
            return 409, f"{exc.size}\n"
        except w.Refused as exc:
            return (403 if not exc.alarm else 422), f"{exc}\n"


def _post(url: str, body: str) -> tuple[int, str]:
    req = urllib.request.Request(
        url, data=body.encode("utf-8"), method="POST", headers={"Content-Type": "text/plain"}
    )
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT_S) as resp:
            return resp.status, resp.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(65536).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        raise LedgerError(f"the witness at {url} cannot be reached: {exc}") from None
