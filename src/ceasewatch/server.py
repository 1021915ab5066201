"""The HTTP server: uvicorn, with the limits a server open to anyone needs.

uvicorn closes a kept-alive connection after a few idle seconds and can cap the requests
it runs at once, but it waits for ever for a request's head. A client that opens a
connection and sends nothing, or its headers a byte at a time (slow-loris), holds a
socket and a file descriptor for as long as it likes; a few thousand of them and the
process can accept nobody else. ``ceasewatch.connections`` adds what uvicorn lacks, with
the limits set here; ``run`` starts uvicorn with them and raises the process's limit on
open files. docs/web.md says how to put a reverse proxy in front with the same limits.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass, replace
from typing import Any

FILES_KEPT = 64  # file descriptors left for the database, logs and the like
LOOPBACK = ("localhost", "127.0.0.1", "::1")  # the names a server on loopback answers to


@dataclass(frozen=True, slots=True)
class Limits:
    """What one worker allows its clients (docs/web.md, "Limits").

    - ``header_timeout``: seconds for a request's line and headers to arrive, from the
      connection or from the first byte of a later request on it (408 after);
    - ``body_timeout``: the longest silence while a body is being sent (then closed);
    - ``keep_alive``: seconds an idle kept-alive connection stays open (uvicorn's);
    - ``max_connections``: open connections; above it, the one that has waited longest
      with no request in progress is closed to make room (503 if all are busy);
    - ``max_head``: bytes of request line and headers (431 above);
    - ``backlog``: connections the kernel queues before they are accepted.
    """

    header_timeout: float = 10.0
    body_timeout: float = 30.0
    keep_alive: int = 5
    max_connections: int = 1000
    max_head: int = 32 * 1024
    backlog: int = 2048

    def within(self, files: int) -> Limits:
        """These limits with the connection cap lowered to fit *files* descriptors."""
        room = max(files - FILES_KEPT, 16)
        return self if self.max_connections <= room else replace(self, max_connections=room)


def open_files() -> int:
    """Raise this process's limit on open files to the most it may have (a default soft
    limit of 1,024 is soon reached by idle sockets) and return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else max(soft, 65536)
    if soft != resource.RLIM_INFINITY and soft < wanted:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
            soft = wanted
        except (ValueError, OSError):
            pass
    return soft if soft != resource.RLIM_INFINITY else 65536


def run(app: str, limits: Limits, *, host: str, port: int, workers: int, **settings: Any) -> None:
    """Serve the ASGI application named by *app* (``module:factory``) with uvicorn."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    from ceasewatch.connections import ServerConfig

    config = ServerConfig(
        app,
        limits.within(open_files()),
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        **settings,
    )
    server = uvicorn.Server(config)
    if config.workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()
