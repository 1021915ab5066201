"""Fuzzing every importer: ACLED, UCDP GED, the mission's CSV layouts, documents (JSON
Lines, text, HTML, feeds) and tracks (GPX, CSV). Each reads hypothesis' broken files and
turns what it accepts into the rows the store would write, checked against the columns
(store/limits.py); only ceasewatch's own errors may come out (tests/fuzzing.py)."""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import BUDGET, CHARS, HOSTILE, HOSTILE_VALUES, broken_csv, sample_rows

from ceasewatch.errors import CeasewatchError
from ceasewatch.ingest import monitoring
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ingest.texts import read_documents
from ceasewatch.ingest.tracks import read_track_file
from ceasewatch.model import default_taxonomy
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.events import CHECK
from ceasewatch.store.limits import LIMITS
from ceasewatch.store.rows import event_values
from ceasewatch.workspace.parsing import rows_of

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = resources.files("ceasewatch.scenarios").joinpath("karabakh-2020")
ACLED = (ROOT / "src/ceasewatch/ingest/samples/acled_sample.csv").read_text("utf-8")
UCDP = (ROOT / "tests/fixtures/ucdp_sample.csv").read_text("utf-8")
TAXONOMY = default_taxonomy()


def _scenario(name: str) -> str:
    return SCENARIO.joinpath(name).read_text("utf-8")


def stored(table: str, rows: list[dict[str, Any]]) -> None:
    """What the store would refuse of these rows, as it would refuse it."""
    LIMITS[table].check(rows)


def read_all(
    read: Callable[[TextIO, str, ProblemLog], Iterator[tuple[int, Any]]], text: str
) -> list[Any]:
    log = ProblemLog("fuzz.csv")
    return [item for _, item in read(io.StringIO(text, newline=""), "fuzz.csv", log)]


def survives(run: Callable[[], object]) -> None:
    with contextlib.suppress(CeasewatchError):
        run()


def _rows(fmt: str, text: str) -> None:
    """An import's parser side (the stored rows), then the store's check of them."""
    log = ProblemLog("fuzz.csv")
    stream = io.StringIO(text, newline="")
    CHECK.check([r for _, r in rows_of(stream, "fuzz.csv", fmt, TAXONOMY, log)])


@given(text=broken_csv(ACLED))
@BUDGET
def test_acled(text: str) -> None:
    survives(lambda: _rows("acled", text))


@given(text=broken_csv(UCDP))
@BUDGET
def test_ucdp(text: str) -> None:
    survives(lambda: _rows("ucdp", text))


MONITORING: dict[str, tuple[str, Callable[..., Any], Callable[[Any], Any]]] = {
    "sources": ("sources.csv", monitoring.read_sources, texts_repo.source_row),
    "observations": (
        "observations.csv",
        lambda s, f, log: monitoring.read_observations(s, f, TAXONOMY, log),
        monitoring_repo.observation_row,
    ),
    "crossings": ("crossings.csv", monitoring.read_crossings, monitoring_repo.crossing_row),
    "track_points": ("tracks.csv", monitoring.read_tracks, monitoring_repo.track_point_row),
}


@pytest.mark.parametrize("table", sorted(MONITORING))
@given(data=st.data())
@BUDGET
def test_monitoring_layouts(table: str, data: st.DataObject) -> None:
    file, read, row = MONITORING[table]
    text = data.draw(broken_csv(_scenario(file)))
    survives(lambda: stored(table, [row(x) for x in read_all(read, text)]))


@given(text=broken_csv(_scenario("events.csv")))
@BUDGET
def test_activity_log(text: str) -> None:
    def read(s: TextIO, f: str, log: ProblemLog) -> Iterator[tuple[int, Any]]:
        return monitoring.read_activities(s, f, TAXONOMY, log)

    survives(lambda: CHECK.check([event_values(e) for e in read_all(read, text)]))


def _each_value_in_each_column(sample: str) -> Iterator[str]:
    """The sample's header and first rows, with each hostile value put, in turn, in each
    column of the first row: every field meets every value, not just those drawn."""
    rows = sample_rows(sample)[:3]
    for column in range(len(rows[0])):
        for value in HOSTILE_VALUES:
            changed = [list(r) for r in rows]
            if column < len(changed[1]):
                changed[1][column] = value
            buf = io.StringIO()
            csv.writer(buf, lineterminator="\r\n").writerows(changed)
            yield buf.getvalue()


