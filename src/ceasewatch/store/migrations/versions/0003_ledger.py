"""the tamper-evident log: entries, runs of entries, perfect-subtree nodes, signed heads

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_entries",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("record_id", sa.String(256), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("entry", sa.Text),
        sa.Column("leaf", sa.LargeBinary(32), nullable=False),
    )
    op.create_index("ix_ledger_entries_record", "ledger_entries", ["kind", "record_id"])
    op.create_table(
        "ledger_runs",
        sa.Column(
            "first_seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("ids", sa.Text, nullable=False),
        sa.Column("leaves", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "ledger_nodes",
        sa.Column("level", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
    )
    op.create_table(
        "ledger_heads",
        sa.Column("size", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("root", sa.LargeBinary(32), nullable=False),
        sa.Column("time", sa.String(32), nullable=False),
        sa.Column("checkpoint", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("ledger_heads", "ledger_nodes", "ledger_runs", "ledger_entries"):
        op.drop_table(table)
