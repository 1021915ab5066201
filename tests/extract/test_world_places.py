"""An agreement with no gazetteer is read with the world's populated places where it lies
(GeoNames): an event is placed at the town or village a text names, a name several places
share is the one nearest the agreement's zones, and the draft a user starts a gazetteer
from reads back to the same places. The sentences are ours, written for these tests
(illustrative)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from ceasewatch.agreements.bundled import bundled
from ceasewatch.cli import cli
from ceasewatch.extract.evaluate import _km
from ceasewatch.extract.gazetteer import Entry, Gazetteer
from ceasewatch.extract.gazetteer_files import read_gazetteer
from ceasewatch.extract.lang import language_pack
from ceasewatch.extract.pipeline import Extractor
from ceasewatch.extract.places import WORLD_KIND, draft_gazetteer, places_for, world_gazetteer
from ceasewatch.model.agreement import Agreement

from ..agreements.test_loader import MINIMAL

DAY = date(2021, 5, 3)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return _km(a[0], a[1], b[0], b[1])  # the evaluation's own distance


def ungazetteered(agreement_id: str, **changes: object) -> Agreement:
    return dataclasses.replace(bundled(agreement_id), gazetteer=None, **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def karabakh() -> Extractor:
    return Extractor(ungazetteered("karabakh-2020"))


def test_an_event_is_placed_at_the_village_a_text_names(karabakh: Extractor) -> None:
    [claim] = karabakh.extract(
        "t", "Azerbaijani forces fired on the village of Sotk on Sunday.", DAY, "Wire"
    )
    [place] = claim.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), (40.200, 45.870)) < 5  # Sotk, Gegharkunik


def test_a_shared_name_is_the_place_nearest_the_agreements_zones(karabakh: Extractor) -> None:
    """Two towns are called Martuni: the one on the line of contact, not the larger one by
    Lake Sevan; with no zone to go by, the most populous."""
    [claim] = karabakh.extract("t", "Azerbaijani forces shelled Martuni on Sunday.", DAY, "Wire")
    [place] = claim.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), (39.795, 47.112)) < 5
    bare = world_gazetteer(ungazetteered("karabakh-2020", zones=(), area=None))
    [town] = [m.entry for m in bare.find("Shelling hit Martuni on Monday.") if m.entry]
    assert town.lat is not None and town.lon is not None
    assert km((town.lat, town.lon), (40.140, 45.302)) < 5  # the town by Lake Sevan


def test_a_russian_name_in_any_case(karabakh: Extractor) -> None:
    sentence = "Азербайджанские военные обстреляли окрестности Степанакерта в воскресенье."
    [claim] = karabakh.extract("t", sentence, DAY, "Wire", language="ru")
    [place] = claim.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), (39.815, 46.752)) < 5


def test_a_name_that_is_a_common_adjective_needs_a_place_word() -> None:
    """A village called as an adjective of the region is no place where the adjective is
    meant, only where the text calls it a village."""
    g = world_gazetteer(ungazetteered("minsk-2015"))
    ru = language_pack("ru")
    assert not any(m.entry for m in g.find("Обстрел луганского направления продолжился.", ru))
    [village] = [m for m in g.find("Обстрелу подверглось село Луганское.", ru) if m.entry]
    assert village.entry is not None and village.entry.kind == WORLD_KIND


def test_a_partys_own_name_is_no_place() -> None:
    agreement = ungazetteered("karabakh-2020")
    renamed = dataclasses.replace(
        agreement,
        parties=tuple(
            dataclasses.replace(p, name="Aghdam") if p.id == "AZ" else p for p in agreement.parties
        ),
    )
    assert "Aghdam" in world_gazetteer(agreement).entries
    g = world_gazetteer(renamed)
    assert not g.names_in("Aghdam") and g.names_in("Ağdam")


def test_a_curated_gazetteer_comes_first() -> None:
    """The agreement's own file stands; the world is only for an agreement that names
    none (one named but not at hand is no reason to read another)."""
    g = places_for(bundled("karabakh-2020"))
    assert all(e.kind != WORLD_KIND for e in g.entries.values())
    missing = dataclasses.replace(bundled("karabakh-2020"), gazetteer="not-here.csv")
    assert all(e.kind != WORLD_KIND for e in places_for(missing).entries.values())


@pytest.mark.parametrize(
    "agreement",
    [
        ungazetteered("karabakh-2020", zones=(), area=None),
        ungazetteered("minsk-2015"),
        ungazetteered("hodeidah-2018"),
    ],
    ids=["countries", "zones", "area"],
)
def test_the_draft_reads_back_to_the_same_places(agreement: Agreement) -> None:
    text, rows = draft_gazetteer(agreement)
    world = world_gazetteer(agreement)
    drafted = read_gazetteer(text, "draft.csv")
    assert rows > 50
    assert drafted._by_variant == world._by_variant
    assert drafted._named_only == world._named_only
    first = text.splitlines()[1].split(",")
    assert first[-1].startswith("https://www.geonames.org/")


def test_an_agreement_a_user_wrote_places_its_texts(tmp_path: Path) -> None:
    """From the command line: a new agreement with a zone and no gazetteer, a text naming
    a town in its area, and the draft written beside it."""
    written = MINIMAL.replace("[[30.0, 48.0], [30.5, 48.2]]", "[[37.6, 48.1], [37.9, 48.2]]")
    agreement = tmp_path / "new.yaml"
    agreement.write_text(written)
    text = tmp_path / "news.txt"
    text.write_text("Shelling hit Avdiivka overnight, the army said on Monday.\n")
    runner = CliRunner()
    out = runner.invoke(
        cli, ["extract", "--agreement", str(agreement), "--published", "2021-05-03", str(text)]
    )
    assert out.exit_code == 0, out.stderr
    [claim] = [json.loads(line) for line in out.stdout.splitlines()]
    [place] = claim["places"]
    assert km((place["lat"], place["lon"]), (48.14, 37.74)) < 5
    csv_file = tmp_path / "new.gazetteer.csv"
    drafted = runner.invoke(cli, ["gazetteer", "draft", str(agreement), "--out", str(csv_file)])
    assert drafted.exit_code == 0, drafted.stderr
    assert "place(s) from GeoNames" in drafted.stderr and "Avdiivka" in csv_file.read_text()
    again = runner.invoke(cli, ["gazetteer", "draft", str(agreement), "--out", str(csv_file)])
    assert again.exit_code != 0 and "not replaced" in again.stderr
    # sides that are no country, no zone, no area: nowhere to look
    zones = "zones:\n  - id: line\n    kind: line_of_contact\n    name: The line\n"
    nowhere = tmp_path / "nowhere.yaml"
    bare = MINIMAL.replace("        zones: [line]\n", "").split(zones)[0]
    nowhere.write_text(bare)
    refused = runner.invoke(cli, ["gazetteer", "draft", str(nowhere)])
    assert refused.exit_code != 0 and "no place found" in refused.stderr


def test_a_name_written_without_its_apostrophe_is_found(karabakh: Extractor) -> None:
    """GeoNames writes a transliterated glottal stop ("Ghap'an", an old name of Kapan);
    news mostly leave it out."""
    [claim] = karabakh.extract("t", "Azerbaijani forces shelled Ghapan on Sunday.", DAY, "Wire")
    [place] = claim.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), (39.2075, 46.4057)) < 5  # Kapan


def test_a_word_opening_a_sentence_is_no_town_of_its_spelling() -> None:
    """There is a town called Along: it is no place where a sentence opens "Along the
    border, ...", and one where a text names it."""
    g = Gazetteer({"Along": Entry("Along", 28.17, 94.8, WORLD_KIND, "IN")})
    assert not [m for m in g.find("Along the border, troops opened fire.") if m.entry]
    assert [m for m in g.find("Troops opened fire near Along on Sunday.") if m.entry]
    assert [m for m in g.find("Along, a town in the east, was shelled.") if m.entry]


