"""The ``ceasewatch`` command line: parse, call the Workspace once, render."""

from __future__ import annotations

from ceasewatch.cli import (
    agreements,
    assess,
    backup,
    corroborate,
    db,
    events,
    geo,
    ledger,
    places,
    report,
    serve,
    snapshot,
    texts,
    transfer,
    webhooks,
    witness,
)
from ceasewatch.cli.main import cli, main

__all__ = [
    "agreements",
    "assess",
    "backup",
    "cli",
    "corroborate",
    "db",
    "events",
    "geo",
    "ledger",
    "main",
    "places",
    "report",
    "serve",
    "snapshot",
    "texts",
    "transfer",
    "webhooks",
    "witness",
]
