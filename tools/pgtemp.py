"""A throw-away PostgreSQL server for tests and benchmarks.

Uses the machine's PostgreSQL server binaries (Debian: package postgresql-15) to start a
cluster in a temporary directory on a free loopback port. initdb refuses to run as root,
so under root the cluster belongs to the 'postgres' user (or 'nobody').

    python tools/pgtemp.py      # start one, print its URL, stop on Enter
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl, newest PostgreSQL first: the lookup
    ``ceasewatch backup`` uses to find pg_dump."""
    from ceasewatch.errors import StoreError
    from ceasewatch.workspace.copies import find_program

    try:
        return find_program("initdb").resolve().parent
    except StoreError:
        raise PostgresUnavailable(
            "no PostgreSQL server binaries (initdb) found; install Debian's postgresql-15 "
            "or set CEASEWATCH_PG_URL"
        ) from None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class TempPostgres:
    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="ceasewatch-pg-"))
        self.port = _free_port()
        self.user: str | None = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    continue
                self.user = name
                break
            if self.user is None:
                raise PostgresUnavailable(
                    "running as root and no unprivileged user to own the cluster"
                )
            shutil.chown(self.dir, self.user)
        self.started = False

    def _run(self, *args: str) -> None:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=self.dir)
        if proc.returncode != 0:
            raise PostgresUnavailable(
                f"{args[0]} failed: {proc.stderr.strip() or proc.stdout.strip()}"
            )

    def start(self) -> str:
        data = self.dir / "data"
        self._run(
            "initdb",
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "ceasewatch",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        opts = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=50"
        )
        self._run("pg_ctl", "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")
        self.started = True
        return self.url()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://ceasewatch@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        if self.started:
            with contextlib.suppress(PostgresUnavailable):
                self._run("pg_ctl", "-D", str(self.dir / "data"), "-m", "immediate", "stop")
            self.started = False
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":
    pg = TempPostgres()
    try:
        print(pg.start(), flush=True)
        input("PostgreSQL running; press Enter to stop\n")
    finally:
        pg.stop()
