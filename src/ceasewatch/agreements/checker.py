"""Typed reading of YAML values that records every problem with its line and path."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from ceasewatch.errors import Problem, SchemaError
from ceasewatch.formats.yamltext import Source
from ceasewatch.model.vocab import _Parse

E = TypeVar("E", bound=_Parse)


class Checker:
    """Reads fields out of mappings; on a bad value records a problem and returns None."""

    def __init__(self, src: Source, file: str) -> None:
        self.src = src
        self.file = file
        self.problems: list[Problem] = []
        for path, line in src.repeated:
            self.problems.append(Problem(file, line, path, None, "is given twice"))

    def fail(self, path: str, value: object, expected: str) -> None:
        shown = None if value is None else (value if isinstance(value, str) else repr(value))
        self.problems.append(Problem(self.file, self.src.line(path), path, shown, expected))

    def fields(self, obj: Any, path: str, allowed: Iterable[str]) -> dict[str, Any]:
        """``obj`` as a mapping, with any key outside ``allowed`` reported."""
        if not isinstance(obj, dict):
            self.fail(path, obj, "should be a mapping of fields")
            return {}
        known = set(allowed)
        for key in obj:
            if key not in known:
                self.fail(
                    f"{path}.{key}" if path else str(key),
                    None,
                    f"is not a known field here; expected one of: {', '.join(sorted(known))}",
                )
        return obj

    def _missing(self, obj: dict[str, Any], key: str, path: str, required: bool) -> bool:
        if obj.get(key) is None:
            if required:
                self.fail(_join(path, key), None, "is missing")
            return True
        return False

    def text(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = True
    ) -> str | None:
        if self._missing(obj, key, path, required):
            return None
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.fail(_join(path, key), value, "should be text")
            return None
        text = str(value).strip()
        if not text:
            self.fail(_join(path, key), value, "is empty")
            return None
        return text

    def integer(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = True, lo: int = 0
    ) -> int | None:
        if self._missing(obj, key, path, required):
            return None
        value = obj[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < lo:
            self.fail(_join(path, key), value, f"is not a whole number of at least {lo}")
            return None
        return value

    def number(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        *,
        required: bool = True,
        positive: bool = True,
    ) -> float | None:
        if self._missing(obj, key, path, required):
            return None
        return self.number_value(obj[key], _join(path, key), positive=positive)

    def number_value(self, value: Any, path: str, *, positive: bool = True) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(path, value, "is not a number")
            return None
        if positive and not value > 0:
            self.fail(path, value, "should be greater than zero")
            return None
        return float(value)

    def boolean(self, obj: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = obj.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(_join(path, key), value, "should be true or false")
            return default
        return value

    def date_value(self, value: Any, path: str) -> date | None:
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(path, value, "is not a date (YYYY-MM-DD)")
        return None

    def date(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = True
    ) -> date | None:
        if self._missing(obj, key, path, required):
            return None
        return self.date_value(obj[key], _join(path, key))

    def moment(
        self, obj: dict[str, Any], key: str, path: str, zone: tzinfo | None = None
    ) -> datetime | None:
        """A date and time with its UTC offset. A day alone, or a time without an offset,
        is read in *zone* (the agreement's own time zone; a day starts at midnight there)."""
        if self._missing(obj, key, path, True):
            return None
        value = obj[key]
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(_join(path, key), value, "is not a date and time (YYYY-MM-DDTHH:MM+HH:MM)")
            return None
        if moment.tzinfo is None:
            if zone is None:
                self.fail(
                    _join(path, key),
                    value,
                    "has no UTC offset and no valid timezone to read it in; "
                    "write it as ...+03:00 or give the agreement's timezone",
                )
                return None
            moment = moment.replace(tzinfo=zone)
        return moment

    def choice(
        self,
        obj: dict[str, Any],
        key: str,
        path: str,
        enum: type[E],
        *,
        required: bool = True,
        default: E | None = None,
    ) -> E | None:
        if obj.get(key) is None:
            if required:
                self.fail(_join(path, key), None, "is missing")
            return default
        try:
            return enum.parse(obj[key])
        except SchemaError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(_join(path, key), obj[key], f"is not one of: {allowed}")
            return None

    def items(
        self, obj: dict[str, Any], key: str, path: str, *, required: bool = True
    ) -> list[Any]:
        if self._missing(obj, key, path, required):
            return []
        value = obj[key]
        if not isinstance(value, list):
            self.fail(_join(path, key), value, "should be a list")
            return []
        return value

    def texts(self, obj: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        out = []
        for i, value in enumerate(self.items(obj, key, path, required=False)):
            if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                self.fail(f"{_join(path, key)}[{i}]", value, "should be text")
            else:
                out.append(str(value))
        return tuple(out)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
