"""Strategies shared by the fuzz tests: files that look like the real thing, then broken.

A fuzz test of a reader starts from a real file of its format (a sample, a scenario file)
and lets hypothesis break it: columns dropped, repeated or unknown, fields replaced by
hostile values (NUL, formulas, numbers of thousands of digits, text past every column's
length, quotes and line ends, NaN), or the whole text replaced. Whatever comes out, the
reader may only raise ceasewatch's own errors (``CeasewatchError``); anything else is
the "internal error" a user would see.

Every test runs with ``BUDGET``: a fixed number of examples, derandomized (the same
examples on every run and machine), no example database written to the checkout. To hunt
for more by hand, set CEASEWATCH_FUZZ_EXAMPLES (and CEASEWATCH_FUZZ_SEED to leave the
derandomized examples): ``CEASEWATCH_FUZZ_EXAMPLES=2000 pytest tests -k fuzz``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

BUDGET = settings(
    max_examples=int(os.environ.get("CEASEWATCH_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize="CEASEWATCH_FUZZ_SEED" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# characters a decoded file can hold (no surrogates: bytes decode to none)
CHARS = st.characters(exclude_categories=("Cs",))
HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-12.5",
    "@SUM(A1)",
    "'=x",
    "\t=x",
    '"',
    'a,"b',
    "line\nbreak",
    "\r",
    "9" * 5000,
    "-" + "9" * 30,
    "1e400",
    "nan",
    "NaN",
    "inf",
    "-0",
    "0x1F",
    "X" * 300,
    "é" * 200,
    "2020-02-30",
    "2020-13-01",
    "0001-01-01",
    "9999-12-31T23:59:59+14:00",
    "2021-06-10T11:20:00",
    "12 November 2020",
    "yes",
    "no",
    "maybe",
    "Battles",
    "cfv.shelling",
    "other.unclassified",
    "999",
    "-1",
    "2147483648",
    "9007199254740993",
    "91",
    "-181",
    "a;b;;c",
    "x=1 t (y); z",
    "x=1e999 t",
    "{}",
    "[[[[[[[[[[",
]
HOSTILE = st.sampled_from(HOSTILE_VALUES)
FIELD = st.one_of(HOSTILE, st.text(CHARS, max_size=30), st.just(None))  # None: keep as found


def sample_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


@st.composite
def broken_csv(draw: Callable[..., Any], sample: str) -> str:
    """A CSV text made from ``sample`` (header and rows) and broken by hypothesis."""
    rows = sample_rows(sample)
    header, body = rows[0], rows[1 : min(len(rows), 6)]
    if draw(st.integers(0, 9)) == 0:  # now and then, not a CSV of this kind at all
        return str(draw(st.text(CHARS, max_size=300)))
    order = list(range(len(header)))
    cut = draw(st.lists(st.sampled_from(order), max_size=3, unique=True))
    kept = [i for i in order if i not in cut]
    again = draw(st.lists(st.sampled_from(order), max_size=1))  # a column named twice
    extra = draw(st.lists(st.text(CHARS, max_size=8), max_size=2))
    new_header = [header[i] for i in kept + again] + extra
    out_rows = [new_header]
    for row in body:
        row = row + [""] * (len(header) - len(row))
        values = [row[i] for i in kept + again] + ["" for _ in extra]
        for j in draw(st.lists(st.integers(0, max(len(values) - 1, 0)), max_size=4)):
            if values:
                found = draw(FIELD)
                if found is not None:
                    values[j] = found
        if draw(st.integers(0, 19)) == 0:
            values = values[:-1]  # a row one field short
        out_rows.append(values)
    buf = io.StringIO()
    csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(out_rows)
    text = buf.getvalue()
    if draw(st.integers(0, 9)) == 0:  # a stray quote: broken quoting
        at = draw(st.integers(0, len(text)))
        text = text[:at] + '"' + text[at:]
    return text
