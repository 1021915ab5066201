"""The Workspace's judgement of the record: the rules run against each agreement
(``assessing.py``), the findings and scorecards they give, and the situation reports
made of them over a signed tree head (``reporting.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any

from ceasewatch.errors import InvalidInput, NotFound
from ceasewatch.model import Finding
from ceasewatch.model.access import User
from ceasewatch.store import findings as findings_repo
from ceasewatch.workspace import ledgering
from ceasewatch.workspace.agreeing import Agreeing
from ceasewatch.workspace.steps import Step

if TYPE_CHECKING:
    from ceasewatch.assess.evidence import Item
    from ceasewatch.assess.rules import Rule
    from ceasewatch.workspace import assessing


class Judging(Agreeing):
    """Findings against the agreements, and the reports that present them."""

    if TYPE_CHECKING:

        def ledger_key(self) -> ledgering.Key: ...

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
        agreements = self._agreements_to_assess(agreement_id)
        with self._read() as conn:
            items, _ = assessing.evidence(conn, self.taxonomy, agreements) if mission else ([], {})
            if user is not None and not views.sees_unpublished(user):
                items = [i for i in items if i.kind == "event" and views.published(i.status)]
            for a in agreements:
                found = findings_repo.list_findings(conn, a.id)
                if user is not None:
                    found = [f for f in found if views.finding_visible(user, f)]
                out.append(assessing.scorecard_json(found, items, a, party, mission))
            if user is not None:
                out = views.shown(out, self.redactions.hider(user, conn))
        return out

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
