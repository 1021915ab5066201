"""Files attached to observations and events: their rows, and their bytes kept once per
content (the SHA-256 of the bytes is their key)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, select

from ceasewatch.store.schema import attachment_blobs, attachments


def insert(conn: Connection, row: dict[str, Any], data: bytes) -> None:
    """Store an attachment's row, and its bytes unless the same bytes are stored already."""
    found = conn.execute(
        select(attachment_blobs.c.sha256).where(attachment_blobs.c.sha256 == row["sha256"])
    ).first()
    if found is None:
        conn.execute(attachment_blobs.insert(), {"sha256": row["sha256"], "data": data})
    conn.execute(attachments.insert(), row)


def get(conn: Connection, attachment_id: str) -> dict[str, Any] | None:
    found = conn.execute(select(attachments).where(attachments.c.id == attachment_id)).first()
    return None if found is None else dict(found._mapping)


def data(conn: Connection, sha256: str) -> bytes | None:
    found = conn.execute(
        select(attachment_blobs.c.data).where(attachment_blobs.c.sha256 == sha256)
    ).first()
    return None if found is None else bytes(found[0])


def of_record(conn: Connection, kind: str, record_id: str) -> list[dict[str, Any]]:
    """The attachments of one record, oldest first."""
    q = (
        select(attachments)
        .where(attachments.c.record_kind == kind, attachments.c.record_id == record_id)
        .order_by(attachments.c.added_at, attachments.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(q)]


def mismatches(conn: Connection) -> Iterator[str]:
    """Each attachment whose bytes are missing or no longer hash to the SHA-256 its row
    (and the ledger) holds."""
    q = select(attachments.c.id, attachments.c.sha256, attachment_blobs.c.data).outerjoin(
        attachment_blobs, attachment_blobs.c.sha256 == attachments.c.sha256
    )
    for rid, sha, blob in conn.execute(q):
        if blob is None:
            yield f"attachment {rid}: its bytes are missing (sha256 {sha})"
        elif hashlib.sha256(bytes(blob)).hexdigest() != sha:
            yield f"attachment {rid}: its bytes were changed: they no longer hash to {sha}"
