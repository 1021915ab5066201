"""The Workspace: one monitoring database; the edges call only this.

The package itself loads nothing heavy, so that parser processes can import
``ceasewatch.workspace.parsing`` without the database toolkit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ceasewatch.workspace.core import Workspace, default_target
    from ceasewatch.workspace.importing import ImportReport

__all__ = ["ImportReport", "Workspace", "default_target"]


def __getattr__(name: str) -> Any:
    if name in ("Workspace", "default_target"):
        from ceasewatch.workspace import core

        return getattr(core, name)
    if name == "ImportReport":
        from ceasewatch.workspace.importing import ImportReport

        return ImportReport
    raise AttributeError(name)
