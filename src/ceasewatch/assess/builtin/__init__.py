"""The built-in compliance rules, one module per rule or family of rules, and their
registry (``builtin_rules``).

Each rule reads only the agreement's data (obligation kinds, zones and their kinds,
restrictions, missions and their mandates) and the evidence; none names a party, a
place or a conflict. See docs/assess.md for what each one judges and how.
"""

from __future__ import annotations

from ceasewatch.assess.builtin.ceasefire import CeasefireViolation
from ceasewatch.assess.builtin.corridors import CorridorMovement
from ceasewatch.assess.builtin.deadlines import Deadlines
from ceasewatch.assess.builtin.missions import MissionMandate, MissionStrength
from ceasewatch.assess.builtin.obstruction import Obstruction
from ceasewatch.assess.builtin.restrictions import ProhibitedCargo, RestrictedActivity
from ceasewatch.assess.rules import Rule

__all__ = [
    "CeasefireViolation",
    "CorridorMovement",
    "Deadlines",
    "MissionMandate",
    "MissionStrength",
    "Obstruction",
    "ProhibitedCargo",
    "RestrictedActivity",
    "builtin_rules",
]


def builtin_rules() -> list[Rule]:
    """The built-in rules, in the order they run."""
    return [
        CeasefireViolation(),
        CorridorMovement(),
        ProhibitedCargo(),
        RestrictedActivity(),
        Obstruction(),
        Deadlines(),
        MissionMandate(),
        MissionStrength(),
    ]