def test_a_far_town_does_not_hide_a_near_village_spelled_otherwise() -> None:
    """A name the text marks as a place and the gazetteer spells otherwise is read by its
    skeleton when one place has it: a town across the country with the same skeleton,
    found by its own name only, does not make it ambiguous."""
    near = Entry("Rajaori", 33.38, 74.31, WORLD_KIND, "IN")
    far = Entry("Rajura", 19.78, 79.37, WORLD_KIND, "IN")
    sentence = "Drones were seen over Rajouri district on Sunday."
    both = Gazetteer({"Rajaori": near, "Rajura": far})
    assert not [m for m in both.find(sentence) if m.entry]
    read = Gazetteer({"Rajaori": near, "Rajura": far}, exact_only=frozenset({"Rajura"}))
    assert [m.entry for m in read.find(sentence) if m.entry] == [near]
    assert [m.entry for m in read.find("A market in Rajura was shut.") if m.entry] == [far]


@pytest.mark.parametrize(
    ("name", "one_word"),
    [
        ("Si Sa Ket", "Sisaket"),
        ("Си Са Кет", "Сисакет"),
        ("Buri Ram", "Buriram"),
        ("Ubon Ratchathani", None),  # a long word is written apart
        ("Ras al-Ain", None),
    ],
)
def test_a_name_of_short_words_is_also_read_as_one(name: str, one_word: str | None) -> None:
    from ceasewatch.geo.world import joined

    assert joined(name) == one_word


def test_a_far_town_written_as_one_word_is_found() -> None:
    """GeoNames writes the Thai province town "Si Sa Ket"; the news write "Sisaket"."""
    from ceasewatch.geo.world import world_places

    (town,) = [p for p in world_places(None, ["TH"]) if p.name == "Si Sa Ket"][:1]
    assert "Sisaket" in town.names and "Сисакет" in town.names


DOHA = (25.286, 51.533)


def test_talks_abroad_are_placed_in_the_city_that_held_them(karabakh: Extractor) -> None:
    text = (
        "The two sides signed an agreement in Doha on Sunday. "
        "Azerbaijani forces shelled Armenian positions on Monday."
    )
    signed, shelled = karabakh.extract("t", text, DAY, "Wire")
    [place] = signed.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), DOHA) < 10
    assert shelled.places == ()  # the city of the talks is not where the next thing happened


def test_talks_abroad_are_placed_in_a_russian_text_too(karabakh: Extractor) -> None:
    [claim] = karabakh.extract(
        "t", "В воскресенье стороны подписали соглашение в Дохе.", DAY, "Wire", language="ru"
    )
    [place] = claim.places
    assert place.lat is not None and place.lon is not None
    assert km((place.lat, place.lon), DOHA) < 10


@pytest.mark.parametrize(
    "text",
    [
        "Doha said on Sunday that the two sides had signed an agreement.",  # a voice
        "Speaking in Doha, the envoy said Azerbaijani forces shelled Armenian positions.",
    ],
)
def test_a_city_abroad_is_no_voice_s_place_nor_where_fire_fell(
    karabakh: Extractor, text: str
) -> None:
    for claim in karabakh.extract("t", text, DAY, "Wire"):
        assert all(p.lat is None or km((p.lat, p.lon), DOHA) > 1000 for p in claim.places)
