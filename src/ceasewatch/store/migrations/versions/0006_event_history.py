"""the history of each event (joins, status changes, merges, splits); members by event

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "event_history",
        sa.Column("id", sa.String(160), primary_key=True),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("refs", sa.Text, nullable=False),
    )
    op.create_index("ix_event_history_event", "event_history", ["event_id"])
    op.create_index("ix_claims_event", "claims", ["event_id"])
    op.create_index("ix_observations_event", "observations", ["event_id"])


def downgrade() -> None:
    op.drop_index("ix_observations_event", "observations")
    op.drop_index("ix_claims_event", "claims")
    op.drop_table("event_history")
