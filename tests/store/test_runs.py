"""Where a record logged in a run of ledger entries is: found without reading every run,
and followed as runs are added, or added and rolled back."""

from __future__ import annotations

from ceasewatch.store import ledger, runs
from ceasewatch.workspace import Workspace


def test_run_members_are_found_as_runs_come_and_go(ws: Workspace) -> None:
    engine = ws.engine
    with engine.begin() as conn:
        first, _ = ledger.append_new_rows(
            conn, "event", ["a", "b", "c"], bytes(range(96)), "import", "t1", None
        )
    with engine.begin() as conn:
        assert runs.candidates(conn, "event", ["b", "c"]) == {first + 1, first + 2}
        assert runs.candidates(conn, "event", ["z"]) == set()
        assert runs.candidates(conn, "claim", ["a"]) == set()  # another kind's runs
    with engine.connect() as conn:
        tx = conn.begin()
        gone, _ = ledger.append_new_rows(conn, "event", ["d"], bytes(32), "import", "t2", None)
        assert runs.candidates(conn, "event", ["d"]) == {gone}  # seen inside its transaction
        tx.rollback()
    with engine.begin() as conn:
        again, _ = ledger.append_new_rows(conn, "event", ["e"], bytes(32), "import", "t3", None)
    assert again == gone  # the same place in the log, another run
    with engine.begin() as conn:
        assert runs.candidates(conn, "event", ["e"]) == {again}
        assert runs.candidates(conn, "event", ["d"]) == set()  # the rolled-back run forgotten
        assert runs.candidates(conn, "event", ["a"]) == {first}
