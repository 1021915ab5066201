"""Loading agreements and scenarios into a workspace, all or nothing.

A scenario is a folder with a ``manifest.yaml`` (docs/formats.md): bundled with
ceasewatch and loaded by name, or any folder loaded by its path. The manifest names the
agreement (a bundled id, or a file of the folder) and the folder's files by kind; each
kind is optional and may name one file or a list. The mission's record files are read
by ``recordfiles``, ACLED and UCDP files by the importers' own readers; everything goes
in one transaction through an ``Intake``, so that one problem anywhere refuses it all.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from ceasewatch.agreements.bundled import bundled_ids, bundled_text
from ceasewatch.agreements.loader import load_agreement
from ceasewatch.errors import Conflict, Invalid, InvalidInput, NotFound, ParseError, Problem
from ceasewatch.formats import yamltext
from ceasewatch.formats.yamltext import read_yaml
from ceasewatch.ingest import IMPORT_FORMATS
from ceasewatch.ledger.entries import Op
from ceasewatch.ledger.records import item
from ceasewatch.model import Taxonomy
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.store import agreements as agreements_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import ledger as ledger_repo
from ceasewatch.workspace.importing import ImportReport
from ceasewatch.workspace.parsing import Stamp
from ceasewatch.workspace.recordfiles import ORDER, RecordReport, created

if TYPE_CHECKING:
    from ceasewatch.extract.gazetteer import Gazetteer

__all__ = [
    "ScenarioReport",
    "agreement_source",
    "created",
    "load_scenario",
    "scenario_folder",
    "scenario_ids",
    "store_agreement",
]


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
    row, replaced = agreements_repo.put_agreement(
        conn, agreement.id, agreement.title, digest, text, stamp.time
    )
    op = Op.UPDATE if replaced else Op.CREATE
    ledger_repo.append(
        conn, [item("agreement", agreement.id, row, stamp.actor, stamp.time, stamp.reason, op)]
    )
    return agreement


SCENARIOS = "ceasewatch.scenarios"
MANIFEST = "manifest.yaml"
FILE_KEYS = (*ORDER, *IMPORT_FORMATS)


def scenario_ids() -> list[str]:
    root = resources.files(SCENARIOS)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath(MANIFEST).is_file())


def scenario_folder(name: str) -> Traversable:
    """A bundled scenario by its name, or a folder given by its path."""
    path = Path(name)
    if path.is_dir():
        if not path.joinpath(MANIFEST).is_file():
            raise InvalidInput(
                f"{name}: no {MANIFEST} in this folder; a scenario folder names its agreement "
                "and files in one (docs/formats.md)",
                file=name,
            )
        return path
    if name not in scenario_ids():
        raise NotFound("scenario (a bundled name, or a folder with a manifest.yaml)", name)
    return resources.files(SCENARIOS).joinpath(name)


@dataclass
class Manifest:
    id: str
    agreement: str | None
    files: dict[str, list[str]]  # file key -> the folder's files of that kind
    illustrative: bool = False


def read_manifest(folder: Traversable, file: str, default_id: str) -> Manifest:
    """A scenario's manifest (``file`` names it in messages), checked: every problem
    named with its line. Its ``id`` defaults to ``default_id``."""
    src = read_yaml(folder.joinpath(MANIFEST).read_text("utf-8"), file)
    problems: list[Problem] = []

    def bad(path: str, value: Any, expected: str) -> None:
        shown = None if value is None else str(value)
        problems.append(Problem(file, src.line(path), path, shown, expected))

    data = src.data
    if not isinstance(data, dict):
        raise Invalid([Problem(file, 1, None, None, "expected a mapping: agreement, files")],
                      file=file)  # fmt: skip
    sid = data.get("id", default_id)
    if not isinstance(sid, str) or not sid.strip() or len(f"scenario-{sid.strip()}") > 32:
        bad("id", sid, "is not a scenario id (1 to 23 characters)")
        sid = default_id
    agreement = data.get("agreement")
    if agreement is not None and not isinstance(agreement, str):
        bad("agreement", agreement, "is not a bundled agreement id or a file of the folder")
        agreement = None
    if isinstance(agreement, str) and not (
        folder.joinpath(agreement).is_file() or agreement in bundled_ids()
    ):
        bad("agreement", agreement, "is neither a file of the folder nor a bundled agreement "
            f"({', '.join(bundled_ids())})")  # fmt: skip
    listed = data.get("files") or {}
    if not isinstance(listed, dict):
        bad("files", None, "is not a mapping of kinds to file names")
        listed = {}
    given = [(f"files.{k}", k, v) for k, v in listed.items()]
    given += [(k, k, data[k]) for k in IMPORT_FORMATS if k in data]  # beside agreement too
    files: dict[str, list[str]] = {}
    for path, key, value in given:
        if key not in FILE_KEYS:
            bad(path, key, f"is not a kind of file; expected one of {', '.join(FILE_KEYS)}")
            continue
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            bad(path, None, "is not a file name or a list of file names")
            continue
        for n in names:
            if not folder.joinpath(n).is_file():
                bad(path, n, "is not a file of the scenario's folder")
        files.setdefault(key, []).extend(names)
    if problems:
        raise Invalid(problems, file=file)
    return Manifest(sid.strip(), agreement, files, data.get("illustrative") is True)


def _gazetteer_beside(agreement: Agreement, file: str) -> tuple[str, str, str, Gazetteer] | None:
    """(name, file, text, places) of the gazetteer an agreement file names beside it, as
    ``agreement load`` stores it; None if it names none, or none is there."""
    from ceasewatch.workspace import places

    found = places.beside(agreement, file)
    if found is None or not agreement.gazetteer:
        return None
    text, places_read = places.read_file(found)
    return agreement.gazetteer, str(found), text, places_read


@dataclass
class ScenarioReport:
    scenario: str
    agreement: str | None
    counts: dict[str, int] = field(default_factory=dict)
    illustrative: bool = False


COUNTED = {f: f for f in ORDER} | {"tracks": "track_points"}


def load_scenario(conn: Connection, name: str, taxonomy: Taxonomy, stamp: Stamp) -> ScenarioReport:
    """Load a scenario (its agreement and every file its manifest names) in ``conn``'s
    transaction; ``name`` is a bundled scenario or a folder.

    Every file is read and checked; if any has problems nothing is written and
    ``BatchRejected`` lists them all."""
    from ceasewatch.workspace.intake import Intake

    folder = scenario_folder(name)
    # files are named as given: under the folder's path, or bare for a bundled scenario
    prefix = f"{name.rstrip('/')}/" if isinstance(folder, Path) else ""
    default_id = Path(name).resolve().name if prefix else name
    manifest = read_manifest(folder, f"{prefix}{MANIFEST}", default_id)
    given: tuple[str, str] | None = None  # the agreement: (file name, text)
    gazetteer = None  # the one a folder's agreement file names beside it, read and checked
    if manifest.agreement is not None:
        at = folder.joinpath(manifest.agreement)
        if at.is_file():
            given = f"{prefix}{manifest.agreement}", at.read_text("utf-8")
        else:
            given = f"{manifest.agreement}.yaml", bundled_text(manifest.agreement)
        parsed = load_agreement(given[1], given[0])  # checked before anything is written
        gazetteer = _gazetteer_beside(parsed, given[0]) if at.is_file() and prefix else None
    dataset = f"scenario-{manifest.id}"
    if event_repo.query_events(conn, EventQuery(dataset=dataset, limit=1)):
        raise Conflict(f"scenario {manifest.id} is loaded in this workspace already")
    agreement = store_agreement(conn, given[0], given[1], stamp) if given else None
    if gazetteer is not None:
        from ceasewatch.workspace.places import store_gazetteer

        store_gazetteer(conn, *gazetteer, stamp)
    intake = Intake(conn, taxonomy, stamp, reasons=False)
    for key in (*ORDER[:2], *IMPORT_FORMATS, *ORDER[2:]):
        for f in manifest.files.get(key, []):
            stream = io.StringIO(folder.joinpath(f).read_text("utf-8-sig"), newline="")
            if key in IMPORT_FORMATS:
                intake.dataset_stream(stream, f"{prefix}{f}", key)
            else:
                intake.record_stream(stream, f"{prefix}{f}", key, dataset)
    intake.refuse_if_any(f"scenario {manifest.id}")
    report = ScenarioReport(
        manifest.id, agreement.id if agreement else None, illustrative=manifest.illustrative
    )
    counts = report.counts
    for r in intake.reports:
        if isinstance(r, RecordReport):
            key = COUNTED[r.format]
            counts[key] = counts.get(key, 0) + r.stored
            if r.format == "tracks":
                counts["tracks"] = counts.get("tracks", 0) + r.vehicles
        elif isinstance(r, ImportReport):
            key = f"{r.format}_events"
            counts[key] = counts.get(key, 0) + r.events
    return report
