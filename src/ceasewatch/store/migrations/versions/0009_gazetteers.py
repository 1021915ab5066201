"""gazetteers stored in the workspace, by name

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gazetteers",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("places", sa.Integer, nullable=False),
        sa.Column("loaded_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("gazetteers")
