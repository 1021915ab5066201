"""Opening databases: an SQLite file (WAL mode) by default, PostgreSQL through its URL."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ceasewatch.errors import MissingExtra, StoreError
from ceasewatch.store.limits import watch

DEFAULT_FILE = "ceasewatch.db"
SQLITE_POOL = 48


def normalise_url(target: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    if "://" in target:
        url = make_url(target)
        if url.drivername in ("postgresql", "postgres"):
            return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
        return target
    return f"sqlite:///{target}"


PAGE_CACHE_MIB = 32  # of database pages kept by each SQLite connection


def _sqlite_pragmas(cache_mib: int) -> Callable[[sqlite3.Connection, Any], None]:
    def pragmas(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin: with the
        # module's own handling a SAVEPOINT would open (and its RELEASE commit) the
        # outermost transaction. See _sqlite_begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.execute(f"PRAGMA cache_size=-{int(cache_mib) * 1024}")
        cur.close()
        # lower() for every alphabet (SQLite's knows only ASCII): free-text search
        dbapi_conn.create_function("cw_lower", 1, _lower, deterministic=True)

    return pragmas


def _lower(value: str | None) -> str | None:
    return None if value is None else value.lower()


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock at once (BEGIN IMMEDIATE): two writers that both read
    # first could otherwise each be refused when they try to write.
    immediate = conn.get_execution_options().get("sqlite_immediate")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def param_mark(conn: Any) -> str:
    """The driver's positional placeholder, for statements built as plain SQL."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def open_engine(target: str, page_cache_mib: int = PAGE_CACHE_MIB) -> Engine:
    """An engine for ``target``; raises ``StoreError`` or ``MissingExtra`` with the fix.
    On SQLite each connection keeps ``page_cache_mib`` MiB of pages: much for an import,
    more than a server's small reads need (the kernel keeps the file's pages anyway)."""
    url = normalise_url(target)
    try:
        if url.startswith("sqlite"):
            # A server's threads (anyio's, the clusterer's, the change watch) each hold a
            # connection while they work: keep that many open rather than opening one (and
            # setting its pragmas) for every request past the default five.
            engine = create_engine(url, pool_size=SQLITE_POOL, max_overflow=16)
            event.listen(engine, "connect", _sqlite_pragmas(page_cache_mib))
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError as exc:
        raise StoreError(f"unsupported database URL {target!r}: {exc}") from None
    except ArgumentError as exc:
        raise StoreError(f"cannot read database URL {target!r}: {exc}") from None
    except ModuleNotFoundError as exc:
        raise MissingExtra("postgres", exc.name or "psycopg") from None
    watch(engine)  # every value checked against its column, the same on both databases
    return engine


class ChangeWatch:
    """Tells cheaply whether anything was committed, so a server can keep answers until
    the record changes. On SQLite, ``PRAGMA data_version`` on a connection of its own
    changes whenever any other connection commits (the pragma reads no table); elsewhere
    nothing is known, and every look must count as a change.

    One thread looks at a time; a thread that finds another looking takes the version
    seen last instead of queueing behind it (a look releases the interpreter's lock, so
    forty threads queued on it wait for one another's turns at that lock too). It may
    then miss a commit made while the other looks: a commit by another process, which no
    request of this one is ordered with. This process's own writers are counted as they
    finish (workspace/writing.py)."""

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._raw: Any = engine.raw_connection() if engine.dialect.name == "sqlite" else None
        self._seen: int | None = None
        self._version = 0

    def version(self) -> int | None:
        """A number that changes after another connection commits; None where that
        cannot be known."""
        if self._raw is None:
            return None
        if self._lock.acquire(blocking=False):
            try:
                cur = self._raw.cursor()
                try:
                    (seen,) = cur.execute("PRAGMA data_version").fetchone()
                finally:
                    cur.close()
                if seen != self._seen:
                    self._seen = seen
                    self._version += 1
            finally:
                self._lock.release()
        return self._version
