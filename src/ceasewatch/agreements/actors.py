"""Dataset actor names read as the agreement's parties and missions.

The field's datasets name actors their own way: ACLED writes "Military Forces of
Eastland (2003-)", "Police Forces of X (2019-)", "Protesters (X)"; UCDP writes
"Government of X". An agreement maps such names to its parties and missions in three
layers, the first that matches wins:

1. the file's own ``actors`` list, in order: exact names, then patterns with ``*``;
2. each party's and mission's name and aliases, as exact names (case aside);
3. the conventions of ACLED and UCDP, from each party's ``country`` (or its name): a
   country claimed by two parties gives no default, since a name cannot tell them apart.

Nothing here names a conflict; it all comes from the agreement's data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ceasewatch.model.agreement import Agreement

# ACLED's and UCDP's ways to name the forces, police and people of a country; {c} is the
# country. A qualifier after the years ("... (2017-) Northern Command") names a
# faction, so it is not matched: such names need an entry of their own.
CONVENTIONS = (
    r"military forces of {c} \(\d{{4}}-(?:\d{{4}})?\)",
    r"police forces of {c} \(\d{{4}}-(?:\d{{4}})?\)",
    r"protesters \({c}\)",
    r"rioters \({c}\)",
    r"civilians \({c}\)",
    r"government of {c}",
)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What a dataset actor is: a party, or a mission (with its contributing party, if the
    contributor is a party of the agreement)."""

    party: str | None
    mission: str | None = None


def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(p) for p in pattern.casefold().split("*")) + r"\Z")


class ActorMap:
    def __init__(self, agreement: Agreement) -> None:
        parties = {p.id for p in agreement.parties}
        self._exact: dict[str, Resolved] = {}
        self._patterns: list[tuple[re.Pattern[str], Resolved]] = []

        def resolved_mission(mid: str) -> Resolved:
            m = agreement.mission(mid)
            return Resolved(m.contributor if m.contributor in parties else None, m.id)

        for x in agreement.actors:
            r = resolved_mission(x.mission) if x.mission else Resolved(x.party)
            if "*" in x.name:
                self._patterns.append((_glob(x.name), r))
            else:
                self._exact.setdefault(x.name.casefold(), r)
        for p in agreement.parties:
            for name in (p.name, *p.aliases):
                if "*" not in name:
                    self._exact.setdefault(name.casefold(), Resolved(p.id))
        for m in agreement.missions:
            for name in (m.name, m.id, *m.aliases):
                if "*" not in name:
                    self._exact.setdefault(name.casefold(), resolved_mission(m.id))
        countries: dict[str, set[str]] = {}
        for p in agreement.parties:
            countries.setdefault((p.country or p.name).casefold(), set()).add(p.id)
        conventions = []
        for country, ids in countries.items():
            if len(ids) == 1:
                c = re.escape(country)
                party = next(iter(ids))
                conventions += [
                    (re.compile(t.format(c=c) + r"\Z"), Resolved(party)) for t in CONVENTIONS
                ]
        self._conventions = conventions
        self._memo: dict[str, Resolved | None] = {}

    def resolve(self, name: str | None) -> Resolved | None:
        """The party or mission a dataset actor name stands for, or None."""
        if not name:
            return None
        if name in self._memo:
            return self._memo[name]
        key = " ".join(name.split()).casefold()
        found = self._exact.get(key)
        if found is None:
            found = next((r for p, r in self._patterns if p.match(key)), None)
        if found is None:
            found = next((r for p, r in self._conventions if p.match(key)), None)
        if len(self._memo) < 100_000:
            self._memo[name] = found
        return found


_MAPS: dict[int, tuple[Agreement, ActorMap]] = {}


def actor_map(agreement: Agreement) -> ActorMap:
    """The map of an agreement, built once per agreement object."""
    found = _MAPS.get(id(agreement))
    if found is None or found[0] is not agreement:
        if len(_MAPS) >= 16:
            _MAPS.clear()
        found = _MAPS[id(agreement)] = (agreement, ActorMap(agreement))
    return found[1]
