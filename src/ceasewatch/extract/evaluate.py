"""Scoring the extractor against the annotated evaluation set (docs/extract-eval.md)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from ceasewatch.errors import SchemaError
from ceasewatch.extract.gazetteer import Gazetteer
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.formats.yamltext import load_yaml
from ceasewatch.model import ActorRole, Claim, Family
from ceasewatch.model.agreement import Agreement

PARTS = ("tune", "held", "ru")  # ru: Russian passages, never trained on
FIELDS = (
    "family",
    "event_type",
    "status",
    "place_25km",
    "exact_day",
    "claimant",
    "perpetrator",
    "killed",
    "wounded",
)


@dataclass
class Scores:
    passages: int = 0
    events: int = 0
    claims: int = 0
    matched: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    asked: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.claims if self.claims else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.events if self.events else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        return self.right[name] / self.asked[name] if self.asked[name] else 1.0

    def figures(self) -> dict[str, float]:
        out = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        out.update({name: self.accuracy(name) for name in FIELDS})
        return {k: round(v, 3) for k, v in out.items()}


def load_part(part: str) -> list[dict[str, Any]]:
    """The passages of one part of the bundled evaluation set."""
    if part not in PARTS:
        raise SchemaError(f"evaluation part {part!r}: expected one of {', '.join(PARTS)}")
    name = f"evalset/{part}.jsonl"
    text = resources.files("ceasewatch.extract").joinpath(name).read_text("utf-8")
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                out.append(json.loads(line))
            except ValueError as exc:
                raise SchemaError(f"{name}:{n}: not a JSON object ({exc})") from None
    return out


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _pair(
    gold: list[Mapping[str, Any]], claims: list[Claim], text: str
) -> list[tuple[Mapping[str, Any], Claim]]:
    """Match annotated events to claims one to one: the claim's sentence holds the quote."""
    pairs = []
    free = list(claims)
    for preference in ("event_type", "family", None):
        for event in list(gold):
            at = text.find(event["quote"])
            candidates = [
                c for c in free if c.span[0] <= at and at + len(event["quote"]) <= c.span[1]
            ]
            if preference == "event_type":
                candidates = [c for c in candidates if c.type_code == event["event_type"]]
            elif preference == "family":
                candidates = [c for c in candidates if c.family.value == event["family"]]
            if candidates:
                pairs.append((event, candidates[0]))
                free.remove(candidates[0])
                gold.remove(event)
    return pairs


def score(
    extractor: Extractor, passages: Iterable[Mapping[str, Any]], gazetteer: Gazetteer
) -> Scores:
    s = Scores()
    for p in passages:
        published = date.fromisoformat(p["published"])
        claims = extractor.extract(p["id"], p["text"], published, p.get("source"))
        s.passages += 1
        s.events += len(p["events"])
        s.claims += len(claims)
        gold = list(p["events"])
        pairs = _pair(gold, claims, p["text"])
        s.matched += len(pairs)
        for event in gold:
            s.misses.append(f"{p['id']} missed {event['event_type']}: {event['quote']!r}")
        matched_claims = {id(c) for _, c in pairs}
        for c in claims:
            if id(c) not in matched_claims:
                s.misses.append(f"{p['id']} extra {c.type_code}: {c.text[:90]!r}")
        for event, claim in pairs:
            _fields(s, p["id"], event, claim, gazetteer)
    return s


def _check(s: Scores, name: str, ok: bool, pid: str, detail: str) -> None:
    s.asked[name] += 1
    if ok:
        s.right[name] += 1
    else:
        s.misses.append(f"{pid} {name}: {detail}")


