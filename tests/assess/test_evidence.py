"""How sure the evidence makes a finding, and running rules that fail."""

from __future__ import annotations

import itertools
import sys
from datetime import date
from pathlib import Path

import pytest

from ceasewatch.agreements.bundled import bundled
from ceasewatch.assess.builtin import CeasefireViolation, builtin_rules
from ceasewatch.assess.builtin.shared import incidents
from ceasewatch.assess.evidence import FIRST_HAND, Item, status_of
from ceasewatch.assess.rules import Context, plugin_rules, run_rules
from ceasewatch.errors import RuleError
from ceasewatch.model import Family, FindingStatus, default_taxonomy

DAY = date(2021, 10, 9)


def claim(ref: str, status: str, claimant: str | None, party: str | None = "AZ") -> Item:
    return Item(
        f"claim:{ref}",
        "claim",
        "cfv.small_arms",
        Family.CEASEFIRE_VIOLATION,
        DAY,
        DAY,
        39.8,
        46.8,
        perpetrators=(party,) if party else (),
        claimant=claimant,
        status=status,
        sources=(ref.split("#")[0],),
    )


def test_statuses() -> None:
    one_sided = [claim("d1#1", "asserted", "AM"), claim("d2#1", "reported", "AM")]
    assert status_of(one_sided) is FindingStatus.ALLEGED
    both = [claim("d1#1", "asserted", "AM"), claim("d3#1", "reported", "RU")]
    assert status_of(both) is FindingStatus.SUBSTANTIATED
    seen = Item(
        "observation:o1",
        "observation",
        "cfv.small_arms",
        Family.CEASEFIRE_VIOLATION,
        DAY,
        DAY,
        status=FIRST_HAND,
    )
    assert status_of([*one_sided, seen]) is FindingStatus.CONFIRMED
    mission_event = Item(
        "event:e1",
        "event",
        "cfv.small_arms",
        Family.CEASEFIRE_VIOLATION,
        DAY,
        DAY,
        sources=("ru-pkc",),
    )
    assert status_of([mission_event]) is FindingStatus.ALLEGED
    assert status_of([mission_event], frozenset({"ru-pkc"})) is FindingStatus.CONFIRMED


def test_hedged_claims_never_confirm_or_corroborate() -> None:
    weak = ["alleged", "speculative", "denied"]
    claimants = ["AM", "AZ", "RU", "Human Rights Watch", None]
    for statuses in itertools.product(weak, repeat=3):
        for who in itertools.permutations(claimants, 3):
            items = [
                claim(f"d{n}#1", s, c) for n, (s, c) in enumerate(zip(statuses, who, strict=True))
            ]
            assert status_of(items) is FindingStatus.ALLEGED


def test_incidents_group_one_party_one_day_nearby() -> None:
    a = claim("d1#1", "asserted", "AM")
    b = claim("d2#1", "reported", "RU")
    far = Item(
        "claim:d3#1",
        "claim",
        "cfv.small_arms",
        Family.CEASEFIRE_VIOLATION,
        DAY,
        DAY,
        41.0,
        48.0,
        perpetrators=("AZ",),
        status="asserted",
    )
    other_party = claim("d4#1", "asserted", "AZ", party="AM")
    groups = incidents([a, b, far, other_party])
    assert sorted(len(g) for g in groups) == [1, 1, 2]


class Boom:
    id, version, title = "boom", "1", "A rule with a bug"

    def run(self, ctx: Context):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")


def test_a_failing_rule_is_named_and_the_others_still_run() -> None:
    a = bundled("karabakh-2020")
    items = [claim("d1#1", "asserted", "AM"), claim("d3#1", "reported", "RU")]
    ctx = Context(a, items, {}, default_taxonomy())
    outcome = run_rules(ctx, [Boom(), *builtin_rules()])
    assert [str(p) for p in outcome.problems] == [
        "rule boom: raised ZeroDivisionError: division by zero"
    ]
    assert any(f.rule_id == "ceasefire-violation" for f in outcome.findings)


def test_an_agreement_missing_what_a_rule_needs_names_rule_and_provision() -> None:
    minsk = bundled("minsk-2015")
    stripped = type(minsk)(
        **{
            **{f: getattr(minsk, f) for f in minsk.__dataclass_fields__},
            "provisions": tuple(p for p in minsk.provisions if p.number != "1"),
        }
    )
    outcome = run_rules(Context(stripped, [], {}, default_taxonomy()), [CeasefireViolation()])
    assert len(outcome.problems) == 1
    assert "rule ceasefire-violation" in str(outcome.problems[0])
    assert "cease_fire" in str(outcome.problems[0])
    with pytest.raises(RuleError):
        list(CeasefireViolation().run(Context(stripped, [], {}, default_taxonomy())))


def test_a_plugin_adds_rules_through_an_entry_point(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A real installed distribution (a dist-info folder on sys.path) declaring a rule."""
    pkg = tmp_path / "cw_plugin_demo.py"
    pkg.write_text(
        "class Always:\n"
        "    id, version, title = 'always', '1', 'Always finds one'\n"
        "    def run(self, ctx):\n"
        "        from ceasewatch.assess.rules import finding\n"
        "        from ceasewatch.model import Severity\n"
        "        yield finding(self, ctx.agreement, 'k', '1', None, list(ctx.items)[:1],\n"
        "                      'from a plugin', Severity.LOW)\n"
        "def rules():\n"
        "    return [Always()]\n"
    )
    info = tmp_path / "cw_plugin_demo-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cw-plugin-demo\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[ceasewatch.rules]\ndemo = cw_plugin_demo:rules\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = plugin_rules()
    assert [r.id for r in found] == ["always"]
    ctx = Context(
        bundled("karabakh-2020"), [claim("d1#1", "asserted", "AM")], {}, default_taxonomy()
    )
    assert [f.summary for f in run_rules(ctx, found).findings] == ["from a plugin"]
    sys.modules.pop("cw_plugin_demo", None)
