"""Agreement files: the bundled ones load and round-trip; malformed ones fail precisely."""

from __future__ import annotations

import pytest

from ceasewatch.agreements.bundled import bundled, bundled_ids, bundled_text
from ceasewatch.agreements.dump import dump_agreement
from ceasewatch.agreements.loader import load_agreement
from ceasewatch.errors import Invalid, ParseError
from ceasewatch.model.agreement import MandateTaskKind, ObligationKind, ZoneKind

MINIMAL = """\
id: test-ceasefire
title: A test ceasefire
signed: 2021-03-01
effective: 2021-03-02T00:00:00+02:00
timezone: Europe/Kyiv
texts:
  - id: en
    language: en
    kind: original
    source: written for the tests
parties:
  - id: A
    name: Side A
  - id: B
    name: Side B
provisions:
  - number: "1"
    summary: Both sides stop firing.
    text: en
    obligations:
      - party: A
        kind: cease_fire
        start: effective
        zones: [line]
      - party: B
        kind: withdraw
        deadline: 2021-03-20
zones:
  - id: line
    kind: line_of_contact
    name: The line
    line: [[30.0, 48.0], [30.5, 48.2]]
missions:
  - id: obs
    name: Observers
    contributor: UN
    kind: unarmed_observers
    armed: false
    strength: {observers: 50}
    term: {start: 2021-03-02, months: 6}
    mandate:
      - task: monitor_ceasefire
        provision: "1"
"""


def _line(text: str, needle: str) -> int:
    """The 1-based line of the first line containing ``needle``."""
    for i, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def test_minimal_agreement_loads() -> None:
    a = load_agreement(MINIMAL, "t.yaml")
    assert a.id == "test-ceasefire" and [p.id for p in a.parties] == ["A", "B"]
    assert a.provisions[0].obligations[1].kind is ObligationKind.WITHDRAW
    assert a.missions[0].mandate[0].task is MandateTaskKind.MONITOR_CEASEFIRE
    assert a.zones[0].kind is ZoneKind.LINE_OF_CONTACT


@pytest.mark.parametrize("agreement_id", bundled_ids())
def test_bundled_agreements_round_trip(agreement_id: str) -> None:
    a = bundled(agreement_id)
    assert load_agreement(dump_agreement(a), "dumped.yaml") == a


def test_both_bundled_agreements_are_there() -> None:
    assert {"karabakh-2020", "minsk-2015"} <= set(bundled_ids())


CASES = [
    # (what to replace, with what, the line to expect it on, the path, the message)
    ("deadline: 2021-03-20", "deadline: 2021-13-01", "deadline: 2021-13-01",
     "provisions[0].obligations[1].deadline", "'2021-13-01' is not a date"),
    ("      - party: B", "      - party: C", "party: C",
     "provisions[0].obligations[1].party", "'C' is not a party id"),
    ("kind: withdraw", "kind: retreat_a_bit", "retreat_a_bit",
     "provisions[0].obligations[1].kind", "'retreat_a_bit' is not one of: cease_fire"),
    ("title: A test ceasefire\n", "", "id: test-ceasefire", "title", "is missing"),
    ("effective: 2021-03-02T00:00:00+02:00\ntimezone: Europe/Kyiv",
     "effective: 2021-03-02T00:00:00\ntimezone: Europe/Kiyv",
     "effective:", "effective", "has no UTC offset and no valid timezone"),
    ("provisions:", "provisons:", "provisons:", "provisons", "is not a known field here"),
    ("    kind: line_of_contact", "    kind: corridor", "  - id: line",
     "zones[0].width_km", "a corridor given as a line needs a width"),
    ("[[30.0, 48.0], [30.5, 48.2]]", "[[200.0, 48.0], [30.5, 48.2]]", "line: [[200",
     "zones[0].line", "outside lon -180..180"),
    ("    name: Side B", "    name: Side B\n    name: Side Bee", "name: Side Bee",
     "parties[1].name", "is given twice"),
    ("term: {start: 2021-03-02, months: 6}", "term: {months: 6}", "term:",
     "missions[0].term.start", "is missing"),
    ("term: {start: 2021-03-02, months: 6}", "term: {}", "term:",
     "missions[0].term", "is empty"),
    ("task: monitor_ceasefire", "task: run_the_country", "run_the_country",
     "missions[0].mandate[0].task", "'run_the_country' is not one of: monitor_ceasefire"),
    ("deadline: 2021-03-20", "deadline: {after: '9.9', days: 3}", "after: '9.9'",
     "provisions[0].obligations[1].deadline.after", "'9.9' is neither 'effective' nor an obligation id"),
    ("    text: en\n", "    text: fr\n", "text: fr",
     "provisions[0].text", "'fr' is not a text id"),
    ("    provision: \"1\"", "    provision: \"7\"", "provision: \"7\"",
     "missions[0].mandate[0].provision", "'7' is not a provision number"),
    ("strength: {observers: 50}", "strength: {observers: -5}", "strength:",
     "missions[0].strength.observers", "is not a whole number of at least 0"),
    ("deadline: 2021-03-20", "deadline: {date: 2021-03-20, after: effective, days: 2}",
     "deadline: {date", "provisions[0].obligations[1].deadline", "either a date or 'after'"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "needle", "path", "message"), CASES)
