"""The Workspace's weighing of the evidence: claims and observations corroborated into
events (``corroborating.py``), analysts merging, splitting and verifying them
(``analysts.py``), what is shown of an event (``dossiers.py``), and the sources behind
them, with their grades, origins and posts (``sourcing.py``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from ceasewatch.model import Source
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace.base import Base
from ceasewatch.workspace.steps import Step

if TYPE_CHECKING:
    from ceasewatch.workspace import corroborating, sourcing


class Weighing(Base):
    """Events made of claims and observations, and the sources they stand on."""

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
        from ceasewatch.workspace import analysts

        with self._write() as conn:
            return analysts.merge(
                conn, self.taxonomy, self._stamp(f"merge into {target}"), target, others, reason
            )

    def split_event(self, event_id: str, refs: Sequence[str], reason: str | None) -> str:
        """Split these members off an event into a new one; returns the new event's id."""
        from ceasewatch.workspace import analysts

        with self._write() as conn:
            return analysts.split(
                conn, self.taxonomy, self._stamp(f"split {event_id}"), event_id, refs, reason
            )

    def verify_event(
        self, event_id: str, status: str, reason: str | None, evidence: Sequence[str] = ()
    ) -> str:
        """Record an analyst's decision (verified, disputed, refuted) on an event."""
        from ceasewatch.workspace import analysts

        with self._write() as conn:
            return analysts.verify(
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
        from ceasewatch.workspace import dossiers

        with self._read(snapshot=True) as conn:
            return dossiers.dossier(conn, self.taxonomy, event_id)

    def grade_source(self, source_id: str, reliability: str, reason: str | None) -> tuple[str, str]:
        """Change a source's reliability grade (A-F), with a reason; returns old and new."""
        from ceasewatch.workspace import analysts

        with self._write() as conn:
            old, new = analysts.grade_source(
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
        from ceasewatch.workspace import analysts

        with self._write() as conn:
            analysts.protect_source(
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
        from ceasewatch.workspace import dossiers

        with self._read() as conn:
            return dossiers.source_dossier(conn, source_id)

    def sources(self) -> list[Source]:
        with self._read() as conn:
            return texts_repo.list_sources(conn)
