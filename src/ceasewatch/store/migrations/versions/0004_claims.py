"""claims extracted from documents

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.String(160), primary_key=True),
        sa.Column("document_id", sa.String(128), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("span_end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("type_code", sa.String(64), nullable=False),
        sa.Column("family", sa.String(32), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("claimant", sa.String(128)),
        sa.Column("date_start", sa.String(10)),
        sa.Column("date_end", sa.String(10)),
        sa.Column("date_precision", sa.String(8), nullable=False),
        sa.Column("places", sa.Text, nullable=False),
        sa.Column("actors", sa.Text, nullable=False),
        sa.Column("killed", sa.Integer),
        sa.Column("wounded", sa.Integer),
        sa.Column("quantities", sa.Text, nullable=False),
        sa.Column("unresolved", sa.Text, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("credibility", sa.Integer, nullable=False),
        sa.Column("extractor", sa.String(16), nullable=False),
        sa.Column("event_id", sa.String(128)),
    )
    op.create_index("ix_claims_document", "claims", ["document_id"])
    op.create_index("ix_claims_family_date", "claims", ["family", "date_start"])


def downgrade() -> None:
    op.drop_table("claims")
