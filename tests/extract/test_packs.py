"""Language packs: complete, well formed, and every trigger reachable through its anchors."""

from __future__ import annotations

import pytest
import yaml

from ceasewatch.errors import SchemaError, UnsupportedLanguage
from ceasewatch.extract.lang import SUPPORTED, language_pack, parse_pack
from ceasewatch.extract.lang.detect import detect_language
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.model import default_taxonomy


@pytest.mark.parametrize("code", SUPPORTED)
def test_every_pack_loads_and_names_only_known_event_types(code: str) -> None:
    pack = language_pack(code)
    taxonomy = default_taxonomy()
    assert pack.triggers and pack.dates.months and pack.dates.patterns
    for t in pack.triggers:
        assert t.code in taxonomy, (code, t.code)


def test_a_pack_missing_a_cue_is_refused_by_name() -> None:
    from importlib import resources

    text = resources.files("ceasewatch.extract.lang").joinpath("en.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    del data["cues"]["denial"]
    with pytest.raises(SchemaError, match=r"broken\.yaml: cues lacks denial"):
        parse_pack(data, "broken.yaml")


@pytest.mark.parametrize(
    ("breaks", "message"),
    [
        (lambda d: d["dates"].pop("months"), r"dates needs months and weekdays"),
        (lambda d: d["dates"]["patterns"][0].pop("kind"), r"dates\.patterns\[0\]: expected kind"),
        (lambda d: d["dates"]["months"].update({"jan": "one"}), r"dates\.months\.jan"),
        (lambda d: d.update({"triggers": []}), r"triggers: a pack needs"),
        (lambda d: d["triggers"][0].update({"anchors": ["a"]}), r"triggers\[0\]\.anchors"),
        (lambda d: d["triggers"][0].update({"not_after": 3}), r"triggers\[0\]\.not_after"),
        (lambda d: d["triggers"][0].update({"not_after": "(since"}), r"triggers\[0\]\.not_after"),
        (
            lambda d: d["actors"]["countries"].update({"Ukraine": "Ukrainian"}),
            r"actors\.countries\.Ukraine: expected a list",
        ),
    ],
)
def test_every_part_of_a_pack_is_checked_by_name(breaks, message) -> None:  # type: ignore[no-untyped-def]
    from importlib import resources

    text = resources.files("ceasewatch.extract.lang").joinpath("en.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    breaks(data)
    with pytest.raises(SchemaError, match=message):
        parse_pack(data, "broken.yaml")


def test_a_text_with_no_words_says_nothing_in_any_language() -> None:
    assert Extractor().extract("n", "12345 – 678") == []


def test_a_long_latin_text_in_another_language_is_not_read_as_english() -> None:
    text = (
        "Les forces azerbaïdjanaises ont ouvert le feu sur des positions arméniennes près "
        "de Sotk lundi matin selon le ministère."
    )
    assert detect_language(text) == "und"


def test_a_bad_pattern_is_refused_with_its_place() -> None:
    with pytest.raises(SchemaError, match=r"x\.yaml: triggers\[0\]"):
        parse_pack(
            {"language": "xx", "triggers": [{"code": "c", "pattern": "(", "anchors": ""}]}, "x.yaml"
        )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Azerbaijani units fired at Armenian positions near Martakert on Tuesday.", "en"),
        ("Shelling reported near Sotk", "en"),
        ("Азербайджанские военные открыли огонь по позициям.", "ru"),
        ("Ադրբեջանական զինուժը կրակ է բացել հայկական դիրքերի ուղղությամբ։", "hy"),
        ("Ermənistan silahlı qüvvələri atəşkəsi pozub, mövqelərimizi atəşə tutub.", "az"),
        ("Збройні сили відкрили вогонь по позиціях.", "uk"),
        # a sentence of twelve words with none of the commonest English words but "his"
        ("An Armenian farmer working his field came under Azerbaijani fire near Khramort.", "en"),
        ("Un agriculteur a été blessé près de la frontière par des tirs, a déclaré le "
         "ministère de la défense.", "und"),
        ("Ein Bauer wurde an der Grenze von Soldaten verletzt, wie das Ministerium heute "
         "mitteilte.", "und"),
    ],
)  # fmt: skip
def test_the_language_of_a_text_is_told_from_its_script_and_words(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_language_without_a_pack_is_refused_by_name() -> None:
    extractor = Extractor()
    with pytest.raises(UnsupportedLanguage, match="Armenian") as info:
        extractor.extract("hy-1", "Ադրբեջանական զինուժը կրակ է բացել։")
    assert info.value.exit_code == 8 and info.value.language == "hy"


@pytest.mark.parametrize(
    ("sentence", "told"),
    [
        ("A ceasefire brokered by the envoy came into effect at midnight on Tuesday.", True),
        ("An immediate truce between the two warring sides went into effect on Monday.", True),
        ("The two sides agreed to a ceasefire after talks on Sunday.", True),
        ("Shops reopened since the ceasefire came into effect on Tuesday.", False),
        ("Fighting resumed three days after a truce brokered by the envoy.", False),
        (
            "They accused the rebels of breaking the ceasefire that went into effect on Tuesday.",
            False,
        ),
    ],
)
def test_an_agreement_named_as_the_frame_of_a_sentence_is_not_told_there(
    sentence: str, told: bool
) -> None:
    """A trigger's ``not_after``: "since the ceasefire came into effect" dates what the
    sentence tells by an earlier agreement; it tells no agreement of its own."""
    claims = Extractor(learned=False).extract("a", sentence, None, None, language="en")
    assert ("agreement.signed" in [c.type_code for c in claims]) is told
