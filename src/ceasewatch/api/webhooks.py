"""Webhooks of new published events and findings (``/api/webhooks``), for admins: a
subscription's URL, what it wants and the Atom feed's filter; its secret is answered once,
when it is made (workspace/webhooks.py; docs/web.md, "Webhooks")."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from ceasewatch.api.answers import ERRORS, workspace
from ceasewatch.api.auth import needs
from ceasewatch.model import Family
from ceasewatch.model.access import Role, User

router = APIRouter(prefix="/api", tags=["webhooks"])
MANAGERS = Role.ADMIN  # a webhook makes the server send requests: configuration, as users are


class WebhookIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str = Field(max_length=2000, description="http:// or https://, where to POST")
    wants: Literal["events", "findings", "both"] = "both"
    zone: str | None = Field(None, max_length=64, description="a zone of the agreement")
    families: list[str] = Field(default_factory=list, max_length=16)
    party: str | None = Field(None, max_length=64)
    agreement: str | None = Field(None, max_length=64, description="default: the first stored")


@router.post("/webhooks", responses=ERRORS, status_code=201)
def add_webhook(
    request: Request, body: WebhookIn, user: Annotated[User, Depends(needs(MANAGERS))]
) -> Response:
    """Subscribe a URL to the new published events, findings or both of a zone, some
    families and a party. The answer's ``secret`` signs every delivery: it is not shown
    again."""
    families = tuple(Family.parse(f, field="families") for f in body.families)
    made = workspace(request, user).add_webhook(
        body.url, body.wants, body.zone, families, body.party, body.agreement
    )
    return JSONResponse(
        made.as_dict(), status_code=201, headers={"Location": f"/api/webhooks/{made.id}"}
    )


@router.get("/webhooks", responses=ERRORS)
def list_webhooks(
    request: Request, user: Annotated[User, Depends(needs(MANAGERS))]
) -> list[dict[str, Any]]:
    """The subscriptions, with how many deliveries wait, were delivered and failed."""
    return [s.as_dict() for s in workspace(request).webhooks()]


@router.get("/webhooks/deliveries", responses=ERRORS)
def webhook_deliveries(
    request: Request,
    user: Annotated[User, Depends(needs(MANAGERS))],
    webhook: Annotated[str | None, Query(max_length=64)] = None,
    state: Annotated[Literal["pending", "delivered", "failed"] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    """The latest deliveries: when queued, their state, attempts and last answer."""
    return workspace(request).webhook_deliveries(webhook, state, limit)


@router.delete("/webhooks/{webhook_id}", responses=ERRORS, status_code=204)
def remove_webhook(
    request: Request, webhook_id: str, user: Annotated[User, Depends(needs(MANAGERS))]
) -> Response:
    """Remove a subscription, its secret and its deliveries (logged in the ledger)."""
    workspace(request, user).remove_webhook(webhook_id)
    return Response(status_code=204)
