"""Import files as downloaded: gzip, a zip of one file, and what a hostile archive gets."""

from __future__ import annotations

import gzip
import tempfile
import zipfile
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected, ParseError
from ceasewatch.ingest import packed
from ceasewatch.workspace import Workspace


def _own_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary copies go into a folder of this test's, which ``_no_copies_left`` then
    finds empty (set once the workspace, whose database server has its own, is made)."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))


def _no_copies_left() -> bool:
    return not list(Path(tempfile.gettempdir()).iterdir())


def test_a_gzip_and_a_zip_import_as_the_file_they_hold(
    ws: Workspace, acled_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_temp(tmp_path, monkeypatch)
    gz = tmp_path / "acled.csv.gz"
    gz.write_bytes(gzip.compress(acled_sample.read_bytes()))
    zipped = tmp_path / "acled.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("__MACOSX/._acled.csv", b"resource fork")  # a Mac's zip adds these
        archive.writestr("acled.csv", acled_sample.read_bytes())
    report = ws.import_file(gz)
    assert (report.file, report.events) == (str(gz), 8)
    with Workspace.init(str(tmp_path / "other.db")) as other:
        assert other.import_file(zipped).events == 8
        assert other.events() == ws.events()
    assert _no_copies_left()


def test_a_problem_in_a_packed_file_is_named_on_its_line(
    ws: Workspace, acled_sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_temp(tmp_path, monkeypatch)
    lines = acled_sample.read_text().splitlines(keepends=True)
    bad = lines[3].split(",")
    bad[1] = "2020-13-01"  # event_date
    lines[3] = ",".join(bad)
    gz = tmp_path / "bad.csv.gz"
    gz.write_bytes(gzip.compress("".join(lines).encode()))
    with pytest.raises(BatchRejected) as err:
        ws.import_file(gz)
    assert "bad.csv.gz:4" in str(err.value) and "event_date" in str(err.value)
    assert ws.stats()["events"] == 0 and _no_copies_left()


def test_an_archive_that_is_not_one_file_or_is_damaged_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_temp(tmp_path, monkeypatch)
    two = tmp_path / "two.zip"
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "x")
        archive.writestr("b.csv", "y")
    with pytest.raises(ParseError, match=r"two\.zip: a zip archive of 2 files; expected one"):
        packed.first_line(two, str(two))
    fake = tmp_path / "fake.csv.gz"
    fake.write_text("event_id_cnty,event_date\n")
    with pytest.raises(ParseError, match=r"fake\.csv\.gz: the archive is damaged"):
        packed.first_line(fake, str(fake))
    cut = tmp_path / "cut.csv.gz"
    cut.write_bytes(gzip.compress(b"event_id_cnty,event_date\n" * 1000)[:60])
    with pytest.raises(ParseError, match=r"cut\.csv\.gz: the archive is damaged"):
        packed.readable(cut, str(cut))
    assert _no_copies_left()


def test_an_archive_that_unpacks_far_beyond_its_size_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_temp(tmp_path, monkeypatch)
    monkeypatch.setattr(packed, "FLOOR_BYTES", 10_000)  # a gigabyte, in a test's proportions
    bomb = tmp_path / "bomb.csv.gz"
    bomb.write_bytes(gzip.compress(b"event_id_cnty,event_date\n" + b"0" * 5_000_000))
    assert bomb.stat().st_size * packed.MAX_RATIO < 5_000_000
    with pytest.raises(ParseError, match=r"bomb\.csv\.gz: unpacks to more than"):
        packed.readable(bomb, str(bomb))
    assert _no_copies_left()


def test_a_packed_record_file_of_the_mission(
    ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_temp(tmp_path, monkeypatch)
    sources = (
        "id,name,kind,affiliation,reliability,parent,scale,protected,illustrative\n"
        "north-mod,Ministry (illustrative),ministry,AZ,c,,national,no,yes\n"
    )
    gz = tmp_path / "sources.csv.gz"
    gz.write_bytes(gzip.compress(sources.encode()))
    reports = ws.import_files([str(gz)])
    assert [(r.format, r.stored) for r in reports] == [("sources", 1)]
