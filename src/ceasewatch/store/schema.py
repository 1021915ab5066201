"""The database schema in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

Dates are stored as ISO text ('YYYY-MM-DD'), which sorts correctly in both databases
and keeps the precision-coded intervals exact; structured lists are JSON text. An
event's actors are a JSON list of ``[name, role, party, inter]`` in its own row: one row
per event keeps bulk imports fast, and the actor filter matches on that text.
Migrations in ``migrations/versions`` create exactly this schema; a test compares them.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

events = Table(
    "events",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("dataset", String(32)),
    Column("external_id", String(128)),
    Column("type_code", String(64), nullable=False),
    Column("family", String(32), nullable=False),
    Column("acled_event_type", String(64)),
    Column("acled_sub_event_type", String(64)),
    Column("disorder_type", String(64)),
    Column("date_start", String(10)),
    Column("date_end", String(10)),
    Column("span_days", Integer, nullable=False, server_default="0"),
    Column("time_precision", String(8), nullable=False),
    Column("place_name", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("geo_precision", String(12), nullable=False),
    Column("radius_m", Float),
    Column("geometry", Text),
    Column("country", String(128)),
    Column("iso", Integer),
    Column("region", String(128)),
    Column("admin1", String(128)),
    Column("admin2", String(128)),
    Column("admin3", String(128)),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("killed_civilian", Integer),
    Column("killed_military", Integer),
    Column("wounded_low", Integer),
    Column("wounded_best", Integer),
    Column("wounded_high", Integer),
    Column("wounded_civilian", Integer),
    Column("wounded_military", Integer),
    Column("actors", Text),
    Column("status", String(16), nullable=False),
    Column("civilian_targeting", Boolean, nullable=False, server_default="0"),
    Column("cfv", Text),
    Column("notes", Text),
    Column("sources", Text),
    Column("source_scale", String(128)),
    Column("tags", Text),
    Column("extra", Text),
)
# One index serves both the map query (date range, then lon/lat read from the index) and
# the monthly counts by type (a scan of the index alone): a second index would cost every
# insert more than it saves those counts.
Index(
    "ix_events_date_place_type", events.c.date_start, events.c.lon, events.c.lat, events.c.type_code
)
Index("ix_events_span", events.c.span_days)
