"""The migrations create exactly the schema that store/schema.py declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from ceasewatch.store.schema import metadata
from ceasewatch.workspace import Workspace


def test_migrated_schema_matches_the_metadata(ws: Workspace) -> None:
    with ws.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_statistics_refresh_runs_on_both_databases(ws: Workspace) -> None:
    from ceasewatch.store.events import refresh_statistics

    with ws.engine.begin() as conn:
        refresh_statistics(conn)  # ANALYZE on PostgreSQL, nothing on SQLite: must not fail
