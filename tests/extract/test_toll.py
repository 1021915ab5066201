"""An incident's toll told in the sentence after it is that incident's, not one of its own."""

from __future__ import annotations

from datetime import date

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import Family

PUB = date(2021, 6, 15)
VIOLENT = {Family.CEASEFIRE_VIOLATION, Family.ARMED_CLASH}


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "learned"])
def ex(request: pytest.FixtureRequest) -> Extractor:
    return Extractor(bundled("karabakh-2020"), learned=request.param)


# written for these tests (illustrative)
@pytest.mark.parametrize(
    ("text", "language", "killed", "wounded"),
    [
        ("On Sunday evening, Azerbaijani units opened fire with small arms on Armenian positions "
         "near Sotk. As a result, one serviceman was killed and two were wounded.", "en", 1, 2),
        ("On Sunday evening, Azerbaijani units opened fire with small arms on Armenian positions "
         "near Sotk. Two servicemen were wounded.", "en", None, 2),
        ("В воскресенье вечером подразделения армии Азербайджана открыли огонь из стрелкового "
         "оружия по армянским позициям у Сотка. В результате двое военнослужащих получили "
         "ранения.", "ru", None, 2),
    ],
)  # fmt: skip
def test_the_toll_in_the_next_sentence_is_the_incidents(
    ex: Extractor, text: str, language: str, killed: int | None, wounded: int | None
) -> None:
    claims = ex.extract("t", text, PUB, "Global Wire", language=language)
    violent = [c for c in claims if c.family in VIOLENT]
    assert len(violent) == 1, [(c.type_code, c.text) for c in claims]
    [incident] = violent
    assert (incident.killed, incident.wounded) == (killed, wounded)
    assert any(b.startswith("toll:") for b in incident.basis)


def test_a_toll_with_a_date_and_place_of_its_own_is_another_incident(ex: Extractor) -> None:
    text = (
        "On Sunday evening, Azerbaijani units opened fire with small arms on Armenian positions "
        "near Sotk. On Monday, two servicemen were wounded near Martakert."
    )
    claims = ex.extract("t", text, PUB, "Global Wire", language="en")
    first = next(c for c in claims if c.family in VIOLENT)
    assert "Sotk" in first.text and first.wounded is None
    assert not any(b.startswith("toll:") for b in first.basis)


def test_as_a_result_looks_past_the_sentences_that_tell_how_it_went(ex: Extractor) -> None:
    text = (
        "On Sunday evening, Azerbaijani units opened fire with small arms on Armenian positions "
        "near Sotk. The group used the cover of the fog. As a result, one serviceman was killed."
    )
    claims = ex.extract("t", text, PUB, "Global Wire", language="en")
    [incident] = [c for c in claims if c.family in VIOLENT]
    assert incident.killed == 1 and "Sotk" in incident.text


def test_a_denial_takes_no_toll(ex: Extractor) -> None:
    text = (
        "The army did not open fire on Sunday, the ministry said. During the incident two "
        "servicemen were wounded."
    )
    claims = ex.extract("t", text, PUB, "Global Wire", language="en")
    assert all(c.wounded is None for c in claims if c.status.value == "denied")
    assert not any(b.startswith("toll:") for c in claims for b in c.basis)
