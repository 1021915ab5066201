"""The mission's own record files through ``import``, on SQLite and PostgreSQL.

Every file here is written by the test and illustrative: the sources, posts, vehicles and
statements are invented (places and parties are those of the karabakh-2020 agreement).
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected, ParseError
from ceasewatch.model import FindingStatus
from ceasewatch.workspace import Workspace

SOURCES = """\
id,name,kind,affiliation,reliability,parent,scale,protected,illustrative
north-mod,Ministry of Defence (illustrative),ministry,AZ,c,,national,no,yes
river-wire,River Wire agency (illustrative),wire,,b,north-mod,international,no,yes
"""
DOCUMENTS = """\
{"id": "ill-1", "source": "north-mod", "published": "2022-03-12T10:00:00+04:00", "text": "On 12 March 2022 units of the armed forces of Armenia fired mortars at positions of the Azerbaijani army near Shusha.", "illustrative": true}
{"id": "ill-2", "source": "river-wire", "published": "2022-03-12T12:00:00+04:00", "text": "Units of the armed forces of Armenia fired mortars at positions of the Azerbaijani army near Shusha on 12 March 2022, the ministry said.", "illustrative": true}
"""
OBSERVATIONS = """\
id,observer,position,lat,lon,start,end,type,means,cfv_kind,count,weapon,bearing_deg,distance_min_km,distance_max_km,notes,illustrative
ill-obs-1,OP-5,Post 5,39.7525,46.87417,2021-08-20T22:40:00+04:00,2021-08-20T22:55:00+04:00,cfv.small_arms,heard,burst,14,,16,10,15,Bursts to the north-north-east.,yes
ill-obs-2,OP-12,Post 12,39.9500,46.8400,2021-08-20T22:41:00+04:00,2021-08-20T22:56:00+04:00,cfv.small_arms,heard,burst,11,,147,9,14,Bursts to the south-east.,yes
"""
CROSSINGS = """\
id,checkpoint,time,vehicle,direction,declared,observed,escort,inspection,notes,illustrative
ill-x-1,kornidzor-checkpoint,2021-09-08T08:05:00+04:00,TRUCK-9,outbound,mineral_ore=20 t (copper ore),,,not inspected,Ore truck (illustrative).,yes
"""


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def state(ws: Workspace) -> tuple[int, ...]:
    """How many records of each kind the workspace holds, and its ledger's size."""
    return (
        ws.stats()["events"],
        len(ws.sources()),
        len(ws.documents()),
        len(ws.observations()),
        len(ws.crossings()),
        len(ws.track_points()),
        ws.ledger_size(),
    )


def test_a_wire_that_re_reports_a_ministry_is_one_origin(ws: Workspace, tmp_path: Path) -> None:
    ws.load_agreement("karabakh-2020")
    reports = ws.import_files(
        [write(tmp_path, "docs.jsonl", DOCUMENTS), write(tmp_path, "sources.csv", SOURCES)]
    )
    # sources are stored first, whatever the order given
    assert [(r.format, r.stored) for r in reports] == [("sources", 2), ("documents", 2)]
    assert {s.id: s.parent for s in ws.sources()} == {"north-mod": None, "river-wire": "north-mod"}
    ws.extract_claims(learned=False)
    ws.corroborate()
    [event] = ws.events()
    dossier = ws.event_dossier(event.id)
    assert sorted(m["ref"] for m in dossier["members"]) == ["claim:ill-1#1", "claim:ill-2#1"]
    assert dossier["independent_origins"] == ["AZ"]  # the ministry once, not the wire again
    assert dossier["event"]["status"] == "unverified"
    ws.ledger_head()
    assert ws.ledger_verify().ok


def test_imported_observations_and_crossings_are_clustered_and_assessed(
    ws: Workspace, tmp_path: Path
) -> None:
    ws.load_agreement("karabakh-2020")
    ws.import_files([write(tmp_path, "obs.csv", OBSERVATIONS), write(tmp_path, "x.csv", CROSSINGS)])
    report = ws.corroborate()
    assert (report.considered, report.opened, report.joined) == (2, 1, 1)
    [event] = ws.events()
    assert {o.event_id for o in ws.observations()} == {event.id}
    ws.assess(as_of=date(2025, 1, 1))
    found = ws.findings()
    [fire] = [f for f in found if f.rule_id == "ceasefire-violation"]
    assert {"observation:ill-obs-1", "observation:ill-obs-2"} <= set(fire.evidence)
    assert fire.status is FindingStatus.CONFIRMED  # two posts heard it
    [ore] = [f for f in found if "crossing:ill-x-1" in f.evidence]
    assert ore.rule_id == "prohibited-cargo" and ore.status is FindingStatus.CONFIRMED
    ws.ledger_head()
    assert ws.ledger_verify().ok


