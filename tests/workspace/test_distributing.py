"""Extraction and corroboration on a Dask cluster give what one process gives.

One local cluster of two worker processes serves the module (starting one costs
seconds); the commands reach it by its address, as they reach any scheduler.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.errors import BatchRejected, InvalidInput
from ceasewatch.extract.places import places_for
from ceasewatch.model import default_taxonomy
from ceasewatch.workspace import Workspace, distributing
from ceasewatch.workspace.distributing import ClusterSpec, InProcess, runner
from ceasewatch.workspace.extracting import ExtractorSpec, extract_to, partitions


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        yield str(cluster.scheduler_address)


def scenario_documents() -> list[dict[str, Any]]:
    text = resources.files("ceasewatch.scenarios").joinpath("karabakh-2020/documents.jsonl")
    return [json.loads(line) for line in text.read_text("utf-8").splitlines()]


def corpus(folder: Path) -> Path:
    """The scenario's documents three times over, under new ids, in three JSON Lines
    files and a few text files."""
    folder.mkdir()
    docs = scenario_documents()
    for k in range(3):
        with (folder / f"part{k}.jsonl").open("w") as f:
            for i, d in enumerate(docs):
                f.write(json.dumps({**d, "id": f"{d['id']}-{k}-{i}"}) + "\n")
    for i, d in enumerate(docs[:5]):
        (folder / f"note{i}.txt").write_text(d["text"])
    return folder


def spec() -> ExtractorSpec:
    agreement = bundled("karabakh-2020")
    return ExtractorSpec.of(agreement, places_for(agreement), default_taxonomy())


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_cluster_is_named_local_n_or_by_address() -> None:
    assert ClusterSpec.parse("local:3") == ClusterSpec(workers=3)
    assert ClusterSpec.parse("tcp://10.1.2.3:8786").address == "tcp://10.1.2.3:8786"
    with pytest.raises(InvalidInput, match="expected local, local:N"):
        ClusterSpec.parse("localhost:8786")
    with pytest.raises(InvalidInput, match="at least one worker"):
        ClusterSpec.parse("local:0")


def test_extraction_on_dask_gives_the_claims_of_one_process_in_order(
    scheduler: str, tmp_path: Path
) -> None:
    folder = corpus(tmp_path / "in")
    parts = partitions([folder], part_bytes=20_000)
    assert [len(p.files) for p in parts] == [6, 1, 1]  # the small texts with the next
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    found = extract_to([folder], spec(), None, one, "jsonl", None, "2020-11-10")  # type: ignore[arg-type]
    on_dask = extract_to([folder], spec(), scheduler, many, "jsonl", None, "2020-11-10")  # type: ignore[arg-type]
    assert found.documents == 36 * 3 + 5 and found.claims > 300
    assert (on_dask.documents, on_dask.claims) == (found.documents, found.claims)
    assert many.read_bytes() == one.read_bytes()
    # the claims of a file come in its order, the files in name order
    docs = [row["doc"] for row in lines(one)]
    assert docs.index("doc-001-0-0") < docs.index("doc-001-1-0") < docs.index("doc-001-2-0")


def test_parquet_in_and_out(scheduler: str, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = scenario_documents()
    table = pa.Table.from_pylist([{**d, "published": d["published"]} for d in docs])
    source = tmp_path / "docs.parquet"
    pq.write_table(table, source, row_group_size=10)
    assert len(partitions([source])) == 4
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text("".join(json.dumps(d) + "\n" for d in docs))
    expected = tmp_path / "expected.jsonl"
    extract_to([jsonl], spec(), None, expected, "jsonl", None)  # type: ignore[arg-type]
    out = tmp_path / "claims.parquet"
    extract_to([source], spec(), scheduler, out, "parquet", None)  # type: ignore[arg-type]
    assert pq.read_table(out).to_pylist() == lines(expected)


def test_a_bad_row_refuses_the_run_and_writes_no_file(scheduler: str, tmp_path: Path) -> None:
    folder = corpus(tmp_path / "in")
    with (folder / "part1.jsonl").open("a") as f:
        f.write(json.dumps({"id": "late", "text": "Shots near Sotk.", "published": "May"}) + "\n")
    out = tmp_path / "claims.jsonl"
    with pytest.raises(BatchRejected) as err:
        extract_to([folder], spec(), scheduler, out, "jsonl", None)  # type: ignore[arg-type]
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.field) == (
        str(folder / "part1.jsonl"),
        37,
        "published",
    )
    assert list(tmp_path.glob("*claims*")) == [] and list(tmp_path.glob(".*")) == []


def test_stored_documents_extracted_on_dask_are_stored_as_in_one_process(
    scheduler: str, tmp_path: Path
) -> None:
    got = []
    for name, dask in (("one", None), ("many", scheduler)):
        with Workspace.init(f"sqlite:///{tmp_path / name}.db") as ws:
            ws.load_scenario("karabakh-2020")
            report = ws.extract_claims(dask=dask)
            got.append(
                (report.documents, report.claims, report.by_status,
                 [(c.id, c.document_id, c.type_code, c.when, c.places) for c in ws.claims()])
            )  # fmt: skip
            ws.ledger_head()
            assert ws.ledger_verify().ok
            assert ws.extract_claims(dask=dask).claims == 0  # nothing left to extract
    assert got[0] == got[1] and got[0][0] == 36


def events_of(ws: Workspace) -> list[tuple[Any, ...]]:
    return sorted(
        (e.id, e.status.value, e.when.start, e.when.end,
         tuple(sorted(c.id for c in ws.claims() if c.event_id == e.id)))
        for e in ws.events()
    )  # fmt: skip


def test_corroboration_by_window_on_one_or_two_workers_is_the_one_process_result(
    scheduler: str, tmp_path: Path
) -> None:
    """The scenario (claims, observations, events on record) corroborated in one process,
    window by window on a local cluster of one worker, and on two workers."""
    results = []
    for name, dask in (("one", None), ("local1", "local:1"), ("two", scheduler)):
        with Workspace.init(f"sqlite:///{tmp_path / name}.db") as ws:
            ws.load_scenario("karabakh-2020")
            ws.extract_claims()
            report = ws.corroborate(dask=dask)
            results.append(((report.considered, report.joined, report.opened), events_of(ws)))
            ws.ledger_head()
            assert ws.ledger_verify().ok
    assert results[0][0][1] > 20  # many records joined events
    assert results[1] == results[0]
    assert results[2] == results[0]


def test_corroboration_of_documents_given_in_another_order_on_two_workers(
    scheduler: str, tmp_path: Path
) -> None:
    docs = scenario_documents()
    results = []
    for name, dask, seed in (("ordered", None, None), ("shuffled", scheduler, 4)):
        if seed is not None:
            random.Random(seed).shuffle(docs)
        given = tmp_path / f"{name}.jsonl"
        given.write_text("".join(json.dumps(d) + "\n" for d in docs))
        with Workspace.init(f"sqlite:///{tmp_path / name}.db") as ws:
            ws.load_agreement("karabakh-2020")
            ws.import_documents([str(given)], None, None)
            ws.extract_claims()
            ws.corroborate(dask=dask)
            results.append(events_of(ws))
    assert len(results[0]) > 20
    assert results[1] == results[0]


def test_in_process_runner_keeps_the_order() -> None:
    assert list(InProcess().map(lambda a, b: a * b, [(1, 2), (3, 4)])) == [2, 12]


def test_a_scheduler_that_does_not_answer_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(distributing, "CONNECT_TIMEOUT", "1s")
    with (
        pytest.raises(InvalidInput, match="no Dask scheduler answers there"),
        runner("tcp://127.0.0.1:9"),
    ):
        pass
