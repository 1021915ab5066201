"""The ``ceasewatch`` command line: parse, call the Workspace once, render."""

from __future__ import annotations

from ceasewatch.cli import db, events, transfer
from ceasewatch.cli.main import cli, main

__all__ = ["cli", "db", "events", "main", "transfer"]
