"""The ``ceasewatch`` command line: parse, call the Workspace once, render."""

from __future__ import annotations

from ceasewatch.cli import agreements, db, events, ledger, texts, transfer
from ceasewatch.cli.main import cli, main

__all__ = ["agreements", "cli", "db", "events", "ledger", "main", "texts", "transfer"]
