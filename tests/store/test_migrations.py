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


def test_the_events_that_have_members_are_listed_when_the_schema_moves_on(db_url: str) -> None:
    from datetime import UTC, datetime

    from sqlalchemy import select

    from ceasewatch.ingest.monitoring import observation_from
    from ceasewatch.store import migrate
    from ceasewatch.store.engine import open_engine
    from ceasewatch.store.monitoring import observation_row
    from ceasewatch.store.schema import events_with_members, observations

    engine = open_engine(db_url)
    try:
        migrate.upgrade(engine, "0012_published")
        o = observation_from(id="obs-1", observer="OP-1", lat=40.0, lon=46.0,
                             start=datetime(2022, 5, 1, tzinfo=UTC), type_code="cfv.shelling")  # fmt: skip
        with engine.begin() as conn:
            conn.execute(observations.insert(), {**observation_row(o), "event_id": "evt-1"})
            conn.execute(observations.insert(), {**observation_row(o), "id": "obs-2"})
        migrate.upgrade(engine)
        with engine.connect() as conn:
            assert list(conn.scalars(select(events_with_members.c.event_id))) == ["evt-1"]
    finally:
        engine.dispose()


def test_the_webhooks_migration_goes_up_and_down(db_url: str) -> None:
    from sqlalchemy import inspect

    from ceasewatch.store import migrate
    from ceasewatch.store.engine import open_engine

    tables = {"webhooks", "webhook_secrets", "webhook_deliveries"}
    engine = open_engine(db_url)
    try:
        migrate.upgrade(engine)
        assert tables <= set(inspect(engine).get_table_names())
        assert migrate.downgrade(engine, "0014_attachments")[1] == "0014_attachments"
        assert not tables & set(inspect(engine).get_table_names())
        assert "attachments" in inspect(engine).get_table_names()  # the one before stays
        assert migrate.upgrade(engine)[1] == "0015_webhooks"
        assert tables <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
