"""The HTTP API under /api: reads for every role (each sees what docs/web.md allows),
writes for monitors and analysts, all through the Workspace and so into the ledger.

This module is its URL map: the routes of each resource (their own modules), in order.
What the routes share, the ETags and the kept answers among it, is ``answers.py``.
"""

from __future__ import annotations

from fastapi import APIRouter

from ceasewatch.api import agreements, events, ledger, monitoring, session, sources

router = APIRouter()
for part in (events, agreements, sources, monitoring, ledger, session):
    router.include_router(part.router)
