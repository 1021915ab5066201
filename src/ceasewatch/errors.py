"""The one error hierarchy of ceasewatch.

::

    CeasewatchError
     ├── InvalidInput          bad data from outside: a file, a row, a field, a request
     │    ├── ParseError       the bytes or the syntax cannot be read at all
     │    ├── SchemaError      readable, but a value is not what the format expects
     │    ├── UnsupportedLanguage  a text in a language with no language pack
     │    └── Invalid          an input with problems; carries every problem found
     │         └── BatchRejected   ... and the batch it came in was refused whole
     ├── NotFound              no record with that id
     ├── Conflict              the record exists already, or changed under us
     ├── Unauthorized          no user, or a wrong password, token or session
     ├── Forbidden             the user's role may not do this
     ├── TooMany               too many failed attempts: wait
     ├── RuleError             an assessment rule failed or lacks what it needs
     ├── GeoError              a geometry or coordinate system problem
     ├── StoreError            the database cannot be opened or migrated
     ├── LedgerError           the tamper-evident log is inconsistent or unverifiable
     └── MissingExtra          an optional dependency is not installed

Every error renders as one line a person can act on. Fields (``file``, ``row``,
``field``) are kept as attributes so the API can return them as JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class CeasewatchError(Exception):
    """Base class of every error ceasewatch raises on purpose."""

    exit_code = 1

    def as_dict(self) -> dict[str, object]:
        return {"error": type(self).__name__, "message": str(self)}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place of an input: where, what was found, what was expected."""

    file: str | None
    row: int | None
    field: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.row is not None:
            where += f":{self.row}"
        if self.field:
            where += f" {self.field}"
        if self.value is None:
            return f"{where}: {self.expected}"
        return f"{where}: {self.value!r} {self.expected}"


class InvalidInput(CeasewatchError):
    """Input from outside is wrong; names the file, row or field."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.file = file
        self.row = row
        self.field = field

    def as_dict(self) -> dict[str, object]:
        d = super().as_dict()
        d.update(file=self.file, row=self.row, field=self.field)
        return d


class ParseError(InvalidInput):
    """The input cannot be read at all (encoding, syntax, missing header)."""


class SchemaError(InvalidInput):
    """A value does not have the type, range or form the format expects."""


class UnsupportedLanguage(InvalidInput):
    """A text is in a language that has no language pack: nothing can be read from it."""

    exit_code = 8

    def __init__(
        self, language: str | None, document: str | None = None, supported: Sequence[str] = ()
    ) -> None:
        self.language = language or "und"
        self.document = document
        name = _LANGUAGES.get(self.language, "an undetermined language")
        where = f"{document}: " if document else ""
        reads = f"; ceasewatch reads {', '.join(supported)}" if supported else ""
        super().__init__(
            f"{where}the text is in {name} ({self.language}), which has no language pack"
            f"{reads} (docs/extract.md: adding a language)",
            file=document,
            field="language",
        )


_LANGUAGES = {"hy": "Armenian", "az": "Azerbaijani", "uk": "Ukrainian", "ka": "Georgian"}


class Invalid(InvalidInput):
    """An input with problems; lists every problem found, not just the first."""

    consequence = ""

    def __init__(
        self,
        problems: Sequence[Problem],
        *,
        file: str | None = None,
        total: int | None = None,
        shown: int = 50,
    ) -> None:
        self.problems = tuple(problems)
        self.total = total if total is not None else len(self.problems)
        self.shown = shown
        lines = [str(p) for p in self.problems[:shown]]
        rest = self.total - len(lines)
        if rest > 0:
            lines.append(f"... and {rest} more problem(s)")
        head = f"{file or 'input'}: {self.total} problem(s)" + self.consequence
        super().__init__("\n".join([head, *lines]), file=file)

    def as_dict(self) -> dict[str, object]:
        d = super().as_dict()
        d["problems"] = [
            {
                "file": p.file,
                "row": p.row,
                "field": p.field,
                "value": p.value,
                "expected": p.expected,
            }
            for p in self.problems[: self.shown]
        ]
        d["total"] = self.total
        return d


class BatchRejected(Invalid):
    """A whole batch was refused and nothing was written; lists every problem found."""

    consequence = "; nothing was written"


class NotFound(CeasewatchError):
    """No record of that kind has that id."""

    exit_code = 3

    def __init__(self, kind: str, ident: str) -> None:
        super().__init__(f"no {kind} with id {ident!r}")
        self.kind = kind
        self.ident = ident


class Conflict(CeasewatchError):
    """The record exists already or was changed by someone else."""

    exit_code = 4


class Unauthorized(CeasewatchError):
    """Nobody is logged in, or the credentials are wrong."""

    exit_code = 7


class Forbidden(CeasewatchError):
    """The user is known, but their role may not do this."""

    exit_code = 7


class TooMany(CeasewatchError):
    """Too many failed attempts in a short time; try again later."""

    exit_code = 7

    def __init__(self, message: str, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds, when known (HTTP's Retry-After)


class RuleError(CeasewatchError):
    """An assessment rule raised, or the agreement lacks what the rule needs."""

    def __init__(self, message: str, *, rule: str | None = None, provision: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.provision = provision


class GeoError(CeasewatchError):
    """A geometry is invalid or its coordinate reference system does not match."""


class StoreError(CeasewatchError):
    """The database cannot be reached, opened or migrated."""

    exit_code = 5


class LedgerError(CeasewatchError):
    """The tamper-evident log does not verify."""

    exit_code = 6


class MissingExtra(CeasewatchError):
    """An optional dependency is missing; the message names the pip command."""

    def __init__(self, extra: str, module: str) -> None:
        super().__init__(
            f"this needs the optional module {module!r}: pip install 'ceasewatch[{extra}]'"
        )
        self.extra = extra
        self.module = module
