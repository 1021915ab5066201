"""The shipped model: trained on the committed annotations, reproducible, and deciding."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ceasewatch.extract.learned import parse_model, sentence_features, shipped_model
from ceasewatch.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[2]


def _train_module():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "tools"))
    spec = importlib.util.spec_from_file_location(
        "train_extractor", ROOT / "tools/train_extractor.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_was_trained_on_the_committed_annotation_files() -> None:
    model = shipped_model()
    assert model is not None, "src/ceasewatch/extract/data/model.json is missing: run make train"
    committed = {
        "src/ceasewatch/extract/evalset/tune.jsonl": ROOT
        / "src/ceasewatch/extract/evalset/tune.jsonl",
        "eval/real/gold.jsonl": ROOT / "eval/real/gold.jsonl",
    }
    for name, path in committed.items():
        assert model.trained_on.get(name) == hashlib.sha256(path.read_bytes()).hexdigest(), (
            f"the model was not trained on the committed {name}: run make train"
        )
    shared = ROOT.parent / "shared/eval-real/gold.jsonl"
    if shared.exists():
        assert (
            model.trained_on.get("../shared/eval-real/gold.jsonl")
            == hashlib.sha256(shared.read_bytes()).hexdigest()
        )


def test_training_is_reproducible_and_never_reads_the_held_out_fifth(tmp_path: Path) -> None:
    train = _train_module()
    docs, files = train.documents(written_only=True)
    first = train.train(docs, files)
    again = train.train(docs, files)
    assert json.dumps(first, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert list(first["trained_on"]) == ["src/ceasewatch/extract/evalset/tune.jsonl"]
    # every annotated text "at hand" (a stand-in text of our own for each id): the held-out
    # fifth is still never read, and the rest is
    lines = (ROOT / "eval/real/gold.jsonl").read_text("utf-8").splitlines()
    gold = [json.loads(line) for line in lines if line.strip()]
    ids = [g["id"] for g in gold]
    stand_in = tmp_path / "own.jsonl"
    stand_in.write_text(
        "".join(json.dumps({"id": g["id"], "text": _stand_in(g)}) + "\n" for g in gold)
    )
    train.TEXTS = tmp_path
    all_docs, _ = train.documents(written_only=False)
    read = {str(d["id"]) for d in all_docs}
    held = {i for i in ids if train.held(i)}
    assert held and not held & read
    assert set(ids) - held <= read
    model = parse_model(first)
    assert model.family.classes and model.status.classes == tuple(sorted(model.status.classes))


def _shipped_json() -> dict[str, Any]:
    """The shipped model's file, as the training tool writes it."""
    return dict(json.loads((ROOT / "src/ceasewatch/extract/data/model.json").read_text("utf-8")))


def _stand_in(gold: dict[str, object]) -> str:
    """A text of our own whose sentences lie where an annotation's anchors say."""
    anchors = [e["anchor"] for e in gold["events"] if e.get("anchor")]  # type: ignore[attr-defined]
    chars = [" "] * (max((b for _, b in anchors), default=0) + 1)
    for a, b in anchors:
        chars[a:b] = "Units fired near Sotk"[: b - a].ljust(b - a, "x")
        chars[b - 1] = "."
        if a >= 2:
            chars[a - 2] = "."
    return "".join(chars)


def test_every_claim_says_which_rule_and_which_model_decided_it() -> None:
    extractor = Extractor()
    assert extractor.model is not None and extractor.version.endswith(extractor.model.name)
    claims = extractor.extract(
        "d",
        "On Tuesday, Azerbaijani units fired at Armenian positions near Martakert, the "
        "Armenian defence ministry said.",
        None,
        "Armenpress",
    )
    assert claims
    basis = claims[0].basis
    assert any(b.startswith("rule:cfv.") for b in basis)
    assert any(b.startswith(f"model:{extractor.model.name}") for b in basis)


