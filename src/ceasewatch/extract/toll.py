"""An incident's toll told in the sentence after it.

"Units opened fire on our positions. As a result, one serviceman was killed." tells one
incident, not two: the second sentence gives the first one's dead and wounded. A sentence
that opens as the consequence of the one before ("as a result", «в результате»), or one
that only counts the dead and wounded, with no date or place of its own, right after a
sentence that told a violent incident, adds its counts to that incident's claim instead of
making a violent claim of its own (the field's datasets code one event per incident).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ceasewatch.extract.claims import count
from ceasewatch.extract.hits import VIOLENT

if TYPE_CHECKING:
    from ceasewatch.extract.pipeline import _Sentence, _State


def fold_toll(state: _State, before: int, info: _Sentence) -> None:
    """Fold the violent claims made from *info* (``state.claims[before:]``) into the claim
    of the sentence before, when *info* tells that one's toll."""
    if not before or not state.read:
        return
    last = state.read[-1][0]  # where the sentence before starts
    at = before - 1
    while at >= 0 and state.claims[at].span[0] >= last:
        if state.claims[at].family in VIOLENT:
            break
        at -= 1
    else:
        return  # the sentence before told no violent incident
    lx = state.lx
    killed = count(lx, "killed", info.text)
    wounded = count(lx, "wounded", info.text)
    if killed is None and wounded is None:
        return
    previous = state.claims[at]
    consequence = bool(lx.cues.consequence.search(info.text))
    if not consequence and (info.found is not None or info.places):
        return  # a date or a place of its own: an incident of its own
    state.claims[at] = replace(
        previous,
        killed=previous.killed if previous.killed is not None else killed,
        wounded=previous.wounded if previous.wounded is not None else wounded,
        basis=(*previous.basis, "toll: the dead and wounded of the next sentence"),
    )
    state.claims[before:] = [c for c in state.claims[before:] if c.family not in VIOLENT]
