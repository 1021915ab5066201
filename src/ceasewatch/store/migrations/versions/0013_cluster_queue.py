"""the clusterer's queue of records filed through the web application, the events that
have members (clustering's index beside the events' own), and what each of the clusterer's
commits changed

Revision ID: 0013_cluster_queue
Revises: 0012_published
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0013_cluster_queue"
down_revision = "0012_published"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cluster_queue",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("record_id", sa.String(160), primary_key=True),
        sa.Column("queued", sa.String(40), nullable=False),
    )
    op.create_index("ix_cluster_queue_queued", "cluster_queue", ["queued"])
    op.create_table(
        "events_with_members",
        sa.Column("event_id", sa.String(128), primary_key=True),
    )
    op.create_table(
        "view_changes",
        sa.Column("before", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("after", sa.BigInteger, nullable=False),
        sa.Column("events", sa.Text, nullable=False),
    )
    op.execute(
        "INSERT INTO events_with_members (event_id) "
        "SELECT event_id FROM claims WHERE event_id IS NOT NULL "
        "UNION SELECT event_id FROM observations WHERE event_id IS NOT NULL"
    )


def downgrade() -> None:
    op.drop_table("view_changes")
    op.drop_table("events_with_members")
    op.drop_index("ix_cluster_queue_queued", "cluster_queue")
    op.drop_table("cluster_queue")
