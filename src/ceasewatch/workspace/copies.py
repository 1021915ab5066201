"""Consistent copies of a workspace database, taken while it is in use, and put back.

SQLite: the online backup API in one step. It reads one snapshot of the database (what
the write-ahead log holds included) while the writers carry on, which copying the file
does not: a copy of ``ceasewatch.db`` alone misses every commit still in ``-wal``.
PostgreSQL: ``pg_dump`` in its custom format, in a snapshot exported from a transaction
that reads the ledger's state at the same instant; ``pg_restore`` puts it back.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Connection, Engine, create_engine, inspect, select, table
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from ceasewatch.errors import StoreError

T = TypeVar("T")
SKIP = {"alembic_version"}  # a table that says nothing about what a workspace holds


def find_program(name: str) -> Path:
    """A PostgreSQL program: the newest of Debian's ``/usr/lib/postgresql/<major>/bin``
    (a newer ``pg_dump`` reads an older server, not the reverse), else the one on PATH."""

    def major(path: str) -> int:
        part = Path(path).parts[-3]
        return int(part) if part.isdigit() else 0

    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=major, reverse=True)
    if found:
        return Path(found[0])
    on_path = shutil.which(name)
    if on_path:
        return Path(on_path)
    raise StoreError(
        f"{name} was not found: install Debian's postgresql-client (or put {name} on PATH)"
    )


# -- SQLite ----------------------------------------------------------------------------
def sqlite_copy(engine: Engine, dest: Path) -> None:
    """Copy the engine's SQLite database to the new file ``dest``, consistently, while
    others write; the copy is one self-contained file (rollback journal, no ``-wal``)."""
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with closing(sqlite3.connect(dest)) as copy:
            source.backup(copy)  # pages=-1: every page in one step, from one snapshot
            copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        raise StoreError(f"the SQLite backup failed: {exc}") from None
    finally:
        raw.close()


@contextmanager
def sqlite_reading(path: Path) -> Iterator[Connection]:
    """A read transaction on an SQLite file, opened by path (no URL parsing of its name)."""
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    try:
        with engine.connect() as conn, conn.begin():
            yield conn
    finally:
        engine.dispose()


def sqlite_restore(copy: Path, target: Path) -> None:
    """Write the copy into ``target`` (created, or replaced whole in one transaction)."""
    try:
        with closing(sqlite3.connect(copy)) as source, closing(sqlite3.connect(target)) as dest:
            dest.execute("PRAGMA busy_timeout=10000")
            source.backup(dest)
    except sqlite3.Error as exc:
        raise StoreError(f"restoring into {target} failed: {exc}") from None


def sqlite_tables_with_rows(target: Path) -> list[str] | None:
    """The tables of an SQLite file that hold rows; None when there is no database yet."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    try:
        with sqlite_reading(target) as conn:
            return _tables_with_rows(conn)
    except DBAPIError as exc:
        raise StoreError(f"{target} cannot be read as an SQLite database: {exc.orig}") from None


def _tables_with_rows(conn: Connection) -> list[str]:
    return [
        name
        for name in inspect(conn).get_table_names()
        if name not in SKIP and conn.execute(select(1).select_from(table(name)).limit(1)).first()
    ]


# -- PostgreSQL ------------------------------------------------------------------------
def _libpq(url: URL) -> tuple[str, dict[str, str]]:
    """The URL as libpq reads it, and an environment carrying the password (kept off the
    command line, where other users of the machine could read it)."""
    env = dict(os.environ)
    if url.password is not None:
        env["PGPASSWORD"] = str(url.password)
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(program: str, args: list[str], env: dict[str, str]) -> str:
    cmd = [str(find_program(program)), "--no-password", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    except OSError as exc:
        raise StoreError(f"{program} could not be run: {exc.strerror}") from None
    if proc.returncode != 0:
        raise StoreError(f"{program} failed: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def pg_dump(engine: Engine, dest: Path, read: Callable[[Connection], T]) -> T:
    """Dump the engine's database to ``dest`` (custom format) as of one snapshot, and
    return what ``read`` found in that same snapshot."""
    uri, env = _libpq(engine.url)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar_one()
            found = read(conn)
            # the snapshot lives while this transaction is open
            args = ["--format=custom", f"--snapshot={snapshot}", f"--file={dest}"]
            _run("pg_dump", [*args, f"--dbname={uri}"], env)
    return found


def dumped_tables(dump: Path) -> set[str]:
    """The tables a custom-format dump holds, from its table of contents."""
    listing = _run("pg_restore", ["--list", str(dump)], dict(os.environ))
    names = set()
    for line in listing.splitlines():
        if line.startswith(";"):
            continue
        parts = line.split()
        if len(parts) >= 6 and parts[3] == "TABLE" and parts[4] != "DATA":
            names.add(parts[5])
    return names


def pg_tables(url: URL) -> tuple[list[str], list[str]] | None:
    """The tables of a PostgreSQL database and those of them holding rows; None when the
    database does not exist."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names(), _tables_with_rows(conn)
    except OperationalError as exc:
        if _pg_exists(url) is False:
            return None
        raise StoreError(f"cannot open the database {_shown(url)}: {exc.orig}") from None
    finally:
        engine.dispose()


def _pg_exists(url: URL) -> bool | None:
    """Whether the server has the database, asked of its maintenance database; None if
    that cannot be asked (a refused connection fails with no code to tell the causes)."""
    admin = create_engine(url.set(database="postgres"))
    try:
        with admin.connect() as conn:
            sql = "SELECT 1 FROM pg_database WHERE datname = %(name)s"
            return conn.exec_driver_sql(sql, {"name": url.database}).first() is not None
    except SQLAlchemyError:
        return None
    finally:
        admin.dispose()


def pg_create(url: URL) -> None:
    """Create the database ``url`` names, from the server's maintenance database."""
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = conn.dialect.identifier_preparer.quote(str(url.database))
            conn.exec_driver_sql(f"CREATE DATABASE {name}")
    except DBAPIError as exc:
        raise StoreError(
            f"cannot create the database {url.database!r} ({exc.orig}); create it "
            f"(createdb {url.database}) and restore again"
        ) from None
    finally:
        admin.dispose()


def pg_restore(dump: Path, url: URL, *, clean: bool) -> None:
    """Restore a custom-format dump into ``url`` in one transaction; with ``clean`` the
    dump's tables replace those of the same names."""
    uri, env = _libpq(url)
    args = ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction"]
    if clean:
        args += ["--clean", "--if-exists"]
    _run("pg_restore", [*args, f"--dbname={uri}", str(dump)], env)


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)
