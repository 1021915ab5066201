"""Long work tells how far it has got (workspace/steps.py)."""

from __future__ import annotations

from ceasewatch.workspace import Workspace


def test_extraction_corroboration_and_assessment_tell_their_steps(ws: Workspace) -> None:
    ws.load_scenario("karabakh-2020")
    seen: dict[str, list[tuple[int, int]]] = {}

    def step(what: str, done: int, of: int) -> None:
        seen.setdefault(what, []).append((done, of))

    extracted = ws.extract_claims(learned=False, step=step)
    assert seen["documents"][-1] == (extracted.documents, extracted.documents)
    assert [d for d, _ in seen["documents"]] == sorted(d for d, _ in seen["documents"])
    clustered = ws.corroborate(step=step)
    assert seen["records"][-1] == (clustered.considered, clustered.considered)
    judged = ws.assess(step=step)
    rules = sum(len(r.rules) for r in judged.results)
    assert seen["rules"][0] == (0, rules) and seen["rules"][-1] == (rules, rules)
