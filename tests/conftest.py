"""Shared fixtures: a workspace on SQLite and on a real PostgreSQL, and sample files.

PostgreSQL comes from $CEASEWATCH_PG_URL when set, else from a throw-away server started
with the machine's PostgreSQL binaries (tools/pgtemp.py). Under CI (CI=true) a missing
server is an error, not a skip.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from pgtemp import PostgresUnavailable, TempPostgres  # noqa: E402

from ceasewatch.workspace import Workspace  # noqa: E402

SAMPLES = ROOT / "src" / "ceasewatch" / "ingest" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
_db_counter = itertools.count()


@pytest.fixture(autouse=True)
def ledger_key_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test's ledger key in its own temporary folder, never in the checkout."""
    path = tmp_path / "ledger.key"
    monkeypatch.setenv("CEASEWATCH_KEY", str(path))
    return path


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of a PostgreSQL server's maintenance database."""
    url = os.environ.get("CEASEWATCH_PG_URL")
    if url:
        yield url
        return
    try:
        pg = TempPostgres()
        url = pg.start()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"no PostgreSQL: {exc}")
    try:
        yield url
    finally:
        pg.stop()


@contextmanager
def _fresh_database(pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database on the PostgreSQL server, dropped afterwards."""
    name = f"cw_test_{os.getpid()}_{next(_db_counter)}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server, dropped afterwards."""
    with _fresh_database(pg_server) as url:
        yield url


@pytest.fixture
def other_pg_url(pg_server: str) -> Iterator[str]:
    """A second fresh database on the same server, for a test that compares two."""
    with _fresh_database(pg_server) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL for an empty database, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ws.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def other_db_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second database of db_url's kind that does not exist yet (a restore's target):
    a file in a folder of its own, or a database name on the same server, dropped after."""
    if db_url.startswith("sqlite"):
        (tmp_path / "other").mkdir()
        yield f"sqlite:///{tmp_path / 'other' / 'ws.db'}"
        return
    server = request.getfixturevalue("pg_server")
    name = f"cw_other_{os.getpid()}_{next(_db_counter)}"
    yield make_url(server).set(database=name).render_as_string(hide_password=False)
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def ws(db_url: str) -> Iterator[Workspace]:
    with Workspace.init(db_url) as workspace:
        yield workspace


@pytest.fixture
def acled_sample() -> Path:
    return SAMPLES / "acled_sample.csv"


@pytest.fixture(scope="module")
def workspace_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The web application's workspace (tests/support.py), one per test module."""
    from tests.support import demo_workspace

    folder = tmp_path_factory.mktemp("web")
    with pytest.MonkeyPatch.context() as mp:  # the key beside it; the environment as it was
        mp.setenv("CEASEWATCH_KEY", str(folder / "ledger.key"))
        return demo_workspace(folder / "web.db")


@pytest.fixture(scope="module")
def app(workspace_file: str) -> Iterator[Any]:
    from ceasewatch.asgi import create_app

    yield create_app(workspace_file, allowed_hosts=["testserver"])
