"""Posts tied to the source they report for, documents' files kept apart, and a workspace
from before both brought up to date: each on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.ingest.monitoring import observation_from
from ceasewatch.model import Observation
from ceasewatch.store import migrate
from ceasewatch.workspace import Workspace, views


def observation(oid: str, post: str, source: str | None) -> Observation:
    return observation_from(
        id=oid, observer=post, lat=39.8, lon=46.7, type_code="cfv.shelling",
        start=datetime(2022, 3, 8, 3, 10, tzinfo=UTC), source=source,
    )  # fmt: skip


def test_a_post_is_tied_once_and_moved_only_on_purpose(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")  # its posts report for op-team
    assert ws.posts() == {"OP-5": "op-team", "OP-12": "op-team"}
    ws.add_observation(observation("o-1", "OP-9", "ccw"))
    ws.add_observation(observation("o-2", "OP-9", None))
    assert ws.posts()["OP-9"] == "ccw"
    assert {o.id: o.source for o in ws.observations()}["o-2"] == "ccw"  # the post's
    with pytest.raises(InvalidInput, match="post OP-9 reports for ccw, not for op-team") as bad:
        ws.add_observation(observation("o-3", "OP-9", "op-team"))
    assert bad.value.field == "source"
    with pytest.raises(InvalidInput, match="'nobody' is not a stored source"):
        ws.add_observation(observation("o-4", "OP-10", "nobody"))
    assert "o-3" not in {o.id for o in ws.observations()}  # refused whole
    assert ws.assign_posts("op-team", ["OP-9", "OP-5"], "OP-9 joined the team") == ["OP-9"]
    assert ws.posts()["OP-9"] == "op-team"
    with pytest.raises(NotFound):
        ws.assign_posts("nobody", ["OP-9"], None)
    with ws.engine.connect() as conn:
        hide = views.protected(conn)
    assert {"OP-5", "OP-12", "OP-9"} <= hide.posts and {"o-1", "o-2"} <= hide.observations
    ws.ledger_head()
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_a_workspace_from_before_withholds_its_path_named_documents(
    ws: Workspace, tmp_path: Path
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Shots were fired near Sotk on 3 May 2022.")
    records = tmp_path / "old.jsonl"  # an id of its own, shaped like a path
    records.write_text(json.dumps({"id": "field/ccw/old.txt", "text": "Shelling near Martuni.",
                                   "source": "ccw"}) + "\n")  # fmt: skip
    ws.import_documents([str(note), str(records)], "2022-05-04", "ccw")
    with ws.engine.connect() as conn:
        assert views.protected(conn).documents == {"field/ccw/old.txt"}
    migrate.downgrade(ws.engine, "0009")  # as it was before: no files, no posts
    migrate.upgrade(ws.engine)
    with ws.engine.connect() as conn:
        hide = views.protected(conn)
    assert "field/ccw/old.txt" in hide.documents  # found again by its shape
    assert {d.id: d.file for d in ws.documents()}["field/ccw/old.txt"] == "field/ccw/old.txt"
    ws.ledger_head()
    assert ws.ledger_verify().ok  # the documents' rows, and so the ledger, untouched


def test_observations_filed_together_tie_a_new_post_once(ws: Workspace) -> None:
    """A batch of the server's group commit: the first observation of a new post ties
    it, the next of the same post and source is stored beside it, one naming another
    source is refused with its field, a taken id with its conflict, and the rest stay."""
    from ceasewatch.errors import Conflict
    from ceasewatch.workspace import clustering
    from ceasewatch.workspace.parsing import Stamp

    ws.load_scenario("karabakh-2020")
    stamp = Stamp("monitor", "2026-12-06T08:00:00+00:00", "observation")
    batch = [
        observation("o-1", "OP-9", "ccw"),
        observation("o-2", "OP-9", "ccw"),
        observation("o-3", "OP-9", "op-team"),
        observation("o-1", "OP-7", None),
        observation("o-4", "OP-9", None),
    ]
    with ws.engine.begin() as conn:
        out = clustering.file_observations(conn, [(o, stamp) for o in batch])
    assert isinstance(out[2], InvalidInput) and out[2].field == "source"
    assert isinstance(out[3], Conflict)
    assert [getattr(x, "id", None) for x in out] == ["o-1", "o-2", None, None, "o-4"]
    assert ws.posts()["OP-9"] == "ccw"
    assert {"o-1", "o-2", "o-4"} <= {o.id for o in ws.observations()}
    assert "o-3" not in {o.id for o in ws.observations()}
    ws.ledger_head()
    assert ws.ledger_verify().ok
