"""Rows of the field's datasets judged for what they say: ACLED's actor names read as the
agreement's parties and mission, a protest that blocks a road as an obstruction, aid
handed out by peacekeepers as an activity outside the mandate, a clash between bound
parties as a ceasefire violation. The rows are written here and are illustrative."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from ceasewatch.ingest.acled import COLUMNS
from ceasewatch.workspace import Workspace


def acled_file(folder: Path, rows: list[dict[str, str]]) -> Path:
    path = folder / "acled_rows.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, COLUMNS)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in COLUMNS})
    return path


def row(
    eid: str, day: str, etype: str, sub: str, actor1: str, notes: str, **kw: str
) -> dict[str, str]:
    base = {
        "event_id_cnty": eid,
        "event_date": day,
        "year": day[:4],
        "time_precision": "1",
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": actor1,
        "inter1": "1",
        "country": "Azerbaijan",
        "iso": "31",
        "latitude": "39.7700",
        "longitude": "46.7600",
        "geo_precision": "1",
        "fatalities": "0",
        "source": "Illustrative source",
        "notes": f"ILLUSTRATIVE record written by ceasewatch: {notes}",
    }
    base.update(kw)
    return base


ROWS = [
    row("CW-T-1", "2021-05-12", "Explosions/Remote violence", "Shelling/artillery/missile attack",
        "Military Forces of Azerbaijan (2003-)", "mortar fire on positions near a village.",
        actor2="Military Forces of Armenia (2018-)", inter2="1"),
    row("CW-T-2", "2022-12-14", "Protests", "Peaceful protest", "Protesters (Azerbaijan)",
        "a group calling themselves activists blocked the road near Shusha, halting traffic "
        "in both directions.", inter1="6"),
    row("CW-T-3", "2021-02-03", "Strategic developments", "Other",
        "Military Forces of Russia (2000-)",
        "Russian peacekeepers delivered humanitarian aid to residents of a village.",
        inter1="8"),
    row("CW-T-4", "2021-07-20", "Battles", "Armed clash", "Military Forces of Armenia (2018-)",
        "an exchange of fire between positions, both sides blaming the other.",
        actor2="Military Forces of Azerbaijan (2003-)", inter2="1"),
    row("CW-T-5", "2021-07-21", "Battles", "Armed clash", "Unidentified Armed Group (Azerbaijan)",
        "a clash with an unnamed group.", actor2="Military Forces of Azerbaijan (2003-)",
        inter2="1"),
]  # fmt: skip


def test_acled_rows_with_acleds_actor_names_are_judged(ws: Workspace, tmp_path: Path) -> None:
    ws.load_agreement("karabakh-2020")
    ws.import_file(acled_file(tmp_path, ROWS))
    assert ws.event("acled:CW-T-2").type_code == "obstruction.blockade"  # still an ACLED protest
    assert ws.event("acled:CW-T-2").acled.event_type == "Protests"  # type: ignore[union-attr]
    assert ws.event("acled:CW-T-3").type_code == "humanitarian.delivery"
    ws.assess("karabakh-2020", as_of=date(2023, 1, 1))
    found = ws.findings("karabakh-2020")
    by = {(f.rule_id, f.party): f for f in found}
    shelling = [
        f for f in found if f.rule_id == "ceasefire-violation" and "2021-05-12" in f.summary
    ]
    assert [f.party for f in shelling] == ["AZ"]
    clash = [f for f in found if f.rule_id == "ceasefire-violation" and "2021-07-20" in f.summary]
    assert [f.party for f in clash] == ["AM"]  # ACLED's first side, both sides bound
    # a clash with a group that is no party is no breach of this ceasefire
    assert not [f for f in found if "2021-07-21" in f.summary]
    assert ("obstruction", "AZ") in by
    outside = [
        f for f in found if f.rule_id == "mission-mandate" and "outside its mandate" in f.summary
    ]
    assert outside and outside[0].party == "RU"


def test_actor_names_that_map_to_nothing_are_listed(ws: Workspace, tmp_path: Path) -> None:
    ws.load_agreement("karabakh-2020")
    ws.import_file(acled_file(tmp_path, ROWS))
    names = {name: (party, mission) for name, party, mission, _n in ws.actor_names()}
    assert names["Military Forces of Azerbaijan (2003-)"] == ("AZ", None)
    assert names["Protesters (Azerbaijan)"] == ("AZ", None)
    assert names["Military Forces of Russia (2000-)"] == ("RU", None)
    assert names["Unidentified Armed Group (Azerbaijan)"] == (None, None)
    assert ws.actor_names()[0][0] == "Unidentified Armed Group (Azerbaijan)"  # unmapped first


DISARM = """\
id: lake-2031
title: An invented ceasefire on a lake shore (written for the tests)
signed: 2031-03-01
effective: 2031-03-02T00:00:00+00:00
timezone: UTC
texts:
  - {id: en, language: en, kind: original, source: written for the tests}
parties:
  - {id: W, name: Westmark, country: Westmark}
  - {id: E, name: Eastmark, country: Eastmark}
provisions:
  - number: "1"
    summary: Both sides stop firing.
    text: en
    obligations:
      - {party: W, kind: cease_fire, start: effective}
      - {party: E, kind: cease_fire, start: effective}
  - number: "2"
    summary: Westmark's militias hand their heavy weapons to the monitors within 30 days.
    text: en
    obligations:
      - {id: "2.weapons", party: W, kind: hand_over_weapons, start: effective, deadline: {after: effective, days: 30}}
"""


def test_a_handover_of_weapons_in_a_dataset_shows_the_obligation_done(
    ws: Workspace, tmp_path: Path
) -> None:
    agreement = tmp_path / "lake.yaml"
    agreement.write_text(DISARM)
    ws.load_agreement(str(agreement))
    handover = row(
        "CW-L-1", "2031-03-20", "Strategic developments", "Other",
        "Military Forces of Westmark (2020-)",
        "a militia unit handed over heavy weapons and ammunition to the monitoring team.",
        country="Westmark", latitude="10.0", longitude="10.0",
    )  # fmt: skip
    ws.import_file(acled_file(tmp_path, [handover]))
    assert ws.event("acled:CW-L-1").type_code == "weapons.handover"
    summary = ws.agreement_summary("lake-2031", date(2031, 6, 1))
    [o] = [o for p in summary["provisions"] for o in p["obligations"] if o["id"] == "2.weapons"]
    assert o["status"] == "done" and o["done_on"] == "2031-03-20"