def test_malformed_agreement_fails_with_a_precise_message(
    old: str, new: str, needle: str, path: str, message: str
) -> None:
    assert old in MINIMAL
    text = MINIMAL.replace(old, new, 1)
    with pytest.raises(Invalid) as err:
        load_agreement(text, "bad.yaml")
    line = _line(text, needle)
    found = [str(p) for p in err.value.problems]
    assert any(s.startswith(f"bad.yaml:{line} {path}:") and message in s for s in found), (
        f"expected bad.yaml:{line} {path}: ... {message}; got {found}"
    )


def test_every_problem_is_reported_at_once() -> None:
    text = MINIMAL.replace("deadline: 2021-03-20", "deadline: 2021-02-30").replace(
        "      - party: B", "      - party: Z"
    )
    with pytest.raises(Invalid) as err:
        load_agreement(text, "two.yaml")
    fields = [p.field for p in err.value.problems]
    assert "provisions[0].obligations[1].deadline" in fields
    assert "provisions[0].obligations[1].party" in fields
    assert str(err.value).startswith("two.yaml: 2 problem(s)")


def test_yaml_syntax_error_names_the_line() -> None:
    text = MINIMAL.replace("  - id: B\n", "  - id: B\n   bad: [unclosed\n")
    with pytest.raises(ParseError, match=r"^bad\.yaml:1[4-9]: not valid YAML"):
        load_agreement(text, "bad.yaml")


def test_empty_and_non_mapping_files() -> None:
    with pytest.raises(Invalid, match="the file is empty"):
        load_agreement("", "empty.yaml")
    with pytest.raises(Invalid, match="should be a mapping"):
        load_agreement("- just\n- a list\n", "list.yaml")


def test_deadlines_that_depend_on_each_other_are_refused() -> None:
    text = MINIMAL.replace(
        "        start: effective\n        zones: [line]",
        "        start: effective\n        deadline: {after: '1.2', days: 1}\n        zones: [line]",
    ).replace("deadline: 2021-03-20", "deadline: {after: '1.1', days: 1}")
    with pytest.raises(Invalid, match="depend on each other"):
        load_agreement(text, "loop.yaml")


def test_the_bundled_text_names_its_sources() -> None:
    text = bundled_text("karabakh-2020")
    assert "GeoNames" in text and "hand-placed" in text


RESTRICTED = (
    MINIMAL
    + """\
restrictions:
  - id: guns
    kind: activity
    categories: [artillery]
    provision: "1"
    basis: text
    zones: [line]
    within_km: {artillery: 25, rockets: 40, mortars: -1}
    start: {after: "9.9", days: 2}
"""
)


def test_restriction_distances_and_start_are_checked() -> None:
    with pytest.raises(Invalid) as info:
        load_agreement(RESTRICTED, "r.yaml")
    text = str(info.value)
    assert "restrictions[0].within_km.rockets: 'rockets' is not one of the categories" in text
    assert "restrictions[0].within_km.mortars" in text
    assert "restrictions[0].start.after: '9.9' is not an obligation id" in text


def test_restriction_start_follows_an_obligation_deadline() -> None:
    from ceasewatch.agreements.calendar import restriction_start

    ok = RESTRICTED.replace(", rockets: 40, mortars: -1", "").replace('"9.9"', '"1.2"')
    a = load_agreement(ok, "r.yaml")
    r = a.restrictions[0]
    assert dict(r.within_km) == {"artillery": 25.0}
    # the day after 1.2's deadline (20 March), plus 2 days
    assert str(restriction_start(a, r)) == "2021-03-23"
    assert load_agreement(dump_agreement(a), "again.yaml").restrictions == a.restrictions
