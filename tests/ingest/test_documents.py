"""Documents from JSON Lines: each line read with the JSON limits, each field checked for
its type; a bad line is named with its number and the batch is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ceasewatch.errors import BatchRejected
from ceasewatch.ingest.texts import read_documents

GOOD = '{"id": "d1", "text": "Shots were fired near Sotk.", "published": "2021-06-15"}'


@pytest.mark.parametrize(
    ("line", "field", "expected"),
    [
        (
            '{"id": "d2", "text": "x", "n": ' + "1" * 5000 + "}",
            None,
            "a number of 5,000 characters",
        ),
        ("[" * 100_000 + "]" * 100_000, None, "nested more than 64 levels deep"),
        ('{"id": "d2", "text": "x", "lat": NaN}', None, "NaN is not a JSON number"),
        ('{"id": "d2", "text": "\\ud800"}', None, "unpaired surrogate"),
        ('{"id": "d2", "text": "x", "title": ["a"]}', "title", "should be text"),
        ('{"id": "d2", "text": "x", "url": {"a": 1}}', "url", "should be text"),
        ('{"id": "d2", "text": "x", "source": 7}', "source", "should be text"),
        ('{"id": "d2", "text": "x", "illustrative": "yes"}', "illustrative", "true or false"),
        ('{"id": "d2", "text": "x", "published": {"y": 1}}', "published", "not an ISO 8601 date"),
        ('{"id": 5, "text": "x"}', "id", "is missing"),
        ('{"id": "d2", "text": "x", "lang": 5}', "lang", "should be text"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_read(
    tmp_path: Path, line: str, field: str | None, expected: str
) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(f"{GOOD}\n{line}\n", "utf-8")
    with pytest.raises(BatchRejected) as err:
        read_documents([path])
    [problem] = err.value.problems
    assert (problem.file, problem.row, problem.field) == (str(path), 2, field)
    assert expected in problem.expected
    assert "internal" not in str(err.value)


def test_good_lines_are_read(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_text(GOOD + '\n{"id": "d2", "text": "y", "title": null, "illustrative": true}\n')
    first, second = read_documents([path])
    assert first.id == "d1" and first.published is not None
    assert second.title is None and second.illustrative


def test_a_line_naming_no_language_is_read_in_its_texts(tmp_path: Path) -> None:
    """A Russian article in a line with no language is Russian, not English by default; a
    line may name it as "language" or "lang"."""
    ru = "Обстрел позиций у села Сарушен продолжался всю ночь, сообщило министерство обороны."
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "r1", "text": ru}, ensure_ascii=False),
                json.dumps({"id": "r2", "text": "Shots", "lang": "ru"}),
                json.dumps({"id": "r3", "text": ru, "language": "en"}, ensure_ascii=False),
                GOOD,
            ]
        )
        + "\n",
        "utf-8",
    )
    r1, r2, r3, en = read_documents([path])
    assert (r1.language, r2.language, r3.language, en.language) == ("ru", "ru", "en", "en")
