"""documents' files kept apart from their ids; the posts each team reports for

A document read from a file used to be called by its path. The ids already stored stay
(the ledger holds them), but each one shaped like a path gets a row in document_files
naming itself, marked withheld: it is not shown below the analyst from now on.

Revision ID: 0011_redact
Revises: 0010
Create Date: 2026-12-08
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0011_redact"
down_revision = "0010"
branch_labels = None
depends_on = None

# the rule of ceasewatch.model.redact.path_shaped as it stood when this was written
_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson",
             ".rss", ".atom", ".xml", ".pdf", ".doc", ".docx", ".csv")  # fmt: skip


def _path_shaped(doc_id: str) -> bool:
    bare = re.sub(r"#\d+$", "", doc_id.lower())  # an item of a feed file
    return "/" in doc_id or "\\" in doc_id or bare.endswith(_SUFFIXES)


def upgrade() -> None:
    files = op.create_table(
        "document_files",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("withheld", sa.Boolean, nullable=False, server_default="0"),
    )
    op.create_index("ix_document_files_withheld", "document_files", ["withheld"])
    op.create_table(
        "posts",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(64), nullable=False),
    )
    op.create_index("ix_documents_source", "documents", ["source_id"])
    op.create_index("ix_observations_observer", "observations", ["observer"])
    conn = op.get_bind()
    ids = conn.execute(sa.text("SELECT id FROM documents")).scalars().all()
    named = [{"id": i, "file": i, "withheld": True} for i in ids if _path_shaped(i)]
    for n in range(0, len(named), 1000):
        conn.execute(files.insert(), named[n : n + 1000])


def downgrade() -> None:
    op.drop_index("ix_observations_observer", "observations")
    op.drop_index("ix_documents_source", "documents")
    op.drop_table("posts")
    op.drop_index("ix_document_files_withheld", "document_files")
    op.drop_table("document_files")
