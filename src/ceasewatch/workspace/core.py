"""The Workspace class: one monitoring database. Each use case is one transaction.

The edges (cli, api, web) call only this class; they never see tables or connections.
Its use cases by people, by monitors filing, by readers and on the ledger live in the
parts it inherits (people.py, filing.py, seeing.py, keeping.py, listing.py, over
base.py).
"""

from __future__ import annotations

import gc
import io
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from ceasewatch.errors import InvalidInput, NotFound, StoreError
from ceasewatch.ingest import exports
from ceasewatch.ingest.tabular import ProblemLog
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
from ceasewatch.model.access import User
from ceasewatch.model.agreement import Agreement
from ceasewatch.model.query import EventQuery
from ceasewatch.store import agreements as agreements_repo
from ceasewatch.store import events as event_repo
from ceasewatch.store import evidence as evidence_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import migrate
from ceasewatch.store import monitoring as monitoring_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.store.engine import PAGE_CACHE_MIB, normalise_url, open_engine
from ceasewatch.workspace import importing, ledgering, writing
from ceasewatch.workspace.analytics import Analytics
from ceasewatch.workspace.base import default_target
from ceasewatch.workspace.clustering import Changes, Clusterer
from ceasewatch.workspace.filing import Filing
from ceasewatch.workspace.importing import ImportReport, Progress
from ceasewatch.workspace.keeping import Keeping
from ceasewatch.workspace.listing import Listing
from ceasewatch.workspace.people import People
from ceasewatch.workspace.publishing import KeptReports, Publishing
from ceasewatch.workspace.seeing import Seeing
from ceasewatch.workspace.sender import Sender
from ceasewatch.workspace.steps import Step
from ceasewatch.workspace.subscribing import Subscribing
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


