"""What monitors file through the Workspace (observations, crossings, documents), and the
server's clusterer that places observations in events after the write
(workspace/clustering.py)."""

from __future__ import annotations

import random
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ceasewatch.model import Crossing, Observation
from ceasewatch.model.access import User
from ceasewatch.workspace import writing
from ceasewatch.workspace.base import Base
from ceasewatch.workspace.importing import Stamp

if TYPE_CHECKING:
    from ceasewatch.workspace import corroborating, texts


class Filing(Base):
    """Records filed one at a time, and their clustering after the write."""

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

    def attach(
        self, kind: str, record_id: str, filename: str, media_type: str, data: bytes
    ) -> dict[str, Any]:
        """Attach a photo, video or document to an observation or an event; its SHA-256
        goes to the ledger with its record (workspace/attaching.py)."""
        from ceasewatch.workspace import attaching

        stamp = self._stamp(f"file attached to {kind} {record_id}")
        with self._write() as conn:
            return attaching.attach(conn, kind, record_id, filename, media_type, data, stamp)

    def check_attachment(self, media_type: str, data: bytes) -> str:
        """The media type, if such a file may be attached (else InvalidInput, field
        ``file``): a form checks it before it files anything."""
        from ceasewatch.workspace import attaching

        return attaching.check_file(media_type, data)

    def attachment(self, user: User, attachment_id: str) -> tuple[dict[str, Any], bytes]:
        """An attachment's record and bytes, if *user* may open it (else NotFound)."""
        from ceasewatch.workspace import attaching

        with self._read() as conn:
            return attaching.opened(conn, user, attachment_id)

    def attachments(self, user: User, kind: str, record_id: str) -> list[dict[str, Any]]:
        """The attachments of a record that *user* may open."""
        from ceasewatch.workspace import attaching

        with self._read() as conn:
            return attaching.listed(conn, user, kind, record_id)

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
