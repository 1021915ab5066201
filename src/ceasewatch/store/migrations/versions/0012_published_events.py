"""the published events (what the public sees) indexed on their own, for the public map

Revision ID: 0012_published
Revises: 0011_redact
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_published"
down_revision = "0011_redact"
branch_labels = None
depends_on = None

PUBLISHED = "status IN ('corroborated', 'verified')"


def upgrade() -> None:
    op.create_index(
        "ix_events_published",
        "events",
        ["id", "lon", "lat", "date_start", "date_end"],
        sqlite_where=sa.text(PUBLISHED),
        postgresql_where=sa.text(PUBLISHED),
    )


def downgrade() -> None:
    op.drop_index("ix_events_published", table_name="events")
