"""What changed between the findings stored and those a new run gives, and why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ceasewatch.model import Finding


@dataclass
class Changes:
    added: list[Finding] = field(default_factory=list)
    changed: list[tuple[Finding, Finding, list[str]]] = field(default_factory=list)
    removed: list[Finding] = field(default_factory=list)
    unchanged: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def reasons(old: Finding, new: Finding) -> list[str]:
    """Why a finding with the same id differs from the one stored."""
    out = []
    if old.rule_version != new.rule_version:
        out.append(f"rule version {old.rule_version} -> {new.rule_version}")
    if old.status != new.status:
        out.append(f"status {old.status.value} -> {new.status.value}")
    if old.severity != new.severity:
        out.append(f"severity {old.severity.value} -> {new.severity.value}")
    gained = sorted(set(new.evidence) - set(old.evidence))
    lost = sorted(set(old.evidence) - set(new.evidence))
    if gained:
        out.append("new evidence " + ", ".join(gained))
    if lost:
        out.append("evidence gone " + ", ".join(lost))
    if (old.period.start, old.period.end) != (new.period.start, new.period.end):
        out.append(
            f"period {old.period.start}..{old.period.end} -> {new.period.start}..{new.period.end}"
        )
    if (old.subject, old.party) != (new.subject, new.party):
        out.append(f"subject/party {old.subject}/{old.party} -> {new.subject}/{new.party}")
    if not out and old.summary != new.summary:
        out.append("summary reworded")
    return out


def compare(stored: Sequence[Finding], fresh: Sequence[Finding], removable: set[str]) -> Changes:
    """*removable*: ids of stored findings this run could have produced again; the others
    (another period, a rule that failed this time) are left alone."""
    changes = Changes()
    old = {f.id: f for f in stored}
    for f in fresh:
        before = old.pop(f.id, None)
        if before is None:
            changes.added.append(f)
            continue
        why = reasons(before, f)
        if why:
            changes.changed.append((before, f, why))
        else:
            changes.unchanged += 1
    changes.removed = [f for fid, f in sorted(old.items()) if fid in removable]
    return changes
