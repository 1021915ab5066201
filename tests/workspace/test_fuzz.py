"""Fuzzing the importers through the Workspace, down to the database, on SQLite and
PostgreSQL: ACLED and UCDP files, documents, gazetteers, agreements and track files that
hypothesis broke (tests/fuzzing.py) are stored or refused with ceasewatch's own errors,
and a refused file leaves the record as it was."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.agreements.test_fuzz import changed, mangled
from tests.fuzzing import BUDGET, broken_csv
from tests.ingest.test_fuzz import ACLED, UCDP, _scenario, document_file

from ceasewatch.errors import CeasewatchError, StoreError
from ceasewatch.workspace import Workspace

# one workspace for every example of a test: hypothesis may reuse the fixture
SHARED = settings(
    BUDGET,
    max_examples=max(1, BUDGET.max_examples // 4),
    suppress_health_check=[*BUDGET.suppress_health_check, HealthCheck.function_scoped_fixture],
)


def _written(ws: Workspace) -> int:
    return ws.ledger_size()


def attempt(ws: Workspace, run: Callable[[], object]) -> None:
    """Run the import; a refusal must be ceasewatch's, and must write nothing. The
    database refusing a write (``StoreError``) means a value got past the checks: a bug."""
    before = _written(ws)
    try:
        run()
    except StoreError:
        raise
    except CeasewatchError:
        assert _written(ws) == before


@pytest.fixture
def fuzz_ws(db_url: str) -> Iterator[Workspace]:
    with Workspace.init(db_url) as ws:
        yield ws


@given(text=st.one_of(broken_csv(ACLED), broken_csv(UCDP)), n=st.integers(0, 10**9))
@SHARED
def test_import_files(fuzz_ws: Workspace, tmp_path: Path, text: str, n: int) -> None:
    path = tmp_path / f"fuzz-{n}.csv"
    path.write_text(text, "utf-8")
    attempt(fuzz_ws, lambda: fuzz_ws.import_file(path, parallel=False))


@given(found=document_file(), n=st.integers(0, 10**9))
@SHARED
def test_import_documents(
    fuzz_ws: Workspace, tmp_path: Path, found: tuple[str, bytes], n: int
) -> None:
    kind, raw = found
    path = tmp_path / f"fuzz-{n}{kind}"
    path.write_bytes(raw)
    attempt(fuzz_ws, lambda: fuzz_ws.import_documents([str(path)]))


@given(
    text=st.one_of(changed(), mangled(), broken_csv(_scenario("tracks.csv"))),
    n=st.integers(0, 10**9),
)
@SHARED
def test_load_agreements_gazetteers_and_tracks(
    fuzz_ws: Workspace, tmp_path: Path, text: str, n: int
) -> None:
    if text.startswith("vehicle_id") or "," in text.split("\n", 1)[0]:
        path = tmp_path / f"fuzz-{n}.csv"
        path.write_text(text, "utf-8")
        attempt(fuzz_ws, lambda: fuzz_ws.load_gazetteer(str(path)))
        attempt(fuzz_ws, lambda: fuzz_ws.import_tracks([str(path)]))
        return
    path = tmp_path / f"fuzz-{n}.yaml"
    path.write_text(text, "utf-8")
    attempt(fuzz_ws, lambda: fuzz_ws.load_agreement(str(path)))


JSON_VALUES = [None, True, 7, -1.5, 2**70, "", "x" * 300, "a\x00b", [], ["a"], {"a": 1}]


def test_every_json_value_in_every_document_field(tmp_path: Path) -> None:
    """Each field of a document line given each kind of JSON value, through to the
    database (SQLite: PostgreSQL refuses the same, as tests/store/test_limits.py shows)."""
    with Workspace.init(str(tmp_path / "grid.db")) as ws:
        for n, (key, value) in enumerate(
            (k, v) for k in ("id", "url", "title", "source", "published", "text", "language",
                             "illustrative") for v in JSON_VALUES
        ):  # fmt: skip
            doc = {"id": f"d{n}", "text": f"Shots were fired ({n}).", key: value}
            path = tmp_path / f"grid-{n}.jsonl"
            path.write_text(json.dumps(doc) + "\n")
            attempt(ws, lambda path=path: ws.import_documents([str(path)]))
