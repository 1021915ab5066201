from __future__ import annotations

import pytest

from ceasewatch.errors import NotFound, SchemaError
from ceasewatch.model import Family, default_taxonomy, parse_taxonomy

# The 25 ACLED sub-event types, typed in from the codebook's table (FIELD.md §4a).
ACLED = {
    "Battles": {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    },
    "Protests": {
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def test_all_25_acled_sub_event_types_are_mapped_with_a_default() -> None:
    tax = default_taxonomy()
    pairs = {(t, s) for t, subs in ACLED.items() for s in subs}
    assert len(pairs) == 25
    assert set(tax.acled_disorder) == pairs
    for t, s in pairs:
        mtype = tax.from_acled(t, s)
        assert mtype.acled is not None and (mtype.acled.event_type, mtype.acled.sub_event_type) == (
            t,
            s,
        )


def test_every_family_has_a_type() -> None:
    tax = default_taxonomy()
    for family in Family:
        assert tax.of_family(family), family


def test_cfv_observation_kinds_follow_osce_practice() -> None:
    kinds = {k.value for k in default_taxonomy().cfv_kinds}
    assert {
        "explosion_impact",
        "explosion_airburst",
        "explosion_outgoing",
        "explosion_undetermined",
        "projectile",
        "flare",
        "burst",
        "single_shot",
    } <= kinds


def test_unknown_code_and_pair() -> None:
    tax = default_taxonomy()
    with pytest.raises(NotFound):
        tax.get("no.such")
    with pytest.raises(SchemaError, match="not an ACLED"):
        tax.from_acled("Battles", "Skirmish")


def test_a_taxonomy_missing_a_default_is_refused() -> None:
    text = """
version: 1
acled: {Battles: {Armed clash: Political violence}}
cfv_kinds: {burst: Burst}
types:
  - {code: x, label: X, family: other}
"""
    with pytest.raises(SchemaError, match="no default"):
        parse_taxonomy(text)


def test_bad_family_names_the_entry() -> None:
    text = """
version: 1
acled: {}
cfv_kinds: {}
types:
  - {code: x, label: X, family: skirmish}
"""
    with pytest.raises(SchemaError) as err:
        parse_taxonomy(text)
    assert err.value.field == "types[0].family"


def test_what_a_bulletin_counts_per_district_is_marked_in_the_data() -> None:
    tax = default_taxonomy()
    marked = {t.code for t in tax if t.per_district}
    assert {t.code for t in tax if t.family is Family.CEASEFIRE_VIOLATION} <= marked
    assert "mission.patrol" in marked and "mission.escort" not in marked


def test_a_per_district_mark_that_is_not_true_or_false_names_the_entry() -> None:
    text = """
version: 1
acled: {}
cfv_kinds: {}
types:
  - {code: x, label: X, family: other, per_district: often}
"""
    with pytest.raises(SchemaError, match=r"types\[0\]: per_district must be true or false"):
        parse_taxonomy(text)


def test_territory_taken_by_an_armed_group_has_its_own_type_in_the_data() -> None:
    regains = default_taxonomy().get("clash.government_regains")
    assert regains.by_armed_group == "clash.nonstate_overtakes"


@pytest.mark.parametrize(
    ("other", "message"),
    [("y", "'y' is no type of its family"), ("z", "'z' is no type of its family")],
)
def test_an_armed_group_s_type_must_be_one_of_the_same_family(other: str, message: str) -> None:
    text = f"""
version: 1
acled: {{}}
cfv_kinds: {{}}
types:
  - {{code: x, label: X, family: armed_clash, by_armed_group: {other}}}
  - {{code: y, label: Y, family: other}}
"""
    with pytest.raises(SchemaError, match=message):
        parse_taxonomy(text)
