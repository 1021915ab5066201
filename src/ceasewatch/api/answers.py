"""What every route of the HTTP API shares: the workspace of a request and who is asking,
the errors every route may answer, and the answers' ETags.

Lists and details carry an ETag made of the ledger's size (every change to the record
grows it), the caller's view and the request; the event list keeps its last answers in
memory under that key, so a map polling an unchanged record costs one small query.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, NamedTuple

import orjson
from fastapi import Request, Response

from ceasewatch.api import models
from ceasewatch.api.auth import Caller, caller
from ceasewatch.model.access import Role, User
from ceasewatch.workspace import Workspace

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": models.ErrorOut, "description": "not logged in"},
    403: {"model": models.ErrorOut, "description": "the role may not"},
    404: {"model": models.ErrorOut, "description": "no such record"},
    409: {"model": models.ErrorOut, "description": "exists already"},
    422: {"model": models.ErrorOut, "description": "bad input; names the field"},
}


def workspace(request: Request, user: User | None = None) -> Workspace:
    base: Workspace = request.app.state.workspace
    return base if user is None else base.as_user(user)


def who(request: Request) -> Caller:
    return caller(request, workspace(request))


def view_of(user: User) -> str:
    """The three views of the record: public, without protected sources, whole."""
    if user.role == Role.PUBLIC:
        return "public"
    return "whole" if user.role.sees_protected else "redacted"


def tagged(
    request: Request, user: User, make: Callable[[], Any], *, ledger: bool = False
) -> Response:
    """A JSON answer (or a value to make it of) with its ETag (taken before the answer is
    made, so a write in between makes the tag stale, never the answer); 304 when the
    caller has it already. ``ledger``: the answer shows the ledger itself, which every
    write changes."""
    etag = etag_of(request, user, ledger=ledger)
    if request.headers.get("if-none-match") == etag:
        return _send(request, etag, b"")
    made = make()
    return _send(request, etag, made if isinstance(made, bytes) else orjson.dumps(made))


def etag_of(request: Request, user: User, *, ledger: bool = False) -> str:
    """The record's size, the caller's view and the request (path and query). The size
    is the ledger's as of the last change a view may show (an observation filed changes
    no view until it is clustered), or with ``ledger`` the ledger's own."""
    ws = workspace(request)
    return _etag(request, user, ws.ledger_size() if ledger else ws.view_size())


def _etag(request: Request, user: User, size: int) -> str:
    # keyed with a secret of this server's: nobody can forge the tag of an answer they
    # may not see and learn from a 304 that it exists
    secret: bytes = request.app.state.etag_secret
    key = f"{size}|{_request_key(request, user)}"
    return '"' + hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:32] + '"'


def _request_key(request: Request, user: User) -> str:
    today = datetime.now(UTC).date()  # what "as of today" means changes at midnight
    return f"{today}|{view_of(user)}|{request.url.path}?{request.url.query}"


Concerns = Callable[[list[Any]], bool]


def cached(request: Request, user: User, make: Callable[[], Any], concerns: Concerns) -> Response:
    """The answer kept for this request, or made, kept and sent. A kept answer made at an
    older view size still holds when only the clusterer has changed the record since,
    and *concerns* finds no change among the events it changed (as they were and as they
    became) that the answer may show; it keeps its ETag."""
    ws = workspace(request)
    size = ws.view_size()  # taken before the answer is made: a write in between makes
    key = _request_key(request, user)  # the tag stale, never the answer
    answers: Answers = request.app.state.answers
    kept = answers.get(key)
    if kept is not None and kept.size != size:
        changed = ws.events_changed(kept.size, size) if kept.size < size else None
        if changed is not None and not concerns(changed):
            kept = Kept(size, kept.etag, kept.raw)
        else:
            kept = None
        if kept is not None:
            answers.put(key, kept)
    if kept is None:
        with answers.making(key) as ready:
            # another thread may have made it meanwhile, at this size or a later one
            kept = ready if ready is not None and ready.size >= size else None
            if kept is None:
                made = make()
                raw = made if isinstance(made, bytes) else orjson.dumps(made)
                # copied: orjson's result sits in a block up to twice its size
                kept = Kept(size, _etag(request, user, size), bytes(memoryview(raw)))
                answers.put(key, kept)
    return _send(request, kept.etag, kept.raw)


def _send(request: Request, etag: str, raw: bytes) -> Response:
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(raw, media_type="application/json", headers=headers)


class Kept(NamedTuple):
    """An answer kept: the view size it holds at, its ETag, its bytes."""

    size: int
    etag: str
    raw: bytes


class Answers:
    """The latest answers of the event list and event details, by request and view: at
    most ``size`` of them and ``budget`` bytes in all."""

    def __init__(self, size: int = 256, budget: int = 32 * 1024 * 1024) -> None:
        self.size, self.budget, self.used = size, budget, 0
        self.store: OrderedDict[str, Kept] = OrderedDict()
        self.lock = threading.Lock()  # sync endpoints run in a pool of threads
        self._makers: dict[str, threading.Lock] = {}

    @contextmanager
    def making(self, key: str) -> Iterator[Kept | None]:
        """One thread at a time makes the answer to a request: the others wait for it,
        then find it kept (yielded: the answer kept when this thread's turn came)."""
        with self.lock:
            maker = self._makers.setdefault(key, threading.Lock())
        with maker:
            yield self.get(key)
        with self.lock:
            if self._makers.get(key) is maker and not maker.locked():
                del self._makers[key]

    def get(self, key: str) -> Kept | None:
        with self.lock:
            found = self.store.get(key)
            if found is not None:
                self.store.move_to_end(key)
            return found

    def put(self, key: str, kept: Kept) -> None:
        with self.lock:
            old = self.store.pop(key, None)
            if old is not None:
                self.used -= len(old.raw)
            self.store[key] = kept
            self.used += len(kept.raw)
            while self.store and (len(self.store) > self.size or self.used > self.budget):
                _, dropped = self.store.popitem(last=False)
                self.used -= len(dropped.raw)
