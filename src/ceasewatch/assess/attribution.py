"""Records that name their actors in a dataset's own words, read as the agreement's parties.

An event imported from ACLED or UCDP names "Military Forces of X (2003-)", not a party.
``attribute`` looks every such name up in the agreement's actor map
(``agreements/actors.py``) and files the party by the role the name plays: in a record of
fire, clashes, attacks, obstruction or mines the first side acts and the second is acted
on; in any other record (aid, a protest, an agreement, a patrol) both sides take part. A
name that stands for the mission adds the mission's id to those taking part, and its
contributor (a party) where the role puts it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from ceasewatch.agreements.actors import actor_map
from ceasewatch.assess.evidence import Item
from ceasewatch.model import ActorRole, Family, Taxonomy, default_taxonomy
from ceasewatch.model.agreement import Agreement

# families whose first side does something to the second
ACTING = frozenset(
    {
        Family.CEASEFIRE_VIOLATION,
        Family.ARMED_CLASH,
        Family.VIOLENCE_AGAINST_CIVILIANS,
        Family.OBSTRUCTION,
        Family.MINE_INCIDENT,
        Family.ILLICIT_TRANSFER,
        Family.DETENTION,
    }
)
_FIRST = {ActorRole.SIDE_A.value, ActorRole.ASSOCIATED_A.value, ActorRole.PERPETRATOR.value}
_SECOND = {ActorRole.SIDE_B.value, ActorRole.ASSOCIATED_B.value, ActorRole.TARGET.value}


# types a dataset row gets when its coding says little; once its actor is known to be the
# mission, its notes are read again with the mission's own activities in view
_VAGUE = frozenset({"other.strategic", "other.change_to_group"})


def attribute(
    items: Iterable[Item],
    agreement: Agreement,
    taxonomy: Taxonomy | None = None,
    mission_notes: Callable[[str], str | None] | None = None,
) -> list[Item]:
    """The items, with the parties their unnamed actors stand for filled in. A vaguely
    typed record of the mission is typed again by *mission_notes* (its notes -> an event
    type, read as the mission's; the workspace passes the extractor's notes reader)."""
    actors = actor_map(agreement)
    taxonomy = taxonomy or default_taxonomy()
    out = []
    for i in items:
        if not i.unnamed:
            out.append(i)
            continue
        if (
            mission_notes is not None
            and i.type_code in _VAGUE
            and i.text
            and any((r := actors.resolve(name)) is not None and r.mission for name, _ in i.unnamed)
        ):
            code = mission_notes(i.text)
            if code is not None:
                i = replace(i, type_code=code, family=taxonomy.types[code].family)
        perpetrators, targets, taking_part = (
            list(i.perpetrators),
            list(i.targets),
            list(i.participants),
        )
        acting = i.family in ACTING
        for name, role in i.unnamed:
            found = actors.resolve(name)
            if found is None:
                continue
            if found.mission is not None and found.mission not in taking_part:
                taking_part.append(found.mission)
            party = found.party
            if party is None:
                continue
            if acting and role in _FIRST:
                bucket = perpetrators
            elif acting and role in _SECOND:
                bucket = targets
            else:
                bucket = taking_part
            if party not in bucket:
                bucket.append(party)
        out.append(
            replace(
                i,
                perpetrators=tuple(perpetrators),
                targets=tuple(targets),
                participants=tuple(taking_part),
            )
        )
    return out
