"""YAML with limits: the values and lines of real files as before, and every kind of YAML
bomb refused with the file and the line, early and in little memory."""

from __future__ import annotations

import tracemalloc
from importlib import resources

import pytest
import yaml

from ceasewatch.errors import ParseError
from ceasewatch.formats import yamltext
from ceasewatch.formats.yamltext import load_yaml, read_yaml

# the 9 x 9 x ... alias bomb ("billion laughs"): 342 bytes standing for 9**9 strings
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


class _DatesAsText(yaml.SafeLoader):
    """PyYAML's safe reading, but with dates left as written, as ours leaves them."""


_DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_scalar)


def test_values_lines_and_repeated_keys() -> None:
    src = read_yaml(
        "id: x\nparties:\n  - id: A\n    name: Side A\n  - id: B\nid: y\nwhen: 2021-03-01\n"
        "n: 7\nf: 1.5\nok: yes\nnone: ~\n",
        "t.yaml",
    )
    assert src.data == {
        "id": "y",
        "parties": [{"id": "A", "name": "Side A"}, {"id": "B"}],
        "when": "2021-03-01",  # dates stay text: the reader says what is wrong with them
        "n": 7,
        "f": 1.5,
        "ok": True,
        "none": None,
    }
    assert src.line("parties[1].id") == 5 and src.line("parties[0].name") == 4
    assert src.line("parties[1].id.nothing") == 5
    assert src.repeated == [("id", 6)]


@pytest.mark.parametrize(
    "name",
    [
        f"agreements/data/{n}"
        for n in ("karabakh-2020.yaml", "hodeidah-2018.yaml", "minsk-2015.yaml")
    ]
    + ["model/data/taxonomy.yaml", "extract/lang/en.yaml", "extract/lang/ru.yaml"],
)
def test_the_bundled_files_read_as_pyyaml_reads_them(name: str) -> None:
    text = resources.files("ceasewatch").joinpath(name).read_text("utf-8")
    assert load_yaml(text, name) == yaml.load(text, Loader=_DatesAsText)


def test_an_alias_shares_its_anchor_value() -> None:
    data = load_yaml("base: &b {armed: false}\nmission: *b\n", "t.yaml")
    assert data["mission"] == {"armed": False}


def test_the_alias_bomb_is_refused_early_and_small() -> None:
    assert len(BOMB.encode()) < 360
    tracemalloc.start()
    try:
        with pytest.raises(ParseError) as err:
            read_yaml(BOMB, "bomb.yaml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(err.value).startswith("bomb.yaml:")
    assert "more than 250,000 values (an alias counts as the values it repeats)" in str(err.value)
    assert err.value.file == "bomb.yaml" and err.value.row is not None
    assert peak < 5 * 2**20  # refused while counting, before anything is built


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &a [*a]\n", r"^s\.yaml:1: the alias \*a stands inside the node it names$"),
        ("a: &a {b: {c: *a}}\n", r"^s\.yaml:1: the alias \*a stands inside the node it names$"),
        ("a: *nowhere\n", r"^s\.yaml:1: the alias \*nowhere names no anchor defined before it$"),
        ("a: &x 1\nb: &x 2\n", r"^s\.yaml:2: the anchor &x is defined twice$"),
        ("a: 1\n---\nb: 2\n", r"^s\.yaml:2: expected a single document"),
        ("? [a, b]\n: 1\n", r"^s\.yaml:1: a key must be written out"),
        ("n: " + "9" * 5000 + "\n", r"^s\.yaml:1: a number of 5,000 characters; at most 100$"),
        ("a: [unclosed\nb: 2\n", r"^s\.yaml:\d: not valid YAML"),
    ],
)
def test_aliases_anchors_keys_and_numbers(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        read_yaml(text, "s.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "x: " + "[" * 100_000 + "]" * 100_000,
        "x: " + "{a: " * 100_000 + "1" + "}" * 100_000,
        "".join("  " * i + "a:\n" for i in range(200)) + "  " * 200 + "b: 1\n",
    ],
)
def test_deep_nesting_is_refused(text: str) -> None:
    with pytest.raises(ParseError, match=r"^deep\.yaml:\d+: .*(nest)"):
        read_yaml(text, "deep.yaml")


def test_the_depth_limit_is_exact() -> None:
    n = yamltext.MAX_DEPTH
    assert read_yaml("[" * n + "]" * n, "d.yaml").data is not None
    with pytest.raises(ParseError, match=f"nested more than {n} levels deep"):
        read_yaml("[" * (n + 1) + "]" * (n + 1), "d.yaml")


def test_an_alias_counts_its_nesting_and_its_values() -> None:
    inner = "[" * 40 + "]" * 40
    with pytest.raises(ParseError, match=r"^d\.yaml:2: nested more than 64 .*through \*a"):
        read_yaml(f"a: &a {inner}\nb: {'[' * 30}*a{']' * 30}\n", "d.yaml")
    many = "a: &a [1, 2, 3]\nb: [" + ", ".join(["*a"] * (yamltext.MAX_ALIASES + 1)) + "]\n"
    with pytest.raises(ParseError, match=r"more than 1000 aliases"):
        read_yaml(many, "m.yaml")


def test_a_file_too_large_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamltext, "MAX_CHARS", 100)
    with pytest.raises(
        ParseError, match=r"^big\.yaml: 101 characters; a YAML file may hold at most 100$"
    ):
        read_yaml("a" * 101, "big.yaml")
