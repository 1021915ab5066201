"""Import files as they are downloaded: compressed with gzip, alone in a zip archive, or a
spreadsheet's "CSV" of semicolons or tabs.

UCDP publishes its event dataset as a zip holding one CSV; exports and backups travel as
``.csv.gz``. ``open_bytes`` gives the bytes of the file inside, and ``readable`` a plain,
comma-separated file to read (the file itself, or a temporary copy made line for line, so
that problems are named on the lines of the file the user gave). What it reads is bounded:
a hostile archive ("a zip bomb") that unpacks to more than ``MAX_RATIO`` times its own
size, and more than ``FLOOR_BYTES``, is refused, whatever is read of it.
"""

from __future__ import annotations

import gzip
import io
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Any, cast

from ceasewatch.errors import InvalidInput, ParseError
from ceasewatch.ingest import formats
from ceasewatch.ingest.tabular import recode

SUFFIXES = (".gz", ".zip")
MAX_RATIO = 200  # unpacked bytes per packed byte, beyond which an archive is refused
FLOOR_BYTES = 2**30  # below this much unpacked, any ratio is accepted
# what reading a damaged archive raises
_BAD_ARCHIVE = (EOFError, zlib.error, zipfile.BadZipFile, gzip.BadGzipFile)


def is_packed(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def inner_name(path: Path) -> str:
    """The name of the file inside, as far as the archive's own name tells it
    ("ged241.csv.gz" -> "ged241.csv"); a plain file's own name."""
    return path.stem if is_packed(path) else path.name


class _Bounded(io.RawIOBase):
    """A binary stream that refuses to give more than ``limit`` bytes."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        super().__init__()
        self._raw, self._limit, self._name, self._read = raw, limit, name, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        self._read += len(data)
        if self._read > self._limit:
            raise ParseError(
                f"{self._name}: unpacks to more than {self._limit:,} bytes, over "
                f"{MAX_RATIO} times its own size; expected an ordinary compressed CSV",
                file=self._name,
            )
        buffer[: len(data)] = data
        return len(data)


@contextmanager
def open_bytes(path: Path, name: str) -> Iterator[io.BufferedReader]:
    """The bytes of an import file: the file itself, the file a ``.gz`` compresses, or the
    one file a ``.zip`` holds. ``ParseError`` for an archive that is damaged, holds no file
    or several, or unpacks beyond the bound; ``InvalidInput`` for a file that cannot be
    opened."""
    with ExitStack() as stack:
        try:
            limit = max(FLOOR_BYTES, MAX_RATIO * path.stat().st_size)
            fh: IO[bytes]
            if not is_packed(path):
                fh = stack.enter_context(path.open("rb"))
            elif path.suffix.lower() == ".gz":
                fh = cast(IO[bytes], stack.enter_context(gzip.open(path, "rb")))
            else:
                archive = stack.enter_context(zipfile.ZipFile(path))
                fh = stack.enter_context(archive.open(_only_member(archive, name)))
        except zipfile.BadZipFile as exc:
            raise _damaged(name, exc) from None
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot open: {exc.strerror or exc}", file=name) from None
        try:
            yield io.BufferedReader(_Bounded(fh, limit, name), 2**16)
        except _BAD_ARCHIVE as exc:
            if not is_packed(path):
                raise
            raise _damaged(name, exc) from None


def _only_member(archive: zipfile.ZipFile, name: str) -> zipfile.ZipInfo:
    members = [
        m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
    ]
    if len(members) != 1:
        raise ParseError(
            f"{name}: a zip archive of {len(members)} files; expected one, the file to import "
            "(unpack the archive and import its files)",
            file=name,
        )
    return members[0]


def _damaged(name: str, exc: BaseException) -> ParseError:
    return ParseError(
        f"{name}: the archive is damaged or not what its name says ({exc}); expected a gzip "
        "file or a zip archive of one file",
        file=name,
    )


def first_line(path: Path, name: str) -> str:
    """An import file's first line (its header), decoded alone: bytes further on that are
    not UTF-8 are named on their own line by whoever reads them."""
    with open_bytes(path, name) as fh:
        raw = fh.readline()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"{name}:1: the header is not UTF-8 text", file=name, row=1) from None


def readable(path: Path, name: str) -> tuple[Path, bool]:
    """A plain comma-separated file with the lines of the import file: the file itself (and
    False), or a temporary copy (and True: the caller removes it) of what an archive holds,
    or of a header separated with semicolons or tabs (``formats.tell_delimiter``)."""
    mark = formats.tell_delimiter(first_line(path, name))
    if mark == "," and not is_packed(path):
        return path, False
    fd, copy = tempfile.mkstemp(prefix="ceasewatch-", suffix=".csv")
    try:
        with open_bytes(path, name) as source, open(fd, "wb") as target:
            if mark == ",":
                shutil.copyfileobj(source, target, 2**20)
            else:
                text = io.TextIOWrapper(source, encoding="utf-8-sig", newline="")
                out = io.TextIOWrapper(target, encoding="utf-8", newline="")
                recode(text, out, mark)
                out.flush()
                out.detach()
    except UnicodeDecodeError:
        Path(copy).unlink(missing_ok=True)
        line = _first_undecodable_line(path, name)
        raise ParseError(
            f"{name}:{line}: bytes that are not UTF-8; expected UTF-8 text", file=name, row=line
        ) from None
    except BaseException:
        Path(copy).unlink(missing_ok=True)
        raise
    return Path(copy), True


def _first_undecodable_line(path: Path, name: str) -> int:
    """The first line of an import file that is not UTF-8, read a line at a time."""
    with open_bytes(path, name) as fh:
        for n, raw in enumerate(fh, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return n
    return 1
