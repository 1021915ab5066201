"""Connection limits over uvicorn's HTTP/1.1 protocols (``ceasewatch.server.Limits``):

- a **header timeout**: a request's line and headers must arrive within
  ``header_timeout`` seconds of the connection (or of the first byte of a later request
  on it), else the client gets 408 and the connection is closed;
- a **body timeout**: while a body is being sent, a silence of ``body_timeout`` seconds
  closes the connection (the application reads a disconnect);
- a **head size** cap: more than ``max_head`` bytes before the head ends gets 431;
- a **connection cap**: above ``max_connections`` open connections, the one that has
  waited longest without a request in progress is closed to make room, so idle sockets
  cannot crowd out a client that asks for something. When every connection is busy the
  newcomer gets 503.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from typing import Any
from weakref import WeakKeyDictionary

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from ceasewatch.server import Limits

# The connections of each server, oldest first: whom to close when there are too many.
_OPEN: WeakKeyDictionary[ServerState, OrderedDict[Any, None]] = WeakKeyDictionary()

_408 = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_431 = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\n"
    b"connection: close\r\n\r\n"
)
_503 = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"


class _Watched(asyncio.Protocol):
    """The timeouts and the connection cap, over either of uvicorn's HTTP/1.1 protocols
    (both keep the request in progress as ``cycle``, None before the first)."""

    cycle: Any
    config: Any
    server_state: ServerState
    transport: asyncio.Transport
    flow: Any

    def _setup(self) -> None:
        self.limits: Limits = getattr(self.config, "limits", None) or Limits()
        self.head_timer: asyncio.TimerHandle | None = None
        self.body_timer: asyncio.TimerHandle | None = None
        self.head_bytes = 0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._setup()
        opened = _OPEN.setdefault(self.server_state, OrderedDict())
        opened[self] = None
        if len(opened) > self.limits.max_connections and not self._make_room(opened):
            self.transport.write(_503)
            self.transport.close()
            return
        self._arm_head_timer()

    def _make_room(self, opened: OrderedDict[Any, None]) -> bool:
        """Close the connection that has waited longest with no request in progress;
        False if every other connection is busy."""
        for other in opened:
            if other is not self and not other.busy():
                other.transport.close()
                opened.pop(other, None)
                return True
        return False

    def busy(self) -> bool:
        """Whether a request has its head in and its answer not yet sent."""
        return self.cycle is not None and not self.cycle.response_complete

    def data_received(self, data: bytes) -> None:
        before = self.cycle
        super().data_received(data)
        if self.transport.is_closing():
            return
        if self.cycle is not before:  # a head arrived: its request has begun
            self._cancel_head_timer()
            self.head_bytes = 0
        elif not self.busy():  # a head still on its way
            self.head_bytes += len(data)
            if self.head_bytes > self.limits.max_head:
                self._refuse(_431)
                return
            if self.head_timer is None:
                self._arm_head_timer()
        if self.busy() and self.cycle.more_body and not self.flow.read_paused:
            self._arm_body_timer()
        elif self.body_timer is not None:
            self.body_timer.cancel()
            self.body_timer = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        if self.body_timer is not None:
            self.body_timer.cancel()
            self.body_timer = None
        opened = _OPEN.get(self.server_state)
        if opened is not None:
            opened.pop(self, None)
        super().connection_lost(exc)

    def _arm_head_timer(self) -> None:
        loop = asyncio.get_running_loop()
        self.head_timer = loop.call_later(self.limits.header_timeout, self._head_too_slow)

    def _cancel_head_timer(self) -> None:
        if self.head_timer is not None:
            self.head_timer.cancel()
            self.head_timer = None

    def _arm_body_timer(self) -> None:
        if self.body_timer is not None:
            self.body_timer.cancel()
        loop = asyncio.get_running_loop()
        self.body_timer = loop.call_later(self.limits.body_timeout, self._body_too_slow)

    def _head_too_slow(self) -> None:
        self.head_timer = None
        if not self.busy() and not self.transport.is_closing():
            self._refuse(_408)

    def _body_too_slow(self) -> None:
        self.body_timer = None
        if self.busy() and self.cycle.more_body and not self.transport.is_closing():
            self.transport.close()  # the application reads a disconnect

    def _refuse(self, answer: bytes) -> None:
        self._cancel_head_timer()
        self.transport.write(answer)
        self.transport.close()


class GuardedHttpTools(_Watched, HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits above."""


class GuardedH11(_Watched, H11Protocol):
    """uvicorn's h11 protocol with the limits above (for ``http="h11"``)."""


class ServerConfig(uvicorn.Config):
    """uvicorn's settings and ours (the worker processes get a pickled copy of both)."""

    def __init__(self, app: Any, limits: Limits, **settings: Any) -> None:
        settings.setdefault("http", GuardedHttpTools)
        super().__init__(
            app,
            timeout_keep_alive=limits.keep_alive,
            backlog=limits.backlog,
            h11_max_incomplete_event_size=limits.max_head,
            **settings,
        )
        self.limits = limits
