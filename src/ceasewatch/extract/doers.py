"""The type an event is by who did it: territory taken is ACLED's "Government regains
territory" when a state's forces take it and "Non-state actor overtakes territory" when an
armed group does. The words are the same; the agreement's parties say which is which (a
party of kind ``armed_group``), and the taxonomy which type becomes which
(``by_armed_group``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from ceasewatch.model import ActorRole, Claim, Taxonomy


def by_doers(
    claims: Sequence[Claim], armed_groups: Collection[str], taxonomy: Taxonomy
) -> list[Claim]:
    """*claims*, each whose type has another for an armed group's doing, and whose every
    perpetrator is such a group, of that other type."""
    out = []
    for c in claims:
        other = taxonomy.get(c.type_code).by_armed_group
        doers = {a.party for a in c.actors if a.role is ActorRole.PERPETRATOR}
        if other and doers and all(d in armed_groups for d in doers):
            c = replace(
                c, type_code=other, basis=(*c.basis, f"type:{other} (done by an armed group)")
            )
        out.append(c)
    return out
