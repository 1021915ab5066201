"""Who did it and who suffered it: the side named first is not always the one that fired."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import ActorRole


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(bundled("karabakh-2020"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Two servicemen of the Artsakh Defence Army were killed and eleven wounded in an "
        "Azerbaijani drone strike near Khramort yesterday.",
        "Armenian positions near Martakert came under fire from Azerbaijani units on Monday.",
        "Three soldiers of the Armenian armed forces were wounded when Azerbaijani forces "
        "shelled their post near Sotk.",
    ],
)
def test_the_victims_side_named_first_is_the_target(extractor: Extractor, sentence: str) -> None:
    claims = extractor.extract("v", sentence, date(2022, 3, 26), "Ararat Daily", language="en")
    violent = [c for c in claims if c.family.value in ("ceasefire_violation", "armed_clash")]
    assert violent
    roles = {(a.party, a.role) for a in violent[0].actors}
    assert ("AZ", ActorRole.PERPETRATOR) in roles
    assert ("AM", ActorRole.PERPETRATOR) not in roles