# One good row, then bad ones: (file name, text, the problems as (line, field)).
BAD = {
    "sources": (
        "s.csv",
        SOURCES.splitlines()[0]
        + "\nok-src,OK,media,,c,,,,yes\nbad-kind,X,blog,,c,,,,yes\nbad-parent,Y,media,,c,nobody,,,yes\n",
        [(3, "kind"), (4, "parent")],
    ),
    "events": (
        "e.csv",
        "id,date_start,type,lat,lon,illustrative\nok-1,2021-05-01,mission.patrol,39.8,46.7,yes\n"
        "bad-1,2021-05-02,cfv.nothing,39.8,46.7,yes\nbad-2,2021-05-03,mission.patrol,95,46.7,yes\n",
        [(3, "type"), (4, "lat")],
    ),
    "observations": (
        "o.csv",
        OBSERVATIONS.splitlines()[0]
        + "\n"
        + OBSERVATIONS.splitlines()[1]
        + "\n"
        + OBSERVATIONS.splitlines()[2].replace("22:41:00+04:00", "22:41:00")
        + "\n"
        + OBSERVATIONS.splitlines()[2].replace("ill-obs-2", "ill-obs-3").replace("heard", "smelled")
        + "\n",
        [(3, "start"), (4, "means")],
    ),
    "crossings": (
        "c.csv",
        CROSSINGS
        + "ill-x-2,kornidzor-checkpoint,2021-09-09T08:05:00+04:00,T-2,sideways,,,,,,yes\n"
        + "ill-x-3,kornidzor-checkpoint,2021-09-10T08:05:00+04:00,T-3,inbound,ore==3,,,,,yes\n",
        [(3, "direction"), (4, "declared")],
    ),
    "tracks": (
        "t.csv",
        "vehicle_id,time,lat,lon,speed,illustrative\n"
        "V-1,2022-06-14T01:10:00+04:00,39.8,46.7,30,yes\n"
        "V-1,2022-06-14T01:11:00+04:00,north,46.7,30,yes\n"
        "V-1,2022-06-13T21:10:00Z,39.8,46.7,30,yes\n",  # the first point's instant again
        [(3, "lat"), (4, "time")],
    ),
    "documents": (
        "d.jsonl",
        DOCUMENTS.splitlines()[0]
        + '\n{"id": "no-text", "source": "x"}\n'
        + '{"id": "bad-day", "published": "yesterday", "text": "Shelling near Shusha."}\n',
        [(2, "text"), (3, "published")],
    ),
}


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_UCDP = (FIXTURES / "ucdp_sample.csv").read_text().splitlines()
BAD["acled"] = ("a.csv", (FIXTURES / "acled_bad.csv").read_text(),
                [(1, "fatalities"), (3, "event_date"), (4, "latitude")])  # fmt: skip
BAD["ucdp"] = (
    "u.csv",
    "\n".join([_UCDP[0], _UCDP[1], _UCDP[2].replace(",2021-05-03,", ",2021-05-33,")]) + "\n",
    [(3, "date_start")],
)


@pytest.mark.parametrize("fmt", sorted(BAD))
def test_a_bad_row_refuses_the_whole_batch(ws: Workspace, tmp_path: Path, fmt: str) -> None:
    name, text, expected = BAD[fmt]
    good = write(tmp_path, "good-sources.csv", SOURCES)
    before = state(ws)
    with pytest.raises(BatchRejected) as err:
        ws.import_files([good, write(tmp_path, name, text)])
    assert [(p.row, p.field) for p in err.value.problems] == expected
    assert all(p.file == str(tmp_path / name) for p in err.value.problems)
    message = str(err.value)
    n = len(expected)
    assert message.startswith(f"import of 2 files ({good}, {tmp_path / name}): {n} problem(s)")
    assert "nothing was written" in message
    assert state(ws) == before  # not even the good file's sources


def test_ids_repeated_across_files_or_stored_already(ws: Workspace, tmp_path: Path) -> None:
    first = write(tmp_path, "a.csv", SOURCES)
    again = write(tmp_path, "b.csv", SOURCES.replace("north-mod,Ministry", "other,Ministry"))
    with pytest.raises(BatchRejected) as err:
        ws.import_files([first, again])
    assert [str(p) for p in err.value.problems] == [
        f"{again}:3 id: 'river-wire' repeats the id of {first}:3"
    ]
    ws.import_files([first])
    with pytest.raises(BatchRejected, match=r"a\.csv:2 id: 'north-mod' is already stored"):
        ws.import_files([first])
    loop = write(
        tmp_path,
        "loop.csv",
        SOURCES.splitlines()[0]
        + "\nnorth-2,N,media,,c,north-3,,,yes\nnorth-3,N,media,,c,north-2,,,yes\n",
    )
    with pytest.raises(
        BatchRejected, match="makes a loop of parents: north-2 -> north-3 -> north-2"
    ):
        ws.import_files([loop])


def test_documents_already_stored_are_kept_once(ws: Workspace, tmp_path: Path) -> None:
    docs = write(tmp_path, "d.jsonl", DOCUMENTS)
    [first] = ws.import_files([docs])
    assert (first.stored, first.already) == (2, 0)
    [again] = ws.import_files([write(tmp_path, "more.jsonl", DOCUMENTS.replace("ill-1", "ill-9"))])
    assert (again.stored, again.already) == (0, 2)


def test_a_file_of_no_known_layout_is_named(ws: Workspace, tmp_path: Path) -> None:
    odd = write(tmp_path, "odd.csv", "when,what\n2021-01-01,x\n")
    with pytest.raises(ParseError, match=r"odd\.csv:1: cannot tell the format.*observations: id"):
        ws.import_files([odd])


def test_an_activity_log_goes_into_its_data_set(ws: Workspace, tmp_path: Path) -> None:
    log = write(tmp_path, "log.csv", BAD["events"][1].split("bad-1")[0])
    ws.import_files([log])
    ws.import_files([log], dataset="team-b")
    assert [e.id for e in ws.events()] == ["mission-log:ok-1", "team-b:ok-1"]


@pytest.mark.parametrize("mark", [";", "\t"])
def test_a_record_file_a_spreadsheet_saved_with_semicolons_or_tabs(
    ws: Workspace, tmp_path: Path, mark: str
) -> None:
    rows = list(csv.reader(io.StringIO(OBSERVATIONS)))
    out = io.StringIO()
    csv.writer(out, delimiter=mark, lineterminator="\n").writerows(rows)
    reports = ws.import_files([write(tmp_path, "observations.csv", out.getvalue())])
    assert [(r.format, r.stored) for r in reports] == [("observations", 2)]
    assert {o.observer for o in ws.observations()} == {"OP-5", "OP-12"}
