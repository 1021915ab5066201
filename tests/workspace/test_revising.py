"""``import --update``: a revised ACLED export in place of the stored one, on SQLite and
PostgreSQL. The rows are the illustrative sample's, revised by the tests."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from tests.workspace.test_recordfiles import SOURCES, state, write

from ceasewatch.errors import BatchRejected, Conflict, InvalidInput
from ceasewatch.workspace import Workspace


def _rows(acled_sample: Path) -> tuple[list[str], list[list[str]]]:
    header, *body = list(csv.reader(io.StringIO(acled_sample.read_text())))
    return header, body


def _csv(header: list[str], body: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue()


@pytest.fixture
def revised(acled_sample: Path, tmp_path: Path) -> str:
    """The sample as ACLED might revise it: one toll raised (with a new timestamp), the
    first event gone, and a new one a few days before it."""
    header, body = _rows(acled_sample)
    col = header.index
    body[1][col("fatalities")] = "7"
    body[1][col("timestamp")] = "1700000000"
    new = list(body[0])
    new[col("event_id_cnty")], new[col("event_date")] = "CW-ILL-0099", "2020-11-20"
    return write(tmp_path, "revised.csv", _csv(header, [new, *body[1:]]))


def _cited(ws: Workspace) -> set[str]:
    return {ref for f in ws.findings() for ref in f.evidence}


def test_a_revised_export_adds_changes_and_withdraws(
    ws: Workspace, acled_sample: Path, revised: str, tmp_path: Path
) -> None:
    header, body = _rows(acled_sample)
    elsewhere = list(body[0])
    elsewhere[header.index("event_id_cnty")] = "CW-ILL-GE1"
    elsewhere[header.index("country")] = "Georgia"  # outside the revised file's coverage
    ws.load_agreement("karabakh-2020")
    ws.import_files([acled_sample, write(tmp_path, "ge.csv", _csv(header, [elsewhere]))])
    ws.verify_event("acled:CW-ILL-0002", "verified", "seen by a patrol (illustrative)")
    ws.assess(as_of=date(2025, 1, 1))
    assert "event:acled:CW-ILL-0001" in _cited(ws)

    [report] = ws.import_files([revised], update=True)
    assert (report.added, report.changed, report.unchanged, report.withdrawn) == (1, 1, 6, 1)
    events = {e.id: e for e in ws.events()}
    assert events["acled:CW-ILL-0001"].status.value == "withdrawn"  # kept, marked
    assert events["acled:CW-ILL-GE1"].status.value == "unverified"  # not covered: untouched
    assert events["acled:CW-ILL-0099"].status.value == "unverified"
    changed = events["acled:CW-ILL-0002"]
    assert changed.killed.best == 7 and changed.status.value == "verified"  # decision stands

    untouched = ws.event_dossier("acled:CW-ILL-0004")["versions"]  # its entry is in a run
    assert [(v["op"], v["reason"], v["changes"]) for v in untouched] == [
        ("create", f"import {acled_sample.name}", [])
    ]
    d = ws.event_dossier("acled:CW-ILL-0002")
    assert [v["op"] for v in d["versions"]] == ["create", "update", "update"]
    last = d["versions"][-1]
    assert last["reason"] == (
        "revised: the acled export revised.csv changed killed_low, killed_best, extra"
    )
    assert {c["field"]: (c["old"], c["new"]) for c in last["changes"]}["killed_best"] == (6, 7)
    assert d["history"][-1]["action"] == "revised"
    gone = ws.event_dossier("acled:CW-ILL-0001")
    assert gone["versions"][-1]["changes"] == [
        {"field": "status", "old": "unverified", "new": "withdrawn"}
    ]
    assert gone["history"][-1]["reason"] == (
        "not in the acled export revised.csv, which covers Armenia, Azerbaijan from "
        "2020-11-20 to 2023-09-19"
    )
    with pytest.raises(Conflict, match="withdrawn by its data set"):
        ws.verify_event("acled:CW-ILL-0001", "verified", "x")

    ws.assess(as_of=date(2025, 1, 1))
    assert "event:acled:CW-ILL-0001" not in _cited(ws)  # assessment ignores it
    ws.ledger_head()
    assert ws.ledger_verify().ok

    [again] = ws.import_files([revised], update=True)
    assert (again.added, again.changed, again.unchanged, again.withdrawn) == (0, 0, 8, 0)
    [back] = ws.import_files([acled_sample], update=True)  # the original again
    assert (back.added, back.changed, back.unchanged, back.withdrawn) == (0, 2, 6, 0)
    events = {e.id: e for e in ws.events()}
    assert events["acled:CW-ILL-0001"].status.value == "unverified"  # reinstated
    assert events["acled:CW-ILL-0099"].status.value == "unverified"  # before the coverage
    assert ws.event_dossier("acled:CW-ILL-0001")["history"][-1]["action"] == "reinstated"
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_a_bad_revision_changes_nothing(
    ws: Workspace, acled_sample: Path, revised: str, tmp_path: Path
) -> None:
    ws.import_files([acled_sample])
    before = state(ws), [e.status for e in ws.events()]
    text = Path(revised).read_text().splitlines()
    bad = write(
        tmp_path, "bad.csv", "\n".join([*text, text[2].replace("2020-12-12", "2020-12-40")]) + "\n"
    )
    with pytest.raises(BatchRejected) as err:
        ws.import_files([bad], update=True)
    assert [(p.row, p.field) for p in err.value.problems] == [(10, "event_date")]
    assert (state(ws), [e.status for e in ws.events()]) == before
    twice = write(tmp_path, "twice.csv", "\n".join([*text, text[2]]) + "\n")
    with pytest.raises(BatchRejected, match="repeats the event id of line 3"):
        ws.import_files([twice], update=True)
    assert (state(ws), [e.status for e in ws.events()]) == before
    with pytest.raises(InvalidInput, match="--update takes a revised ACLED or UCDP export"):
        ws.import_files([write(tmp_path, "s.csv", SOURCES)], update=True)
