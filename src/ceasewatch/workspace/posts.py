"""Which source each observation post or patrol reports for: a monitoring team is a source,
and when it is protected its posts, their places and their observations are withheld with
it below the analyst (docs/web.md). A post is tied to its source once, by an observation
that names the source or by ``sources posts``; every change is logged in the ledger."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import Observation
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import privacy
from ceasewatch.store.clusters import row_of
from ceasewatch.store.texts import list_sources
from ceasewatch.workspace.parsing import Stamp


def new_posts(
    conn: Connection, observations: Sequence[Observation], sources: Sequence[str] | None = None
) -> list[dict[str, str]]:
    """The rows of the posts these observations tie to a source for the first time.
    A source that is not stored (nor among *sources*, stored in the same batch), or a
    post tied to another source already, is refused with the observation named."""
    known = set(sources or ()) | {s.id for s in list_sources(conn)}
    wanted: dict[str, tuple[str, str]] = {}  # post -> (source, the first observation)
    for o in observations:
        if o.source is None:
            continue
        if o.source not in known:
            raise InvalidInput(
                f"observation {o.id}: {o.source!r} is not a stored source; add the "
                "monitoring team as a source first",
                field="source",
            )
        first = wanted.setdefault(o.observer, (o.source, o.id))
        if first[0] != o.source:
            raise InvalidInput(
                f"observation {o.id}: post {o.observer} reports for {first[0]} in "
                f"observation {first[1]}, not for {o.source}",
                field="source",
            )
    stored = privacy.post_sources(conn, list(wanted))
    for post, (source, oid) in wanted.items():
        if post in stored and stored[post] != source:
            raise InvalidInput(
                f"observation {oid}: post {post} reports for {stored[post]}, not for "
                f"{source}; move it with 'ceasewatch sources posts {source} {post}'",
                field="source",
            )
    return [privacy.post_row(p, s) for p, (s, _) in wanted.items() if p not in stored]


def assign(conn: Connection, source_id: str, names: Sequence[str], stamp: Stamp) -> list[str]:
    """Tie posts to a source (moving those tied to another); returns the posts changed."""
    if source_id not in {s.id for s in list_sources(conn)}:
        raise NotFound("source", source_id)
    ledger_repo.lock(conn)
    stored = privacy.post_sources(conn, names)
    entries: list[Item] = []
    changed = []
    for post in dict.fromkeys(n.strip() for n in names):
        if not post or len(post) > 64:
            raise InvalidInput(f"{post!r} is not a post: 1 to 64 characters", field="post")
        if stored.get(post) == source_id:
            continue
        op = Op.UPDATE if post in stored else Op.CREATE
        if op is Op.UPDATE:
            ledger_repo.materialize(conn, "post", post)
        privacy.set_post(conn, post, source_id)
        row = row_of(conn, "post", post)
        entries.append(item("post", post, row, stamp.actor, stamp.time, stamp.reason, op))
        changed.append(post)
    ledger_repo.append(conn, entries)
    return changed
