"""What the workspace publishes to everyone: downloads of the events a filter finds and
the public edition of the situation reports (docs/web.md, docs/report.md).

Downloads come in the formats of the ``export`` command (ACLED CSV, GeoJSON, KML): what
the map and list pages' buttons and the API's ``/api/events.csv|.geojson|.kml`` answer.
The public downloads the published events only; below the analyst, protected sources,
their posts, places and records are withheld as in every other answer; a query by box
leaves out an event whose place is withheld, as the event list does.

The public's reports are kept, the last few, under the ledger's size: anyone may ask for
one, and a report asked for again of the same record is not laid out again.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ceasewatch.errors import InvalidInput
from ceasewatch.ingest import exports
from ceasewatch.model import Event, Family, VerificationStatus
from ceasewatch.model.access import PUBLISHED_EVENTS, Role, User
from ceasewatch.model.query import EventQuery
from ceasewatch.model.redact import Protected
from ceasewatch.store import events as event_repo
from ceasewatch.workspace import views
from ceasewatch.workspace.base import Base

MAX_DOWNLOAD = 100_000  # events in one download
KEPT_REPORTS = 16  # the public's reports kept, the last asked for
# the findings list's downloads: suffix -> media type
FINDING_DOWNLOADS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
FINDING_COLUMNS = (
    "id", "agreement", "rule", "rule_version", "provision", "party", "period_start",
    "period_end", "severity", "status", "summary", "evidence",
)  # fmt: skip
# suffix -> (export format, media type)
DOWNLOADS = {
    "csv": ("acled", "text/csv; charset=utf-8"),
    "geojson": ("geojson", "application/geo+json"),
    "kml": ("kml", "application/vnd.google-earth.kml+xml"),
}


@dataclass(frozen=True, slots=True)
class Download:
    text: str
    count: int
    media_type: str
    filename: str
    complete: bool  # False when the limit cut it short


def _shown(
    found: Iterator[Event], hide: Protected, boxed: bool, words: tuple[str, ...]
) -> Iterator[Event]:
    """The events as they may leave, by the rules of the event list (views.events_out):
    no box finds where a protected post stands, and no word finds what is withheld."""
    for e in found:
        out = hide.event(e)
        if boxed and e.where.lat is not None and out.where.lat is None:
            continue
        if words and not views.shows_words(views.event_out(e, hide), words):
            continue
        yield out


class KeptReports:
    """The public's last reports, by what was asked and the ledger's size."""

    def __init__(self) -> None:
        self._kept: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...], make: Callable[[], bytes]) -> bytes:
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        made = make()
        with self._lock:
            self._kept[key] = made
            while len(self._kept) > KEPT_REPORTS:
                self._kept.popitem(last=False)
        return made


class Publishing(Base):
    """The events a filter finds, as a download; the public's reports."""

    _kept_reports: KeptReports
    if TYPE_CHECKING:

        def ledger_size(self) -> int: ...

        def agreements(self) -> list[Any]: ...

        def finding_list(
            self,
            user: User,
            agreement_id: str | None = None,
            party: str | None = None,
            status: str | None = None,
            rule: str | None = None,
        ) -> dict[str, Any]: ...

        def report(
            self,
            start: date,
            end: date,
            fmt: str = "html",
            agreement_id: str | None = None,
            cutoff: time | None = None,
            public: bool = False,
        ) -> bytes: ...

    def public_report(
        self,
        start: date,
        end: date,
        fmt: str = "html",
        agreement_id: str | None = None,
        cutoff: time | None = None,
    ) -> bytes:
        """The public edition of a report (``report`` with ``public``): made once for a
        state of the record, then given again as it was made."""
        key = (start, end, fmt, agreement_id, cutoff, self.ledger_size())
        return self._kept_reports.get(
            key, lambda: self.report(start, end, fmt, agreement_id, cutoff, public=True)
        )

    def feed(
        self,
        zone: str | None = None,
        families: tuple[Family, ...] = (),
        party: str | None = None,
        base: str = "",
        agreement_id: str | None = None,
    ) -> str:
        """The public's Atom feed of the newest published events and findings, of one
        zone of the agreement, some families and a party (workspace/feeds.py); *base*
        is the site's address, for the entries' links."""
        from ceasewatch.report.atom import feed
        from ceasewatch.workspace import feeds

        stored = [s.agreement for s in self.agreements()]
        agreement = (
            next((a for a in stored if a.id == agreement_id), None) if agreement_id else None
        )
        if agreement_id and agreement is None:
            raise InvalidInput(f"no stored agreement {agreement_id!r}", field="agreement")
        agreement = agreement or (stored[0] if stored else None)
        wanted = feeds.FeedFilter(zone or None, families, party or None)
        with self._read(snapshot=True) as conn:
            entries = feeds.entries(conn, self.taxonomy, agreement, wanted, base)
        query = urlencode(
            [("zone", zone)] * bool(zone)
            + [("family", f.value) for f in families]
            + [("party", party)] * bool(party)
        )
        this = f"{base}/api/feed.atom" + (f"?{query}" if query else "")
        title = f"ceasewatch: new events and findings ({wanted.describe()})"
        return feed(this, title, this, f"{base}/", entries)  # its own address as its id

    def events_download(self, user: User, suffix: str, query: EventQuery) -> Download:
        """The events *query* finds (its ``limit``, at most ``MAX_DOWNLOAD``, caps them)
        as *user* may see them, in the format of *suffix*: csv (ACLED), geojson or kml."""
        if suffix not in DOWNLOADS:
            raise InvalidInput(
                f"unknown download {suffix!r}; expected one of {', '.join(DOWNLOADS)}",
                field="format",
            )
        fmt, media = DOWNLOADS[suffix]
        limit = min(query.limit or MAX_DOWNLOAD, MAX_DOWNLOAD)
        nothing = False
        if user.role <= Role.PUBLIC:  # the published events only
            published = tuple(VerificationStatus(s) for s in PUBLISHED_EVENTS)
            wanted = tuple(s for s in query.statuses if s in published)
            nothing = bool(query.statuses) and not wanted
            query = replace(query, statuses=wanted or published)
        query = replace(query, limit=None)
        buf = io.StringIO()
        with self._read(snapshot=True) as conn:
            hide = self.redactions.hider(user, conn)
            found = iter(()) if nothing else event_repo.iter_events(conn, query)
            shown = _shown(found, hide, query.bbox is not None, query.words)
            taken = _first(shown, limit + 1)
            count = exports.write(buf, fmt, iter(taken[:limit]), self.taxonomy)
        return Download(
            buf.getvalue(),
            count,
            media,
            f"ceasewatch-events.{'acled.csv' if suffix == 'csv' else suffix}",
            len(taken) <= limit,
        )

    def findings_download(
        self,
        user: User,
        suffix: str,
        agreement_id: str | None = None,
        party: str | None = None,
        status: str | None = None,
        rule: str | None = None,
    ) -> Download:
        """The findings the findings list shows *user* for these filters (``finding_list``:
        the published ones to the public, protected sources withheld), as CSV (one row a
        finding, its evidence refs separated by spaces) or JSON (a list, as the API's)."""
        if suffix not in FINDING_DOWNLOADS:
            raise InvalidInput(
                f"unknown download {suffix!r}; expected one of {', '.join(FINDING_DOWNLOADS)}",
                field="format",
            )
        found = self.finding_list(user, agreement_id, party, status, rule)["findings"]
        if suffix == "json":
            import orjson

            text = orjson.dumps(found).decode("utf-8")
        else:
            text = _findings_csv(found)
        return Download(
            text, len(found), FINDING_DOWNLOADS[suffix], f"ceasewatch-findings.{suffix}", True
        )


def _findings_csv(found: list[dict[str, Any]]) -> str:
    import csv

    from ceasewatch.formats.csvtext import spreadsheet_safe

    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\r\n")
    out.writerow(FINDING_COLUMNS)
    for f in found:
        row = {
            **f,
            "period_start": f["period"]["start"],
            "period_end": f["period"]["end"],
            "evidence": " ".join(f["evidence"]),
        }
        out.writerow(
            ["" if row[c] is None else spreadsheet_safe(str(row[c])) for c in FINDING_COLUMNS]
        )
    return buf.getvalue()


def _first(items: Iterator[Event], n: int) -> list[Event]:
    out: list[Event] = []
    for e in items:
        out.append(e)
        if len(out) >= n:
            break
    return out
