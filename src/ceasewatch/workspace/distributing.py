"""Where work runs past one process: a Dask cluster named by the user, or this process.

``--dask local`` (or ``local:N``) starts a ``dask.distributed.LocalCluster`` of N worker
processes with one thread each (N defaults to the machine's cores) for the length of one
command; ``--dask tcp://host:port`` connects to a scheduler that is already running
(``dask scheduler`` and ``dask worker`` on other machines). Dask is the ``scale`` extra:
without it, naming a cluster says which pip command installs it.

A ``Runner`` maps a function over a list of arguments and yields the results in the
order of the arguments, whichever finishes first: ``InProcess`` one after another here,
``OnDask`` as futures on the cluster. Callers write the same code for both, and the
order of what they produce does not depend on the number of workers.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from ceasewatch.errors import InvalidInput, MissingExtra

T = TypeVar("T")
R = TypeVar("R")

_LOCAL = re.compile(r"local(?::(\d+))?")
_ADDRESS = re.compile(r"(tcp|tls|inproc|ucx)://\S+")
CONNECT_TIMEOUT = "10s"  # how long a scheduler named by address has to answer
AHEAD = 4  # partitions in flight per worker: enough to keep each busy, few held in memory


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """Where to run: ``workers`` local processes, or the scheduler at ``address``."""

    workers: int | None = None
    address: str | None = None

    @classmethod
    def parse(cls, value: str) -> ClusterSpec:
        """``local``, ``local:N`` or a scheduler address such as ``tcp://10.0.0.5:8786``."""
        text = value.strip()
        local = _LOCAL.fullmatch(text)
        if local:
            n = int(local.group(1)) if local.group(1) else (os.cpu_count() or 1)
            if n < 1:
                raise InvalidInput(f"--dask {value}: a local cluster needs at least one worker")
            return cls(workers=n)
        if _ADDRESS.fullmatch(text):
            return cls(address=text)
        raise InvalidInput(
            f"--dask {value!r}: expected local, local:N (N worker processes) or a scheduler "
            "address such as tcp://127.0.0.1:8786",
            field="dask",
        )

    def __str__(self) -> str:
        return self.address or f"local:{self.workers}"


class Runner(Protocol):
    """Maps a function over arguments; results come back in the arguments' order."""

    workers: int
    remote: bool  # whether what is mapped crosses to other processes

    def map(
        self, fn: Callable[..., R], args: Iterable[tuple[Any, ...]], *, large: bool = False
    ) -> Iterator[R]: ...

    def share(self, value: T) -> T: ...


class InProcess:
    """This process, one call after another."""

    workers = 1
    remote = False

    def map(
        self, fn: Callable[..., R], args: Iterable[tuple[Any, ...]], *, large: bool = False
    ) -> Iterator[R]:
        for a in args:
            yield fn(*a)

    def share(self, value: T) -> T:
        return value


class OnDask:
    """A ``dask.distributed.Client``: each call one future, at most ``AHEAD`` per worker
    in flight; results are gathered in submission order."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.remote = True
        self.workers = max(1, len(client.scheduler_info(n_workers=-1)["workers"]))

    def map(
        self, fn: Callable[..., R], args: Iterable[tuple[Any, ...]], *, large: bool = False
    ) -> Iterator[R]:
        """With *large*, each call's arguments are sent straight to a worker (scattered)
        rather than through the scheduler with the task."""
        pending: list[Any] = []
        limit = AHEAD * self.workers
        for a in args:
            if large:
                [sent] = self.client.scatter([a], hash=False)
                pending.append(self.client.submit(_apply, fn, sent, pure=False))
            else:
                pending.append(self.client.submit(fn, *a, pure=False))
            if len(pending) >= limit:
                yield pending.pop(0).result()
        while pending:
            yield pending.pop(0).result()

    def share(self, value: T) -> T:
        """*value* sent once to every worker (a future that tasks receive as the value)."""
        return self.client.scatter(value, broadcast=True)  # type: ignore[no-any-return]


def _apply(fn: Callable[..., R], args: tuple[Any, ...]) -> R:
    return fn(*args)


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - the scale extra is installed by make test
        raise MissingExtra("scale", "distributed") from None
    return distributed


@contextmanager
def runner(spec: ClusterSpec | str | None) -> Iterator[Runner]:
    """The runner for *spec*: this process for None; else a client of a local cluster
    started (and stopped) here, or of the scheduler at the address given."""
    if spec is None:
        yield InProcess()
        return
    if isinstance(spec, str):
        spec = ClusterSpec.parse(spec)
    distributed = _distributed()
    if spec.address is not None:
        try:
            client = distributed.Client(spec.address, timeout=CONNECT_TIMEOUT)
        except OSError as exc:
            raise InvalidInput(
                f"--dask {spec.address}: no Dask scheduler answers there ({exc}); start one "
                "with 'dask scheduler' and workers with 'dask worker ADDRESS'",
                field="dask",
            ) from None
        with client:
            yield OnDask(client)
        return
    cluster = distributed.LocalCluster(
        n_workers=spec.workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # a free port: never one another cluster holds
        silence_logs=40,  # logging.ERROR: the command's own output stays readable
    )
    with cluster, distributed.Client(cluster) as client:
        yield OnDask(client)