def test_page_furniture_is_not_an_event() -> None:
    """Other headlines and a caption make no claim, though their words are an event's."""
    text = (
        "By our correspondent\n"
        "Read also: Protest in Yerevan over the blockade; Ministry denies shelling claims\n"
        "Photo: armoured vehicles shelled near Lachin\n"
        "Azerbaijani units fired at Armenian positions near Sotk on Monday, the ministry said.\n"
    )
    claims = Extractor().extract("f", text, date(2022, 9, 14), "News site", language="en")
    assert [c.text[:9] for c in claims] == ["Azerbaija"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_sentence_features_are_plain_strings(language: str) -> None:
    from ceasewatch.extract.learned import SentenceView

    view = SentenceView(
        low="a b",
        words=["a", "b"],
        language=language,
        index=0,
        repeated=False,
        ends_like_prose=True,
        capitalised=0.0,
        rule_codes=[],
        rule_families=[],
        cues=[],
        date_age=None,
        dated_here=False,
        places=0,
        parties=0,
        mission=False,
        source_kind="other",
    )
    feats = sentence_features(view)
    assert f"lang:{language}" in feats and "r:none" in feats and "b:a_b" in feats


def test_the_word_rows_kept_sum_as_the_features_named() -> None:
    """``Joint.summed_view`` keeps each word's rows instead of naming its features: the sums
    are those of ``sentence_features``, for every sentence the model reads, English and
    Russian, read once and again (the kept rows)."""
    import numpy as np

    views = []
    extractor = Extractor(recorder=lambda r: views.append(r.view))
    extractor.extract(
        "e",
        "Azerbaijani units fired at Armenian positions near Martakert on Monday, attacking "
        "and attacked again; the ministry said the attacks attacked posts. Unknownish words "
        "zzqx followed.",
        date(2022, 9, 14),
        "Wire",
    )
    extractor.extract(
        "r",
        "Вооружённые силы Азербайджана обстреляли позиции у села Тагавард, сообщило "
        "министерство обороны.",
        date(2022, 9, 14),
        "Wire",
        language="ru",
    )
    assert len(views) >= 3
    model = shipped_model()
    assert model is not None
    for _ in range(2):
        for view in views:
            named = model.joint.summed(sentence_features(view))
            kept = model.joint.summed_view(view)
            assert named.keys() == kept.keys()
            for key in named:
                assert np.allclose(named[key], kept[key], rtol=0, atol=1e-9), (key, view.low)


@pytest.mark.parametrize(
    ("text", "language", "family"),
    [
        ("Shots were fired near the village of Taghavard.", "en", "ceasefire_violation"),
        ("Azerbaijani troops fired at the village of Taghavard.", "en", "ceasefire_violation"),
        ("Protesters blocked the Lachin road near Shushi.", "en", "obstruction"),
        (
            "У села Тагавард была открыта стрельба из стрелкового оружия.",
            "ru",
            "ceasefire_violation",
        ),
    ],
)
def test_a_text_of_one_sentence_keeps_the_rules_family(
    text: str, language: str, family: str
) -> None:
    """The model learned on pages whether a sentence is news or background; a text of one
    sentence (a log line, a statement typed in) has no page, and its event stands."""
    extractor = Extractor()
    assert extractor.model is not None
    claims = extractor.extract("one", text, date(2022, 3, 12), "Field log", language=language)
    assert [c.family.value for c in claims] == [family]
    # and the same sentence on a page of two is the model's to judge again
    page = extractor.extract(
        "two", f"{text}\n\nMore to follow.", date(2022, 3, 12), "Field log", language=language
    )
    assert not any("one sentence" in b for c in page for b in c.basis)


def test_the_shipped_model_carries_the_settings_of_the_training_tool() -> None:
    """Thresholds are chosen, not learned: ``train_extractor.py --settings`` writes them
    into the model; the committed model holds those of the committed tool."""
    train = _train_module()
    shipped = _shipped_json()
    assert json.dumps(train.with_settings(shipped)) == json.dumps(shipped)
    assert shipped_model().agreements == tuple(train.AGREEMENTS)


def test_in_the_news_of_a_ceasefire_it_did_not_learn_the_model_drops_less() -> None:
    """A model drops a rules' candidate below ``keep``; with an agreement it was not
    trained on, below ``keep_unseen`` (its words, sides and places are another's), and the
    claim says so. A model with no ``keep_unseen`` uses ``keep`` everywhere."""
    from ceasewatch.agreements.bundled import bundled

    data = _shipped_json()
    strict = parse_model(
        {**data, "thresholds": {**data["thresholds"], "keep": 1.0, "keep_unseen": 0.0}}
    )
    text = (
        "The ministry issued its daily report on Monday. Troops fired mortars at the village "
        "overnight, the ministry said."
    )

    def read(agreement: str, model: object) -> list[str]:
        ex = Extractor(bundled(agreement), model=model)  # type: ignore[arg-type]
        claims = ex.extract("u", text, date(2021, 3, 1), "Wire", language="en")
        return [b for c in claims for b in c.basis if "not trained on" in b] + [
            c.type_code for c in claims
        ]

    learned = shipped_model().agreements
    other = next(a for a in ("minsk-2015", "hodeidah-2018") if a not in learned)
    assert read(learned[0], strict) == []
    kept = read(other, strict)
    assert "cfv.shelling" in kept and any("not trained on" in k for k in kept)
    plain = {k: v for k, v in data["thresholds"].items() if k != "keep_unseen"}
    no_setting = parse_model({**data, "thresholds": {**plain, "keep": 1.0}})
    assert read(other, no_setting) == []


def test_training_does_not_overwrite_the_shipped_model_with_one_of_fewer_texts() -> None:
    """On a machine where some annotated texts are not at hand, ``make train`` would ship a
    model of fewer documents than the committed one: it refuses unless told (--partial)."""
    train = _train_module()
    shipped = _shipped_json()
    every = [{"lang": lang} for lang, n in shipped["documents"].items() for _ in range(n)]
    assert train._fewer_than_shipped(every) is None
    assert train._fewer_than_shipped([*every, {"lang": "en"}]) is None
    fewer = train._fewer_than_shipped(every[1:])
    assert fewer is not None and fewer[0] != fewer[1]
