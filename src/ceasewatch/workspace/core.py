"""The Workspace class: one monitoring database. Each use case is one transaction.

The edges (cli, api, web) call only this class; they never see tables or connections.
"""

from __future__ import annotations

import gc
import io
import os
import random
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

import orjson
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from ceasewatch.errors import InvalidInput, NotFound, StoreError, TooMany, Unauthorized
from ceasewatch.ingest import exports
from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ledger import heads
from ceasewatch.model import (
    Claim,
    Crossing,
    Document,
    Event,
    Finding,
    Observation,
    Source,
    Taxonomy,
    TrackPoint,
    default_taxonomy,
)
from ceasewatch.model.access import ANONYMOUS, User
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store import migrate
from ceasewatch.store import records as store_records
from ceasewatch.store.engine import DEFAULT_FILE, PAGE_CACHE_MIB, normalise_url, open_engine
from ceasewatch.workspace import importing, ledgering, writing
from ceasewatch.workspace.clustering import Changes, Clusterer
from ceasewatch.workspace.importing import ImportReport, Progress, Stamp
from ceasewatch.workspace.views import Redactions

if TYPE_CHECKING:
    from ceasewatch.assess.evidence import Item
    from ceasewatch.assess.rules import Rule
    from ceasewatch.extract.gazetteer import Gazetteer
    from ceasewatch.extract.pipeline import Extractor
    from ceasewatch.workspace import (
        assessing,
        backups,
        corroborating,
        geospatial,
        intake,
        places,
        sourcing,
        texts,
    )
    from ceasewatch.workspace.records import ScenarioReport


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    agreement: Agreement
    sha256: str | None  # of the file as stored; None for a bundled one not loaded
    stored: bool


__all__ = ["ImportReport", "Workspace", "default_target"]
_WATCH_LOCK = threading.Lock()


def default_target() -> str:
    """The database the CLI uses when none is given: $CEASEWATCH_DB or ./ceasewatch.db."""
    return os.environ.get("CEASEWATCH_DB") or DEFAULT_FILE


