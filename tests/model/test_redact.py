"""The one redaction rule, on its own: strings, references, free texts, places, whole
answers and events, with no database."""

from __future__ import annotations

from datetime import date

from ceasewatch.model import Actor, ActorRole, Event, Family, Place, Source, TimeSpan
from ceasewatch.model.redact import (
    WITHHELD,
    WITHHELD_REF,
    WITHHELD_TEXT,
    Protected,
    path_shaped,
)

TEAM = Source("op-team", "Field monitors (posts OP-5 and OP-12)", protected=True)
WIRE = Source("global-wire", "Global Wire")
HIDE = Protected.of(
    [TEAM, WIRE],
    documents=["doc-0123456789abcdef", "field/ngo/note.txt"],
    observations=["obs-002"],
    posts=["OP-12"],
    places=["Observation post 12 east of Askeran"],
)


def test_each_kind_of_string_meets_its_rule() -> None:
    assert HIDE.word("op-team") == WITHHELD
    assert HIDE.word("Field monitors (posts OP-5 and OP-12)") == WITHHELD
    assert HIDE.word("OP-12") == WITHHELD and HIDE.word("observer OP-12") == WITHHELD
    assert HIDE.word("claim:doc-0123456789abcdef#3") == WITHHELD_REF  # with its document
    assert HIDE.word("doc-0123456789abcdef#3") == WITHHELD_REF
    assert HIDE.word("document:field/ngo/note.txt") == WITHHELD_REF
    assert HIDE.word("observation:obs-002") == WITHHELD_REF and HIDE.word("obs-002") == WITHHELD_REF
    assert HIDE.word("Observation post 12 east of Askeran") == WITHHELD_REF
    for text in (
        "Reported by the OP-team in the night.",  # names are matched whatever their case
        "as obs-002 shows.",
        "see claim:doc-0123456789abcdef#1, and more",
        "within 9 km of Observation post 12 east of Askeran",
    ):
        assert HIDE.word(text) == WITHHELD_TEXT, text
    for kept in ("global-wire", "OP-120", "obs-0021", "claim:doc-0123456789abcdee#1", "cw-1"):
        assert HIDE.word(kept) == kept
    assert HIDE.word(WITHHELD) == WITHHELD  # a marker stays a marker


def test_a_whole_answer_at_any_depth_each_marker_once_in_a_list() -> None:
    answer = {
        "members": [
            {"ref": "observation:obs-002", "source": "OP-12", "origin": "observer OP-12"},
            {"ref": "claim:doc-aaaa#1", "source": "global-wire", "origin": "global-wire"},
        ],
        "evidence": ["claim:doc-0123456789abcdef#1", "claim:doc-0123456789abcdef#2", "event:e1"],
        "sources": ["OP-12", "op-team", "global-wire"],
        "op-team": 3,
        "count": 2,
    }
    shown = HIDE.value(answer)
    assert shown["members"][0] == {"ref": WITHHELD_REF, "source": WITHHELD, "origin": WITHHELD}
    assert shown["members"][1] == answer["members"][1]
    assert shown["evidence"] == [WITHHELD_REF, "event:e1"]
    assert shown["sources"] == [WITHHELD, "global-wire"]
    assert shown[WITHHELD] == 3 and shown["count"] == 2
    assert Protected.of([WIRE]).value(answer) is answer  # nothing protected: as it was


def test_a_withheld_place_loses_its_point() -> None:
    place = {"name": "Observation post 12 east of Askeran", "lat": 39.95, "lon": 46.84,
             "precision": "exact", "radius_m": 50.0}  # fmt: skip
    assert HIDE.value({"place": place})["place"] == {
        "name": WITHHELD_REF, "lat": None, "lon": None, "precision": "unresolved",
        "radius_m": None,
    }  # fmt: skip
    askeran = {"name": "Askeran", "lat": 39.94, "lon": 46.83}
    assert HIDE.value(askeran) == askeran


def test_an_event_leaves_for_an_export_without_them() -> None:
    e = Event(
        "cw-1",
        "cfv.small_arms",
        Family.CEASEFIRE_VIOLATION,
        TimeSpan.day(date(2021, 8, 20)),
        Place("within 9 km of Observation post 12 east of Askeran", 39.95, 46.84),
        actors=(Actor("op-team", ActorRole.CLAIMANT),),
        notes="Bursts heard by OP-12.",
        sources=("OP-12", "op-team", "global-wire"),
    )
    out = HIDE.event(e)
    assert out.sources == (WITHHELD, "global-wire") and out.notes == WITHHELD_TEXT
    assert out.where.name == WITHHELD_TEXT and out.where.lat is None and out.where.lon is None
    assert out.actors[0].name == WITHHELD
    assert Protected.of([WIRE]).event(e) is e


def test_a_path_shaped_id() -> None:
    for doc_id in ("field/op-team/OP-12_Khachmach_2021-08-21.txt", "C:\\notes\\a", "a.TXT",
                   "https://example.org/1", "feed.xml#3"):  # fmt: skip
        assert path_shaped(doc_id), doc_id
    for doc_id in ("doc-001", "doc-0123456789abcdef", "urn:b:1", "x1"):
        assert not path_shaped(doc_id), doc_id
