"""The findings as stored: what the rules found against an agreement, kept and revised
by each assessment."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from sqlalchemy import Connection, select

from ceasewatch.model import Finding, FindingStatus, Severity, TimePrecision, TimeSpan
from ceasewatch.store.records import _json
from ceasewatch.store.schema import findings


def finding_row(f: Finding) -> dict[str, Any]:
    return {
        "id": f.id,
        "agreement_id": f.agreement or "",
        "rule_id": f.rule_id,
        "rule_version": f.rule_version,
        "subject": f.subject,
        "party": f.party,
        "period_start": f.period.start.isoformat() if f.period.start else None,
        "period_end": f.period.end.isoformat() if f.period.end else None,
        "severity": f.severity.value,
        "status": f.status.value,
        "summary": f.summary,
        "evidence": _json(list(f.evidence)),
    }


def row_finding(r: Any) -> Finding:
    start = date.fromisoformat(r.period_start) if r.period_start else None
    end = date.fromisoformat(r.period_end) if r.period_end else None
    return Finding(
        id=r.id,
        rule_id=r.rule_id,
        rule_version=r.rule_version,
        subject=r.subject,
        party=r.party,
        period=TimeSpan(start, end, TimePrecision.DAY if start else TimePrecision.UNKNOWN),
        severity=Severity(r.severity),
        status=FindingStatus(r.status),
        summary=r.summary,
        evidence=tuple(orjson.loads(r.evidence)),
        agreement=r.agreement_id,
    )


def list_findings(conn: Connection, agreement_id: str | None = None) -> list[Finding]:
    # NULLs first on both databases (SQLite and PostgreSQL differ by default)
    q = select(findings).order_by(findings.c.period_start.nulls_first(), findings.c.id)
    if agreement_id is not None:
        q = q.where(findings.c.agreement_id == agreement_id)
    return [row_finding(r) for r in conn.execute(q)]


def get_finding(conn: Connection, finding_id: str) -> Finding | None:
    row = conn.execute(select(findings).where(findings.c.id == finding_id)).first()
    return None if row is None else row_finding(row)


def update_finding(conn: Connection, row: dict[str, Any]) -> None:
    conn.execute(findings.update().where(findings.c.id == row["id"]).values(**row))


def delete_finding(conn: Connection, finding_id: str) -> None:
    conn.execute(findings.delete().where(findings.c.id == finding_id))
