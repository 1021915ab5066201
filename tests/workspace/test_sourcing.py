"""Adding and editing sources, and what that does to the origins corroboration counts,
on SQLite and PostgreSQL. The sources and statements are illustrative (see
tests/workspace/test_recordfiles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.workspace.test_recordfiles import DOCUMENTS, SOURCES, state, write

from ceasewatch.errors import Conflict, InvalidInput, NotFound
from ceasewatch.workspace import Workspace


@pytest.fixture
def wired(ws: Workspace, tmp_path: Path) -> Workspace:
    """A ministry's statement and a wire's copy of it, clustered into one event."""
    ws.load_agreement("karabakh-2020")
    ws.import_files([write(tmp_path, "s.csv", SOURCES), write(tmp_path, "d.jsonl", DOCUMENTS)])
    ws.extract_claims(learned=False)
    ws.corroborate()
    return ws


def _event(ws: Workspace) -> dict:
    [event] = ws.events()
    return ws.event_dossier(event.id)


def test_a_parent_taken_away_and_given_back(wired: Workspace) -> None:
    assert _event(wired)["independent_origins"] == ["AZ"]
    change = wired.edit_source("river-wire", {"parent": ""}, "it has its own reporters")
    assert change.changed == (("parent", "north-mod", None),)
    assert (change.origin, change.events) == ("river-wire", 1)
    d = _event(wired)
    assert sorted(d["independent_origins"]) == ["AZ", "river-wire"]
    assert d["event"]["status"] == "corroborated"
    change = wired.edit_source("river-wire", {"parent": "north-mod"})
    assert (change.origin, change.events) == ("AZ", 1)
    d = _event(wired)
    assert d["independent_origins"] == ["AZ"] and d["event"]["status"] == "unverified"
    history = wired.source_dossier("river-wire")["history"]
    assert [(h["op"], h["reason"]) for h in history] == [
        ("create", "import s.csv"),
        ("update", "parent north-mod -> -: it has its own reporters"),
        ("update", "parent - -> north-mod"),
    ]
    wired.ledger_head()
    assert wired.ledger_verify().ok


def test_a_source_added_after_the_documents_that_cite_it(ws: Workspace, tmp_path: Path) -> None:
    ws.load_agreement("karabakh-2020")
    ws.import_files(
        [write(tmp_path, "s.csv", SOURCES.splitlines()[0] + "\n" + SOURCES.splitlines()[1] + "\n")]
    )
    ws.import_files([write(tmp_path, "d.jsonl", DOCUMENTS.replace("river-wire", "late-wire"))])
    ws.extract_claims(learned=False)
    ws.corroborate()
    assert sorted(_event(ws)["independent_origins"]) == ["AZ", "late-wire"]
    change = ws.add_source(
        "late-wire", "Late Wire (illustrative)", "Wire", parent="north-mod", reliability="b"
    )
    assert (change.source.kind.value, change.source.reliability.letter) == ("wire", "B")
    assert (change.origin, change.events) == ("AZ", 1)
    assert _event(ws)["independent_origins"] == ["AZ"]
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_unknown_kinds_parents_and_parties_are_refused(wired: Workspace) -> None:
    before = state(wired)
    with pytest.raises(InvalidInput, match="'blog' is not one of: ministry, government"):
        wired.add_source("blog-1", "A blog", "blog")
    with pytest.raises(InvalidInput, match="parent 'nobody' is not a source"):
        wired.add_source("blog-1", "A blog", "social", parent="nobody")
    with pytest.raises(InvalidInput, match="not a party or mission contributor of the stored"):
        wired.add_source("blog-1", "A blog", "social", party="Azerbaijan")
    with pytest.raises(InvalidInput, match="'Z' is not a reliability grade"):
        wired.add_source("blog-1", "A blog", "social", reliability="Z")
    with pytest.raises(Conflict, match="source river-wire exists already"):
        wired.add_source("river-wire", "Again", "wire")
    with pytest.raises(InvalidInput, match="makes a loop of parents: north-mod -> river-wire"):
        wired.edit_source("north-mod", {"parent": "river-wire"})
    with pytest.raises(InvalidInput, match="cannot edit reliability"):
        wired.edit_source("north-mod", {"reliability": "a"})
    with pytest.raises(Conflict, match="has these values already"):
        wired.edit_source("north-mod", {"kind": "ministry"})
    with pytest.raises(NotFound):
        wired.edit_source("nobody", {"kind": "media"})
    assert state(wired) == before
