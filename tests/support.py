"""Helpers shared by the web application's tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ceasewatch.workspace import Workspace

PASSWORD = "correct horse battery"
ROLES = ("public", "liaison", "monitor", "analyst", "admin")


def demo_workspace(path: Path) -> str:
    """A workspace with the illustrative scenario, clustered and judged, a signed head
    and one user per role (each named after the role)."""
    ws = Workspace.init(str(path))
    ws.load_scenario("karabakh-2020")
    ws.extract_claims()
    ws.corroborate()
    ws.assess(as_of=date(2025, 1, 1))
    ws.ledger_head()
    for role in ROLES:
        ws.add_user(role, role, PASSWORD)
    ws.close()
    return str(path)
