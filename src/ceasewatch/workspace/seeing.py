"""What each role may see of the record: the views the API and the pages answer from, and
the ledger's sizes their answers are kept under."""

from __future__ import annotations

from typing import Any, Literal

import orjson

from ceasewatch.errors import NotFound, Unauthorized
from ceasewatch.model.access import ANONYMOUS, User
from ceasewatch.model.query import EventQuery
from ceasewatch.store import events as event_repo
from ceasewatch.store import findings as findings_repo
from ceasewatch.store import texts as texts_repo
from ceasewatch.workspace import writing
from ceasewatch.workspace.base import _WATCH_LOCK, Base


class Seeing(Base):
    """The record as a role may see it, redacted in one step (workspace/views.py)."""

    def source_view(self, user: User, source_id: str) -> dict[str, Any]:
        """A source's dossier as the user may see it: a protected one not at all below
        the analyst, a protected parent or origin withheld."""
        from ceasewatch.workspace import dossiers, views

        with self._read() as conn:
            hide = self.redactions.hider(user, conn)
            if hide.is_protected(source_id):
                raise NotFound("source", source_id)
            return views.shown(dossiers.source_dossier(conn, source_id), hide)  # type: ignore[no-any-return]

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
        shown = views.events_out(found, hide, boxed=query.bbox is not None, words=query.words)
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
        from ceasewatch.workspace import dossiers, views

        with self._read(snapshot=True) as conn:
            e = event_repo.get_event(conn, event_id)
            if e is None or not views.event_visible(user, e):
                raise NotFound("event", event_id)
            d = dossiers.dossier(conn, self.taxonomy, event_id)
            return views.shown(d, self.redactions.hider(user, conn))  # type: ignore[no-any-return]

    def findings_view(self, user: User, agreement_id: str | None = None) -> list[dict[str, Any]]:
        from ceasewatch.workspace import views

        with self._read() as conn:
            found = findings_repo.list_findings(conn, agreement_id)
            hide = self.redactions.hider(user, conn)
            return [views.finding_out(f, hide) for f in found if views.finding_visible(user, f)]

    def sources_view(self, user: User) -> list[dict[str, Any]]:
        from ceasewatch.assess.grading import source_origins
        from ceasewatch.workspace import views

        with self._read() as conn:
            found = texts_repo.list_sources(conn)
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
            docs = texts_repo.list_documents(conn)
            hide = self.redactions.hider(user, conn)
        return views.documents_out(user, docs, hide)

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
