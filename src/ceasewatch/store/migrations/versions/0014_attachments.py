"""photos, videos and documents attached to observations and events: their records (logged
in the ledger with their SHA-256) and their bytes, kept once per content

Revision ID: 0014_attachments
Revises: 0013_cluster_queue
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_attachments"
down_revision = "0013_cluster_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("record_kind", sa.String(16), nullable=False),
        sa.Column("record_id", sa.String(128), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("added_by", sa.String(128), nullable=False),
        sa.Column("added_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_attachments_record", "attachments", ["record_kind", "record_id"])
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("attachment_blobs")
    op.drop_index("ix_attachments_record", "attachments")
    op.drop_table("attachments")
