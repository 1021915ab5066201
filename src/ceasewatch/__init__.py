"""ceasewatch: open, verifiable ceasefire monitoring.

Importing the package does no work; ``Workspace`` is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ceasewatch.errors import CeasewatchError

if TYPE_CHECKING:
    from ceasewatch.workspace import Workspace

__all__ = ["CeasewatchError", "Workspace"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Workspace":
        from ceasewatch.workspace import Workspace

        return Workspace
    raise AttributeError(name)
