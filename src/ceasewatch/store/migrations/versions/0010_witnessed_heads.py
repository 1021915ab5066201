"""heads append-only (a size may hold a second, alarming head) and witnesses' cosignatures

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_heads_new",
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), primary_key=True),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("checkpoint", sa.Text, nullable=False),
    )
    op.execute(
        "INSERT INTO ledger_heads_new (size, root, time, checkpoint) "
        "SELECT size, root, time, checkpoint FROM ledger_heads"
    )
    op.drop_table("ledger_heads")
    op.rename_table("ledger_heads_new", "ledger_heads")
    op.create_table(
        "ledger_cosignatures",
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), primary_key=True),
        sa.Column("witness", sa.String(255), primary_key=True),
        sa.Column("line", sa.Text, nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ledger_cosignatures")
