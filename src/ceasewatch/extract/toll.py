"""An incident's toll told in a sentence after it.

"Units opened fire on our positions. As a result, one serviceman was killed." tells one
incident, not two: the second sentence gives the first one's dead and wounded. A sentence
that opens as the consequence of what was told before ("as a result", «в результате»: of
the last violent incident of the three sentences before), or one that only counts the dead
and wounded, with no date or place of its own, right after a sentence that told a violent
incident, adds its counts to that incident's claim instead of making a violent claim of its
own (the field's datasets code one event per incident).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ceasewatch.extract.claims import VIOLENT, count
from ceasewatch.model import ClaimStatus

if TYPE_CHECKING:
    from ceasewatch.extract.state import ReadState, SentenceRead

_BACK = 3  # the sentences an "as a result" may look back over for its incident
_NOT_HAPPENED = frozenset({ClaimStatus.DENIED, ClaimStatus.SPECULATIVE})


def fold_toll(state: ReadState, before: int, info: SentenceRead) -> None:
    """Fold the violent claims made from *info* (``state.claims[before:]``) into the claim
    of the incident before, when *info* tells that incident's toll."""
    if not before or not state.read:
        return
    lx = state.lx
    consequence = bool(lx.cues.consequence.search(info.text))
    # where the incident may be told: the sentence before; for "as a result", the three
    # before (the incident and the sentences that tell how it went)
    back = min(len(state.read), _BACK if consequence else 1)
    last = state.read[-back][0]
    # the incident is told in the last sentence that told anything; a toll is of what
    # happened, not of what is denied or still to come
    told = state.claims[before - 1].span[0]
    if told < last:
        return  # nothing told in the sentences before
    at = next(
        (
            i
            for i in range(before - 1, -1, -1)
            if state.claims[i].span[0] == told
            and state.claims[i].family in VIOLENT
            and state.claims[i].status not in _NOT_HAPPENED
        ),
        None,
    )
    if at is None:
        return
    if not consequence and (info.found is not None or info.places):
        return  # a date or a place of its own: an incident of its own
    killed = count(lx, "killed", info.text)
    wounded = count(lx, "wounded", info.text)
    if killed is None and wounded is None:
        return
    previous = state.claims[at]
    state.claims[at] = replace(
        previous,
        killed=previous.killed if previous.killed is not None else killed,
        wounded=previous.wounded if previous.wounded is not None else wounded,
        basis=(*previous.basis, "toll: the dead and wounded of a sentence after it"),
    )
    state.claims[before:] = [c for c in state.claims[before:] if c.family not in VIOLENT]
