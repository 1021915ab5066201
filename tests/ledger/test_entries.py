from __future__ import annotations

import random

from ceasewatch.ledger.entries import Op, Template, canonical, entry


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical({"b": 1, "a": [1.5, None, "Şuşa"]}) == '{"a":[1.5,null,"Şuşa"],"b":1}'.encode()


def test_template_builds_the_same_bytes_as_entry() -> None:
    columns = ["id", "zeta", "alpha", "lat", "flag", "notes", "count"]
    rnd = random.Random(4)
    make = Template(
        "event", Op.CREATE, "analyst \u00e9", "2026-11-29T00:00:00+00:00", None, columns
    )
    for i in range(200):
        row = (
            f"ev:{i}",
            rnd.choice([None, "x", 'Ստեփանակերտ "quoted" \\ line\nbreak']),
            rnd.choice(["a", ""]),
            rnd.choice([None, 39.8177, -0.0, 1e-7]),
            rnd.choice([True, False]),
            '{"json":"in text"}',
            rnd.randint(-5, 10**12),
        )
        expected = entry("event", row[0], Op.CREATE, dict(zip(columns, row, strict=True)),
                         "analyst \u00e9", "2026-11-29T00:00:00+00:00", None)  # fmt: skip
        assert make.entry(row[0], row) == expected
