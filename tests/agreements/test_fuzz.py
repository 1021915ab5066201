"""Fuzzing the agreement loader: the bundled agreements with values replaced by anything
YAML can hold, with their text cut, with aliases and nesting added; only ceasewatch's own
errors may come out (tests/fuzzing.py)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import yaml
from hypothesis import given
from hypothesis import strategies as st
from tests.fuzzing import BUDGET, CHARS, HOSTILE

from ceasewatch.agreements.bundled import bundled_ids, bundled_text
from ceasewatch.agreements.loader import check_agreement
from ceasewatch.errors import CeasewatchError

TEXTS = {aid: bundled_text(aid) for aid in bundled_ids()}
DATA = {aid: yaml.safe_load(text) for aid, text in TEXTS.items()}

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(CHARS, max_size=20),
    HOSTILE,
    st.dates().map(str),
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SCALAR, inner, max_size=3),
    max_leaves=6,
)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*path, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _set(data[path[0]], path[1:], value)
    return data


@st.composite
def changed(draw: Callable[..., Any]) -> str:
    """A bundled agreement with a few values (or whole sections) replaced."""
    import copy

    aid = draw(st.sampled_from(sorted(DATA)))
    data = copy.deepcopy(DATA[aid])
    paths = _paths(data)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(paths))
        try:
            data = _set(data, path, draw(VALUE))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed what the path led to
    return str(yaml.safe_dump(data, allow_unicode=draw(st.booleans())))


@st.composite
def mangled(draw: Callable[..., Any]) -> str:
    """A bundled agreement's text cut, with lines repeated, or with YAML's own devices."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    lines = text.splitlines(keepends=True)
    choice = draw(st.integers(0, 5))
    if choice == 0:
        return text[: draw(st.integers(0, len(text)))]
    if choice == 1:
        i = draw(st.integers(0, len(lines) - 1))
        return "".join(lines[: i + 1] + lines[i:])
    if choice == 2:
        depth = draw(st.integers(1, 2000))
        return text + "note: " + "[" * depth + "]" * draw(st.integers(0, depth)) + "\n"
    if choice == 3:
        return text.replace("title:", "title: &t", 1) + "note: *t\nextra: *t\n"
    if choice == 4:
        return "a: &a [x, x]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + chr(ord(c) - 1)] * 9)}]\n" for c in "bcdefghij"
        )
    return str(draw(st.text(CHARS, max_size=200)))


@given(text=st.one_of(changed(), mangled()))
@BUDGET
def test_the_agreement_loader(text: str) -> None:
    with contextlib.suppress(CeasewatchError):
        check_agreement(text, "fuzz.yaml")
