"""A violation needs a truce: fire told of the days before the ceasefire took effect.

News of the first days of a ceasefire still tells the last days of the war: the strikes of
the night before, the shelling that emptied a village. The field codes that fire as
fighting (ACLED's battles and remote violence), and the annotation conventions of the real
evaluation sets say so: a ceasefire violation is fire "after the ceasefire". So a claim of
the ceasefire-violation family whose event ended before the day the agreement took effect
is an armed clash, with the rule that moved it named among its basis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from ceasewatch.model import Claim, Family, Taxonomy

WAR_CODE = "clash.armed"


def before_truce(
    claims: Sequence[Claim], effective: date | None, taxonomy: Taxonomy
) -> list[Claim]:
    """*claims*, those of ceasefire violations that ended before *effective* told as armed
    clashes (none moved with no effective day)."""
    if effective is None:
        return list(claims)
    war = taxonomy.get(WAR_CODE)
    out = []
    for c in claims:
        when = c.when
        last = (when.end or when.start) if when else None
        if c.family is Family.CEASEFIRE_VIOLATION and last is not None and last < effective:
            c = replace(
                c,
                type_code=war.code,
                family=war.family,
                basis=(*c.basis, f"rule:before the truce took effect ({effective})"),
            )
        out.append(c)
    return out
