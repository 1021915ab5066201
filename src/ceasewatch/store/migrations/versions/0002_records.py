"""agreements, sources, documents, observations, crossings, track points

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _flag(name: str) -> sa.Column[bool]:
    return sa.Column(name, sa.Boolean, nullable=False, server_default="0")


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("source_text", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("affiliation", sa.String(64)),
        sa.Column("reliability", sa.String(1), nullable=False),
        sa.Column("parent", sa.String(64)),
        sa.Column("scale", sa.String(64)),
        _flag("protected"),
        _flag("illustrative"),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("source_id", sa.String(64)),
        sa.Column("published", sa.String(32)),
        sa.Column("language", sa.String(16)),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        _flag("illustrative"),
    )
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_table(
        "observations",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("observer", sa.String(64), nullable=False),
        sa.Column("position", sa.Text),
        sa.Column("start", sa.String(32), nullable=False),
        sa.Column("end", sa.String(32), nullable=False),
        sa.Column("type_code", sa.String(64), nullable=False),
        sa.Column("means", sa.String(16), nullable=False),
        sa.Column("cfv_kind", sa.String(32)),
        sa.Column("cfv_count", sa.Integer),
        sa.Column("weapon", sa.String(64)),
        sa.Column("bearing_deg", sa.Float),
        sa.Column("distance_min_km", sa.Float),
        sa.Column("distance_max_km", sa.Float),
        sa.Column("notes", sa.Text),
        sa.Column("event_id", sa.String(128)),
        _flag("illustrative"),
    )
    op.create_index("ix_observations_start", "observations", ["start"])
    op.create_table(
        "crossings",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("checkpoint", sa.String(64), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("vehicle", sa.String(64), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("declared", sa.Text),
        sa.Column("observed", sa.Text),
        sa.Column("escort", sa.String(64)),
        sa.Column("inspection", sa.Text),
        sa.Column("notes", sa.Text),
        _flag("illustrative"),
    )
    op.create_index("ix_crossings_time", "crossings", ["time"])
    op.create_table(
        "track_points",
        sa.Column("vehicle", sa.String(64), primary_key=True),
        sa.Column("time", sa.String(32), primary_key=True),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("speed_kmh", sa.Float),
        _flag("illustrative"),
    )


def downgrade() -> None:
    for table in (
        "track_points",
        "crossings",
        "observations",
        "documents",
        "sources",
        "agreements",
    ):
        op.drop_table(table)
