from __future__ import annotations

from pathlib import Path

from ceasewatch.ingest.tabular import ProblemLog
from ceasewatch.ingest.ucdp import read_ucdp
from ceasewatch.model import Family, GeoPrecision, TimePrecision, default_taxonomy

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_ucdp_rows_keep_estimates_precision_and_provenance() -> None:
    log = ProblemLog("ucdp_sample.csv")
    with (FIXTURES / "ucdp_sample.csv").open(newline="") as fh:
        events = [e for _, e in read_ucdp(fh, "ucdp_sample.csv", default_taxonomy(), log)]
    assert not log and len(events) == 3
    first, second, third = events
    assert first.id == "ucdp:900001" and first.family is Family.ARMED_CLASH
    assert (first.killed.low, first.killed.best, first.killed.high) == (3, 3, 4)
    assert first.where.precision is GeoPrecision.NEAR
    assert first.sources == ("Illustrative office A", "Illustrative office B")
    assert first.extra["relid"] == "CW-ILL-U1"
    assert second.family is Family.VIOLENCE_AGAINST_CIVILIANS and second.civilian_targeting
    assert second.when.precision is TimePrecision.WEEK
    assert (second.when.start.isoformat(), second.when.end.isoformat()) == (
        "2021-05-03",
        "2021-05-09",
    )
    assert second.killed.civilian == 1 and second.where.precision is GeoPrecision.REGION
    assert third.when.precision is TimePrecision.WEEK


def test_ucdp_estimates_out_of_order_are_refused() -> None:
    text = (FIXTURES / "ucdp_sample.csv").read_text()
    lines = text.splitlines()
    lines[1] = lines[1].replace(",3,4,3,", ",5,4,3,")  # best above high
    import io

    log = ProblemLog("u.csv")
    list(read_ucdp(io.StringIO("\n".join(lines) + "\n"), "u.csv", default_taxonomy(), log))
    assert [(p.row, p.field) for p in log.problems] == [(2, "best")]
