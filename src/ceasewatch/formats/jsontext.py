"""JSON read with limits: on nesting, on the length of a number, and on what text may hold.

- ``MAX_DEPTH`` levels of nested arrays and objects;
- ``MAX_DIGITS`` characters in one number (Python would spend time on a 5,000-digit
  integer, or refuse it with a ValueError of its own), and no number so large that it
  is infinite;
- only the numbers of RFC 8259: no ``NaN`` or ``Infinity``;
- no unpaired surrogate (``"\\ud800"``) in a string: it is not Unicode text, and no
  database stores it.

``json_value`` raises ``ParseError`` with the reason alone, for readers that add the
line to their own problem log; ``load_json`` names the file (and the line) too.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from ceasewatch.errors import ParseError

MAX_DEPTH = 64
MAX_DIGITS = 100

_SURROGATE = re.compile("[\ud800-\udfff]")


def _int(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise ParseError(f"a number of {len(text):,} characters; at most {MAX_DIGITS}")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_DIGITS:
        raise ParseError(f"a number of {len(text):,} characters; at most {MAX_DIGITS}")
    value = float(text)
    if math.isinf(value):
        raise ParseError(f"the number {text} is too large")
    return value


def _constant(name: str) -> Any:
    raise ParseError(f"{name} is not a JSON number")


def _deeper(depth: int) -> ParseError:
    return ParseError(f"nested more than {MAX_DEPTH} levels deep (arrays and objects)")


def _check(value: Any) -> None:
    """Walk ``value`` without recursion: no deeper than MAX_DEPTH, no unpaired surrogate."""
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, str):
            if not item.isascii() and _SURROGATE.search(item):
                raise ParseError("a string holds an unpaired surrogate (\\ud800-\\udfff)")
        elif isinstance(item, list):
            if depth >= MAX_DEPTH:
                raise _deeper(depth)
            todo.extend((x, depth + 1) for x in item)
        elif isinstance(item, dict):
            if depth >= MAX_DEPTH:
                raise _deeper(depth)
            todo.extend((k, depth + 1) for k in item)
            todo.extend((v, depth + 1) for v in item.values())


def json_value(text: str | bytes) -> Any:
    """The value of a JSON text; ``ParseError`` says what is wrong (and where in the text)."""
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        ) from None
    except RecursionError:  # the parser gave up before our own count could
        raise _deeper(MAX_DEPTH + 1) from None
    except UnicodeDecodeError as exc:
        raise ParseError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    _check(value)
    return value


def load_json(text: str | bytes, file: str, row: int | None = None) -> Any:
    """The value of a JSON text from ``file`` (line ``row``, for one line of JSON Lines);
    ``ParseError`` names them and says what is wrong."""
    try:
        return json_value(text)
    except ParseError as exc:
        where = file if row is None else f"{file}:{row}"
        raise ParseError(f"{where}: {exc}", file=file, row=row) from None
