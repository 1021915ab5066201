"""What changed between the findings stored and those a new run gives, and why."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

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


def _keep_ids(stored: Sequence[Finding], fresh: Sequence[Finding]) -> list[Finding]:
    """A fresh finding whose id is new but which shares evidence with a stored finding of
    the same rule, party and subject (which no fresh finding keeps) is that finding, grown
    or shrunk: it keeps the stored id, so that the change is an update, not a withdrawal
    and a new finding."""
    fresh_ids = {f.id for f in fresh}
    stored_ids = {s.id for s in stored}
    # the orphans by (rule, party, subject), each list in the stored order: a fresh
    # finding looks only among its own kind (a scan of every orphan for each fresh
    # finding made a second run over a million events take hours)
    orphans: dict[tuple[str, str | None, str], list[Finding]] = defaultdict(list)
    for s in stored:
        if s.id not in fresh_ids:
            orphans[s.rule_id, s.party, s.subject].append(s)
    out = []
    for f in fresh:
        if f.id not in stored_ids:
            kin = orphans.get((f.rule_id, f.party, f.subject))
            if kin:
                evidence = set(f.evidence)
                match = next((s for s in kin if evidence.intersection(s.evidence)), None)
                if match is not None:
                    kin.remove(match)
                    f = replace(f, id=match.id)
        out.append(f)
    return out


def compare(stored: Sequence[Finding], fresh: Sequence[Finding], removable: set[str]) -> Changes:
    """*removable*: ids of stored findings this run could have produced again; the others
    (another period, a rule that failed this time) are left alone."""
    changes = Changes()
    old = {f.id: f for f in stored}
    fresh = _keep_ids(stored, fresh)
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
