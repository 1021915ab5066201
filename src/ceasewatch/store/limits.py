"""Every value checked against its column before the database sees it, the same on SQLite
and PostgreSQL.

PostgreSQL refuses text that holds a NUL character, text longer than its ``VARCHAR(n)``
and whole numbers past 32 (``integer``) or 64 bits (``bigint``); SQLite stores all of
them, and turns NaN into NULL. So that both databases keep the same records and refuse
the same input with the same clear error, every write is checked here first: a value that
would not fit is refused with the record, the column and what it may hold, as
``BatchRejected``, and nothing of the write is kept.

What each column may hold is read from its declared type here (``LIMITS``); the checks
themselves are in store/values.py, free of SQLAlchemy. They run in one place every write
passes through: a ``before_execute`` hook on the engine (``watch``) checks the parameters
of every INSERT and UPDATE that SQLAlchemy statements send, from the importers, the API,
the web forms and the command line alike. The two writes sent as plain SQL for speed (new
event rows and ledger entries) run a ``TupleCheck`` of the same limits; a bulk import
runs it where its rows are made, in the parser processes, so as to name the file's lines
and to leave the writer its time.

What is refused:

- text longer than its column's ``String(n)``, counted in characters as PostgreSQL does;
- a NUL character (``\\x00``) in any text, also written as ``\\u0000`` inside JSON text;
- an unpaired surrogate (``\\ud800``-``\\udfff``), which is not Unicode text;
- a whole number outside -2**31..2**31-1 (``Integer``) or -2**63..2**63-1
  (``BigInteger``);
- a float that is NaN or infinite.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Boolean, Engine, Float, Integer, String, Table, event
from sqlalchemy.sql.dml import Insert, Update

from ceasewatch.store.schema import RECORD_TABLES, metadata
from ceasewatch.store.values import INT32, INT64, Limits

_KIND_OF_TABLE = {table.name: kind for kind, (table, _) in RECORD_TABLES.items()}


def _limit(column: Any) -> Any:
    """What a column may hold: a length (int), a range of whole numbers (tuple), "text",
    "float", or None for anything else."""
    kind = column.type
    if isinstance(kind, Boolean):
        return None
    if isinstance(kind, BigInteger):
        return INT64
    if isinstance(kind, Integer):
        return INT32
    if isinstance(kind, String):  # Text is a String without a length
        return kind.length or "text"
    if isinstance(kind, Float):
        return "float"
    return None


def limits_of(table: Table) -> Limits:
    """What each column of ``table`` may hold, from its declared type."""
    columns = {c.name: _limit(c) for c in table.columns}
    return Limits(
        table.name,
        _KIND_OF_TABLE.get(table.name, table.name),
        {k: v for k, v in columns.items() if v is not None},
        tuple(c.name for c in table.primary_key.columns),
    )


LIMITS = {t.name: limits_of(t) for t in metadata.sorted_tables}


def _before_execute(conn: Any, statement: Any, multiparams: Any, params: Any, options: Any) -> None:
    if not isinstance(statement, (Insert, Update)):
        return
    limits = LIMITS.get(getattr(statement.table, "name", ""))
    if limits is None:
        return
    rows = list(multiparams) if multiparams else [params] if params else []
    if not rows:
        # values given in the statement itself (``update().values(...)``); SQLAlchemy keeps
        # them, as bound parameters, in ``_values`` (tests/store/test_limits.py holds it so)
        given = getattr(statement, "_values", None) or {}
        rows = [{str(k): getattr(v, "value", v) for k, v in given.items()}]
    limits.check(rows)


def watch(engine: Engine) -> None:
    """Check every INSERT and UPDATE ``engine`` runs (see the module's docstring)."""
    event.listen(engine, "before_execute", _before_execute)
