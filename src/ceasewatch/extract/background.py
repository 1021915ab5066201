"""Background: what a text recalls rather than reports.

The field codes an event from the reporting of its time. A news text that recalls an
incident of months or years before (the war of 2020 in a piece about a blockade of 2023,
an earlier detention in the story of a trial) tells no new event, and coding it again
would date old incidents to every later article that mentions them. The annotation
conventions of the real evaluation sets say the same: background older than a month
before publication is not an event, unless it is the article's subject.

So a claim whose event ended more than ``BACKGROUND_DAYS`` before a publication known to
the day is left out, unless the text's first claim (its headline or lead: what the text
is about) lies that far back too, as in a report on the past months or a retrospective.
A text whose publication is unknown, or known only to the month or the year, keeps every
claim: nothing says how old they are.

A page also repeats itself (its title over the text and again in a share box, a caption
under two photographs): a sentence said word for word more than once reports nothing new,
and only the last time it is said keeps its claims (``said_once``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ceasewatch.model import Claim, TimeSpan

BACKGROUND_DAYS = 31
REPEATED_WORDS = 5  # fewer words said again ("Fighting resumed.") may well be news again


def age_days(claim: Claim, published: date) -> int | None:
    """Days from the end of the claim's event (its start, when open) to *published*."""
    when = claim.when
    last = (when.end or when.start) if when else None
    return None if last is None else (published - last).days


def reported(
    claims: Sequence[Claim], publication: TimeSpan | None, days: int | None = BACKGROUND_DAYS
) -> list[Claim]:
    """The claims that report rather than recall (see the module's docstring); with
    *days* None, all of them."""
    if days is None or publication is None or publication.end is None:
        return list(claims)
    if publication.start != publication.end:
        return list(claims)
    ages = [age_days(c, publication.end) for c in claims]
    if not claims:
        return []
    lead = min(range(len(claims)), key=lambda i: claims[i].span)
    if (ages[lead] or 0) > days:  # the past is the subject
        return list(claims)
    return [c for c, a in zip(claims, ages, strict=True) if a is None or a <= days]


def said_once(claims: Sequence[Claim], text: str, words: Callable[[str], list[str]]) -> list[Claim]:
    """*claims* but those of a sentence the text says again word for word later: the last
    time it is said, the text has told what comes before it (its date, its place)."""
    said: dict[str, int] = {}  # a sentence's words -> where it was said last
    keys = []
    for c in claims:
        said_words = words(text[c.span[0] : c.span[1]])
        key = " ".join(said_words)[:120] if len(said_words) >= REPEATED_WORDS else ""
        keys.append(key)
        if key:
            said[key] = max(said.get(key, -1), c.span[0])
    return [c for c, key in zip(claims, keys, strict=True) if not key or said[key] == c.span[0]]
