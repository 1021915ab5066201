"""Attachments on SQLite and PostgreSQL: the same bytes stored once, a protected source's
observation's files for the roles that see protected sources, and `ledger verify` naming
a file changed or removed behind the Workspace."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.model.access import Role, User
from ceasewatch.store.schema import attachment_blobs
from ceasewatch.workspace import Workspace

PHOTO = b"\xff\xd8\xff\xe0 written for this test, not a real JPEG \xff\xd9"


def test_attached_files_are_kept_checked_and_shown_to_whom_they_may_be(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")  # its op-team is a protected source
    posts = ws.posts()
    shielded = next(o for o in ws.observations() if posts.get(o.observer) == "op-team")
    row = ws.attach("observation", shielded.id, "../../etc/crater.jpg", "image/jpeg", PHOTO)
    assert row["filename"] == "crater.jpg" and row["size"] == len(PHOTO)
    again = ws.attach("observation", shielded.id, "crater.jpg", "image/jpeg", PHOTO)
    assert again["id"] == row["id"]  # the same file for the same record: once
    monitor, analyst = User("m", Role.MONITOR), User("a", Role.ANALYST)
    assert ws.attachment(analyst, row["id"]) == (ws.attachment(analyst, row["id"])[0], PHOTO)
    with pytest.raises(NotFound):
        ws.attachment(monitor, row["id"])  # a protected source's: as if there were none
    assert ws.attachments(monitor, "observation", shielded.id) == []
    assert [a["id"] for a in ws.attachments(analyst, "observation", shielded.id)] == [row["id"]]
    with pytest.raises(InvalidInput) as refused:
        ws.attach("observation", shielded.id, "x.exe", "application/x-msdownload", b"MZ")
    assert refused.value.field == "file"
    ws.ledger_head()
    assert ws.ledger_verify().ok
    with ws.engine.begin() as conn:  # behind the Workspace's back
        conn.execute(update(attachment_blobs).values(data=PHOTO + b"!"))
    problems = ws.ledger_verify().problems
    assert any(f"attachment {row['id']}: its bytes were changed" in p for p in problems)