class Workspace(People, Filing, Analytics, Seeing, Keeping, Publishing, Listing, Subscribing):
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
        self._kept_reports = KeptReports()  # the public's last reports
        self._sender = Sender(self.send_webhooks)  # webhooks, once the server starts it

    def as_user(self, user: User) -> Workspace:
        """The same workspace, its changes logged under *user*'s name (the edges make one
        per request that writes)."""
        other = Workspace(self.engine, self.taxonomy, clock=self.clock, actor=user.name)
        other._watch, other._sized = self._watch, self._sized
        other.redactions = self.redactions
        other._clusterer = self._clusterer  # one clusterer, clustering as the server
        other._changes = self._changes
        other._kept_reports = self._kept_reports
        other._sender = self._sender  # one sender, woken by any request's write
        return other

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
        self._sender.stop()
        self.engine.dispose()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- import ---------------------------------------------------------------------
    def import_file(
        self,
        path: str | Path,
        fmt: str | None = None,
        progress: Progress | None = None,
        *,
        parallel: bool | None = None,
        copy: bool = True,
    ) -> ImportReport:
        """Import an ACLED or UCDP GED CSV file, all or nothing.

        ``fmt`` defaults to what the header shows. Files of a few MB or more are parsed in
        other processes while this one writes (``parallel`` forces either way). On
        PostgreSQL rows go in with COPY; ``copy=False`` keeps the INSERT path, to compare.
        """
        path = Path(path)
        log = ProblemLog(str(path))
        stamp = self._stamp(f"import {path.name}")
        copy = copy and self.engine.dialect.name == "postgresql"
        fmt, source, done = importing.open_source(
            path, fmt, self.taxonomy, log, parallel, stamp, copy=copy
        )
        expected = path.stat().st_size // importing.BYTES_PER_ROW
        try:
            with self._write() as conn:
                return importing.run_import(
                    conn, source, log, str(path), fmt, progress, stamp, expected, copy=copy
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
            return places.read_names(evidence_repo.unattributed_actor_names(conn), agreement)

    def agreements(self) -> list[StoredAgreement]:
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            rows = agreements_repo.agreement_texts(conn)
        return [
            StoredAgreement(parsed_agreement(text, f"{aid}.yaml"), digest, stored=True)
            for aid, _title, digest, text in rows
        ]

    def agreement(self, agreement_id: str) -> StoredAgreement:
        """A stored agreement, else a bundled one (not stored yet)."""
        from ceasewatch.agreements.bundled import bundled, bundled_ids
        from ceasewatch.agreements.loader import parsed_agreement

        with self._read() as conn:
            stored = agreements_repo.agreement_text(conn, agreement_id)
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
            return texts_repo.list_sources(conn)

    def documents(self) -> list[Document]:
        with self._read() as conn:
            return texts_repo.list_documents(conn)

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
        step: Step | None = None,
        dask: str | None = None,
    ) -> texts.ExtractReport:
        """Extract and store the claims of the stored documents that have none yet; with
        *again*, of every document, its earlier claims replaced (each change logged). With
        *dask* (local[:N] or a scheduler's address), on that cluster, stored in batches."""
        from ceasewatch.workspace import texts

        if dask is not None:
            from ceasewatch.workspace import extracting

            return extracting.on_cluster(self, dask, agreement_id, learned, only, again, step)
        extractor = self.extractor(agreement_id, learned)
        reason = f"extract claims with {extractor.parties.agreement_id or 'no agreement'}"
        with self._write() as conn:
            return texts.extract_stored(conn, extractor, self._stamp(reason), only, again, step)

    def claims(self, document_id: str | None = None, family: str | None = None) -> list[Claim]:
        with self._read() as conn:
            return texts_repo.list_claims(conn, document_id, family)

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
        step: Step | None = None,
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
                conn,
                agreements,
                chosen,
                self.taxonomy,
                self._stamp("assess"),
                start,
                end,
                as_of,
                step,
            )

    def findings(self, agreement_id: str | None = None) -> list[Finding]:
        with self._read() as conn:
            return findings_repo.list_findings(conn, agreement_id)

    def finding(self, finding_id: str) -> tuple[Finding, list[Item]]:
        """A finding and the records behind it (only those), as evidence items."""
        from ceasewatch.workspace import assessing

        with self._read() as conn:
            found = findings_repo.get_finding(conn, finding_id)
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
                found = findings_repo.list_findings(conn, a.id)
                if user is not None:
                    found = [f for f in found if views.finding_visible(user, f)]
                out.append(assessing.scorecard_json(found, items, a, party, mission))
            if user is not None:
                out = views.shown(out, self.redactions.hider(user, conn))
        return out

    # -- corroboration ----------------------------------------------------------------
    def corroborate(
        self, step: Step | None = None, dask: str | None = None
    ) -> corroborating.CorroborationReport:
        """Cluster the claims and observations in no event yet into events; grade them.
        With *dask* (local[:N] or a scheduler's address), window by window on it."""
        from ceasewatch.assess.corroborate import cluster
        from ceasewatch.workspace import corroborating, windowing
        from ceasewatch.workspace.distributing import runner

        with runner(dask) as run, self._write() as conn:
            by: corroborating.Cluster = cluster
            if dask is not None:
                by = partial(windowing.cluster_windows, run=run)
            return corroborating.corroborate(
                conn, self.taxonomy, self._stamp("corroborate"), step=step, cluster=by
            )

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

    def source_dossier(self, source_id: str) -> dict[str, Any]:
        """A source with its origin, its documents and the history of its grade."""
        from ceasewatch.workspace import corroborating

        with self._read() as conn:
            return corroborating.source_dossier(conn, source_id)

    # -- people and what they file -------------------------------------------------------
    # -- what a role may see -----------------------------------------------------------
    def agreement_places(self, agreement_id: str) -> list[dict[str, Any]]:
        """The places of the gazetteer an agreement names (name, lat, lon, kind), those
        with coordinates: the town names of its map."""
        from ceasewatch.workspace import places

        a = self.agreement(agreement_id).agreement
        with self._read() as conn:
            return places.map_places(places.agreement_gazetteer(conn, a))

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

    # -- reports ------------------------------------------------------------------------
    def report(
        self,
        start: date,
        end: date,
        fmt: str = "html",
        agreement_id: str | None = None,
        cutoff: time | None = None,
        public: bool = False,
    ) -> bytes:
        """A situation report of the period (both days included) as HTML, PDF or Markdown;
        see ``report_files``."""
        return self.report_files(start, end, fmt, agreement_id, cutoff, public=public)["report"]

    def report_files(
        self,
        start: date,
        end: date,
        fmt: str = "html",
        agreement_id: str | None = None,
        cutoff: time | None = None,
        exports: bool = False,
        public: bool = False,
    ) -> dict[str, bytes]:
        """A situation report of the period, under "report", and with ``exports`` the
        period's events as "acled.csv", "geojson" and "kml", protected sources withheld;
        with ``public``, the public edition: published events and findings only.

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
                conn,
                self.taxonomy,
                agreement,
                start,
                end,
                key,
                self.clock(),
                cutoff,
                exports,
                public,
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
            points = monitoring_repo.list_track_points(conn, vehicle)
            crossings = [
                x
                for x in monitoring_repo.list_crossings(conn)
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
            return monitoring_repo.list_observations(conn)

    def crossings(self) -> list[Crossing]:
        with self._read() as conn:
            return monitoring_repo.list_crossings(conn)

    def track_points(self, vehicle: str | None = None) -> list[TrackPoint]:
        with self._read() as conn:
            return monitoring_repo.list_track_points(conn, vehicle)

    # -- the ledger -------------------------------------------------------------------
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
