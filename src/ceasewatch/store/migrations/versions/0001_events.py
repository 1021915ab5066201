"""events

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("dataset", sa.String(32)),
        sa.Column("external_id", sa.String(128)),
        sa.Column("type_code", sa.String(64), nullable=False),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("acled_event_type", sa.String(64)),
        sa.Column("acled_sub_event_type", sa.String(64)),
        sa.Column("disorder_type", sa.String(64)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("span_days", sa.Integer, nullable=False, server_default="0"),
        sa.Column("time_precision", sa.String(8), nullable=False),
        sa.Column("place_name", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("geo_precision", sa.String(12), nullable=False),
        sa.Column("radius_m", sa.Float),
        sa.Column("geometry", sa.Text),
        sa.Column("country", sa.String(128)),
        sa.Column("iso", sa.Integer),
        sa.Column("region", sa.String(128)),
        sa.Column("admin1", sa.String(128)),
        sa.Column("admin2", sa.String(128)),
        sa.Column("admin3", sa.String(128)),
        *[
            sa.Column(f"{what}_{part}", sa.Integer)
            for what in ("killed", "wounded")
            for part in ("low", "best", "high", "civilian", "military")
        ],
        sa.Column("actors", sa.Text),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("civilian_targeting", sa.Boolean, nullable=False, server_default="0"),
        sa.Column("cfv", sa.Text),
        sa.Column("notes", sa.Text),
        sa.Column("sources", sa.Text),
        sa.Column("source_scale", sa.String(128)),
        sa.Column("tags", sa.Text),
        sa.Column("extra", sa.Text),
    )
    op.create_index(
        "ix_events_date_place_type", "events", ["date_start", "lon", "lat", "type_code"]
    )
    op.create_index("ix_events_span", "events", ["span_days"])


def downgrade() -> None:
    op.drop_table("events")
