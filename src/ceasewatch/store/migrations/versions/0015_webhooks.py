"""webhooks: subscriptions to new published events and findings (logged in the ledger),
their secrets (not logged) and the queue of their deliveries

Revision ID: 0015_webhooks
Revises: 0014_attachments
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0015_webhooks"
down_revision = "0014_attachments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "webhooks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("wants", sa.String(16), nullable=False),
        sa.Column("agreement", sa.String(64)),
        sa.Column("zone", sa.String(64)),
        sa.Column("families", sa.Text, nullable=False),
        sa.Column("party", sa.String(64)),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "webhook_secrets",
        sa.Column("webhook_id", sa.String(64), primary_key=True),
        sa.Column("secret", sa.String(128), nullable=False),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("webhook_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(160), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("queued", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("due", sa.String(40), nullable=False),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("delivered", sa.String(40)),
    )
    op.create_index(
        "ux_webhook_deliveries_record",
        "webhook_deliveries",
        ["webhook_id", "kind", "record_id"],
        unique=True,
    )
    op.create_index("ix_webhook_deliveries_due", "webhook_deliveries", ["state", "due"])


def downgrade() -> None:
    op.drop_index("ix_webhook_deliveries_due", "webhook_deliveries")
    op.drop_index("ux_webhook_deliveries_record", "webhook_deliveries")
    op.drop_table("webhook_deliveries")
    op.drop_table("webhook_secrets")
    op.drop_table("webhooks")
