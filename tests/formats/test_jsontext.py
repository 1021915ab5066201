"""JSON with limits: numbers of thousands of digits, nesting 100,000 deep, NaN and unpaired
surrogates are refused with what is wrong; ordinary JSON reads as the json module reads it."""

from __future__ import annotations

import json

import pytest

from ceasewatch.errors import ParseError
from ceasewatch.formats.jsontext import MAX_DEPTH, json_value, load_json


def test_ordinary_json_reads_as_json_reads_it() -> None:
    text = (
        '{"id": "doc-1", "n": [1, -2.5, 3e10, true, null], "t": "\\u00e9\\ud83d\\ude00", "k": {}}'
    )
    assert json_value(text) == json.loads(text)
    assert json_value(text.encode("utf-8")) == json.loads(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7" * 5000, r"^a number of 5,000 characters; at most 100$"),
        ('{"n": -' + "1" * 200 + "}", r"^a number of 201 characters"),
        ("1." + "0" * 5000, r"^a number of 5,002 characters"),
        ("[1e400]", r"^the number 1e400 is too large$"),
        ('{"lat": NaN}', r"^NaN is not a JSON number$"),
        ("-Infinity", r"^-Infinity is not a JSON number$"),
        ("[" * 100_000 + "]" * 100_000, rf"^nested more than {MAX_DEPTH} levels deep"),
        ('{"a":' * 100_000 + "1" + "}" * 100_000, rf"^nested more than {MAX_DEPTH} levels deep"),
        ('"\\ud800"', r"^a string holds an unpaired surrogate"),
        ('{"\\udfff": 1}', r"^a string holds an unpaired surrogate"),
        ('{"a": 1,}', r"^not valid JSON: .*\(line 1, column 9\)$"),
        (b'"\xff"', r"^not UTF-8 text"),
    ],
)
def test_what_is_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        json_value(text)


def test_the_depth_limit_is_exact() -> None:
    assert json_value("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(ParseError, match="nested more than"):
        json_value("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    # nesting counts arrays and objects alike
    with pytest.raises(ParseError, match="nested more than"):
        json_value('{"a":[' * 33 + "]}" * 33)


def test_load_json_names_the_file_and_line() -> None:
    with pytest.raises(ParseError) as err:
        load_json("9" * 300, "docs.jsonl", 4)
    assert str(err.value) == "docs.jsonl:4: a number of 300 characters; at most 100"
    assert (err.value.file, err.value.row) == ("docs.jsonl", 4)
    with pytest.raises(ParseError, match=r"^bundle: not valid JSON"):
        load_json("{", "bundle")
