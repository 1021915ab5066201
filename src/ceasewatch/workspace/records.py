"""Loading agreements and scenarios into a workspace, all or nothing."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy import Connection

from ceasewatch.agreements.bundled import bundled_ids, bundled_text
from ceasewatch.agreements.loader import load_agreement
from ceasewatch.errors import Conflict, Invalid, InvalidInput, NotFound, ParseError, Problem
from ceasewatch.formats import yamltext
from ceasewatch.formats.yamltext import load_yaml
from ceasewatch.ingest import documents as doc_reader
from ceasewatch.ingest import monitoring
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import Item, item
from ceasewatch.model import Taxonomy
from ceasewatch.model.agreement import Agreement
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.store import records as repo
from ceasewatch.store.ledger import record_id
from ceasewatch.store.rows import event_values
from ceasewatch.workspace.parsing import Stamp


def agreement_source(source: str) -> tuple[str, str]:
    """(file name, text) of an agreement given as a file path or a bundled id."""
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            # 4 bytes a character at most: a file past that cannot be read within the limit
            if path.stat().st_size > 4 * yamltext.MAX_CHARS:
                raise ParseError(
                    f"{source}: {path.stat().st_size / 1048576:.1f} MB; a YAML file may hold "
                    f"at most {yamltext.MAX_CHARS:,} characters",
                    file=source,
                )
            return str(path), path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidInput(f"{source}: cannot read: {exc.strerror}", file=source) from None
        except UnicodeDecodeError:
            raise InvalidInput(f"{source}: not UTF-8 text", file=source) from None
    if source in bundled_ids():
        return f"{source}.yaml", bundled_text(source)
    raise NotFound("agreement file or bundled agreement", source)


def store_agreement(conn: Connection, name: str, text: str, stamp: Stamp) -> Agreement:
    agreement = load_agreement(text, name)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    row, replaced = repo.put_agreement(
        conn, agreement.id, agreement.title, digest, text, stamp.time
    )
    op = Op.UPDATE if replaced else Op.CREATE
    ledger_repo.append(
        conn, [item("agreement", agreement.id, row, stamp.actor, stamp.time, stamp.reason, op)]
    )
    return agreement


SCENARIOS = "ceasewatch.scenarios"


def scenario_ids() -> list[str]:
    root = resources.files(SCENARIOS)
    return sorted(
        p.name for p in root.iterdir() if p.is_dir() and p.joinpath("manifest.yaml").is_file()
    )


def scenario_folder(name: str) -> Traversable:
    if name not in scenario_ids():
        raise NotFound("scenario", name)
    return resources.files(SCENARIOS).joinpath(name)


@dataclass
class ScenarioReport:
    scenario: str
    agreement: str
    counts: dict[str, int] = field(default_factory=dict)


def _collect(
    folder: Traversable,
    file: str,
    read: Callable[[TextIO, str, ProblemLog], Iterator[tuple[int, Any]]],
    problems: list[Problem],
) -> list[Any]:
    log = ProblemLog(file, cap=1000)
    # Package data is small: read it whole, then parse it as a stream.
    stream = io.StringIO(folder.joinpath(file).read_text("utf-8"), newline="")
    items = [item for _, item in read(stream, file, log)]
    problems.extend(log.problems)
    return items


def created(kind: str, rows: Sequence[dict[str, Any]], stamp: Stamp) -> list[Item]:
    """The ledger entries, in full, of new rows of one kind of record."""
    return [
        item(kind, record_id(kind, row), row, stamp.actor, stamp.time, stamp.reason) for row in rows
    ]


def load_scenario(conn: Connection, name: str, taxonomy: Taxonomy, stamp: Stamp) -> ScenarioReport:
    """Load a bundled scenario (its agreement and every record file) in ``conn``'s transaction.

    Every file is read and checked first; if any has problems nothing is written and
    ``Invalid`` lists them all.
    """
    folder = scenario_folder(name)
    manifest = load_yaml(folder.joinpath("manifest.yaml").read_text("utf-8"), "manifest.yaml")
    files: dict[str, str] = manifest["files"]
    problems: list[Problem] = []
    sources = _collect(folder, files["sources"], monitoring.read_sources, problems)
    dataset = f"scenario-{name}"

    def read_events(s: TextIO, f: str, log: ProblemLog) -> Iterator[tuple[int, Any]]:
        return monitoring.read_activities(s, f, taxonomy, log, dataset=dataset)

    def read_observations(s: TextIO, f: str, log: ProblemLog) -> Iterator[tuple[int, Any]]:
        return monitoring.read_observations(s, f, taxonomy, log)

    events = _collect(folder, files["events"], read_events, problems)
    observations = _collect(folder, files["observations"], read_observations, problems)
    crossings = _collect(folder, files["crossings"], monitoring.read_crossings, problems)
    tracks = _collect(folder, files["tracks"], monitoring.read_tracks, problems)
    documents = _collect(folder, files["documents"], doc_reader.read_jsonl_documents, problems)
    if problems:
        raise Invalid(problems, file=f"scenario {name}")
    if event_repo.existing_ids(conn, [e.id for e in events[:1]]):
        raise Conflict(f"scenario {name} is loaded in this workspace already")
    text = bundled_text(manifest["agreement"])
    agreement = store_agreement(conn, f"{manifest['agreement']}.yaml", text, stamp)
    report = ScenarioReport(name, agreement.id)
    entries: list[Item] = []

    def rows(kind: str, table_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        entries.extend(created(kind, table_rows, stamp))
        return table_rows

    report.counts["sources"] = repo.insert_rows(
        conn, "source", rows("source", [repo.source_row(x) for x in sources])
    )
    values = [event_values(e) for e in events]
    event_repo.insert_values(conn, values)
    entries += stamp.items(values)
    report.counts["events"] = len(values)
    report.counts["observations"] = repo.insert_rows(
        conn, "observation", rows("observation", [repo.observation_row(x) for x in observations])
    )
    report.counts["crossings"] = repo.insert_rows(
        conn, "crossing", rows("crossing", [repo.crossing_row(x) for x in crossings])
    )
    report.counts["track_points"] = repo.insert_rows(
        conn, "track_point", rows("track_point", [repo.track_point_row(x) for x in tracks])
    )
    report.counts["tracks"] = len({t.vehicle for t in tracks})
    report.counts["documents"] = repo.insert_rows(
        conn, "document", rows("document", [repo.document_row(x) for x in documents])
    )
    ledger_repo.append(conn, entries)
    return report