def _fields(
    s: Scores, pid: str, event: Mapping[str, Any], claim: Claim, gazetteer: Gazetteer
) -> None:
    quote = event["quote"]
    _check(
        s,
        "family",
        claim.family.value == event["family"],
        pid,
        f"{claim.family.value} for {event['family']} ({quote!r})",
    )
    _check(
        s,
        "event_type",
        claim.type_code == event["event_type"],
        pid,
        f"{claim.type_code} for {event['event_type']} ({quote!r})",
    )
    _check(
        s,
        "status",
        claim.status.value == event["status"],
        pid,
        f"{claim.status.value} for {event['status']} ({quote!r})",
    )
    if event.get("place"):
        entry = gazetteer.get(event["place"])
        got = next((p for p in claim.places if p.lat is not None), None)
        ok = bool(
            got is not None
            and entry.lat is not None
            and entry.lon is not None
            and got.lon is not None
            and got.lat is not None
            and _km(got.lat, got.lon, entry.lat, entry.lon) <= 25.0
        )
        _check(
            s,
            "place_25km",
            ok,
            pid,
            f"{got.name if got else None} for {event['place']} ({quote!r})",
        )
    d = event["date"]
    if d["precision"] == "day":
        when = claim.when
        ok = bool(
            when is not None
            and when.start is not None
            and when.start.isoformat() == d["start"]
            and when.end is not None
            and when.end.isoformat() == d["end"]
        )
        _check(
            s,
            "exact_day",
            ok,
            pid,
            f"{when.start if when else None}..{when.end if when else None} for {d['start']}"
            f" ({quote!r})",
        )
    _check(
        s,
        "claimant",
        claim.claimant == event.get("claimant"),
        pid,
        f"{claim.claimant} for {event.get('claimant')} ({quote!r})",
    )
    # who did it: for the mission's own work, the mission (its contributor) takes part in
    # it rather than perpetrates it, as tools/eval_real.py --roles counts it too
    doers = {ActorRole.PERPETRATOR}
    if claim.family is Family.MISSION_ACTIVITY:
        doers.add(ActorRole.PARTICIPANT)
    perpetrator = next((a.party for a in claim.actors if a.role in doers and a.party), None)
    _check(
        s,
        "perpetrator",
        perpetrator == event.get("perpetrator"),
        pid,
        f"{perpetrator} for {event.get('perpetrator')} ({quote!r})",
    )
    _check(
        s,
        "killed",
        claim.killed == event.get("killed"),
        pid,
        f"{claim.killed} for {event.get('killed')} ({quote!r})",
    )
    _check(
        s,
        "wounded",
        claim.wounded == event.get("wounded"),
        pid,
        f"{claim.wounded} for {event.get('wounded')} ({quote!r})",
    )


def evalset_agreement() -> Agreement:
    """The bundled agreement the written set is about (``evalset/manifest.yaml``)."""
    from ceasewatch.agreements.bundled import bundled

    text = (
        resources.files("ceasewatch.extract").joinpath("evalset/manifest.yaml").read_text("utf-8")
    )
    return bundled(str(load_yaml(text, "evalset/manifest.yaml")["agreement"]))


def evaluate_parts(parts: Iterable[str], extractor: Extractor | None = None) -> dict[str, Scores]:
    """Scores of the extractor (by default, for the set's agreement) on each part."""
    from ceasewatch.extract.places import places_for

    agreement = evalset_agreement()
    extractor = extractor or Extractor(agreement)
    return {p: score(extractor, load_part(p), places_for(agreement)) for p in parts}


def levels() -> dict[str, dict[str, float]]:
    text = resources.files("ceasewatch.extract").joinpath("evalset/levels.json").read_text("utf-8")
    found: dict[str, dict[str, float]] = json.loads(text)
    return found


# how far a figure may fall below its recorded level: a change that serves real text
# may cost the written set a little, never more
TOLERANCE = 0.02


def below_levels(results: Mapping[str, Scores]) -> list[str]:
    """Each figure that fell more than ``TOLERANCE`` below the level recorded for its
    part."""
    out = []
    recorded = levels()
    for part, s in results.items():
        figures = s.figures()
        for name, level in recorded.get(part, {}).items():
            if figures[name] < level - TOLERANCE - 1e-9:
                out.append(f"{part} {name} {figures[name]:.3f} < {level:.3f}")
    return out
