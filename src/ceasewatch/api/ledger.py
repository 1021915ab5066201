"""The API's ledger, for anyone: the latest signed head, every head with its
cosignatures, consistency proofs between sizes, and an entry's inclusion proof."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from ceasewatch.api.answers import ERRORS, tagged, who, workspace
from ceasewatch.errors import InvalidInput

router = APIRouter(prefix="/api")


@router.get("/ledger/head", responses=ERRORS, tags=["ledger"])
def ledger_head(request: Request) -> Response:
    """The latest signed tree head (a checkpoint note), for anyone to keep."""
    c = who(request)
    return tagged(
        request,
        c.user,
        lambda: {"checkpoint": workspace(request).ledger_head(sign=False)},
        ledger=True,
    )


@router.get("/ledger/heads", responses=ERRORS, tags=["ledger"])
def ledger_heads(request: Request) -> Response:
    """Every signed head, smallest first, each with the witnesses' cosignature lines (C2SP
    checkpoints and tlog-cosignatures). Heads are never replaced: two heads at one size
    are the evidence of an altered log."""
    c = who(request)
    return tagged(
        request, c.user, lambda: {"checkpoints": workspace(request).ledger_heads()}, ledger=True
    )


@router.get("/ledger/consistency", responses=ERRORS, tags=["ledger"])
def ledger_consistency(
    request: Request,
    old: Annotated[int, Query(ge=1)],
    new: Annotated[int, Query(ge=1)],
) -> Response:
    """That the log of ``old`` entries is a prefix of the log of ``new``: the two roots and
    the consistency proof (RFC 9162), between any two sizes the log has had. A reader who
    kept a head of size ``old`` checks a newer head with it."""
    c = who(request)
    if old > new:
        raise InvalidInput("old should not be larger than new", field="old")
    return tagged(
        request, c.user, lambda: workspace(request).ledger_consistency(old, new), ledger=True
    )


@router.get("/ledger/proofs/{seq}", responses=ERRORS, tags=["ledger"])
def ledger_proof(
    request: Request, seq: int, size: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    """That entry ``seq`` is in the log of ``size`` entries: the entry and its audit path.
    An entry of a protected source is shown only to analysts and admins."""
    c = who(request)
    if seq < 0:
        raise InvalidInput("an entry number is 0 or more", field="seq")
    return tagged(
        request,
        c.user,
        lambda: workspace(request).ledger_proof_view(c.user, seq, size),
        ledger=True,
    )
