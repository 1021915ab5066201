"""``--json`` for the commands that report: what they did, as plain JSON values."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import click

json_flag = click.option(
    "--json", "as_json", is_flag=True, help="Say what was done as JSON (one object per line)."
)


def plain(value: Any) -> Any:
    """*value* as JSON values: dataclasses as objects of their fields, enums by value,
    days and times in ISO 8601, paths as text, sets and tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def emit(value: Any) -> None:
    """One line of JSON."""
    click.echo(json.dumps(plain(value), ensure_ascii=False, sort_keys=True))
