"""Extraction in bulk: inputs cut into partitions, each partition read and extracted on a
worker (a Dask cluster, or this process), the claims gathered in input order.

A partition is a run of files (text, HTML, feeds, JSON Lines, read as ``read_documents``
reads them, about ``PART_BYTES`` of them together) or one row group of a Parquet file
with a ``text`` column. Partitions are numbered in the order of the inputs; results are
taken back in that order whatever worker finished first, so the same input gives the same
claims in the same order on one process or on many. Each worker builds the extractor
(language packs, model, gazetteer) once, from an ``ExtractorSpec`` sent to it once, and
keeps it for every partition it is given.

Claims go to JSON Lines or Parquet (written to a file beside the one named and renamed
into place when every partition is read: a failed run leaves no half file), or into the
workspace in batches of documents, each batch one transaction (claims and their ledger
entries), written by this process in input order.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from ceasewatch.errors import InvalidInput, MissingExtra, Problem, UnsupportedLanguage
from ceasewatch.extract.gazetteer import Gazetteer
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.ingest.texts import STDIN, expand, read_file, read_given, rejected, row_documents
from ceasewatch.model import Claim, Document
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.jsonform import claim_json
from ceasewatch.model.taxonomy import Taxonomy
from ceasewatch.workspace.base import Base
from ceasewatch.workspace.distributing import Runner, runner
from ceasewatch.workspace.steps import Step
from ceasewatch.workspace.texts import (
    ExtractReport,
    affiliations,
    documents_to_extract,
    extract_document,
    reading_language,
    store_claims,
)

PART_BYTES = 256 * 1024  # files read together as one partition
PARQUET = ".parquet"
FORMATS = ("jsonl", "parquet")


@dataclass(frozen=True)
class ExtractorSpec:
    """What an extractor is built from; sent to each worker once, built there once."""

    agreement: Agreement | None
    gazetteer: Gazetteer | None
    taxonomy: Taxonomy
    learned: bool = True
    key: str = ""

    @classmethod
    def of(
        cls,
        agreement: Agreement | None,
        gazetteer: Gazetteer | None,
        taxonomy: Taxonomy,
        learned: bool = True,
    ) -> ExtractorSpec:
        made = pickle.dumps((agreement, gazetteer, taxonomy, learned))
        return cls(agreement, gazetteer, taxonomy, learned, hashlib.sha256(made).hexdigest())

    def build(self) -> Extractor:
        return Extractor(
            self.agreement, self.gazetteer, taxonomy=self.taxonomy, learned=self.learned
        )


_BUILT: dict[str, Extractor] = {}  # in each worker process: the extractors built there


def extractor_for(spec: ExtractorSpec) -> Extractor:
    """The extractor of *spec*, built once per process."""
    found = _BUILT.get(spec.key)
    if found is None:
        if len(_BUILT) >= 2:  # a long-lived worker serving other runs keeps few
            _BUILT.clear()
        found = _BUILT[spec.key] = spec.build()
    return found


@dataclass(frozen=True, slots=True)
class Partition:
    """Files read together, or one row group of a Parquet file."""

    index: int
    files: tuple[str, ...] = ()
    parquet: str | None = None
    row_group: int = 0
    first_row: int = 1  # the file's row number of the row group's first row
    given: bytes | None = None  # the text of standard input, for the file named "-"


def partitions(
    paths: Iterable[str | Path], part_bytes: int = PART_BYTES, stdin: bytes | None = None
) -> list[Partition]:
    """The partitions of files and folders (a folder's readable files in name order); the
    file named "-" is *stdin*, a partition of its own."""
    out: list[Partition] = []
    run: list[str] = []
    size = 0

    def close() -> None:
        nonlocal run, size
        if run:
            out.append(Partition(len(out), tuple(run)))
        run, size = [], 0

    for path in expand(paths, more=(PARQUET,)):
        if str(path) == STDIN and stdin is not None:
            close()
            out.append(Partition(len(out), (STDIN,), given=stdin))
            continue
        if path.suffix.lower() == PARQUET:
            close()
            first = 1
            for g, rows in enumerate(_row_groups(path)):
                out.append(Partition(len(out), parquet=str(path), row_group=g, first_row=first))
                first += rows
            continue
        run.append(str(path))
        with suppress(OSError):  # a file that cannot be read is named when it is read
            size += path.stat().st_size
        if size >= part_bytes:
            close()
    close()
    return out


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - the scale extra is installed by make test
        raise MissingExtra("scale", "pyarrow") from None
    return pq


def _row_groups(path: Path) -> list[int]:
    pq = _pyarrow_parquet()
    try:
        meta = pq.ParquetFile(path).metadata
    except (OSError, ValueError) as exc:
        raise InvalidInput(f"{path}: is not a Parquet file that can be read ({exc})") from None
    return [meta.row_group(g).num_rows for g in range(meta.num_row_groups)]


_COLUMNS = ("id", "url", "title", "source", "published", "text", "language", "illustrative")


def read_partition(
    part: Partition, published: date | str | None, source: str | None
) -> tuple[list[Document], list[Problem]]:
    """The documents of a partition and its problems."""
    if part.parquet is None:
        docs: list[Document] = []
        problems: list[Problem] = []
        for f in part.files:
            if part.given is not None:
                found, wrong = read_given(part.given, f, published, source)
            else:
                found, wrong = read_file(Path(f), published, source)
            docs.extend(found)
            problems.extend(wrong)
        return docs, problems
    pq = _pyarrow_parquet()
    pf = pq.ParquetFile(part.parquet)
    names = set(pf.schema_arrow.names)
    if "text" not in names:
        expected = "a text column (and id, published, source, ... as in JSON Lines)"
        return [], [Problem(part.parquet, None, "text", None, f"is missing: expected {expected}")]
    table = pf.read_row_group(part.row_group, columns=[c for c in _COLUMNS if c in names])
    return row_documents(table.to_pylist(), part.parquet, part.first_row, published, source)


@dataclass
class PartClaims:
    """What one partition gave: its documents' claims (by document), or its claims in
    the output format, made on the worker so that this process only writes them (JSON
    Lines text, or a Parquet table); the documents left unread; the problems of its
    files."""

    documents: int = 0
    claims: list[tuple[str, list[Claim]]] = field(default_factory=list)  # by document id
    count: int = 0
    text: str = ""
    table: Any = None
    unread: list[UnsupportedLanguage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    version: str = ""  # the extractor's, stored with each claim


def extract_partition(
    part: Partition,
    spec: ExtractorSpec,
    fmt: str,
    published: date | str | None,
    source: str | None,
) -> PartClaims:
    """Read and extract one partition (on a worker): its claims in the output contract
    (docs/extract.md), as JSON Lines or as a Parquet table (*fmt*)."""
    docs, problems = read_partition(part, published, source)
    out = PartClaims(problems=problems)
    if problems:  # the run is refused: extracting the rest would be wasted
        return out
    extractor = extractor_for(spec)
    taxonomy = spec.taxonomy
    rows: list[dict[str, Any]] = []
    for d in docs:
        try:  # a document is named by its file, as given
            claims = extractor.extract(
                d.file or d.id, d.text, d.publication, d.source_id, language=reading_language(d)
            )
        except UnsupportedLanguage as exc:
            out.unread.append(exc)
            continue
        out.documents += 1
        rows.extend(claim_json(c, taxonomy.get(c.type_code).acled) for c in claims)
    out.count = len(rows)
    if fmt == "parquet":
        import pyarrow as pa

        out.table = pa.Table.from_pylist(rows, schema=claim_schema())
    else:
        out.text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return out


@dataclass
class FileReport:
    documents: int = 0
    claims: int = 0
    partitions: int = 0
    unread: list[UnsupportedLanguage] = field(default_factory=list)


Sink = Callable[[PartClaims], None]


def extract_files(
    paths: Sequence[str | Path],
    spec: ExtractorSpec,
    runner: Runner,
    sink: Sink,
    fmt: str = "jsonl",
    published: date | str | None = None,
    source: str | None = None,
    stdin: bytes | None = None,
) -> FileReport:
    """Extract every partition of *paths* on *runner*; each partition's claims go to
    *sink* in input order. A problem in any file refuses the whole run (``BatchRejected``
    naming every file, row and field) once every partition is read. The file named "-"
    is *stdin*, the text of standard input."""
    parts = partitions(paths, stdin=stdin)
    shared = runner.share(spec)
    report = FileReport(partitions=len(parts))
    problems: list[Problem] = []
    args = ((p, shared, fmt, published, source) for p in parts)
    for got in runner.map(extract_partition, args):
        problems.extend(got.problems)
        if problems:
            continue
        sink(got)
        report.documents += got.documents
        report.claims += got.count
        report.unread.extend(got.unread)
    if problems:
        raise rejected(problems)
    return report


def extract_to(
    paths: Sequence[str | Path],
    spec: ExtractorSpec,
    dask: str | None,
    out: str | Path | None,
    fmt: str,
    stream: IO[str],
    published: date | str | None = None,
    source: str | None = None,
    stdin: bytes | None = None,
) -> FileReport:
    """``ceasewatch extract``: the claims of files (the file "-" is *stdin*), on the
    cluster *dask* names (None: this process), written to *out* in *fmt*, or to *stream*
    as JSON Lines once every file is read (so that a refused run prints nothing)."""
    with runner(dask) as run:
        if out is None:
            texts: list[str] = []
            report = extract_files(
                paths,
                spec,
                run,
                lambda got: texts.append(got.text),
                "jsonl",
                published,
                source,
                stdin,
            )
            stream.writelines(texts)
            return report
        target = ClaimFile(out, fmt)
        try:
            report = extract_files(paths, spec, run, target.write, fmt, published, source, stdin)
        except BaseException:
            target.discard()
            raise
        target.commit()
        return report


class ClaimFile:
    """Claims written to a file in *fmt* (``jsonl`` or ``parquet``), under a name
    beside *path* until ``commit`` renames it into place; ``discard`` removes it."""

    def __init__(self, path: str | Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise InvalidInput(f"--format {fmt}: expected one of {', '.join(FORMATS)}")
        self.path = Path(path)
        self.fmt = fmt
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.part")
        self._text: IO[str] | None = None
        self._parquet: Any = None
        if fmt == "jsonl":
            self._text = self.tmp.open("w", encoding="utf-8")
        else:
            pq = _pyarrow_parquet()
            self._parquet = pq.ParquetWriter(self.tmp, claim_schema())

    def write(self, got: PartClaims) -> None:
        if self._text is not None:
            self._text.write(got.text)
        elif got.table is not None and got.table.num_rows:
            self._parquet.write_table(got.table)

    def _close(self) -> None:
        if self._text is not None:
            self._text.close()
        if self._parquet is not None:
            self._parquet.close()

    def commit(self) -> None:
        self._close()
        self.tmp.replace(self.path)

    def discard(self) -> None:
        self._close()
        self.tmp.unlink(missing_ok=True)


def claim_schema() -> Any:
    """The Parquet columns of the output contract: one column per field of a claim's
    JSON object, nested fields as structs and lists."""
    import pyarrow as pa

    s = pa.string()
    return pa.schema(
        [
            ("doc", s),
            ("span", pa.list_(pa.int64())),
            ("text", s),
            ("event_type", s),
            ("family", s),
            ("acled", pa.struct([("event_type", s), ("sub_event_type", s)])),
            ("date", pa.struct([("start", s), ("end", s), ("precision", s)])),
            (
                "places",
                pa.list_(
                    pa.struct(
                        [
                            ("name", s),
                            ("lat", pa.float64()),
                            ("lon", pa.float64()),
                            ("precision", s),
                        ]
                    )
                ),
            ),
            ("actors", pa.list_(pa.struct([("name", s), ("party", s), ("role", s)]))),
            ("killed", pa.int64()),
            ("wounded", pa.int64()),
            ("status", s),
            ("claimant", s),
            ("confidence", pa.float64()),
            ("quantities", pa.list_(pa.struct([("value", pa.float64()), ("unit", s)]))),
            ("unresolved", pa.list_(s)),
        ]
    )


# -- stored documents -----------------------------------------------------------------------


def extract_batch(
    docs: list[Document], spec: ExtractorSpec, affiliation: dict[str, str | None]
) -> PartClaims:
    """The claims of stored documents (on a worker), all in one list, document by
    document; ``documents`` counts those read."""
    extractor = extractor_for(spec)
    out = PartClaims(version=extractor.version)
    for d in docs:
        try:
            out.claims.append((d.id, extract_document(extractor, d, affiliation)))
        except UnsupportedLanguage as exc:
            out.unread.append(exc)
            continue
        out.documents += 1
    return out


def stored_batches(
    todo: Sequence[Document],
    spec: ExtractorSpec,
    affiliation: dict[str, str | None],
    runner: Runner,
    per_task: int,
) -> Iterator[tuple[list[Document], PartClaims]]:
    """Each slice of *per_task* documents with its claims, in order."""
    slices = [list(todo[i : i + per_task]) for i in range(0, len(todo), per_task)]
    shared = runner.share(spec)
    args = ((s, shared, affiliation) for s in slices)
    yield from zip(slices, runner.map(extract_batch, args), strict=True)


def by_document(docs: list[Document], got: PartClaims) -> list[tuple[Document, list[Claim]]]:
    """The documents of a slice that were read, each with its claims."""
    of = {d.id: d for d in docs}
    return [(of[doc_id], claims) for doc_id, claims in got.claims]


BATCH_DOCS = 2000  # documents stored in one transaction
PER_TASK = 50  # documents sent to a worker at once


def extract_stored(
    ws: Base,
    spec: ExtractorSpec,
    runner: Runner,
    reason: str,
    only: Iterable[str] | None = None,
    again: bool = False,
    step: Step | None = None,
    batch: int = BATCH_DOCS,
) -> ExtractReport:
    """Extract the stored documents with no claims yet (with *again*, every one) on
    *runner*, and store their claims here, in document order, *batch* documents to a
    transaction: a failed batch writes nothing, the batches before it stay."""
    with ws._read() as conn:
        todo = documents_to_extract(conn, only, again)
        affiliation = affiliations(conn)
    report = ExtractReport()
    pending: list[tuple[Document, list[Claim]]] = []
    version = ""
    n = 0

    def write() -> None:
        if pending:
            with ws._write() as conn:
                store_claims(conn, ws._stamp(reason), version, pending, again, report)
            pending.clear()

    for docs, got in stored_batches(todo, spec, affiliation, runner, PER_TASK):
        version = got.version or version
        report.unread.extend(got.unread)
        pending.extend(by_document(docs, got))
        n += len(docs)
        if step is not None:
            step("documents", n, len(todo))
        if len(pending) >= batch:
            write()
    write()
    return report


def on_cluster(
    ws: Any,
    dask: str,
    agreement_id: str | None,
    learned: bool,
    only: Iterable[str] | None,
    again: bool,
    step: Step | None,
) -> ExtractReport:
    """``Workspace.extract_claims`` on a Dask cluster (*ws* is the Workspace)."""
    agreement = ws.chosen_agreement(agreement_id)
    spec = ExtractorSpec.of(agreement, ws.places(agreement), ws.taxonomy, learned)
    reason = f"extract claims with {agreement.id if agreement else 'no agreement'}"
    with runner(dask) as run:
        return extract_stored(ws, spec, run, reason, only, again, step)


__all__ = [
    "ClaimFile",
    "ExtractReport",
    "ExtractorSpec",
    "FileReport",
    "Partition",
    "extract_files",
    "partitions",
]