class Workspace:
    """A monitoring database and the operations on it.

    The agreement machinery (geometry libraries among it) is imported by the methods that
    need it, so that an import job does not carry it in memory.
    """

    def __init__(
        self,
        engine: Engine,
        taxonomy: Taxonomy | None = None,
        clock: Callable[[], datetime] | None = None,
        actor: str | None = None,
    ) -> None:
        self.engine = engine
        self.taxonomy = taxonomy or default_taxonomy()
        self.clock = clock or (lambda: datetime.now(UTC))
        # the database as it was named, to find the ledger key beside it
        self.target = engine.url.render_as_string(hide_password=False)
        self._watch: Any = None  # see ledger_size
        self._public: Any = None  # see events_json
        self.redactions = Redactions()  # what each view withholds, kept per state
        self._sized: tuple[tuple[int, int], int, int] | None = None
        # who the ledger says made each change; the API sets it per request
        self.actor = (
            actor or os.environ.get("CEASEWATCH_USER") or os.environ.get("USER") or "ceasewatch"
        )
        self._turns = writing.turns(engine)  # this process's writers, first come first served
        # clusters what the web application files, after the write (workspace/clustering.py)
        self._clusterer = Clusterer(self._drain_queue)
        self._skip = 0  # how far down the queue the clusterer's next batch begins
        self._changes = Changes()

    def as_user(self, user: User) -> Workspace:
        """The same workspace, its changes logged under *user*'s name (the edges make one
        per request that writes)."""
        other = Workspace(self.engine, self.taxonomy, clock=self.clock, actor=user.name)
        other._watch, other._sized = self._watch, self._sized
        other.redactions = self.redactions
        other._clusterer = self._clusterer  # one clusterer, clustering as the server
        other._changes = self._changes
        return other

    def identify(self, token: str | None, session_id: str | None) -> tuple[User, str | None]:
        """Who is asking: the user of an API token (``Unauthorized`` if it is unknown), else
        of a live browser session with its CSRF token, else the public (anonymous)."""
        from ceasewatch.workspace import access

        if token is not None:
            with self._read() as conn:
                user = access.token_user(conn, token)
            if user is None:
                raise Unauthorized("unknown or revoked API token")
            return user, None
        if session_id:
            found = self.session(session_id)
            if found is not None:
                return found
        return ANONYMOUS, None

    def _stamp(self, reason: str) -> Stamp:
        return Stamp(self.actor, self.clock().isoformat(), reason)

    # -- opening --------------------------------------------------------------------
    @classmethod
    def open(
        cls, target: str | None = None, *, upgrade: bool = False, page_cache_mib: int | None = None
    ) -> Workspace:
        """Open an existing workspace; with ``upgrade`` create or migrate its schema first.
        ``page_cache_mib``: the pages each SQLite connection keeps (``store.engine``)."""
        target = target or default_target()
        url = normalise_url(target)
        if url.startswith("sqlite:///") and not upgrade:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:" and not Path(path).exists():
                raise StoreError(f"no workspace at {path}; run 'ceasewatch init' first")
        ws = cls(open_engine(target, page_cache_mib or PAGE_CACHE_MIB))
        try:
            if upgrade:
                migrate.upgrade(ws.engine)
            current, head = migrate.current_revision(ws.engine), migrate.head_revision()
        except OperationalError as exc:
            raise StoreError(f"cannot open the database {target!r}: {exc.orig}") from None
        # What is loaded by now (modules, the schema, the taxonomy) lives as long as the
        # process. Moving it out of the collector's reach keeps the full collections that
        # building hundreds of events triggers from scanning it each time (p95 of the map
        # query: 27 ms before, 12 ms after, on 1M events).
        gc.freeze()
        if current != head:
            raise StoreError(
                f"the database schema is at {current or 'nothing'}, this ceasewatch needs "
                f"{head}; run 'ceasewatch db upgrade'"
            )
        return ws

    @classmethod
    def init(cls, target: str | None = None) -> Workspace:
        """Create or migrate the database, and make the ledger's signing key if missing; a
        database whose ledger was begun under a key that is not there is refused (see
        ``ledgering.init_key``)."""
        ws = cls.open(target, upgrade=True)
        try:
            with ws._read() as conn:
                path = ledgering.key_path(ws.target)
                ledgering.init_key(conn, path, ledgering.log_name(ws.target))
        except BaseException:
            ws.close()
            raise
        return ws

    def upgrade(self) -> tuple[str | None, str | None]:
        return migrate.upgrade(self.engine)

    def close(self) -> None:
        self._clusterer.stop()
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self, *, write: bool, snapshot: bool) -> Iterator[Connection]:
        """One transaction. A writer takes SQLite's write lock at once; with ``snapshot``,
        every query sees the same state (PostgreSQL's REPEATABLE READ; an SQLite read
        transaction is one already)."""
        with self.engine.connect() as conn:
            if write:
                conn = conn.execution_options(sqlite_immediate=True)
            if snapshot and conn.dialect.name == "postgresql":
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _write(self, *, snapshot: bool = False) -> Iterator[Connection]:
        try:
            with self._turns, self._transaction(write=True, snapshot=snapshot) as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"the database refused the write: {exc}") from None

    @contextmanager
    def _read(self, *, snapshot: bool = False) -> Iterator[Connection]:
        with self._transaction(write=False, snapshot=snapshot) as conn:
            yield conn

    # -- import ---------------------------------------------------------------------
    def import_file(
        self,
        path: str | Path,
        fmt: str | None = None,
        progress: Progress | None = None,
        *,
        parallel: bool | None = None,
    ) -> ImportReport:
        """Import an ACLED or UCDP GED CSV file, all or nothing.

        ``fmt`` defaults to what the header shows. Files of a few MB or more are parsed in
        a second process while this one writes (``parallel`` forces either way).
        """
        path = Path(path)
        log = ProblemLog(str(path))
        stamp = self._stamp(f"import {path.name}")
        fmt, source, done = importing.open_source(path, fmt, self.taxonomy, log, parallel, stamp)
        expected = path.stat().st_size // importing.BYTES_PER_ROW
        try:
            with self._write() as conn:
                return importing.run_import(
                    conn, source, log, str(path), fmt, progress, stamp, expected_rows=expected
                )
        finally:
            done()

    def import_files(
        self,
        paths: Sequence[str | Path],
        fmt: str | None = None,
        progress: Progress | None = None,
        *,
        update: bool = False,
        dataset: str | None = None,
        parallel: bool | None = None,
        each: Callable[[intake.Report], None] | None = None,
    ) -> list[intake.Report]:
        """Import several files in one transaction: ACLED and UCDP GED CSV, and the
        mission's own record files (sources, events in the activity-log layout,
        observations, crossings, tracks, documents as JSON Lines), each told from its
        header unless ``fmt`` is given. A problem in any file and nothing is written;
        ``BatchRejected`` names every problem of every file.

        With ``update`` each file is a revised ACLED or UCDP export: new rows are added,
        changed ones updated (their versions kept in the ledger), unchanged ones left, and
        stored events of its coverage that it no longer has marked withdrawn
        (``revising.py``). Known ids are refused otherwise.

        Events of an activity log go into ``dataset`` (default ``mission-log``); ``each``
        is called with each file's report as it is done."""
        from ceasewatch.workspace import intake
        from ceasewatch.workspace.recordfiles import DEFAULT_DATASET

        dataset = intake.check_dataset(dataset or DEFAULT_DATASET)
        files = intake.told(paths, fmt, update=update)
        with self._write() as conn:
            batch = intake.Intake(conn, self.taxonomy, self._stamp("import"), progress=progress)
            reports = batch.run(files, dataset, parallel, each, update=update)
            batch.refuse_if_any(intake.batch_label([name for name, _ in files]))
        return reports

    def import_stream(
        self, stream: TextIO, name: str, fmt: str, progress: Progress | None = None
    ) -> ImportReport:
        """Import from an open text stream (read in this process), all or nothing."""
        log = ProblemLog(name)
        stamp = self._stamp(f"import {name}")
        source = importing.batches(stream, name, fmt, self.taxonomy, log, stamp)
        with self._write() as conn:
            return importing.run_import(conn, source, log, name, fmt, progress, stamp)

    # -- export ---------------------------------------------------------------------
    def export(self, out: TextIO, fmt: str, query: EventQuery | None = None) -> int:
        """Write the events matching ``query`` to ``out``; return how many."""
        query = query or EventQuery()
        if fmt not in exports.FORMATS:
            raise InvalidInput(f"unknown export format {fmt!r}; expected one of {exports.FORMATS}")
        from ceasewatch.workspace import views

        with self._read() as conn:
            hide = views.protected(conn)  # never leaves in exports
            items = (hide.event(e) for e in event_repo.iter_events(conn, query))
            return exports.write(out, fmt, items, self.taxonomy)

    def export_text(self, fmt: str, query: EventQuery | None = None) -> str:
        buf = io.StringIO()
        self.export(buf, fmt, query)
        return buf.getvalue()

    # -- agreements and scenarios ---------------------------------------------------
    def load_agreement(self, source: str) -> Agreement:
        """Check an agreement file (a path, or a bundled id) and store it; replaces one
        stored under the same id."""
        from ceasewatch.agreements.loader import load_agreement
        from ceasewatch.workspace import places, records

        name, text = records.agreement_source(source)
        # the gazetteer the file names, next to it, is stored with it (checked first)
        found = places.beside(load_agreement(text, name), name)
        gazetteer = places.read_file(found) if found else None
        with self._write() as conn:
            stamp = self._stamp(f"agreement {source}")
            agreement = records.store_agreement(conn, name, text, stamp)
            if found is not None and gazetteer is not None and agreement.gazetteer:
                places.store_gazetteer(conn, agreement.gazetteer, str(found), *gazetteer, stamp)
            return agreement

    def load_gazetteer(self, path: str, name: str | None = None) -> places.GazetteerReport:
        """Store a gazetteer file (a CSV of name, alt_names, lat, lon, kind, admin, or a
        GeoNames dump) under *name* (by default its file name), replacing one so named."""
        from ceasewatch.workspace import places

        text, g = places.read_file(path)
        with self._write() as conn:
            return places.store_gazetteer(
                conn, name or Path(path).name, str(path), text, g, self._stamp(f"gazetteer {path}")
            )

    def gazetteers(self) -> list[tuple[str, str, int, str]]:
        """(name, file, places, loaded at) of the stored gazetteers."""
        from ceasewatch.store import places as places_repo

        with self._read() as conn:
            return places_repo.list_gazetteers(conn)

    def chosen_agreement(self, agreement_id: str | None) -> Agreement:
        """The agreement named; with none named, the only one stored (no default)."""
        from ceasewatch.workspace import places

        stored = [] if agreement_id else [s.agreement for s in self.agreements()]
        return self.agreement(places.choose(stored, agreement_id)).agreement

    def places(self, agreement: Agreement) -> Gazetteer:
        """The places to read an agreement's texts with: the stored gazetteer it names,
        else the bundled file it names; with its zones added."""
        from ceasewatch.extract.places import places_for
        from ceasewatch.store import places as places_repo

        stored = None
        if agreement.gazetteer:
            with self._read() as conn:
                stored = places_repo.gazetteer_text(conn, agreement.gazetteer)
        if stored is None:
            return places_for(agreement)
        return places_for(agreement, stored[1], stored[0])

    def actor_names(
        self, agreement_id: str | None = None
    ) -> list[tuple[str, str | None, str | None, int]]:
        """Actor names of the stored events that carry no party (a dataset's), with the
        party and the mission the agreement reads each as, and how many events name it."""
        from ceasewatch.workspace import places

        agreement = self.chosen_agreement(agreement_id)
        with self._read() as conn:
            return places.read_names(event_repo.unattributed_actor_names(conn), agreement)

    def agreements(self) -> list[StoredAgreement]:
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            rows = store_records.agreement_texts(conn)
        return [
            StoredAgreement(parsed_agreement(text, f"{aid}.yaml"), digest, stored=True)
            for aid, _title, digest, text in rows
        ]

    def agreement(self, agreement_id: str) -> StoredAgreement:
        """A stored agreement, else a bundled one (not stored yet)."""
        from ceasewatch.agreements.bundled import bundled, bundled_ids
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            stored = store_records.agreement_text(conn, agreement_id)
        if stored is not None:
            digest, text = stored
            return StoredAgreement(parsed_agreement(text, f"{agreement_id}.yaml"), digest, True)
        if agreement_id in bundled_ids():
            return StoredAgreement(bundled(agreement_id), None, stored=False)
        raise NotFound("agreement", agreement_id)

    def agreement_summary(self, agreement_id: str, as_of: date) -> dict[str, Any]:
        """An agreement with its calendar as of ``as_of``, obligations marked done where an
        event in the workspace shows them carried out."""
        from ceasewatch.agreements.summary import agreement_json
        from ceasewatch.assess.deadlines import done_dates, wanted

        found = self.agreement(agreement_id)
        done = {}
        showable = wanted(found.agreement)
        if found.stored and showable:  # only the event types that can show one done
            types = tuple(sorted(set().union(*(t for _, t in showable))))
            done = done_dates(found.agreement, self.events(EventQuery(types=types)))
        summary = agreement_json(found.agreement, as_of, done)
        summary["stored"] = found.stored
        return summary

    def load_scenario(self, name: str) -> ScenarioReport:
        """Load a scenario, all or nothing: a bundled one by name, or a folder with a
        manifest.yaml (docs/formats.md)."""
        from ceasewatch.workspace import records

        with self._write() as conn:
            return records.load_scenario(conn, name, self.taxonomy, self._stamp(f"scenario {name}"))

    def sources(self) -> list[Source]:
        with self._read() as conn:
            return store_records.list_sources(conn)

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return store_records.list_documents(conn)

    def import_documents(
        self,
        paths: list[str],
        published: date | str | None = None,
        source: str | None = None,
    ) -> texts.DocumentReport:
        """Store the documents of files and folders (text, HTML, feeds, JSON Lines), each
        text once; every problem of every file is reported and then nothing is stored."""
        from ceasewatch.ingest.texts import read_documents
        from ceasewatch.workspace import texts

        docs = read_documents(paths, published, source)
        with self._write() as conn:
            return texts.store_documents(conn, docs, self._stamp("documents import"))

    def extractor(self, agreement_id: str | None = None, learned: bool = True) -> Extractor:
        """The extractor for the parties and places of an agreement (the one named, else
        the only one stored); with *learned* false, the rules alone (the same claims
        whatever model is shipped)."""
        from ceasewatch.extract.pipeline import Extractor

        agreement = self.chosen_agreement(agreement_id)
        return Extractor(agreement, self.places(agreement), taxonomy=self.taxonomy, learned=learned)

    def extract_claims(
        self,
        agreement_id: str | None = None,
        only: list[str] | None = None,
        learned: bool = True,
        again: bool = False,
    ) -> texts.ExtractReport:
        """Extract and store the claims of the stored documents that have none yet; with
        *again*, of every document, its earlier claims replaced (each change logged)."""
        from ceasewatch.workspace import texts

        extractor = self.extractor(agreement_id, learned)
        reason = f"extract claims with {extractor.parties.agreement_id or 'no agreement'}"
        with self._write() as conn:
            return texts.extract_stored(conn, extractor, self._stamp(reason), only, again)

    def claims(self, document_id: str | None = None, family: str | None = None) -> list[Claim]:
        with self._read() as conn:
            return store_records.list_claims(conn, document_id, family)

    def _agreements_to_assess(self, agreement_id: str | None) -> list[Agreement]:
        if agreement_id is not None:
            return [self.agreement(agreement_id).agreement]
        stored = [s.agreement for s in self.agreements()]
        if not stored:
            raise NotFound("stored agreement", "any; load one with 'ceasewatch agreement load'")
        return stored

    def assess(
        self,
        agreement_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        as_of: date | None = None,
        rules: Sequence[Rule] | None = None,
    ) -> assessing.AssessReport:
        """Judge the record against each stored agreement (or the one named) with the
        built-in rules and any plugin's; store what changed, each change in the ledger."""
        from ceasewatch.assess.builtin import builtin_rules
        from ceasewatch.assess.rules import plugin_rules
        from ceasewatch.workspace import assessing

        agreements = self._agreements_to_assess(agreement_id)
        chosen: Sequence[Rule] = rules if rules is not None else [*builtin_rules(), *plugin_rules()]
        with self._write() as conn:
            return assessing.assess(
                conn, agreements, chosen, self.taxonomy, self._stamp("assess"), start, end, as_of
            )

    def findings(self, agreement_id: str | None = None) -> list[Finding]:
        with self._read() as conn:
            return store_records.list_findings(conn, agreement_id)

    def finding(self, finding_id: str) -> tuple[Finding, list[Item]]:
        """A finding and the records behind it (only those), as evidence items."""
        from ceasewatch.workspace import assessing

        with self._read() as conn:
            found = store_records.get_finding(conn, finding_id)
            if found is None:
                raise NotFound("finding", finding_id)
            return found, assessing.evidence_for(conn, found.evidence, self.taxonomy)

    def scorecard(
        self,
        agreement_id: str | None = None,
        party: str | None = None,
        mission: bool = False,
        user: User | None = None,
    ) -> list[dict[str, Any]]:
        """Scorecards per party (and per mission); for a ``user`` of the public role,
        of the published findings only."""
        from ceasewatch.workspace import assessing, views

        out = []
        with self._read() as conn:
            items, _ = assessing.evidence(conn, self.taxonomy) if mission else ([], {})
            if user is not None and not views.sees_unpublished(user):
                items = [i for i in items if i.kind == "event" and views.published(i.status)]
            for a in self._agreements_to_assess(agreement_id):
                found = store_records.list_findings(conn, a.id)
                if user is not None:
                    found = [f for f in found if views.finding_visible(user, f)]
                out.append(assessing.scorecard_json(found, items, a, party, mission))
            if user is not None:
                out = views.shown(out, self.redactions.hider(user, conn))
        return out

    # -- corroboration ----------------------------------------------------------------
    def corroborate(self) -> corroborating.CorroborationReport:
        """Cluster the claims and observations in no event yet into events; grade them."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            return corroborating.corroborate(conn, self.taxonomy, self._stamp("corroborate"))

    def merge_events(self, target: str, others: Sequence[str], reason: str | None) -> list[str]:
        """Merge events into *target*, with a reason; returns the members moved."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            return corroborating.merge(
                conn, self.taxonomy, self._stamp(f"merge into {target}"), target, others, reason
            )

    def split_event(self, event_id: str, refs: Sequence[str], reason: str | None) -> str:
        """Split these members off an event into a new one; returns the new event's id."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            return corroborating.split(
                conn, self.taxonomy, self._stamp(f"split {event_id}"), event_id, refs, reason
            )

    def verify_event(
        self, event_id: str, status: str, reason: str | None, evidence: Sequence[str] = ()
    ) -> str:
        """Record an analyst's decision (verified, disputed, refuted) on an event."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            return corroborating.verify(
                conn,
                self.taxonomy,
                self._stamp(f"verify {event_id}"),
                event_id,
                status,
                reason,
                evidence,
            ).value

    def event_dossier(self, event_id: str) -> dict[str, Any]:
        """An event with its members and their grades, contradictions and history."""
        from ceasewatch.workspace import corroborating

        with self._read(snapshot=True) as conn:
            return corroborating.dossier(conn, self.taxonomy, event_id)

    def grade_source(self, source_id: str, reliability: str, reason: str | None) -> tuple[str, str]:
        """Change a source's reliability grade (A-F), with a reason; returns old and new."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            old, new = corroborating.grade_source(
                conn,
                self.taxonomy,
                self._stamp(f"grade {source_id}"),
                source_id,
                reliability,
                reason,
            )
        return old.letter, new.letter

    def add_source(
        self,
        source_id: str,
        name: str,
        kind: str,
        *,
        party: str | None = None,
        parent: str | None = None,
        reliability: str = "F",
        scale: str | None = None,
        protected: bool = False,
        reason: str | None = None,
    ) -> sourcing.SourceChange:
        """Add a source: its kind, the party it belongs to and the origin it re-reports
        (``parent``, a known source). Logged in the ledger; claims from its documents are
        graded again."""
        from ceasewatch.workspace import sourcing

        with self._write() as conn:
            return sourcing.add_source(
                conn, self.taxonomy, self._stamp(f"source {source_id}"), source_id, name, kind,
                party=party, parent=parent, reliability=reliability, scale=scale,
                protected=protected, reason=reason,
            )  # fmt: skip

    def edit_source(
        self, source_id: str, changes: Mapping[str, str | None], reason: str | None = None
    ) -> sourcing.SourceChange:
        """Change a source's name, kind, party (``affiliation``), parent or scale; an
        empty value clears an optional field. Logged in the ledger; the events whose claims
        the sources whose origin changed stand behind are graded again."""
        from ceasewatch.workspace import sourcing

        with self._write() as conn:
            return sourcing.edit_source(
                conn, self.taxonomy, self._stamp(f"source {source_id}"), source_id, changes,
                reason,
            )  # fmt: skip

    def protect_source(self, source_id: str, protected: bool, reason: str | None) -> None:
        """Mark a source protected, or no longer protected, with a reason."""
        from ceasewatch.workspace import corroborating

        with self._write() as conn:
            corroborating.protect_source(
                conn, self._stamp(f"protect {source_id}"), source_id, protected, reason
            )

    def assign_posts(self, source_id: str, names: Sequence[str], reason: str | None) -> list[str]:
        """Tie observation posts or patrols to the source (a monitoring team) they report
        for; returns the posts changed."""
        from ceasewatch.workspace import posts

        why = reason or f"posts of {source_id}: {', '.join(names)}"
        with self._write() as conn:
            return posts.assign(conn, source_id, names, self._stamp(why))

    def posts(self) -> dict[str, str]:
        """Each post or patrol tied to a source, and that source."""
        from ceasewatch.store import privacy

        with self._read() as conn:
            return privacy.post_sources(conn)

    def source_view(self, user: User, source_id: str) -> dict[str, Any]:
        """A source's dossier as the user may see it: a protected one not at all below
        the analyst, a protected parent or origin withheld."""
        from ceasewatch.workspace import corroborating, views

        with self._read() as conn:
            hide = self.redactions.hider(user, conn)
            if hide.is_protected(source_id):
                raise NotFound("source", source_id)
            return views.shown(corroborating.source_dossier(conn, source_id), hide)  # type: ignore[no-any-return]

    def ledger_proof_view(self, user: User, seq: int, size: int | None = None) -> dict[str, Any]:
        """An entry and its inclusion proof, if the user may see the entry; otherwise the
        same answer as for an entry that does not exist."""
        from ceasewatch.workspace import views

        try:
            proof = self.ledger_prove(seq, size)
        except NotFound:
            raise NotFound("ledger entry", str(seq)) from None
        with self._read() as conn:
            hide = self.redactions.hider(user, conn)
        if not views.entry_visible(user, proof["entry"], hide):
            raise NotFound("ledger entry", str(seq))
        return proof

    def source_dossier(self, source_id: str) -> dict[str, Any]:
        """A source with its origin, its documents and the history of its grade."""
        from ceasewatch.workspace import corroborating

        with self._read() as conn:
            return corroborating.source_dossier(conn, source_id)

    # -- people and what they file -------------------------------------------------------
    def add_user(self, name: str, role: str, password: str) -> User:
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.add_user(conn, name, role, password, self.clock())

    def users(self) -> list[dict[str, Any]]:
        from ceasewatch.store import access as access_repo

        with self._read() as conn:
            return access_repo.list_users(conn)

    def authenticate(self, name: str, password: str, address: str | None = None) -> User | None:
        """The user, if the password is theirs. Refused for a while (``TooMany``): a
        client *address* with ten failures in a minute, a name with five in five
        minutes, and any login while the password checks are all taken and their queue
        is full (``workspace/logins.py``). The slow check runs outside any transaction,
        so a flood of logins holds no lock."""
        import time

        from ceasewatch.workspace import access, logins

        where = f"{self.target}|{logins.client_key(address)}" if address else None
        mark = logins.ADDRESSES.begin(where, time.monotonic()) if where else 0.0
        key = f"{self.target}|{name}"  # per workspace: one server may hold several
        logins.THROTTLE.check(key, time.monotonic(), name)
        with self._read() as conn:
            stored, allowed = access.password_hash(conn, name)
        try:
            ok, stale = access.check_password(stored, password)
        except TooMany:  # the server is busy: no failure of the client's
            if where:
                logins.ADDRESSES.succeeded(where, mark)
            raise
        if not ok or not allowed:
            logins.THROTTLE.failed(key, time.monotonic())
            return None
        logins.THROTTLE.passed(key)
        if where:
            logins.ADDRESSES.succeeded(where, mark)
        if stale:
            with self._write() as conn:
                access.renew_hash(conn, name, password)
        with self._read() as conn:
            return access.user_named(conn, name)

    def disable_user(self, name: str) -> None:
        """The user may no longer log in; their sessions and API tokens end."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            access.disable_user(conn, name)

    def revoke_tokens(self, name: str) -> int:
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.revoke_tokens(conn, name)

    def open_session(self, user: User) -> tuple[str, str]:
        """A browser session for a user who has logged in: (its id, its CSRF token)."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.open_session(conn, user, self.clock())

    def session(self, session_id: str) -> tuple[User, str] | None:
        from ceasewatch.workspace import access

        with self._read() as conn:
            return access.session(conn, session_id, self.clock())

    def close_session(self, session_id: str) -> None:
        from ceasewatch.store import access as access_repo
        from ceasewatch.workspace.access import digest

        with self._write() as conn:
            access_repo.end_session(conn, digest(session_id))

    def new_token(self, name: str, label: str | None = None) -> str:
        """An API token for a user (shown once; only its hash is kept)."""
        from ceasewatch.workspace import access

        with self._write() as conn:
            return access.new_token(conn, name, label, self.clock())

    def token_user(self, token: str) -> User | None:
        from ceasewatch.workspace import access

        with self._read() as conn:
            return access.token_user(conn, token)

    def add_observation(self, o: Observation) -> dict[str, Any]:
        """Store a monitor's observation, logged in the ledger under the user's name, and
        queue it for the clusterer (woken at once, if started: ``start_clustering``;
        else ``cluster_queued`` or ``corroborate`` clusters it). Returns its state
        (``observation_state``): not clustered yet."""
        from ceasewatch.workspace import access

        access.check_observation(o, self.taxonomy)
        stamp = self._stamp(f"observation {o.id}")
        filed = writing.batches(self.engine, "observation").run((o, stamp), self._file)
        self._clusterer.wake()
        return dict(filed.as_dict())

    def _file(self, filed: list[tuple[Observation, Stamp]]) -> list[Any]:
        """Store a batch of observations and queue them, in one transaction."""
        from ceasewatch.workspace import clustering

        with self._write() as conn:
            return list(clustering.file_observations(conn, filed))

    def observation_state(self, observation_id: str) -> dict[str, Any]:
        """Whether an observation is clustered yet: ``pending`` while it waits in the
        queue, then ``event`` (None if clustering left it alone)."""
        from ceasewatch.workspace import clustering

        with self._read() as conn:
            return clustering.observation_state(conn, observation_id).as_dict()

    def cluster_queued(self, limit: int | None = None) -> corroborating.CorroborationReport:
        """Cluster the records waiting in the clusterer's queue now (at most *limit*, the
        longest waiting first), in this thread; see ``start_clustering``."""
        report: corroborating.CorroborationReport = self._cluster_queued(limit)[1]
        return report

    def queued(self) -> int:
        """How many records wait for the clusterer."""
        from ceasewatch.store import clusters

        with self._read() as conn:
            return clusters.queue_size(conn)

    def start_clustering(self) -> None:
        """Cluster what is filed in the background from now on (a server does, at its
        start): a thread clusters what waits in the queue, records filed before a restart
        among them, and rests when the queue is empty; each record filed wakes it."""
        self._clusterer.start()

    def stop_clustering(self) -> None:
        """Let the clusterer finish its batch and stop (what waits stays queued)."""
        self._clusterer.stop()

    def _cluster_queued(self, limit: int | None, actor: str | None = None) -> tuple[int, Any]:
        from ceasewatch.workspace import clustering

        with self._write() as conn:
            stamp = Stamp(actor or self.actor, self.clock().isoformat(), "corroborate")
            return clustering.cluster_queued(conn, self.taxonomy, stamp, limit)

    def _drain_queue(self, busy: bool = False) -> int:
        """One batch of the clusterer's thread, logged under the clusterer's name: read
        and clustered in a read transaction, written in a short write transaction."""
        from ceasewatch.workspace import clustering

        limit = clustering.BUSY_BATCH if busy else clustering.BATCH
        with self._read(snapshot=True) as conn:
            planned = clustering.plan_queued(conn, self.taxonomy, limit, self._skip)
        if planned is None:
            return 0
        with self._write() as conn:
            stamp = Stamp(clustering.ACTOR, self.clock().isoformat(), "corroborate")
            applied = clustering.apply_planned(conn, self.taxonomy, stamp, planned)
        if applied.after != applied.before:
            self._changes.learn(applied.before, applied.after, applied.changed)
        # another worker's clusterer took that batch: take one further down the queue
        self._skip = limit * random.randint(1, 3) if applied.taken else 0
        return applied.records

    def events_changed(self, old: int, new: int) -> list[Any] | None:
        """The events the clusterer changed between two view sizes (``view_size``), as
        they were and as they became (id, start, end, lat, lon), when its commits alone
        lead from the one to the other; None when anything else may have changed."""
        from ceasewatch.store import clusters

        def read(low: int, high: int) -> list[tuple[int, int, Any]]:
            with self._read() as conn:
                return clusters.view_changes_between(conn, low, high)

        return self._changes.between(old, new, read)

    def add_crossing(self, x: Crossing) -> None:
        from ceasewatch.workspace import access

        with self._write() as conn:
            access.add_crossing(conn, x, self._stamp(f"crossing {x.id}"))

    def add_document(
        self,
        text: str,
        source: str | None = None,
        published: datetime | str | None = None,
        title: str | None = None,
    ) -> texts.DocumentReport:
        """Store one document given as text (its id is derived from its hash); *published*
        may be known to the day, the month (``2023-08``) or the year."""
        from ceasewatch.ingest.texts import document_from_text
        from ceasewatch.workspace import texts

        doc = document_from_text(text, published, source, title)
        with self._write() as conn:
            return texts.store_documents(conn, [doc], self._stamp("document"))

    # -- what a role may see -----------------------------------------------------------
    def events_page(self, user: User, query: EventQuery) -> dict[str, Any]:
        """A page of events in id order as the user may see them, and the cursor of the
        next page (the last id, when the page is full)."""
        from ceasewatch.workspace import views

        public = self._public_query(user, query)
        if public is False:
            return {"events": [], "count": 0, "next": None}
        with self._read() as conn:
            if public is None:
                found = event_repo.page_events(conn, query)
            else:
                found = event_repo.page_published(conn, public)
            hide = self.redactions.hider(user, conn)
        full = query.limit is not None and len(found) == query.limit
        shown = views.events_out(found, hide, boxed=query.bbox is not None)
        return {
            "events": shown,
            "count": len(shown),
            "next": found[-1].id if full and found else None,
        }

    def events_json(self, user: User, query: EventQuery) -> bytes:
        """``events_page`` as JSON. The public's pages are answered from the published
        events held in memory (``workspace/publicmap.py``), so that no question the
        public asks costs more than a pass over them."""
        from ceasewatch.workspace.publicmap import PublicMap

        public = self._public_query(user, query)
        if public is False:
            return orjson.dumps({"events": [], "count": 0, "next": None})
        if public is not None:
            with _WATCH_LOCK:
                if self._public is None:
                    self._public = PublicMap()
            made = self._public.page(
                public,
                self.view_size(),
                self._read,
                lambda conn: self.redactions.hider(ANONYMOUS, conn),
            )
            if made is not None:
                return bytes(made)
        return orjson.dumps(self.events_page(user, query))

    def _public_query(self, user: User, query: EventQuery) -> EventQuery | Literal[False] | None:
        """For the public, the query kept to the published statuses (False if it asks
        only for others); None for anyone else."""
        from dataclasses import replace as _replace

        from ceasewatch.model import VerificationStatus
        from ceasewatch.model.access import PUBLISHED_EVENTS, Role

        if user.role != Role.PUBLIC:
            return None
        if not query.statuses:  # both ways of answering read only the published
            return query
        allowed = tuple(VerificationStatus(s) for s in PUBLISHED_EVENTS)
        wanted = tuple(s for s in query.statuses if s in allowed)
        return _replace(query, statuses=wanted) if wanted else False

    def event_view(self, user: User, event_id: str) -> dict[str, Any]:
        """An event with its evidence, as the user may see it."""
        from ceasewatch.workspace import corroborating, views

        with self._read(snapshot=True) as conn:
            e = event_repo.get_event(conn, event_id)
            if e is None or not views.event_visible(user, e):
                raise NotFound("event", event_id)
            d = corroborating.dossier(conn, self.taxonomy, event_id)
            return views.shown(d, self.redactions.hider(user, conn))  # type: ignore[no-any-return]

    def findings_view(self, user: User, agreement_id: str | None = None) -> list[dict[str, Any]]:
        from ceasewatch.workspace import views

        with self._read() as conn:
            found = store_records.list_findings(conn, agreement_id)
            hide = self.redactions.hider(user, conn)
            return [views.finding_out(f, hide) for f in found if views.finding_visible(user, f)]

    def sources_view(self, user: User) -> list[dict[str, Any]]:
        from ceasewatch.assess.grading import source_origins
        from ceasewatch.workspace import views

        with self._read() as conn:
            found = store_records.list_sources(conn)
            hide = self.redactions.hider(user, conn)
        return views.sources_out(user, found, source_origins(found), hide)

    def documents_view(self, user: User) -> list[dict[str, Any]]:
        """The documents (their metadata), for liaison officers and above."""
        from ceasewatch.errors import Forbidden
        from ceasewatch.model.access import Role
        from ceasewatch.workspace import views

        if user is ANONYMOUS:
            raise Unauthorized("log in: documents are for liaison officers and above")
        if user.role < Role.LIAISON:
            raise Forbidden("documents are for liaison officers and above")
        with self._read() as conn:
            docs = store_records.list_documents(conn)
            hide = self.redactions.hider(user, conn)
        return views.documents_out(user, docs, hide)

    def zones_geojson(self, agreement_id: str) -> dict[str, Any]:
        """An agreement's zones as a GeoJSON FeatureCollection in lon/lat, corridors grown
        to their width and points to their radius, for a map."""
        import shapely

        from ceasewatch.geo.measure import zone_shape

        a = self.agreement(agreement_id).agreement
        return {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": z.id,
                    "geometry": shapely.geometry.mapping(zone_shape(z)),
                    "properties": {
                        "id": z.id,
                        "kind": z.kind.value,
                        "name": z.name,
                        "approximate": z.approximate,
                    },
                }
                for z in a.zones
            ],
        }

    def ledger_size(self) -> int:
        """How many entries the ledger holds: it grows with every change to the record.
        Read again only when something was committed since the last call (on SQLite that
        check reads no table), so a server may ask on every request."""

        return self._sizes()[0]

    def view_size(self) -> int:
        """The ledger's size as of the last change that the views of the record (events,
        findings, sources, documents) may show: a new observation or crossing filed does
        not count until the clusterer or an assessment takes it in. A server keys its
        answers on it, so monitors filing do not make readers' answers stale."""
        return self._sizes()[1]

    def _sizes(self) -> tuple[int, int]:
        """(ledger size, view size), read again only when this process's writers have
        written or another connection has committed since they were read."""
        from ceasewatch.store import ledger as ledger_repo
        from ceasewatch.store.engine import ChangeWatch

        with _WATCH_LOCK:
            if self._watch is None:
                self._watch = ChangeWatch(self.engine)
        external = self._watch.version()
        if external is None:  # nothing tells when to read them again
            with self._read() as conn:
                return ledger_repo.sizes(conn)
        now = (writing.done(self._turns), external)
        kept = self._sized
        if kept is None or kept[0] != now:
            with self._read() as conn:
                kept = (now, *ledger_repo.sizes(conn))
            self._sized = kept  # read after *now* was taken: at least as new as it
        return kept[1], kept[2]

    # -- reports ------------------------------------------------------------------------
    def report(
        self,
        start: date,
        end: date,
        fmt: str = "html",
        agreement_id: str | None = None,
        cutoff: time | None = None,
    ) -> bytes:
        """A situation report of the period (both days included) as HTML, PDF or Markdown;
        see ``report_files``."""
        return self.report_files(start, end, fmt, agreement_id, cutoff)["report"]

    def report_files(
        self,
        start: date,
        end: date,
        fmt: str = "html",
        agreement_id: str | None = None,
        cutoff: time | None = None,
        exports: bool = False,
    ) -> dict[str, bytes]:
        """A situation report of the period, under "report", and with ``exports`` the
        period's events as "acled.csv", "geojson" and "kml", protected sources withheld.

        Everything is read in one snapshot, and a tree head is signed over it and printed
        in the report. The head is stored only once the report is made, so a report that
        fails to render leaves nothing behind."""
        from ceasewatch.report.render import FORMATS, render
        from ceasewatch.workspace import reporting

        if fmt not in FORMATS:
            raise InvalidInput(
                f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}",
                field="format",
            )
        if end < start:
            raise InvalidInput(f"the period ends ({end}) before it starts ({start})", field="to")
        if start.year < 1900 or end.year > 2199 or (end - start).days >= 3660:
            raise InvalidInput(
                f"a report covers at most ten years between 1900 and 2199, not {start}..{end}",
                field="from",
            )
        if cutoff is not None and cutoff.tzinfo is not None:
            raise InvalidInput(
                "give the cut-off as a local time HH:MM; the agreement's time zone applies",
                field="cutoff",
            )
        if agreement_id is None:
            stored = self._agreements_to_assess(None)
            if len(stored) > 1:
                raise InvalidInput(
                    "this workspace holds several agreements ("
                    + ", ".join(a.id for a in stored)
                    + "); name one with --agreement",
                    field="agreement",
                )
            agreement = stored[0]
        else:
            agreement = self.agreement(agreement_id).agreement
        key = self.ledger_key()
        with self._read(snapshot=True) as conn:
            made = reporting.report(
                conn, self.taxonomy, agreement, start, end, key, self.clock(), cutoff, exports
            )
        files = {"report": render(made.content, fmt)}
        files.update({k: v.encode("utf-8") for k, v in made.exports.items()})
        with self._write() as conn:
            ledgering.store_head(conn, made.head)
        return files

    def import_tracks(self, paths: list[str], vehicle: str | None = None) -> tuple[Any, int]:
        """Store vehicle tracks from GPX or CSV files: each vehicle's points sorted, once
        per time, gaps marked; a bad point anywhere and nothing is stored. Returns the
        cleaning report and how many points were new."""
        from ceasewatch.ingest.tracks import clean, read_track_file
        from ceasewatch.workspace import geospatial

        points = [p for path in paths for p in read_track_file(path, vehicle)]
        report = clean(points)
        with self._write() as conn:
            return report, geospatial.store_tracks(conn, report, self._stamp("tracks import"))

    def analyse_tracks(
        self,
        agreement_id: str | None = None,
        vehicle: str | None = None,
        tolerance_m: float = 500.0,
    ) -> list[tuple[str, geospatial.TrackAnalysis]]:
        """Excursions out of corridors, dwells at sites and checkpoint mismatches."""
        from ceasewatch.workspace import geospatial

        with self._read() as conn:
            points = store_records.list_track_points(conn, vehicle)
            crossings = [
                x
                for x in store_records.list_crossings(conn)
                if vehicle is None or x.vehicle == vehicle
            ]
        return [
            (a.id, geospatial.analyse(a, points, crossings, tolerance_m))
            for a in self._agreements_to_assess(agreement_id)
        ]

    def triangulate(
        self, agreement_id: str | None = None, window_minutes: float = 10.0
    ) -> list[tuple[str, list[geospatial.Firing], list[str]]]:
        """The origins of fire that two or more observers took bearings on."""
        from datetime import timedelta

        from ceasewatch.workspace import geospatial

        observations = self.observations()
        out = []
        for a in self._agreements_to_assess(agreement_id):
            found, skipped = geospatial.firings(
                a, observations, self.taxonomy, timedelta(minutes=window_minutes)
            )
            out.append((a.id, found, skipped))
        return out

    def zones_of(
        self, event_id: str, agreement_id: str | None = None
    ) -> list[tuple[str, float, list[Any]]]:
        """Which zones of each agreement an event lies in, given how precisely its place
        is known: (agreement, radius in metres, assignments)."""
        from ceasewatch.geo.assign import assign
        from ceasewatch.geo.measure import Frame

        e = self.event(event_id)
        if e.where.lat is None or e.where.lon is None:
            raise InvalidInput(f"event {event_id} has no coordinates to place in a zone")
        radius = e.where.radius_m or e.where.precision.default_radius_m or 0.0
        return [
            (a.id, radius, assign(Frame.of(a.zones), e.where.lon, e.where.lat, radius))
            for a in self._agreements_to_assess(agreement_id)
        ]

    def observations(self) -> list[Observation]:
        with self._read() as conn:
            return store_records.list_observations(conn)

    def crossings(self) -> list[Crossing]:
        with self._read() as conn:
            return store_records.list_crossings(conn)

    def track_points(self, vehicle: str | None = None) -> list[TrackPoint]:
        with self._read() as conn:
            return store_records.list_track_points(conn, vehicle)

    # -- the ledger -------------------------------------------------------------------
    def ledger_key(self) -> ledgering.Key:
        return ledgering.load_key(ledgering.key_path(self.target))

    def ledger_public_key(self) -> str:
        v = self.ledger_key().verifier
        return heads.verifier_key(v.name, v.public)

    def ledger_head(self, *, sign: bool = True) -> str:
        """Sign a head at the current size (or, with ``sign=False``, show the latest one)."""
        if not sign:
            with self._read() as conn:
                note = ledgering.latest_head(conn)
            if note is None:
                raise NotFound("signed head", "any; run 'ceasewatch ledger head'")
            return note
        key = self.ledger_key()
        with self._write() as conn:
            return ledgering.sign_head(conn, key, self.clock())

    def ledger_sign_if_behind(self) -> bool:
        """Sign a head unless the latest one covers every entry already; refused when the
        key at hand did not sign the latest head."""
        path = ledgering.key_path(self.target)
        key = ledgering.load_key(path)
        with self._write() as conn:
            return ledgering.sign_if_behind(conn, key, path, self.clock())

    def ledger_state(self) -> tuple[int, bytes, str | None]:
        """The ledger's size, root and latest signed head, read in one snapshot."""
        with self._read(snapshot=True) as conn:
            return ledgering.state(conn)

    def ledger_prove(self, seq: int, size: int | None = None) -> dict[str, Any]:
        with self._read() as conn:
            return ledgering.prove(conn, seq, size)

    def ledger_consistency(self, old: int, new: int) -> dict[str, Any]:
        with self._read() as conn:
            return ledgering.consistency(conn, old, new)

    def ledger_verify(
        self,
        key: str | None = None,
        checkpoints: Sequence[str] = (),
        witnesses: Sequence[str] = (),
        quorum: int = 0,
    ) -> ledgering.Audit:
        """Audit the log and the records; ``key`` pins the public key to check heads with
        (by default the workspace's own). Each of *checkpoints* (kept elsewhere) must be a
        state of this log; with *quorum*, that many of *witnesses* (their keys) must have
        cosigned the latest head."""
        from ceasewatch.ledger.witness import CosignerKey

        verifier = heads.Verifier.parse(key) if key else self.ledger_key().verifier
        keys = [CosignerKey.parse(k) for k in witnesses]
        with self._read(snapshot=True) as conn:
            return ledgering.verify(conn, verifier, 100, checkpoints, keys, quorum)

    def ledger_heads(self) -> list[str]:
        """Every signed head with its cosignatures."""
        with self._read() as conn:
            return ledgering.all_heads(conn)

    def ledger_witness(self, witnesses: Sequence[str]) -> list[ledgering.WitnessAnswer]:
        """Sign a head (or take the one of this size) and ask each witness (a folder or a
        URL) to cosign it; keep the cosignatures."""
        from ceasewatch.workspace.witnessing import Transport

        key = self.ledger_key()
        with self._write() as conn:
            note = ledgering.sign_head(conn, key, self.clock())
            return ledgering.ask_witnesses(
                conn, note, [Transport(w) for w in witnesses], self.clock()
            )

    def ledger_export(self, out: TextIO) -> int:
        key = self.ledger_key()
        with self._write(snapshot=True) as conn:  # every entry read sees the head just signed
            return ledgering.export(conn, out, key, self.clock())

    # -- backup and restore ---------------------------------------------------------
    def backup(self, dest: str | Path, passphrase: str) -> backups.BackupReport:
        """Back up into the new folder ``dest`` while others keep writing: a consistent
        copy of the database, a manifest and the ledger key sealed under ``passphrase``."""
        from ceasewatch.workspace import backups

        return backups.backup(self, Path(dest), passphrase)

    @classmethod
    def restore(
        cls, source: str | Path, passphrase: str, target: str | None = None, *, force: bool = False
    ) -> backups.RestoreReport:
        """Restore a backup into ``target`` (new or empty, unless ``force``), its key to
        where ``target`` looks for it, and verify the ledger (see the report's ``ok``)."""
        from ceasewatch.workspace import backups

        return backups.restore(Path(source), passphrase, target or default_target(), force=force)

    # -- queries --------------------------------------------------------------------
    def events(self, query: EventQuery | None = None) -> list[Event]:
        with self._read() as conn:
            return event_repo.query_events(conn, query or EventQuery())

    def event(self, event_id: str) -> Event:
        with self._read() as conn:
            found = event_repo.get_event(conn, event_id)
        if found is None:
            raise NotFound("event", event_id)
        return found

    def monthly_counts(self, query: EventQuery | None = None) -> list[tuple[str, str, int]]:
        with self._read() as conn:
            return event_repo.monthly_counts(conn, query or EventQuery())

    def stats(self) -> dict[str, Any]:
        with self._read() as conn:
            out = event_repo.totals(conn)
        out["schema"] = migrate.current_revision(self.engine)
        out["database"] = self.engine.url.render_as_string(hide_password=True)
        return out
