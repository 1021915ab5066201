"""Photos, videos and documents attached to observations and events.

An attachment is stored with the SHA-256 of its bytes; its record, that hash included,
goes to the ledger, so `ledger verify` names any file changed or removed afterwards. The
bytes are kept once per content. Monitors, analysts and admins open them; the files of a
protected source's observations only the roles that see protected sources. The public
and the parties' liaison officers never do."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.model.access import User
from ceasewatch.store import attachments as repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import privacy
from ceasewatch.store.clusters import row_of
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.recordfiles import created
from ceasewatch.workspace.views import ATTACHMENT_READERS

KINDS = ("observation", "event")
# what may be attached: pictures, video, sound, PDF and plain text; nothing a browser runs
MEDIA_TYPES = {
    "image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "image/tiff",
    "video/mp4", "video/quicktime", "video/webm", "audio/mpeg", "audio/ogg", "audio/wav",
    "application/pdf", "text/plain",
}  # fmt: skip
MAX_BYTES = 4 * 1024 * 1024  # under the server's 5 MB for a request's body
_NAME = re.compile(r"[^\w.\- ]+")


def attach(
    conn: Connection,
    kind: str,
    record_id: str,
    filename: str,
    media_type: str,
    data: bytes,
    stamp: Stamp,
) -> dict[str, Any]:
    """Store a file for an observation or an event and log it; returns its record."""
    if kind not in KINDS:
        raise InvalidInput(f"{kind!r}: files attach to {' or '.join(KINDS)}", field="kind")
    if row_of(conn, kind, record_id) is None:
        raise NotFound(kind, record_id)
    media_type = check_file(media_type, data)
    sha = hashlib.sha256(data).hexdigest()
    name = _NAME.sub("_", filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip() or "file"
    row: dict[str, Any] = {
        "id": "att-" + hashlib.sha256(f"{kind}:{record_id}:{sha}".encode()).hexdigest()[:16],
        "record_kind": kind,
        "record_id": record_id,
        "sha256": sha,
        "filename": name[:255],
        "media_type": media_type,
        "size": len(data),
        "added_by": stamp.actor,
        "added_at": stamp.time,
    }
    if repo.get(conn, row["id"]) is not None:
        return row  # the same file for the same record: stored already
    ledger_repo.lock(conn)
    repo.insert(conn, row, data)
    ledger_repo.append(conn, created("attachment", [row], stamp))
    return row


def check_file(media_type: str, data: bytes) -> str:
    """The file's media type, if a file of that type and size may be attached; else the
    error that says why, on the field ``file`` (needs no database)."""
    media_type = media_type.split(";")[0].strip().lower()
    if media_type not in MEDIA_TYPES:
        raise InvalidInput(
            f"{media_type or 'no type'!r} cannot be attached; expected one of "
            + ", ".join(sorted(MEDIA_TYPES)),
            field="file",
        )
    if not data:
        raise InvalidInput("the file is empty", field="file")
    if len(data) > MAX_BYTES:
        raise InvalidInput(
            f"the file has {len(data):,} bytes; at most {MAX_BYTES:,} may be attached",
            field="file",
        )
    return media_type


def may_open(
    conn: Connection, user: User, row: dict[str, Any], hidden: set[str] | None = None
) -> bool:
    """Whether *user* may see this attachment (see the module's docstring); *hidden*:
    the observations withheld from the user's role, when already read."""
    if user.role < ATTACHMENT_READERS:
        return False
    if user.role.sees_protected or row["record_kind"] != "observation":
        return True
    if hidden is None:
        hidden = _hidden_observations(conn)
    return row["record_id"] not in hidden


def _hidden_observations(conn: Connection) -> set[str]:
    _sources, _docs, observations, _posts, _places = privacy.withheld(conn)
    return set(observations)


def opened(conn: Connection, user: User, attachment_id: str) -> tuple[dict[str, Any], bytes]:
    """An attachment's record and bytes; one the user may not open is answered as one
    that does not exist."""
    row = repo.get(conn, attachment_id)
    if row is None or not may_open(conn, user, row):
        raise NotFound("attachment", attachment_id)
    data = repo.data(conn, row["sha256"])
    if data is None:
        raise NotFound("attachment", attachment_id)
    return row, data


def listed(conn: Connection, user: User, kind: str, record_id: str) -> list[dict[str, Any]]:
    """The attachments of a record that *user* may open."""
    rows = repo.of_record(conn, kind, record_id)
    if not rows or user.role < ATTACHMENT_READERS:
        return []
    hidden = set() if user.role.sees_protected else _hidden_observations(conn)
    return [r for r in rows if may_open(conn, user, r, hidden)]
