"""A progress line for long commands: how many of how many, the share and the rate,
rewritten in place on standard error, and only when standard output is a terminal (a
script reading the output, or a pipe, sees nothing of it)."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Line:
    """Called as a ``Step`` (``step(what, done, of)``) or as an import's progress
    (``line(rows)``); ``close`` ends the line. Redraws at most every *every* seconds."""

    def __init__(
        self,
        verb: str,
        stream: TextIO | None = None,
        shown: bool | None = None,
        every: float = 0.2,
    ) -> None:
        self.verb = verb
        self.stream = stream or sys.stderr
        self.shown = sys.stdout.isatty() if shown is None else shown
        self.every = every
        self._began = time.monotonic()
        self._drawn = float("-inf")
        self._width = 0

    def __call__(self, what: str | int, done: int | None = None, of: int | None = None) -> None:
        if isinstance(what, int):  # an import's rows so far
            done, of, what = what, None, "rows"
        if not self.shown or done is None:
            return
        now = time.monotonic()
        last = of is not None and done >= of
        if now - self._drawn < self.every and not last:
            return
        self._drawn = now
        rate = done / max(now - self._began, 1e-6)
        if of:
            text = f"  {self.verb}: {done:,} of {of:,} {what} ({100 * done // of}%), {rate:,.0f}/s"
        else:
            text = f"  {self.verb}: {done:,} {what}, {rate:,.0f}/s"
        self.stream.write("\r" + text.ljust(self._width))
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """End the line, if one was drawn."""
        if self.shown and self._width:
            self.stream.write("\n")
            self.stream.flush()
            self._width = 0
