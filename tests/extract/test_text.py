"""Where a quotation is open, sentence by sentence."""

from __future__ import annotations

import pytest

from ceasewatch.extract.text import quote_open


@pytest.mark.parametrize(
    ("text", "was_open", "still_open"),
    [
        ("“We left the fields.", False, True),
        ("“We left the fields,” he said.", False, False),
        ("They fired at the tractor.”", True, False),
        ("They fired at the tractor.", True, True),
        ("«Мы ушли с полей.", False, True),
        ('"We left the fields.', False, True),
        ('He said: "We left."', False, False),
        ("They fired.\nThe ministry said so.", True, False),  # a paragraph ends it
        ("A plain sentence.", False, False),
    ],
)
def test_a_quotation_is_open_until_it_closes_or_its_paragraph_ends(
    text: str, was_open: bool, still_open: bool
) -> None:
    assert quote_open(text, 0, len(text), was_open) is still_open


def test_a_quotation_inside_a_russian_one_closes_with_its_own_mark() -> None:
    text = "«Мы видели „Байрактар“ над селом», — сказал он."
    assert quote_open(text, 0, len(text), False) is False
