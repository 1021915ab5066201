"""``corroborate``, ``events show / merge / split / verify`` and ``sources`` from the
command line."""

from __future__ import annotations

import json

from tests.support import command_line


def test_the_analyst_workflow_from_the_command_line(db_url: str) -> None:
    run = command_line(db_url)

    run("init")
    run("scenario", "load", "karabakh-2020")
    run("documents", "extract", "--rules-only")
    out = run("corroborate")
    # two claims of the documents recall 2020 and a protest of months before: background
    assert "140 record(s) considered" in out and "left out (11): speculative" in out
    assert "0 joined an event, 0 opened one" in run("corroborate")
    claims = [
        json.loads(x) for x in run("claims", "list", "--doc", "doc-007", "--json").splitlines()
    ]
    eid = claims[0]["event"]
    assert eid and eid.startswith("cw-")
    shown = run("events", "show", eid)
    assert "status: disputed" in shown and "denial: AZ denies what AM report" in shown
    assert "claim:doc-008#2  [denied C5]  AZ:" in shown and "history:" in shown
    assert "verified" in run("events", "verify", eid, "--status", "verified", "--reason",
                             "OP-5 log", "--evidence", "observation:obs-001")  # fmt: skip
    dossier = json.loads(run("events", "show", eid, "--json"))
    assert dossier["event"]["status"] == "verified" and dossier["decided"] == "verified"
    assert dossier["history"][-1]["reason"] == "OP-5 log"
    err = run("events", "verify", eid, "--status", "verified", code=2)
    assert "a reason is required" in err
    err = run("events", "verify", eid, "--status", "maybe", "--reason", "x", code=2)
    assert "'maybe'" in err
    err = run("events", "merge", eid, eid, "--reason", "x", code=2)
    assert f"cannot merge event {eid} into itself" in err
    err = run("events", "split", eid, "--members", "claim:doc-999#1", "--reason", "x", code=2)
    assert "is not a member" in err
    assert "tg-anon: F -> E" in run("sources", "grade", "tg-anon", "--reliability", "E",
                                    "--reason", "made things up")  # fmt: skip
    assert "update  E: made things up" in run("sources", "show", "tg-anon")
    err = run("sources", "grade", "nope", "--reliability", "B", "--reason", "x", code=3)
    assert "no source with id 'nope'" in err
    listed = run("sources", "list")
    assert "baku-evening" in listed and "AZ" in listed
    assert run("sources", "posts", "op-team").split() == ["OP-12", "OP-5"]
    assert "1 post(s) tied (OP-7)" in run("sources", "posts", "op-team", "OP-7", "OP-5")
    assert "ccw: no posts" in run("sources", "posts", "ccw")


def test_sources_add_and_edit(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.workspace.test_recordfiles import DOCUMENTS, SOURCES

    run = command_line(db_url)

    run("init")
    run("agreement", "load", "karabakh-2020")
    (tmp_path / "s.csv").write_text(SOURCES.splitlines()[0] + "\n" + SOURCES.splitlines()[1] + "\n")
    (tmp_path / "d.jsonl").write_text(DOCUMENTS)
    run("import", str(tmp_path / "s.csv"), str(tmp_path / "d.jsonl"))
    run("documents", "extract", "--rules-only")
    run("corroborate")
    out = run("sources", "add", "river-wire", "--name", "River Wire", "--kind", "wire",
              "--parent", "north-mod", "--reason", "copies the ministry")  # fmt: skip
    assert out.strip() == "added source river-wire (wire): counts as AZ; 1 event(s) graded again"
    out = run("sources", "edit", "river-wire", "--parent", "", "--party", "AM")
    assert out.strip() == (
        "river-wire: party - -> AM; parent north-mod -> -; counts as AM; 1 event(s) graded again"
    )
    err = run("sources", "edit", "river-wire", "--kind", "pigeon", code=2)
    assert "'pigeon' is not one of: ministry" in err
    err = run("sources", "add", "x", "--name", "X", "--kind", "media", "--parent", "nope", code=2)
    assert "parent 'nope' is not a source of the workspace or of this import" in err
    assert "counts as: AM" in run("sources", "show", "river-wire")