GRID: dict[str, tuple[str, Callable[[str], object]]] = {
    "acled": (ACLED, lambda text: _rows("acled", text)),
    "ucdp": (UCDP, lambda text: _rows("ucdp", text)),
    **{
        table: (
            _scenario(file),
            lambda text, read=read, row=row, table=table: stored(
                table, [row(x) for x in read_all(read, text)]
            ),
        )
        for table, (file, read, row) in MONITORING.items()
    },
    "activities": (
        _scenario("events.csv"),
        lambda text: CHECK.check(
            [
                event_values(e)
                for e in read_all(
                    lambda s, f, log: monitoring.read_activities(s, f, TAXONOMY, log), text
                )
            ]
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(GRID))
def test_every_hostile_value_in_every_column(name: str) -> None:
    sample, run = GRID[name]
    for text in _each_value_in_each_column(sample):
        survives(lambda text=text: run(text))


# -- documents -----------------------------------------------------------------------------

JSON_VALUE = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(CHARS, max_size=20), HOSTILE
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = ("id", "url", "title", "source", "published", "text", "language", "illustrative")


@st.composite
def document_line(draw: Callable[..., Any]) -> str:
    import json

    real = _scenario("documents.jsonl").splitlines()[draw(st.integers(0, 3))]
    obj = json.loads(real)
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=3)):
        obj[key] = draw(JSON_VALUE)
    line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
    choice = draw(st.integers(0, 9))
    if choice == 0:
        return "[" * draw(st.integers(60, 70_000)) + "]" * draw(st.integers(0, 2))
    if choice == 1:
        return '{"id": "x", "text": "y", "n": ' + "7" * draw(st.integers(90, 5000)) + "}"
    if choice == 2:
        return line[: draw(st.integers(0, len(line)))]
    if choice == 3:
        return line.replace('"text": "', '"text": "\\ud800\\u0000', 1)
    return line


@st.composite
def document_file(draw: Callable[..., Any]) -> tuple[str, bytes]:
    kind = draw(st.sampled_from([".jsonl", ".txt", ".html", ".rss", ".atom"]))
    if kind == ".jsonl":
        text = "\n".join(draw(st.lists(document_line(), min_size=1, max_size=3)))
    else:
        body = draw(st.one_of(HOSTILE, st.text(CHARS, max_size=80)))
        text = {
            ".txt": body,
            ".html": f"<html><body><article><p>{body}</p></article></body></html>",
            ".rss": f"<rss><channel><item><title>{body}</title><description>{body}"
            f"</description><pubDate>{body}</pubDate></item></channel></rss>",
            ".atom": f'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>{body}</id>'
            f"<content>{body}</content><updated>{body}</updated></entry></feed>",
        }[kind]
    raw = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        raw = draw(st.binary(max_size=60))
    return kind, raw


@given(found=document_file())
@BUDGET
def test_documents(found: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> None:
    kind, raw = found
    path = tmp_path_factory.mktemp("docs") / f"fuzz{kind}"
    path.write_bytes(raw)
    survives(
        lambda: stored("documents", [texts_repo.document_row(d) for d in read_documents([path])])
    )


# -- tracks --------------------------------------------------------------------------------


@st.composite
def gpx(draw: Callable[..., Any]) -> str:
    def value() -> str:
        return str(draw(st.one_of(HOSTILE, st.text(CHARS, max_size=12))))

    points = "".join(
        f'<trkpt lat="{value()}" lon="{value()}"><time>{value()}</time></trkpt>'
        for _ in range(draw(st.integers(0, 3)))
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>{value()}</name><trkseg>{points}</trkseg></trk></gpx>"
    )


@given(text=st.one_of(gpx(), broken_csv(_scenario("tracks.csv"))))
@BUDGET
def test_track_files(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    suffix = ".gpx" if text.startswith("<?xml") else ".csv"
    path = tmp_path_factory.mktemp("tracks") / f"fuzz{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    survives(
        lambda: stored(
            "track_points", [monitoring_repo.track_point_row(p) for p in read_track_file(path)]
        )
    )
